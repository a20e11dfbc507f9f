/**
 * runJournaled (transaction.ts), the one tail of rollback, uninstall, `uninstall --go-version` and
 * `use`, when the work fails (not killed: kill-sweep.test.ts and versions.test.ts do that): before
 * the commit the machine is byte-for-byte as it was, nothing of the run is left (journal,
 * snapshots, trash, lock) and the audit log says `<event>.failed`; after the commit the journal
 * stays and the next command finishes it. In-process, small hand-made trees, a failure injected at
 * a step point through `testHooks.onStep`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tmp';
import { treeOf } from '../../../test/support/tree';
import { createJob } from '../jobs';
import { installFromBundle, installSideBySide, readInstallState, recoverInstalls, rollback, uninstall, uninstallVersion, useVersion } from './index';
import { testHooks } from './journal';
import { loadStateFile } from './state';
import { tinyGoBundle } from './test-helpers';

const tmp = tempDir('gooff-txn-');
afterAll(() => tmp.remove());
afterEach(() => {
  testHooks.onStep = undefined;
});

const bundle = (version: string) => tinyGoBundle(join(tmp.path, 'bundles'), version);

let n = 0;
function home() {
  const base = join(tmp.path, `h${++n}`);
  const h = join(base, 'home');
  mkdirSync(h, { recursive: true });
  writeFileSync(join(h, '.profile'), "# the user's own\n");
  const env: Record<string, string> = { PATH: '/usr/bin:/bin', HOME: h, SHELL: '/bin/bash', TERM: 'dumb', LANG: 'C.UTF-8', TMPDIR: base, XDG_CONFIG_HOME: join(h, '.config'), XDG_DATA_HOME: join(h, '.local', 'share'), XDG_STATE_HOME: join(h, '.local', 'state') };
  return { base, home: h, prefix: join(base, 'prefix'), env, state: join(h, '.local', 'state', 'go-offline') };
}
type Home = ReturnType<typeof home>;
const opts = (h: Home) => ({ scope: 'user' as const, prefix: h.prefix, env: h.env, job: createJob() });
const trees = (h: Home) => ({ home: treeOf(h.home), prefix: treeOf(h.prefix) });
/** our own logs are allowed to grow */
const noLogs = (t: ReturnType<typeof trees>) => ({ home: Object.fromEntries(Object.entries(t.home).filter(([k]) => !/audit\.jsonl$|^\.local\/state\/go-offline\/txn\/$/.test(k))), prefix: t.prefix });
const lastAudit = (h: Home) => JSON.parse(readFileSync(join(h.state, 'audit.jsonl'), 'utf8').trim().split('\n').at(-1)!) as Record<string, unknown>;
const loginGo = (h: Home) => spawnSync('bash', ['-lc', 'go version'], { env: h.env, encoding: 'utf8' }).stdout.trim();

/** go1.18.0 installed, then go1.19.0 over it (the earlier one kept aside for rollback) */
async function upgraded(): Promise<Home> {
  const h = home();
  await installFromBundle({ bundle: bundle('go1.18.0'), ...opts(h) });
  await installFromBundle({ bundle: bundle('go1.19.0'), ...opts(h) });
  return h;
}

/** make the operation fail at its step point `op`/`label` (the first one with that label) */
function failAt(op: string, label: string): void {
  testHooks.onStep = (o, l) => {
    if (o === op && l === label) {
      testHooks.onStep = undefined;
      throw new Error(`injected failure at ${op} ${label}`);
    }
  };
}

describe('a transaction that fails before its commit is undone whole', () => {
  it('uninstall failing after its renames and the environment removal: Go, the profile and the state are as before, no snapshot folder is left', async () => {
    const h = await upgraded();
    const before = trees(h);
    failAt('uninstall', 'environment removed');
    const err = await uninstall(opts(h)).then(() => null, (e: unknown) => e as { code: string });
    expect(err?.code).toBe('INTERNAL');
    expect(noLogs(trees(h))).toEqual(noLogs(before));
    expect(existsSync(join(h.state, 'txn')) ? readdirSync(join(h.state, 'txn')) : []).toEqual([]);
    expect(readdirSync(h.prefix).filter((x) => x.startsWith('.go-offline'))).toEqual([]);
    expect(lastAudit(h)).toMatchObject({ event: 'uninstall.failed', code: 'INTERNAL', committed: false });
    expect(loginGo(h)).toBe('go version go1.19.0 linux/amd64');
    // and the lock was released: the same command runs
    await uninstall(opts(h));
    expect(await readInstallState({ scope: 'user', env: h.env })).toBeNull();
  });

  it('use and uninstall --go-version failing half way leave both versions as they were', async () => {
    const h = home();
    await installFromBundle({ bundle: bundle('go1.19.0'), ...opts(h) });
    await installSideBySide({ bundle: bundle('go1.22.0'), ...opts(h) });
    const before = trees(h);
    failAt('use', 'wrappers written');
    await expect(useVersion({ version: 'go1.22.0', ...opts(h) })).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(noLogs(trees(h))).toEqual(noLogs(before));
    expect(lastAudit(h)).toMatchObject({ event: 'use.failed', version: 'go1.22.0', committed: false });
    failAt('uninstall', 'wrapper removed');
    await expect(uninstallVersion({ version: 'go1.22.0', ...opts(h) })).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(noLogs(trees(h))).toEqual(noLogs(before));
    expect(lastAudit(h)).toMatchObject({ event: 'uninstall.failed', sideBySide: true, version: 'go1.22.0', committed: false });
    expect(Object.keys((await loadStateFile('user', h.env)).versions ?? {})).toEqual(['go1.22.0']);
  });
});

describe('a transaction that fails after its commit is finished by the next command', () => {
  it('rollback: the state names the earlier Go, the journal stays for recovery, which removes the trash', async () => {
    const h = await upgraded();
    failAt('rollback', 'state committed');
    await expect(rollback(opts(h))).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(lastAudit(h)).toMatchObject({ event: 'rollback.failed', committed: true });
    expect((await readInstallState({ scope: 'user', env: h.env }))!.current.version).toBe('go1.18.0');
    const left = readdirSync(h.prefix).filter((x) => x.startsWith('.go-offline'));
    expect(left).toContain('.go-offline-journal.json');
    expect(left.some((x) => x.startsWith('.go-offline-trash-'))).toBe(true);
    const done = await recoverInstalls({ scope: 'user', env: h.env });
    expect(done.flatMap((d) => d.actions).join('\n')).toMatch(/finished interrupted rollback/);
    expect(readdirSync(h.prefix).filter((x) => x.startsWith('.go-offline'))).toEqual([]);
    expect(loginGo(h)).toBe('go version go1.18.0 linux/amd64');
  });

  it('install: the new Go is committed, its staging folder and the older tree are removed by the next command (the journal was dropped before)', async () => {
    const h = await upgraded();
    failAt('install', 'state committed');
    await expect(installFromBundle({ bundle: bundle('go1.20.0'), ...opts(h) })).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(lastAudit(h)).toMatchObject({ event: 'install.failed', committed: true });
    expect((await readInstallState({ scope: 'user', env: h.env }))!.current.version).toBe('go1.20.0');
    expect(readdirSync(h.prefix)).toContain('.go-offline-journal.json');
    await recoverInstalls({ scope: 'user', env: h.env });
    // left: go (1.20) and the 1.19 tree kept aside for rollback; the 1.18 one and staging are gone
    expect(readdirSync(h.prefix).filter((x) => x.startsWith('.go-offline'))).toEqual([]);
    expect(readdirSync(h.prefix).filter((x) => x.startsWith('.go-previous-')).map((x) => x.split('-')[2])).toEqual(['go1.19.0']);
    expect(loginGo(h)).toBe('go version go1.20.0 linux/amd64');
  });
});
