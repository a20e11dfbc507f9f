/**
 * Byte-level helpers of the bundle area: hashing and copying files in large chunks with a reused
 * buffer (faster than streams for the sizes we move), with cancellation and a byte callback.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import { copyFile, open, stat, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { throwIfCancelled } from '../jobs';
import { pool } from '../pool';

export const CHUNK = 4 * 1024 * 1024;

export interface ByteOpts {
  signal?: AbortSignal;
  /** called with the number of bytes just processed */
  onBytes?: (n: number) => void;
  /** reuse a buffer across calls */
  buffer?: Buffer;
}

/** SHA-256 and size of a file (or of `length` bytes from `offset`). */
export async function hashFile(path: string, opts: ByteOpts & { offset?: number; length?: number } = {}): Promise<{ sha256: string; size: number }> {
  const fh = await open(path, 'r');
  try {
    return await hashHandle(fh, opts);
  } finally {
    await fh.close();
  }
}

export async function hashHandle(fh: FileHandle, opts: ByteOpts & { offset?: number; length?: number } = {}): Promise<{ sha256: string; size: number }> {
  const buf = opts.buffer ?? Buffer.allocUnsafe(CHUNK);
  const hash = createHash('sha256');
  let pos = opts.offset ?? 0;
  let left = opts.length ?? Infinity;
  let size = 0;
  while (left > 0) {
    if (opts.signal) throwIfCancelled(opts.signal);
    const want = Math.min(buf.length, left);
    const { bytesRead } = await fh.read(buf, 0, want, pos);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
    left -= bytesRead;
    size += bytesRead;
    opts.onBytes?.(bytesRead);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Copy `length` bytes from `src` at `offset` into a new file `dst` (which must not exist), then
 * fsync it (unless `sync: false`: the caller flushes later, see flushWritten). Returns the bytes
 * copied.
 */
export async function copyRange(
  src: string,
  dst: string,
  opts: ByteOpts & { offset?: number; length?: number; hashes?: Array<{ update(b: Uint8Array): unknown }>; sync?: boolean } = {},
): Promise<number> {
  const buf = opts.buffer ?? Buffer.allocUnsafe(CHUNK);
  const input = await open(src, 'r');
  try {
    const output = await open(dst, 'wx');
    try {
      let pos = opts.offset ?? 0;
      let left = opts.length ?? Infinity;
      let copied = 0;
      while (left > 0) {
        if (opts.signal) throwIfCancelled(opts.signal);
        const { bytesRead } = await input.read(buf, 0, Math.min(buf.length, left), pos);
        if (bytesRead === 0) break;
        const chunk = buf.subarray(0, bytesRead);
        if (opts.hashes) for (const h of opts.hashes) h.update(chunk);
        let off = 0;
        while (off < bytesRead) {
          const { bytesWritten } = await output.write(buf, off, bytesRead - off);
          off += bytesWritten;
        }
        pos += bytesRead;
        left -= bytesRead;
        copied += bytesRead;
        opts.onBytes?.(bytesRead);
      }
      if (opts.sync !== false) await output.sync();
      return copied;
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/**
 * Copy a whole file into a new file `dst` with the system's own copy (copy_file_range on Linux,
 * fcopyfile/clonefile on macOS, CopyFileW on Windows): no byte passes through this process, which
 * matters when the machine is busy (117 MiB through a read/write loop took 430 ms beside the
 * modules' dry run, the system copy about 50 ms). Progress is the destination's size, polled;
 * a cancel is seen before and after (the system call itself runs to its end). Not flushed (the
 * caller flushes later, see flushWritten). Returns the bytes copied.
 */
export async function copyWhole(src: string, dst: string, opts: { signal?: AbortSignal; onBytes?: (n: number) => void; pollMs?: number } = {}): Promise<number> {
  if (opts.signal) throwIfCancelled(opts.signal);
  let reported = 0;
  let finished = false;
  const report = (size: number) => {
    if (size > reported) {
      opts.onBytes?.(size - reported);
      reported = size;
    }
  };
  const timer = setInterval(() => {
    stat(dst).then(
      (s) => !finished && report(s.size),
      () => {},
    );
  }, opts.pollMs ?? 250);
  try {
    await copyFile(src, dst, fsc.COPYFILE_EXCL);
  } finally {
    clearInterval(timer);
    finished = true;
  }
  const size = (await stat(dst)).size;
  report(size);
  if (opts.signal) throwIfCancelled(opts.signal);
  return size;
}

/** Write a small new file and fsync it (`sync: false`: the caller flushes later). */
export async function writeSynced(path: string, data: string | Buffer, mode?: number, opts: { sync?: boolean } = {}): Promise<void> {
  const fh = await open(path, 'wx', mode);
  try {
    await fh.writeFile(data);
    if (opts.sync !== false) await fh.sync();
  } finally {
    await fh.close();
  }
}

export type FlushStrategy = 'syncfs' | 'parallel';

const execFileP = promisify(execFile);
/** how many fsyncs run at once in the 'parallel' strategy */
const FSYNC_POOL = 8;

/**
 * Make durable every file and folder written under `root` (the list `paths`, absolute), with as
 * few waits for the drive as possible:
 * - 'syncfs' (Linux, the default there): one syncfs(2) of the filesystem holding `root`, through
 *   coreutils `sync -f ROOT` (Node has no binding for it); Linux 5.8+ reports a write-back error
 *   of any file on that filesystem as its failure;
 * - 'parallel' (elsewhere, and the fallback when `sync -f` is missing or fails): fsync of every
 *   path, eight at a time, so that the filesystem can commit them together; folders are fsynced
 *   too where that is supported (their entries), and any error is the file's own errno.
 * Returns the strategy that made them durable.
 */
export async function flushWritten(root: string, paths: string[], opts: { strategy?: FlushStrategy | 'auto'; signal?: AbortSignal } = {}): Promise<FlushStrategy> {
  if (opts.signal) throwIfCancelled(opts.signal);
  const want = opts.strategy && opts.strategy !== 'auto' ? opts.strategy : process.platform === 'linux' ? 'syncfs' : 'parallel';
  if (want === 'syncfs') {
    try {
      await execFileP('sync', ['-f', root], { signal: opts.signal, windowsHide: true });
      return 'syncfs';
    } catch {
      if (opts.signal) throwIfCancelled(opts.signal);
      // no `sync`, an old one without -f, or a failure: fsync each path, which names the errno
    }
  }
  await pool(paths, FSYNC_POOL, async (p) => {
    if (opts.signal) throwIfCancelled(opts.signal);
    await fsyncPath(p);
  });
  return 'parallel';
}

async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    // Windows cannot open a folder as a file; its entries are durable with the files
    if (process.platform === 'win32' && (e.code === 'EISDIR' || e.code === 'EPERM' || e.code === 'EACCES')) return null;
    throw e;
  });
  if (!fh) return;
  try {
    await fh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // some filesystems cannot fsync a folder (EINVAL); a file's fsync error is real
    if (!(code === 'EINVAL' || code === 'EISDIR') || !(await fh.stat()).isDirectory()) throw e;
  } finally {
    await fh.close();
  }
}

export { syncDir } from '../atomic';
