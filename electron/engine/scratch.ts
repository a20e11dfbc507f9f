/**
 * Where `bundle create` and `bundle update` do their module work (a fresh module cache, the proxy
 * being built, the dry run's second cache): thousands of small files written once and thrown
 * away. Creating files is what that work mostly costs on a disk (300 small files took 330 ms on
 * ext4 here, 8 ms in tmpfs), so on Linux it goes to the RAM-backed /dev/shm when that has room,
 * unless the user chose a folder:
 * 1. GO_OFFLINE_SCRATCH, if set;
 * 2. TMPDIR, if set (the user's or the system's choice: a test run's, a tmpfs /tmp, …);
 * 3. /dev/shm, if it is a tmpfs with at least 4 GiB free and the machine has at least 4 GiB of
 *    memory available (a typical service needs tens of MiB there);
 * 4. the system temp folder.
 * A module step that runs out of room in RAM is run again on the disk (see create.ts).
 */
import { readFile, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Env } from './paths';

const TMPFS_MAGIC = 0x01021994;
const NEEDED = 4 * 1024 ** 3;

export interface ScratchPlace {
  dir: string;
  /** in memory (tmpfs): a step that runs out of room there is retried on the disk */
  ram: boolean;
}

/** The system temp folder as this env sees it (TMPDIR when set, else the OS default). */
export function diskScratch(env: Env = process.env): ScratchPlace {
  return { dir: env.TMPDIR || tmpdir(), ram: false };
}

export async function scratchPlace(env: Env = process.env, opts: { shm?: string; meminfo?: string } = {}): Promise<ScratchPlace> {
  if (env.GO_OFFLINE_SCRATCH) return { dir: env.GO_OFFLINE_SCRATCH, ram: false };
  if (env.TMPDIR || process.platform !== 'linux') return diskScratch(env);
  const shm = opts.shm ?? '/dev/shm';
  try {
    const s = await statfs(shm);
    const free = Number(s.bavail) * Number(s.bsize);
    const mem = /^MemAvailable:\s+(\d+) kB/m.exec(await readFile(opts.meminfo ?? '/proc/meminfo', 'utf8'));
    const available = mem ? Number(mem[1]) * 1024 : 0;
    if (Number(s.type) === TMPFS_MAGIC && free >= NEEDED && available >= NEEDED) return { dir: shm, ram: true };
  } catch {
    /* no /dev/shm, or unreadable: the disk */
  }
  return diskScratch(env);
}

/** True when an error (its message or technical detail) says a filesystem was full. */
export function saysNoSpace(err: unknown): boolean {
  const e = err as { message?: string; detail?: string; code?: string } | null;
  return !!e && (e.code === 'ENOSPC' || /no space left on device/i.test(`${e.message ?? ''}\n${e.detail ?? ''}`));
}
