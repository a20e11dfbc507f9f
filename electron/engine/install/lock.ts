/**
 * The install lock of a prefix (`<prefix>/.go-offline.lock`): one run at a time changes a prefix.
 *
 * Taken atomically: the lock's full content (pid, the process's start time, a random token) is
 * written and synced to a private file first, then hard-linked to the lock's name, which fails if
 * the lock exists; so a lock file is never seen empty or half written. A lock whose process is
 * gone (or whose pid now belongs to another process: the start time differs) is stale and taken
 * over, but only if it is still the same file (inode) that was judged. A lock that cannot be read
 * or says nothing (empty, garbled, written by something else) is held until it is proved stale by
 * age. Release removes the lock only if it still carries our token.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, lstat, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';

export const LOCK = '.go-offline.lock';
/** an unreadable or empty lock older than this is stale */
export const UNREADABLE_LOCK_STALE_MS = 10 * 60 * 1000;

interface LockInfo {
  pid: number;
  start: string | null;
  token: string;
}

/** The start time of a process (Linux: clock ticks since boot, field 22 of /proc/PID/stat), or null. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is the process that wrote this (pid and start time) still running? */
export function ownerAlive(pid: number, start: string | null | undefined): boolean {
  if (!pidAlive(pid)) return false;
  if (start && process.platform === 'linux') {
    const now = processStart(pid);
    if (now !== null && now !== start) return false; // the pid was reused
  }
  return true;
}

function parseLock(text: string): LockInfo | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t), start: null, token: '' }; // written by an older version
  try {
    const j = JSON.parse(t) as Partial<LockInfo>;
    if (typeof j.pid === 'number' && typeof j.token === 'string') return { pid: j.pid, start: typeof j.start === 'string' ? j.start : null, token: j.token };
  } catch {
    /* garbled */
  }
  return null;
}

type Holder = { kind: 'live'; pid: number } | { kind: 'unreadable'; ageMs: number; ino: number } | { kind: 'stale'; ino: number } | { kind: 'gone' };

async function judge(p: string): Promise<Holder> {
  const st = await lstat(p).catch(() => null);
  if (!st) return { kind: 'gone' };
  const text = await readFile(p, 'utf8').catch(() => null);
  const info = text === null ? null : parseLock(text);
  if (!info) {
    const ageMs = Date.now() - st.mtimeMs;
    return ageMs > UNREADABLE_LOCK_STALE_MS ? { kind: 'stale', ino: st.ino } : { kind: 'unreadable', ageMs, ino: st.ino };
  }
  // our own pid with another token: another run inside this process holds it
  if (ownerAlive(info.pid, info.start)) return { kind: 'live', pid: info.pid };
  return { kind: 'stale', ino: st.ino };
}

/** Remove a stale lock, but only the very file that was judged stale. */
async function removeIfSame(p: string, ino: number, token: string): Promise<void> {
  const aside = `${p}.stale-${token.slice(0, 8)}`;
  try {
    await rename(p, aside);
  } catch {
    return; // gone already: someone else cleared it
  }
  const st = await lstat(aside).catch(() => null);
  if (st && st.ino !== ino) {
    // a new lock was taken between our look and the rename: give it back
    await link(aside, p).catch(() => {});
  }
  await unlink(aside).catch(() => {});
}

/** Is the lock of a prefix held by a live run (or unreadable and young)? For recovery. */
export async function lockHeld(prefix: string): Promise<boolean> {
  const h = await judge(join(prefix, LOCK));
  return h.kind === 'live' || h.kind === 'unreadable';
}

/** Remove the lock of a prefix when it is stale. Returns true when one was removed. */
export async function clearStaleLock(prefix: string): Promise<boolean> {
  const p = join(prefix, LOCK);
  const h = await judge(p);
  if (h.kind !== 'stale') return false;
  await removeIfSame(p, h.ino, randomUUID());
  return true;
}

/**
 * Take the lock of a prefix; resolves to its release. Throws INSTALL_TARGET_IN_USE (a live run
 * holds it) or INSTALL_LOCK_UNREADABLE (a lock nobody can be named for, not yet old enough).
 */
export async function acquireLock(prefix: string): Promise<() => Promise<void>> {
  const p = join(prefix, LOCK);
  const token = randomUUID();
  const mine: LockInfo = { pid: process.pid, start: processStart(process.pid), token };
  const tmp = `${p}.${process.pid}-${token.slice(0, 8)}.tmp`;
  const fh = await open(tmp, 'wx', 0o644);
  try {
    await fh.writeFile(JSON.stringify(mine) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(tmp, p);
        return async () => {
          const now = parseLock((await readFile(p, 'utf8').catch(() => '')) || '');
          if (now?.token === token) await unlink(p).catch(() => {});
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const h = await judge(p);
      if (h.kind === 'live') throw new AppError('INSTALL_TARGET_IN_USE', { prefix, pid: h.pid });
      if (h.kind === 'unreadable') throw new AppError('INSTALL_LOCK_UNREADABLE', { path: p, minutes: Math.ceil((UNREADABLE_LOCK_STALE_MS - h.ageMs) / 60_000) });
      if (h.kind === 'stale') await removeIfSame(p, h.ino, token);
    }
    throw new AppError('INSTALL_TARGET_IN_USE', { prefix, pid: '?' });
  } finally {
    await unlink(tmp).catch(() => {});
  }
}
