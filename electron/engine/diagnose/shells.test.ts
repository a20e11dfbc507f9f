/**
 * Diagnose judges what a new terminal gives go: the breakage lives only in startup files, and
 * diagnose runs with a clean environment (as the app, started from a desktop session, does). Real
 * bash, zsh and fish, the real Go fixture, real tmpfs mounts (noexec, read-only) as root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import { ensureGoFixture } from '../../../test/support/go-fixture';
import type { DiagnoseReport } from '../../../shared/diagnose';
import type { EnvReport } from '../../../shared/platform';
import { checkEnvironment } from '../platform';
import { runDiagnose, type DiagnoseOptions } from './index';
import { fishOrigins, parseTrace } from './shells';

let tmp: ReturnType<typeof tempDir>;
let goroot: string;
let baseReport: EnvReport;
const isRoot = process.getuid?.() === 0;
const has = (p: string) => spawnSync(p, ['-c', 'true']).status === 0;

/** A HOME with XDG folders and Go's offline settings file; the env diagnose gets is a clean one. */
function makeHome(name: string, shell: string) {
  const home = join(tmp.path, `home-${name}`);
  for (const d of ['.config/go', '.cache', '.local/state', '.local/share']) mkdirSync(join(home, d), { recursive: true });
  const proxy = join(home, 'proxy');
  mkdirSync(proxy);
  writeFileSync(join(home, '.config', 'go', 'env'), `GOPROXY=file://${proxy},off\nGOSUMDB=off\nGOTOOLCHAIN=local\n`);
  const env: Record<string, string> = { HOME: home, USER: 'root', LOGNAME: 'root', SHELL: shell, PATH: '/usr/bin:/bin' };
  return { home, env, proxy };
}

const block = (root: string) => `# >>> go-offline >>>\nexport PATH="$PATH:${root}/bin"\n# <<< go-offline <<<\n`;

function diag(env: Record<string, string>, opts: DiagnoseOptions = {}): Promise<DiagnoseReport> {
  return runDiagnose({ env, platform: 'linux', probeNetwork: false, envReport: baseReport, ...opts });
}

const fired = (r: DiagnoseReport, id: string) => r.results.filter((x) => x.id === id);

beforeAll(async () => {
  tmp = tempDir('gooff-shells-');
  const fixture = await ensureGoFixture();
  const prefix = join(tmp.path, 'prefix');
  mkdirSync(prefix);
  execFileSync('tar', ['-xzf', fixture.archive, '-C', prefix]);
  goroot = join(prefix, 'go');
  baseReport = await checkEnvironment({ env: { ...process.env, PATH: '/usr/bin:/bin' }, probeNetwork: false });
}, 600_000);

afterAll(() => tmp?.remove());

describe('healthy machine, every supported shell: nothing fires, and go really builds', () => {
  it.each([
    ['bash', '/bin/bash'],
    ['zsh', '/usr/bin/zsh'],
    ['fish', '/usr/bin/fish'],
  ])('%s', async (name, shell) => {
    const { home, env } = makeHome(`ok-${name}`, shell);
    if (name === 'bash') {
      writeFileSync(join(home, '.profile'), block(goroot));
      writeFileSync(join(home, '.bashrc'), block(goroot));
    } else if (name === 'zsh') {
      writeFileSync(join(home, '.zprofile'), block(goroot));
      writeFileSync(join(home, '.zshrc'), block(goroot));
    } else {
      mkdirSync(join(home, '.config', 'fish', 'conf.d'), { recursive: true });
      writeFileSync(join(home, '.config', 'fish', 'conf.d', 'go.fish'), `set -gx PATH $PATH ${goroot}/bin\n`);
    }
    const r = await diag(env);
    expect(r.goroot).toBe(goroot); // found through the shell's PATH: the clean env has no go
    expect(r.results).toEqual([]);
    expect(r.rootCauses).toEqual([]);
    expect(r.healthy).toBe(true);
    const ran = (id: string) => r.runs.find((x) => x.id === id)?.status;
    for (const id of ['go-not-installed', 'path-not-loaded', 'startup-unparsable', 'go-settings', 'go-folders', 'go-build-fails', 'tree-not-executable']) expect(ran(id), id).toBe('ok');
  }, 120_000);
});

describe('settings that live only in startup files', () => {
  it('bash: GOPATH set to GOROOT in ~/.profile is found, with the file and line', async () => {
    const { home, env } = makeHome('gopath', '/bin/bash');
    writeFileSync(join(home, '.profile'), `# profile\n${block(goroot)}export GOPATH=${goroot}\n`);
    const r = await diag(env);
    const hit = fired(r, 'no-permission').find((x) => x.evidence.setting === 'GOPATH');
    expect(hit?.cause.en).toContain(`${join(home, '.profile')}:5`);
    expect(hit?.source).toEqual({ shell: 'bash', file: join(home, '.profile'), line: 5, variable: 'GOPATH' });
    expect(hit?.evidence.shells).toEqual(['bash (login)', 'bash (interactive)']);
    expect(r.healthy).toBe(false);
  }, 120_000);

  it.runIf(isRoot)('bash: TMPDIR in ~/.profile on a noexec tmpfs: noexec-mount leads, go run failing is its consequence', async () => {
    const { home, env } = makeHome('noexec', '/bin/bash');
    const mnt = join(tmp.path, 'noexec');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'noexec,size=64m', 'tmpfs', mnt]);
    try {
      writeFileSync(join(home, '.profile'), `${block(goroot)}export TMPDIR=${mnt}\n`);
      const r = await diag(env);
      const cause = fired(r, 'noexec-mount').find((x) => x.evidence.variable === 'TMPDIR');
      expect(cause?.source?.file).toBe(join(home, '.profile'));
      expect(cause?.source?.line).toBe(4);
      const build = fired(r, 'go-build-fails');
      expect(build.length).toBeGreaterThan(0);
      expect(build[0]!.causedBy).toBe('noexec-mount');
      expect(build[0]!.cause.en).toMatch(/permission denied/);
      expect(r.rootCauses[0]).toBe('noexec-mount');
      expect(r.results.findIndex((x) => x.id === 'noexec-mount')).toBeLessThan(r.results.findIndex((x) => x.id === 'go-build-fails'));
    } finally {
      execFileSync('umount', [mnt]);
    }
  }, 120_000);

  it.runIf(has('/usr/bin/zsh'))('zsh: an unknown GOFLAGS in ~/.zshrc: the installed Go rejects it, named with the file and line', async () => {
    const { home, env } = makeHome('goflags', '/usr/bin/zsh');
    writeFileSync(join(home, '.zprofile'), block(goroot));
    writeFileSync(join(home, '.zshrc'), `${block(goroot)}export GOFLAGS=-definitely-not-a-flag\n`);
    const r = await diag(env);
    const hit = fired(r, 'go-build-fails');
    expect(hit).toHaveLength(1);
    expect(hit[0]!.cause.en).toContain('unknown flag -definitely-not-a-flag');
    expect(hit[0]!.evidence.shells).toEqual(['zsh (interactive)']);
    expect(hit[0]!.source).toEqual({ shell: 'zsh', file: join(home, '.zshrc'), line: 4, variable: 'GOFLAGS' });
  }, 120_000);

  it.runIf(has('/usr/bin/fish'))('fish: GOCACHE=off in conf.d: go-settings names it, go build failing is grouped under it', async () => {
    const { home, env } = makeHome('gocache', '/usr/bin/fish');
    mkdirSync(join(home, '.config', 'fish', 'conf.d'), { recursive: true });
    writeFileSync(join(home, '.config', 'fish', 'conf.d', 'go.fish'), `set -gx PATH $PATH ${goroot}/bin\n# cache\nset -gx GOCACHE off\n`);
    const r = await diag(env);
    const s = fired(r, 'go-settings');
    expect(s).toHaveLength(1);
    expect(s[0]!.source).toEqual({ shell: 'fish', file: join(home, '.config', 'fish', 'conf.d', 'go.fish'), line: 3, variable: 'GOCACHE' });
    const b = fired(r, 'go-build-fails');
    expect(b[0]?.causedBy).toBe('go-settings');
    expect(r.rootCauses).toEqual(['go-settings']);
  }, 120_000);

  it('a startup file bash cannot parse is the cause, with the line; no advice to add a PATH line that is there', async () => {
    const { home, env } = makeHome('syntax', '/bin/bash');
    writeFileSync(join(home, '.profile'), 'if [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi\n');
    writeFileSync(join(home, '.bashrc'), `alias ll='ls -l'\nif [ -n "$PS1" ]; then\n  echo hi\nfi fi\n${block(goroot)}`);
    // go is found only through the fixture's PATH here, as no shell can give it
    const r = await diag(env, { goroot });
    const cause = fired(r, 'startup-unparsable');
    expect(cause).toHaveLength(1);
    expect(cause[0]!.evidence).toMatchObject({ shell: 'bash', file: join(home, '.bashrc'), line: 4 });
    const miss = fired(r, 'path-not-loaded');
    expect(miss.length).toBeGreaterThan(0);
    for (const m of miss) {
      expect(m.causedBy).toBe('startup-unparsable');
      expect(m.fix.en).toContain('Correct line 4');
      expect(m.fix.en).not.toMatch(/^Add /);
    }
    expect(r.rootCauses[0]).toBe('startup-unparsable');
    expect(r.results[0]!.id).toBe('startup-unparsable');
  }, 120_000);
});

describe('nothing installed, offline, projects', () => {
  it('no Go anywhere is a finding (go-not-installed), not "no problems"', async () => {
    const { env } = makeHome('nogo', '/bin/bash');
    const r = await diag(env);
    expect(r.goroot).toBeNull();
    expect(fired(r, 'go-not-installed')).toHaveLength(1);
    expect(r.healthy).toBe(false);
    expect(r.rootCauses).toEqual(['go-not-installed']);
  }, 120_000);

  it('--no-network means offline: a GOPROXY that needs the network fires', async () => {
    const { home, env } = makeHome('netproxy', '/bin/bash');
    writeFileSync(join(home, '.profile'), `${block(goroot)}export GOPROXY=https://proxy.golang.org,direct\n`);
    const r = await diag(env);
    const hit = fired(r, 'proxy-offline');
    expect(hit.length).toBeGreaterThan(0);
    expect(hit[0]!.cause.en).toContain('offline');
    expect(hit[0]!.source?.line).toBe(4);
  }, 120_000);

  it('project-offline: names the modules missing from the cache and the file proxy; a directive Go 1.19 cannot read; vendor/ out of date', async () => {
    const { home, env, proxy } = makeHome('proj', '/bin/bash');
    writeFileSync(join(home, '.profile'), block(goroot));
    const proj = join(tmp.path, 'proj-missing');
    mkdirSync(proj);
    writeFileSync(join(proj, 'go.mod'), 'module example.com/app\n\ngo 1.19\n\nrequire (\n\texample.com/Here v1.0.0\n\texample.com/gone v1.2.3\n)\n');
    writeFileSync(join(proj, 'main.go'), 'package main\n\nfunc main() {}\n');
    // example.com/Here is in the file proxy (escaped path), example.com/gone nowhere
    mkdirSync(join(proxy, 'example.com', '!here', '@v'), { recursive: true });
    for (const ext of ['mod', 'zip', 'info']) writeFileSync(join(proxy, 'example.com', '!here', '@v', `v1.0.0.${ext}`), 'x');
    const r = await diag(env, { projects: [proj] });
    const hit = fired(r, 'project-offline');
    expect(hit).toHaveLength(1);
    expect(hit[0]!.evidence.missing).toEqual(['example.com/gone@v1.2.3']);

    const tc = join(tmp.path, 'proj-toolchain');
    mkdirSync(tc);
    writeFileSync(join(tc, 'go.mod'), 'module example.com/tc\n\ngo 1.19\n\ntoolchain go1.21.0\n');
    const v = join(tmp.path, 'proj-vendor');
    mkdirSync(join(v, 'vendor'), { recursive: true });
    writeFileSync(join(v, 'go.mod'), 'module example.com/v\n\ngo 1.19\n\nrequire example.com/dep v1.1.0\n');
    writeFileSync(join(v, 'vendor', 'modules.txt'), '# example.com/dep v1.0.0\n## explicit\nexample.com/dep\n');
    const r2 = await diag(env, { projects: [tc, v] });
    const hits = fired(r2, 'project-offline');
    expect(hits.map((h) => h.evidence.directive ?? null)).toContain('toolchain');
    expect(hits.find((h) => h.evidence.directive === 'toolchain')!.cause.en).toContain('unknown directive: toolchain');
    expect(hits.find((h) => h.cause.en.includes('inconsistent vendoring'))!.evidence.missing).toEqual(['example.com/dep@v1.1.0 (vendor/ has v1.0.0)']);
    // and Go itself agrees about vendor/ (the finding is not a guess)
    const real = spawnSync(join(goroot, 'bin', 'go'), ['list', './...'], { cwd: v, env: { HOME: home, PATH: '/usr/bin:/bin', GOTOOLCHAIN: 'local', GOFLAGS: '', GOCACHE: join(home, '.cache', 'go-build') }, encoding: 'utf8' });
    expect(real.stderr).toContain('inconsistent vendoring');
  }, 120_000);
});

describe('the tree and folders as the user sees them', () => {
  it('tree-not-executable: go without its run bits; go build failing is grouped under it', async () => {
    const copy = join(tmp.path, 'prefix-noexec', 'go');
    cpSync(goroot, copy, { recursive: true });
    const { home, env } = makeHome('tree', '/bin/bash');
    writeFileSync(join(home, '.profile'), block(copy));
    chmodSync(join(copy, 'pkg', 'tool', 'linux_amd64', 'compile'), 0o644);
    const r = await diag(env, { goroot: copy });
    const hit = fired(r, 'tree-not-executable');
    expect(hit).toHaveLength(1);
    expect(hit[0]!.evidence.examples).toEqual([join(copy, 'pkg', 'tool', 'linux_amd64', 'compile')]);
    const b = fired(r, 'go-build-fails');
    expect(b.length).toBeGreaterThan(0);
    expect(b.every((x) => x.causedBy === 'tree-not-executable')).toBe(true);
    expect(r.rootCauses[0]).toBe('tree-not-executable');
  }, 180_000);

  it.runIf(isRoot)('go-folders: a read-only folder deep inside GOCACHE', async () => {
    const { home, env } = makeHome('rocache', '/bin/bash');
    writeFileSync(join(home, '.profile'), block(goroot));
    const cache = join(home, '.cache', 'go-build');
    mkdirSync(join(cache, 'ab'), { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', join(cache, 'ab')]);
    try {
      const r = await diag(env);
      const hit = fired(r, 'go-folders');
      expect(hit.length).toBeGreaterThan(0);
      expect(hit[0]!.evidence.unwritable).toBe(join(cache, 'ab'));
    } finally {
      execFileSync('umount', [join(cache, 'ab')]);
    }
  }, 120_000);
});

describe('as a non-root user (useradd + runuser): modes matter', () => {
  it.runIf(isRoot && existsSync('/usr/sbin/useradd') && existsSync('/usr/sbin/runuser'))('a compiler only root may run and a cache folder owned by root: found for that user, through the CLI', () => {
    // the test runner's temp folder is private to root, so this user's files live in their own folder under /tmp
    const base = mkdtempSync('/tmp/gooff-i15-user-');
    const user = `gooff${process.pid % 100000}`;
    chmodSync(base, 0o755);
    execFileSync('useradd', ['-M', '-d', join(base, 'home'), '-s', '/bin/bash', user]);
    try {
      const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
      const copy = join(base, 'prefix', 'go');
      cpSync(goroot, copy, { recursive: true });
      chmodSync(join(base, 'prefix'), 0o755);
      const compile = join(copy, 'pkg', 'tool', 'linux_amd64', 'compile');
      chmodSync(compile, 0o700); // root may run it, the user may not
      const home = join(base, 'home');
      mkdirSync(join(home, '.config', 'go'), { recursive: true });
      mkdirSync(join(home, 'proxy'));
      writeFileSync(join(home, '.profile'), block(copy));
      writeFileSync(join(home, '.config', 'go', 'env'), `GOPROXY=file://${home}/proxy,off\nGOSUMDB=off\n`);
      execFileSync('chown', ['-R', `${uid}:${gid}`, home]);
      const rootOwned = join(home, '.cache', 'go-build', 'ab');
      mkdirSync(rootOwned, { recursive: true });
      execFileSync('chown', [`${uid}:${gid}`, join(home, '.cache'), join(home, '.cache', 'go-build')]);
      chownSync(rootOwned, 0, 0);
      const out = spawnSync('/usr/sbin/runuser', ['-u', user, '--', process.execPath, join(repoRoot, 'bin', 'go-offline.cjs'), 'diagnose', '--prefix', join(base, 'prefix'), '--no-network', '--json'], {
        env: { HOME: home, USER: user, LOGNAME: user, SHELL: '/bin/bash', PATH: '/usr/bin:/bin', LANG: 'C', TMPDIR: '/tmp' },
        cwd: home,
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(out.status, `${String(out.error)} ${out.stderr?.slice(-500)}`).toBe(1);
      const r = JSON.parse(out.stdout) as DiagnoseReport;
      const tree = r.results.find((x) => x.id === 'tree-not-executable');
      expect(tree?.evidence.examples).toEqual([compile]);
      expect(r.results.find((x) => x.id === 'go-folders')?.evidence.unwritable).toBe(rootOwned);
      const build = r.results.filter((x) => x.id === 'go-build-fails');
      expect(build.length).toBeGreaterThan(0);
      expect(build.every((x) => x.causedBy === 'tree-not-executable')).toBe(true);
      expect(r.rootCauses[0]).toBe('tree-not-executable');
      // and root, for whom both are fine, sees neither
      const asRoot = spawnSync(process.execPath, [join(repoRoot, 'bin', 'go-offline.cjs'), 'diagnose', '--prefix', join(base, 'prefix'), '--no-network', '--json'], { env: { HOME: home, USER: 'root', LOGNAME: 'root', SHELL: '/bin/bash', PATH: '/usr/bin:/bin', LANG: 'C', TMPDIR: '/tmp' }, encoding: 'utf8', timeout: 300_000 });
      const rr = JSON.parse(asRoot.stdout) as DiagnoseReport;
      expect(rr.results.map((x) => x.id)).not.toContain('tree-not-executable');
      expect(rr.results.map((x) => x.id)).not.toContain('go-folders');
    } finally {
      spawnSync('userdel', [user]);
      rmSync(base, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('origins parsers (recorded trace output)', () => {
  it('bash and zsh traces; fish set lines', () => {
    const bash = "+__GOOFT__/etc/profile:4: PATH=/usr/local/bin:/usr/bin\n++__GOOFT__/h/.profile:3: export GOPATH=/x 'GOFLAGS=-mod=mod -v'\n+__GOOFT__:1: echo\n";
    expect(parseTrace(bash, 'bash', '__GOOFT__')).toMatchObject({ PATH: { file: '/etc/profile', line: 4 }, GOPATH: { file: '/h/.profile', line: 3 }, GOFLAGS: { file: '/h/.profile', line: 3 } });
    expect(parseTrace('+__GOOFT__/h/.zshrc:7> export TMPDIR=/t\n', 'zsh', '__GOOFT__')).toEqual({ TMPDIR: { shell: 'zsh', file: '/h/.zshrc', line: 7, variable: 'TMPDIR' } });
    expect(fishOrigins([{ file: '/c.fish', text: 'set -gx GOPATH /a\nset -e GOFLAGS\nfish_add_path /go/bin\n' }])).toEqual({
      GOPATH: { shell: 'fish', file: '/c.fish', line: 1, variable: 'GOPATH' },
      PATH: { shell: 'fish', file: '/c.fish', line: 3, variable: 'PATH' },
    });
  });
});
