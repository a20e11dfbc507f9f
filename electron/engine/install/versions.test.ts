/**
 * Issue 20: several Go versions on one offline machine. Real toolchains: Debian's go1.21.13 and
 * go1.22.12 (bookworm-backports) packed in the official layout by test/support/go-fixture.ts; the
 * default is 1.21.13, 1.22.12 goes beside it. Projects are built by a plain `go build` in a login
 * shell inside `unshare -n` (loopback up), so a download attempt could not succeed. The kill sweep
 * uses small hand-made trees (the point there is the renames, not the Go tree).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureExtraGoFixture, repoRoot, type GoFixture } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import { treeOf } from '../../../test/support/tree';
import { createJob } from '../jobs';
import { namespacePrefix } from '../modules/offline';
import { installFromBundle, installSideBySide, listVersions } from './index';
import { loadStateFile } from './state';
import { makeBundle, makeTgz, tinyGoBundle, tinyGoEntries } from './test-helpers';

const tmp = tempDir('gooff-versions-');
afterAll(() => tmp.remove());
const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

let nh = 0;
function home(kind: string) {
  const base = join(tmp.path, `${kind}-${++nh}`);
  const h = join(base, 'home');
  mkdirSync(h, { recursive: true });
  writeFileSync(join(h, '.profile'), "# the user's own\n");
  const env: Record<string, string> = {
    PATH: '/usr/bin:/bin',
    HOME: h,
    SHELL: '/bin/bash',
    TERM: 'dumb',
    LANG: 'C.UTF-8',
    TMPDIR: base,
    XDG_CONFIG_HOME: join(h, '.config'),
    XDG_DATA_HOME: join(h, '.local', 'share'),
    XDG_STATE_HOME: join(h, '.local', 'state'),
    XDG_CACHE_HOME: join(h, '.cache'),
    GOPATH: join(h, 'go'),
    GOCACHE: join(h, '.cache', 'go-build'),
    GOMODCACHE: join(h, 'go', 'pkg', 'mod'),
  };
  return { base, home: h, prefix: join(base, 'prefix'), env };
}
type Home = ReturnType<typeof home>;

function runCli(h: Home, args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...h.env, GO_OFFLINE_NO_ELEVATE: '1', ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
const scopeArgs = (h: Home) => ['--scope', 'user', '--prefix', h.prefix, '--yes'];

describe('two real Go versions side by side, projects built offline', () => {
  let f21: GoFixture | null = null;
  let f22: GoFixture | null = null;
  let netns: string[] | null = null;
  let skip = '';
  beforeAll(async () => {
    const a = await ensureExtraGoFixture('1.21');
    const b = await ensureExtraGoFixture('1.22');
    if ('missing' in a) skip = a.missing;
    else if ('missing' in b) skip = b.missing;
    else [f21, f22] = [a, b];
    netns = await namespacePrefix();
    if (!skip && !netns) skip = 'unshare -n is not permitted here';
    if (skip) console.log(`skipped: ${skip}`);
  }, 300_000);

  /** a login shell inside a new network namespace (loopback up), in the project folder */
  function offlineLogin(h: Home, dir: string, script: string) {
    return spawnSync(netns![0]!, [...netns!.slice(1), 'bash', '-lc', script], { cwd: dir, env: h.env, encoding: 'utf8', timeout: 300_000 });
  }

  function project(h: Home, name: string, goLine: string): string {
    const dir = join(h.home, 'src', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), `module example.com/${name}\n\n${goLine}\n`);
    writeFileSync(join(dir, 'main.go'), 'package main\n\nimport (\n\t"fmt"\n\t"runtime"\n)\n\nfunc main() { fmt.Println("built with", runtime.Version()) }\n');
    return dir;
  }

  it('installs 1.22.12 beside the default 1.21.13; A builds with the default, B with go1.22.12 from PATH; uninstalling one keeps the other', async (ctx) => {
    if (skip) return ctx.skip();
    const h = home('real');
    const bundle = makeBundle(join(h.base, 'bundle'), [
      { archive: f21!.archive, version: f21!.version },
      { archive: f22!.archive, version: f22!.version },
    ]).dir;
    const def = await runCli(h, ['install', '--bundle', bundle, '--go-version', '1.21.13', ...scopeArgs(h)]);
    expect(def.stderr + def.stdout).toContain('go1.21.13');
    expect(def.code).toBe(0);
    // the env block of a default Go >= 1.21: GOTOOLCHAIN=path and the wrappers folder on PATH
    const profile = readFileSync(join(h.home, '.profile'), 'utf8');
    expect(profile).toContain("export GOTOOLCHAIN='path'");
    expect(profile).toContain(join(h.home, 'sdk', 'bin'));
    expect(readFileSync(join(h.home, '.config', 'go', 'env'), 'utf8')).toMatch(/^GOTOOLCHAIN=path$/m);

    const side = await runCli(h, ['install', '--bundle', bundle, '--side-by-side', '--go-version', 'go1.22.12', ...scopeArgs(h)]);
    expect(side.code, side.stderr).toBe(0);
    expect(side.stdout).toContain(join(h.home, 'sdk', 'go1.22.12'));
    expect(spawnSync(join(h.home, 'sdk', 'go1.22.12', 'bin', 'go'), ['version'], { encoding: 'utf8' }).stdout).toContain('go1.22.12');
    expect(spawnSync(join(h.prefix, 'go', 'bin', 'go'), ['version'], { encoding: 'utf8' }).stdout).toContain('go1.21.13');
    // a second side-by-side install of the default's version is refused, nothing changed
    const again = await runCli(h, ['install', '--bundle', bundle, '--side-by-side', '--go-version', '1.21.13', ...scopeArgs(h)]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already the default/);

    const a = project(h, 'a', 'go 1.21');
    const b = project(h, 'b', 'go 1.22.12');
    const ra = offlineLogin(h, a, 'go version && go build -o app . && ./app');
    expect(ra.stderr).toBe('');
    expect(ra.stdout).toContain('go version go1.21.13 linux/amd64');
    expect(ra.stdout).toContain('built with go1.21.13');
    const rb = offlineLogin(h, b, 'go version && go build -o app . && ./app');
    expect(rb.stderr).toBe('');
    expect(rb.stdout).toContain('go version go1.22.12 linux/amd64');
    expect(rb.stdout).toContain('built with go1.22.12');
    // a toolchain line works the same way
    const c = project(h, 'c', 'go 1.21\n\ntoolchain go1.22.12');
    expect(offlineLogin(h, c, 'go version').stdout).toContain('go1.22.12');

    const listed = await runCli(h, ['versions', '--json', '--scope', 'user', '--prefix', h.prefix]);
    expect(listed.code).toBe(0);
    const vs = JSON.parse(listed.stdout) as { versions: Array<{ version: string; isDefault: boolean; state: string }>; onPath: boolean; gotoolchain: string };
    expect(vs.versions.map((v) => [v.version, v.isDefault, v.state])).toEqual([
      ['go1.21.13', true, 'ok'],
      ['go1.22.12', false, 'ok'],
    ]);
    expect(vs.onPath).toBe(true);
    expect(vs.gotoolchain).toBe('path');

    // switch the default to 1.22.12: A (go 1.21) is now built by it, 1.21.13 moves beside
    const use = await runCli(h, ['use', '1.22.12', ...scopeArgs(h)]);
    expect(use.code, use.stderr).toBe(0);
    expect(spawnSync('bash', ['-lc', 'go version'], { cwd: h.home, env: h.env, encoding: 'utf8' }).stdout).toContain('go1.22.12');
    expect(offlineLogin(h, a, 'go build -o app3 . && ./app3').stdout).toContain('built with go1.22.12');
    expect(spawnSync(join(h.home, 'sdk', 'bin', 'go1.21.13'), ['version'], { encoding: 'utf8' }).stdout).toContain('go1.21.13');
    expect(existsSync(join(h.home, 'sdk', 'bin', 'go1.22.12'))).toBe(false);
    const swapped = JSON.parse((await runCli(h, ['versions', '--json', '--scope', 'user', '--prefix', h.prefix])).stdout) as typeof vs;
    expect(swapped.versions.map((v) => [v.version, v.isDefault, v.state])).toEqual([
      ['go1.22.12', true, 'ok'],
      ['go1.21.13', false, 'ok'],
    ]);
    // and back: the same trees, nothing unpacked again
    expect((await runCli(h, ['use', 'go1.21.13', ...scopeArgs(h)])).code).toBe(0);
    expect(offlineLogin(h, b, 'go version').stdout).toContain('go1.22.12');
    expect(offlineLogin(h, a, 'go version').stdout).toContain('go1.21.13');

    // verify --project says which Go built each project
    const ver = await runCli(h, ['verify', '--prefix', h.prefix, '--project', a, '--project', b, '--json']);
    const report = JSON.parse(ver.stdout) as { checks: Array<{ id: string; project?: string; verdict: string; goVersion?: string | null }> };
    const built = report.checks.filter((x) => x.id === 'project.offline-build').map((x) => [x.project, x.verdict, x.goVersion]);
    expect(built).toEqual([
      [a, 'pass', 'go1.21.13'],
      [b, 'pass', 'go1.22.12'],
    ]);

    // uninstall 1.22.12 only: the default still builds A, B now fails clearly (no download)
    const un = await runCli(h, ['uninstall', '--go-version', '1.22.12', ...scopeArgs(h)]);
    expect(un.code).toBe(0);
    expect(existsSync(join(h.home, 'sdk', 'go1.22.12'))).toBe(false);
    expect(existsSync(join(h.home, 'sdk', 'bin', 'go1.22.12'))).toBe(false);
    const ra2 = offlineLogin(h, a, 'go build -o app2 . && ./app2');
    expect(ra2.stdout).toContain('built with go1.21.13');
    const rb2 = offlineLogin(h, b, 'go build -o app2 .');
    expect(rb2.status).not.toBe(0);
    expect(rb2.stderr).toMatch(/go1\.22\.12.*PATH|PATH.*go1\.22\.12/);
    const st = await loadStateFile('user', h.env);
    expect(Object.keys(st.versions ?? {})).toEqual([]);
    expect(st.records[join(h.prefix, 'go')]!.version).toBe('go1.21.13');
  }, 600_000);
});

type Trees = { home: Record<string, string>; prefix: Record<string, string> };
const treesOf = (h: Home): Trees => ({ home: treeOf(h.home), prefix: treeOf(h.prefix) });
/** a tree without the entries whose relative path matches */
const without = (t: Record<string, string>, drop: RegExp) => Object.fromEntries(Object.entries(t).filter(([k]) => !drop.test(k)));

const tinyBundle = (version: string) => tinyGoBundle(join(tmp.path, 'kill-bundles'), version);
type Listed = { versions: Array<{ version: string; isDefault: boolean; state: string }> };

/**
 * SIGKILL one CLI command at each of its step points (`op:n`, listed by one run of it that is not
 * killed), each time on a fresh machine from `setup`; then the next command (`versions --json`,
 * which recovers first) and `check`, given the trees from just before the command and whether the
 * kill came after the commit point (the state file written).
 */
async function killAtEveryStep(o: {
  setup: () => Promise<Home>;
  op: string;
  args: (h: Home) => string[];
  /** checks of the run that was not killed */
  probe?: (h: Home, steps: string[]) => void | Promise<void>;
  /** right after the kill, before the next command */
  killed?: (h: Home, step: string) => void;
  check: (c: { h: Home; before: Trees; committed: boolean; step: string; listed: Listed }) => void | Promise<void>;
}): Promise<void> {
  const probe = await o.setup();
  const stepsFile = join(probe.base, 'steps');
  const ok = await runCli(probe, o.args(probe), { GO_OFFLINE_TEST_STEPS_FILE: stepsFile });
  expect(ok.code, ok.stderr).toBe(0);
  const steps = readFileSync(stepsFile, 'utf8').trim().split('\n').filter((l) => l.startsWith(`${o.op}:`));
  const commitAt = steps.findIndex((l) => l.endsWith(':state committed')) + 1;
  expect(commitAt).toBeGreaterThan(5);
  await o.probe?.(probe, steps);
  for (let n = 1; n <= steps.length; n++) {
    const step = steps[n - 1]!;
    const h = await o.setup();
    const before = treesOf(h);
    const killed = await runCli(h, o.args(h), { GO_OFFLINE_TEST_KILL_AT: `${o.op}:${n}` });
    expect(killed.signal, step).toBe('SIGKILL');
    o.killed?.(h, step);
    const listed = await runCli(h, ['versions', '--json', '--scope', 'user', '--prefix', h.prefix]);
    expect(listed.code, `${step}: ${listed.stderr}`).toBe(0);
    await o.check({ h, before, committed: n >= commitAt, step, listed: JSON.parse(listed.stdout) as Listed });
  }
}

describe('side-by-side versions killed at every step', () => {
  async function withDefault(): Promise<Home> {
    const h = home('kill');
    await installFromBundle({ bundle: tinyBundle('go1.21.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    return h;
  }
  /** what a killed run may leave that the next command must remove */
  const leftovers = (h: Home) => [
    ...readdirSync(h.prefix).filter((n) => n.startsWith('.go-offline')),
    ...(existsSync(join(h.home, 'sdk')) ? readdirSync(join(h.home, 'sdk')).filter((n) => n.startsWith('.go-offline')) : []),
  ];

  it('rollback --go-version: a version beside the default has no earlier copy (said, nothing changed); an unknown one is named', async () => {
    const h = await withDefault();
    expect((await runCli(h, ['install', '--bundle', tinyBundle('go1.22.0'), '--side-by-side', ...scopeArgs(h)])).code).toBe(0);
    const side = await runCli(h, ['rollback', '--go-version', '1.22.0', ...scopeArgs(h)]);
    expect(side.code).toBe(1);
    expect(side.stderr).toContain('error INSTALL_VERSION_NO_PREVIOUS');
    expect(side.stderr).toContain('go-offline uninstall --go-version go1.22.0');
    expect(existsSync(join(h.home, 'sdk', 'go1.22.0', 'bin', 'go'))).toBe(true);
    expect(readFileSync(join(h.prefix, 'go', 'VERSION'), 'utf8')).toContain('go1.21.0');
    const unknown = await runCli(h, ['rollback', '--go-version', '1.99.0', ...scopeArgs(h)]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error INSTALL_VERSION_NOT_INSTALLED');
    // the default's own version: the rollback as always (here it has nothing earlier)
    const def = await runCli(h, ['rollback', '--go-version', 'go1.21.0', ...scopeArgs(h)]);
    expect(def.stderr).toContain('error INSTALL_NO_PREVIOUS');
  });

  it('install --side-by-side leaves the machine as it was (before the commit) or the version fully installed (after)', async () => {
    await killAtEveryStep({
      setup: withDefault,
      op: 'install',
      args: (h) => ['install', '--bundle', tinyBundle('go1.22.0'), '--side-by-side', ...scopeArgs(h)],
      probe: async (h, steps) => {
        expect(steps.length).toBeGreaterThan(10);
        const r = await listVersions({ scope: 'user', prefix: h.prefix, env: h.env });
        expect(r!.versions.map((v) => v.version)).toEqual(['go1.21.0', 'go1.22.0']);
      },
      check: async ({ h, before, committed, step, listed }) => {
        expect(leftovers(h), step).toEqual([]);
        if (!committed) {
          expect(listed.versions.map((v) => v.version), step).toEqual(['go1.21.0']);
          // byte for byte as before, except our own logs and the (empty) versions folders
          const strip = (t: Record<string, string>) => without(t, /audit\.jsonl$|^sdk\/$|^sdk\/bin\/$|^\.local\/state\/go-offline\/txn\/$/);
          expect(strip(treeOf(h.home)), step).toEqual(strip(before.home));
          expect(strip(treeOf(h.prefix)), step).toEqual(strip(before.prefix));
        } else {
          expect(listed.versions.map((v) => [v.version, v.state]), step).toEqual([
            ['go1.21.0', 'ok'],
            ['go1.22.0', 'ok'],
          ]);
          expect(spawnSync(join(h.home, 'sdk', 'bin', 'go1.22.0'), ['version'], { encoding: 'utf8' }).stdout).toContain('go1.22.0');
        }
        const st = await loadStateFile('user', h.env);
        expect(st.records[join(h.prefix, 'go')]!.version).toBe('go1.21.0');
      },
    });
  }, 600_000);

  it('uninstall --go-version leaves the version all there (before the commit) or all gone with nothing else changed (after)', async () => {
    const withSide = async () => {
      const h = await withDefault();
      await installSideBySide({ bundle: tinyBundle('go1.22.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
      return h;
    };
    await killAtEveryStep({
      setup: withSide,
      op: 'uninstall',
      args: (h) => ['uninstall', '--go-version', '1.22.0', ...scopeArgs(h)],
      probe: (h, steps) => {
        // the tree, its wrapper and its file list were removed, each at its own step point
        expect(steps.some((l) => l.includes(`:renamed ${join(h.home, 'sdk', 'go1.22.0')} -> `))).toBe(true);
        expect(steps.some((l) => l.endsWith(':wrapper removed'))).toBe(true);
        expect(existsSync(join(h.home, 'sdk', 'go1.22.0'))).toBe(false);
      },
      check: async ({ h, before, committed, step, listed }) => {
        expect(leftovers(h), step).toEqual([]);
        const st = await loadStateFile('user', h.env);
        const logs = /audit\.jsonl$|^\.local\/state\/go-offline\/txn\/$/;
        if (!committed) {
          // byte for byte as before (the state file too), except our own logs
          expect(without(treeOf(h.home), logs), step).toEqual(without(before.home, logs));
          expect(without(treeOf(h.prefix), logs), step).toEqual(without(before.prefix, logs));
          expect(listed.versions.map((v) => [v.version, v.state]), step).toEqual([
            ['go1.21.0', 'ok'],
            ['go1.22.0', 'ok'],
          ]);
          expect(spawnSync(join(h.home, 'sdk', 'bin', 'go1.22.0'), ['version'], { encoding: 'utf8' }).stdout, step).toContain('go1.22.0');
        } else {
          // exactly the version's own files gone (its tree, its wrapper, its file list), the state
          // file without it, nothing else changed
          const own = /^sdk\/go1\.22\.0\/|^sdk\/bin\/go1\.22\.0$|^\.local\/state\/go-offline\/installs\/go1\.22\.0-[^/]*\.files\.jsonl$/;
          expect(Object.keys(before.home).filter((k) => own.test(k)).length, step).toBeGreaterThan(5);
          expect(Object.keys(treeOf(h.home)).filter((k) => own.test(k)), step).toEqual([]);
          const changed = new RegExp(`${own.source}|install-state\\.json$|${logs.source}`);
          expect(without(treeOf(h.home), changed), step).toEqual(without(before.home, changed));
          expect(without(treeOf(h.prefix), logs), step).toEqual(without(before.prefix, logs));
          expect(listed.versions.map((v) => [v.version, v.state]), step).toEqual([['go1.21.0', 'ok']]);
          expect(st.versions ?? {}, step).toEqual({});
        }
        expect(st.records[join(h.prefix, 'go')]!.version).toBe('go1.21.0');
      },
    });
  }, 600_000);
});

describe('use (switch the default) killed at every step, across Go 1.21 (the environment changes)', () => {
  async function twoVersions(): Promise<Home> {
    const h = home('use');
    await installFromBundle({ bundle: tinyBundle('go1.19.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    await installSideBySide({ bundle: tinyBundle('go1.22.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    return h;
  }
  const loginGo = (h: Home) => spawnSync('bash', ['-lc', 'go version'], { cwd: h.home, env: h.env, encoding: 'utf8' }).stdout.trim();

  it('a login shell finds the old or the new default at every point; the next command undoes or finishes', async () => {
    await killAtEveryStep({
      setup: twoVersions,
      op: 'use',
      args: (h) => ['use', 'go1.22.0', ...scopeArgs(h)],
      probe: (h) => {
        expect(loginGo(h)).toBe('go version go1.22.0 linux/amd64');
        expect(readFileSync(join(h.home, '.profile'), 'utf8')).toContain("GOTOOLCHAIN='path'");
      },
      killed: (h, step) => expect(['go version go1.19.0 linux/amd64', 'go version go1.22.0 linux/amd64'], step).toContain(loginGo(h)),
      check: ({ h, before, committed, step, listed }) => {
        expect(readdirSync(h.prefix).filter((x) => x.startsWith('.go-offline')), step).toEqual([]);
        if (!committed) {
          expect(listed.versions.map((v) => [v.version, v.isDefault, v.state]), step).toEqual([
            ['go1.19.0', true, 'ok'],
            ['go1.22.0', false, 'ok'],
          ]);
          const strip = (t: Record<string, string>) => without(t, /audit\.jsonl$|^\.local\/state\/go-offline\/txn\/$/);
          expect(strip(treeOf(h.home)), step).toEqual(strip(before.home));
          expect(strip(treeOf(h.prefix)), step).toEqual(strip(before.prefix));
          expect(loginGo(h)).toBe('go version go1.19.0 linux/amd64');
        } else {
          expect(listed.versions.map((v) => [v.version, v.isDefault, v.state]), step).toEqual([
            ['go1.22.0', true, 'ok'],
            ['go1.19.0', false, 'ok'],
          ]);
          expect(loginGo(h)).toBe('go version go1.22.0 linux/amd64');
          // the two trees swapped byte for byte: nothing re-extracted, nothing lost
          const under = (t: Record<string, string>, dir: string) => Object.fromEntries(Object.entries(t).filter(([k]) => k.startsWith(`${dir}/`)).map(([k, v]) => [k.slice(dir.length + 1), v]));
          expect(under(treeOf(h.prefix), 'go'), step).toEqual(under(before.home, 'sdk/go1.22.0'));
          expect(under(treeOf(h.home), 'sdk/go1.19.0'), step).toEqual(under(before.prefix, 'go'));
          expect(existsSync(join(h.home, 'sdk', 'bin', 'go1.22.0')), step).toBe(false);
        }
      },
    });
  }, 600_000);
});

describe('a bundle with several versions for this machine', () => {
  it('without --go-version installs the newest and says which it chose from; --go-version picks one', async () => {
    const dir = join(tmp.path, 'multi-bundle');
    mkdirSync(dir, { recursive: true });
    const a = makeTgz(join(dir, 'go1.21.0.linux-amd64.tar.gz'), tinyGoEntries('go1.21.0'));
    const b = makeTgz(join(dir, 'go1.22.0.linux-amd64.tar.gz'), tinyGoEntries('go1.22.0'));
    const bundle = makeBundle(join(dir, 'bundle'), [
      { archive: a.path, version: 'go1.21.0' },
      { archive: b.path, version: 'go1.22.0' },
    ]).dir;
    const h = home('multi');
    const r = await runCli(h, ['install', '--bundle', bundle, ...scopeArgs(h)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The bundle has go1.21.0, go1.22.0; the newest, go1.22.0, was installed (choose with --go-version)');
    const side = await runCli(h, ['install', '--bundle', bundle, '--side-by-side', '--go-version', '1.21.0', '--json', ...scopeArgs(h)]);
    expect(side.code, side.stderr).toBe(0);
    const res = JSON.parse(side.stdout) as { record: { version: string }; chosenFrom?: string[]; switchable: boolean };
    expect(res.record.version).toBe('go1.21.0');
    expect(res.chosenFrom).toBeUndefined();
    expect(res.switchable).toBe(true);
  }, 300_000);
});
