/**
 * Byte-level helpers of the bundle area: hashing and copying files in large chunks with a reused
 * buffer (faster than streams for the sizes we move), with cancellation and a byte callback.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { throwIfCancelled } from '../jobs';

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
 * fsync it. Returns the bytes copied.
 */
export async function copyRange(
  src: string,
  dst: string,
  opts: ByteOpts & { offset?: number; length?: number; hashes?: Array<{ update(b: Uint8Array): unknown }> } = {},
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
      await output.sync();
      return copied;
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** Write a small file and fsync it. */
export async function writeSynced(path: string, data: string | Buffer, mode?: number): Promise<void> {
  const fh = await open(path, 'wx', mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export { syncDir } from '../atomic';
