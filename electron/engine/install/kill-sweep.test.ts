/**
 * Issue 13 item 8: SIGKILL at every step point (each journal write, rename, exchange, state write
 * and cleanup) of install (an upgrade, with a module proxy), rollback and uninstall (with a Go that
 * was there before ours). After each kill a login shell (`bash -lc 'go version'`, temp HOME with
 * our env block) finds the old or the new Go, never none; the next command recovers, finishes or
 * undoes the killed one and leaves no trash, temp copy or lock behind.
 *
 * Cost: small hand-made archives (the point is the renames, not the Go tree); each point is one
 * killed CLI run plus the next command.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { runDiagnose } from '../diagnose';
import { verifyInstall } from '../verify';
import { AppError } from '../../../shared/errors';
import { installFromBundle, readInstallState, rollback, uninstall } from './index';
import { makeTar, tinyGoBundle, tinyGoEntries } from './test-helpers';

const tmp = tempDir('gooff-kill-sweep-');
afterAll(() => tmp.remove());
const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

const bundle = (version: string) => tinyGoBundle(join(tmp.path, 'bundles'), version, { moduleProxy: { [`example.com/m/@v/${version}.info`]: `{"Version":"${version}"}\n` } });

let nh = 0;
function home(kind: string) {
  const base = join(tmp.path, `${kind}-${++nh}`);
  const h = join(base, 'home');
  mkdirSync(h, { recursive: true });
  writeFileSync(join(h, '.profile'), '# the user\'s own\n');
  const env: Record<string, string> = { PATH: '/usr/bin:/bin', HOME: h, SHELL: '/bin/bash', TERM: 'dumb', LANG: 'C.UTF-8', TMPDIR: base, XDG_CONFIG_HOME: join(h, '.config'), XDG_DATA_HOME: join(h, '.local', 'share'), XDG_STATE_HOME: join(h, '.local', 'state') };
  return { base, home: h, prefix: join(base, 'prefix'), env };
}
type Home = ReturnType<typeof home>;

const loginGo = (h: Home) => spawnSync('bash', ['-lc', 'go version'], { env: h.env, encoding: 'utf8' }).stdout.trim();
const goAt = (h: Home) => spawnSync(join(h.prefix, 'go', 'bin', 'go'), ['version'], { encoding: 'utf8' }).stdout.trim();
const gv = (v: string) => `go version ${v} linux/amd64`;

/** everything a killed run may leave: nothing of it may remain after the next command */
function leftovers(h: Home): string[] {
  const out = readdirSync(h.prefix).filter((n) => n.startsWith('.go-offline'));
  const modules = join(h.home, '.local', 'share', 'go-offline', 'modules');
  if (existsSync(modules)) out.push(...readdirSync(modules).filter((n) => n !== 'proxy'));
  return out;
}

function cliArgs(h: Home, cmd: string[]): string[] {
  return [CLI, ...cmd, '--scope', 'user', '--prefix', h.prefix, '--yes'];
}

/** Run the CLI; with killAt, expect it to SIGKILL itself there. */
function runCli(h: Home, cmd: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(h, cmd), { env: { ...h.env, GO_OFFLINE_NO_ELEVATE: '1', ...extra }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

interface Scenario {
  name: string;
  /** a fresh home and prefix, ready for the command */
  setup(h: Home): Promise<void>;
  command(h: Home): string[];
  /** the same command again, in this process (it recovers first, like every command) */
  again(h: Home): Promise<unknown>;
  /** acceptable login-shell answers after a kill */
  after: string[];
  /** after the next command */
  check(h: Home): void;
}

const foreign = (h: Home) => {
  // a Go that was there before ours (not installed by us), tar-made so it is a real tree
  mkdirSync(h.prefix, { recursive: true });
  const t = join(h.base, 'foreign.tar');
  writeFileSync(t, makeTar(tinyGoEntries('go1.17.0')));
  spawnSync('tar', ['-xf', t, '-C', h.prefix]);
};

const scenarios: Scenario[] = [
  {
    name: 'install (upgrade 1.18 -> 1.19, module proxy swapped too)',
    setup: async (h) => {
      await installFromBundle({ bundle: bundle('go1.18.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    },
    command: () => ['install', '--bundle', bundle('go1.19.0')],
    again: (h) => installFromBundle({ bundle: bundle('go1.19.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }),
    after: [gv('go1.18.0'), gv('go1.19.0')],
    check: (h) => expect(loginGo(h)).toBe(gv('go1.19.0')),
  },
  {
    name: 'rollback (1.19 -> 1.18)',
    setup: async (h) => {
      await installFromBundle({ bundle: bundle('go1.18.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
      await installFromBundle({ bundle: bundle('go1.19.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    },
    command: () => ['rollback'],
    again: (h) => rollback({ scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }),
    after: [gv('go1.18.0'), gv('go1.19.0')],
    check: (h) => expect(loginGo(h)).toBe(gv('go1.18.0')),
  },
  {
    name: 'uninstall (a Go that was there before comes back)',
    setup: async (h) => {
      foreign(h);
      await installFromBundle({ bundle: bundle('go1.18.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    },
    command: () => ['uninstall'],
    again: (h) => uninstall({ scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }),
    // our env block may be gone already; the tree at the prefix is then the one from before
    after: [gv('go1.18.0'), gv('go1.17.0')],
    check: (h) => {
      expect(goAt(h)).toBe(gv('go1.17.0'));
      expect(readFileSync(join(h.home, '.profile'), 'utf8')).toBe("# the user's own\n");
    },
  },
];

describe.each(scenarios)('SIGKILL at every step point: $name', (sc) => {
  it('leaves a working go in a login shell at every point, and the next command recovers and cleans up', async () => {
    // the step points of this command, from one run that is not killed
    const h0 = home('list');
    await sc.setup(h0);
    const stepsFile = join(h0.base, 'steps.txt');
    const r0 = await runCli(h0, sc.command(h0), { GO_OFFLINE_TEST_STEPS_FILE: stepsFile });
    expect(r0.code, r0.stderr).toBe(0);
    const points = readFileSync(stepsFile, 'utf8').trim().split('\n').map((l) => l.split(':').slice(0, 2).join(':'));
    expect(points.length).toBeGreaterThan(5);
    const seen: string[] = [];
    for (const point of points) {
      const h = home('kill');
      await sc.setup(h);
      const killed = await runCli(h, sc.command(h), { GO_OFFLINE_TEST_KILL_AT: point });
      expect(killed.signal, `${point}: ${killed.stderr}`).toBe('SIGKILL');
      const found = sc.name.startsWith('uninstall') ? loginGo(h) || goAt(h) : loginGo(h);
      expect(sc.after, `after a kill at ${point}`).toContain(found);
      seen.push(`${point} ${found}`);
      // the next command: the same one again (for a committed rollback/uninstall it has nothing
      // left to do and says so, but it recovers first all the same)
      const next = await sc.again(h).then(() => null, (e: unknown) => e);
      const st = await readInstallState({ scope: 'user', env: h.env });
      if (next) expect(['INSTALL_NO_PREVIOUS', 'INSTALL_NOTHING_INSTALLED'], `${point}: ${String(next)}`).toContain((next as AppError).code);
      expect(leftovers(h), `leftovers after a kill at ${point} and the next command`).toEqual([]);
      sc.check(h);
      if (sc.name.startsWith('uninstall')) expect(st).toBeNull();
    }
    console.log(`${sc.name}: ${points.length} kill points\n  ${seen.join('\n  ')}`);
  }, 600_000);
});

describe('every command that touches an install recovers first', () => {
  it.each(['diagnose', 'verify', 'uninstall'] as const)('%s after a rollback killed past its commit point cleans its trash, journal and lock', async (cmd) => {
    const h = home(`recover-${cmd}`);
    const setup = async () => {
      await installFromBundle({ bundle: bundle('go1.18.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
      await installFromBundle({ bundle: bundle('go1.19.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    };
    await setup();
    const stepsFile = join(h.base, 'steps.txt');
    expect((await runCli(h, ['rollback'], { GO_OFFLINE_TEST_STEPS_FILE: stepsFile })).code).toBe(0);
    await runCli(h, ['uninstall']);
    await setup();
    const point = readFileSync(stepsFile, 'utf8').split('\n').find((l) => l.endsWith(':state committed'))!.split(':').slice(0, 2).join(':');
    const killed = await runCli(h, ['rollback'], { GO_OFFLINE_TEST_KILL_AT: point });
    expect(killed.signal).toBe('SIGKILL');
    const left = readdirSync(h.prefix).filter((n) => n.startsWith('.go-offline'));
    expect(left.some((n) => n.startsWith('.go-offline-trash-'))).toBe(true);
    expect(left).toContain('.go-offline.lock');
    expect(left).toContain('.go-offline-journal.json');
    if (cmd === 'diagnose') {
      await runDiagnose({ env: h.env, probeNetwork: false, prefix: h.prefix });
    } else if (cmd === 'verify') {
      await verifyInstall({ goroot: join(h.prefix, 'go'), env: h.env, job: createJob() }).catch(() => null);
    } else {
      expect((await runCli(h, ['uninstall'])).code).toBe(0);
    }
    expect(leftovers(h)).toEqual([]);
    if (cmd !== 'uninstall') expect(loginGo(h)).toBe(gv('go1.18.0'));
    const audit = readFileSync(join(h.home, '.local', 'state', 'go-offline', 'audit.jsonl'), 'utf8');
    expect(audit).toMatch(/"event":"recover".*finished interrupted rollback/);
  });
});

describe('without the one-step exchange (GO_OFFLINE_NO_EXCHANGE=1: no perl, another OS)', () => {
  it('the sweep sees the window two renames leave (no go in a login shell), and the next command undoes it', async () => {
    const h0 = home('noexch-list');
    await scenarios[0]!.setup(h0);
    const stepsFile = join(h0.base, 'steps.txt');
    expect((await runCli(h0, scenarios[0]!.command(h0), { GO_OFFLINE_TEST_STEPS_FILE: stepsFile, GO_OFFLINE_NO_EXCHANGE: '1' })).code).toBe(0);
    const goroot = join(h0.prefix, 'go');
    const line = readFileSync(stepsFile, 'utf8').split('\n').find((l) => l.includes(`:renamed ${goroot} -> `))!;
    const h = home('noexch');
    await scenarios[0]!.setup(h);
    const killed = await runCli(h, scenarios[0]!.command(h), { GO_OFFLINE_TEST_KILL_AT: line.split(':').slice(0, 2).join(':'), GO_OFFLINE_NO_EXCHANGE: '1' });
    expect(killed.signal).toBe('SIGKILL');
    expect(loginGo(h)).toBe(''); // the window the exchange closes
    await scenarios[0]!.again(h);
    expect(loginGo(h)).toBe(gv('go1.19.0'));
    expect(leftovers(h)).toEqual([]);
  });
});
