/**
 * Issue 13 item 7: the install lock is taken atomically, and a lock nobody can be named for is
 * held until proved stale.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { repoRoot } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { installFromBundle } from './index';
import { testHooks } from './journal';
import { acquireLock, LOCK } from './lock';
import { makeBundle, makeTgz, tinyGoEntries } from './test-helpers';

const tmp = tempDir('gooff-lock-');
afterAll(() => tmp.remove());
afterEach(() => {
  testHooks.onStep = undefined;
});
const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

let nb = 0;
function bundle(version: string): string {
  const dir = join(tmp.path, `b${++nb}`);
  mkdirSync(dir, { recursive: true });
  const a = makeTgz(join(dir, `${version}.linux-amd64.tar.gz`), tinyGoEntries(version));
  return makeBundle(join(dir, 'bundle'), [{ archive: a.path, version }]).dir;
}

function home(name: string) {
  const base = join(tmp.path, name);
  mkdirSync(join(base, 'home'), { recursive: true });
  mkdirSync(join(base, 'prefix'), { recursive: true });
  return { prefix: join(base, 'prefix'), env: { PATH: '/usr/bin:/bin', HOME: join(base, 'home'), SHELL: '/bin/bash', LANG: 'C.UTF-8' } };
}

describe('two installs started together: exactly one runs', () => {
  it('whichever takes the lock runs; the other is refused with "another installation is running" and nothing of it is installed', async () => {
    const h = home('together');
    const [b1, b2] = [bundle('go1.18.0'), bundle('go1.19.0')];
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    let letGo!: () => void;
    const go = new Promise<void>((r) => (letGo = r));
    let paused = false;
    testHooks.onStep = async (op, label) => {
      if (op === 'install' && label === 'locked' && !paused) {
        paused = true; // only the first to take the lock waits here
        holding();
        await go;
      }
    };
    const runs = [b1, b2].map((b) => installFromBundle({ bundle: b, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }).then((r) => ({ ok: true as const, r }), (e: unknown) => ({ ok: false as const, e })));
    await held;
    // the one that did not get the lock settles while the other waits holding it
    const loser = await Promise.race(runs);
    expect(loser.ok).toBe(false);
    const err = (loser as { e: unknown }).e;
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INSTALL_TARGET_IN_USE');
    expect((err as AppError).params.pid).toBe(process.pid);
    expect((err as AppError).toData().title.en).toBe('Another installation is running');
    letGo();
    const all = await Promise.all(runs);
    expect(all.filter((x) => x.ok)).toHaveLength(1);
    const winner = all.find((x) => x.ok)!;
    const version = (winner as { r: { record: { version: string } } }).r.record.version;
    expect(readFileSync(join(h.prefix, 'go', 'VERSION'), 'utf8')).toBe(`${version}\n`);
    expect(existsSync(join(h.prefix, LOCK))).toBe(false);
  });

  it('the CLI says another installation is running (exit 1) while a live process holds the lock', async () => {
    const h = home('cli');
    const release = await acquireLock(h.prefix);
    try {
      const r = spawnSync(process.execPath, [CLI, 'install', '--bundle', bundle('go1.18.0'), '--scope', 'user', '--prefix', h.prefix, '--yes'], {
        env: { ...h.env, GO_OFFLINE_NO_ELEVATE: '1' },
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Another installation is running/);
      expect(r.stderr).toContain(String(process.pid));
      expect(existsSync(join(h.prefix, 'go'))).toBe(false);
    } finally {
      await release();
    }
    expect(existsSync(join(h.prefix, LOCK))).toBe(false);
  });
});

describe('a lock that says nothing is held until proved stale', () => {
  it('an empty lock file is not deleted and refuses the install; once old enough it is taken over', async () => {
    const h = home('empty');
    const lock = join(h.prefix, LOCK);
    writeFileSync(lock, '');
    const err = await installFromBundle({ bundle: bundle('go1.18.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('INSTALL_LOCK_UNREADABLE');
    expect((err as AppError).params.path).toBe(lock);
    expect(readFileSync(lock, 'utf8')).toBe('');
    expect(existsSync(join(h.prefix, 'go'))).toBe(false);
    const old = new Date(Date.now() - 11 * 60 * 1000);
    utimesSync(lock, old, old);
    const r = await installFromBundle({ bundle: bundle('go1.18.0'), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    expect(r.record.version).toBe('go1.18.0');
    expect(existsSync(lock)).toBe(false);
  });

  it('garbled text is held the same way; a lock of a dead process (old plain-pid format too) is taken over', async () => {
    const h = home('garbled');
    const lock = join(h.prefix, LOCK);
    writeFileSync(lock, 'not a lock\0\0');
    const err = await acquireLock(h.prefix).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('INSTALL_LOCK_UNREADABLE');
    for (const text of ['999999', JSON.stringify({ pid: 999999, start: '1', token: 'x' })]) {
      writeFileSync(lock, text);
      const release = await acquireLock(h.prefix);
      expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
      await release();
      expect(existsSync(lock)).toBe(false);
    }
  });

  it('a lock whose pid now belongs to another process (different start time) is stale', async () => {
    const h = home('reused');
    const lock = join(h.prefix, LOCK);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, start: 'not-our-start', token: 'x' }));
    const release = await acquireLock(h.prefix);
    await release();
    expect(existsSync(lock)).toBe(false);
  });

  it('release leaves a lock that is not ours alone', async () => {
    const h = home('notours');
    const lock = join(h.prefix, LOCK);
    const release = await acquireLock(h.prefix);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, start: null, token: 'someone-else' }));
    await release();
    expect(existsSync(lock)).toBe(true);
  });
});
