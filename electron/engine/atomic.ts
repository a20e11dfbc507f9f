/**
 * The one way the product writes a file that something reads later (settings, profiles, install
 * state, reports, results, caches): into a uniquely named temp file beside it, flushed to disk,
 * then renamed over the target, so a reader sees the old file or the whole new one, never a part.
 * Two writers in one process (two jobs, two dispatchers) never share a temp name.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** file mode; by default the mode of the file being replaced, else 0o644 */
  mode?: number;
  /** create missing parent folders (default true) */
  mkdirs?: boolean;
  /**
   * false: still all-or-nothing for readers (temp + rename) but not flushed to disk, for scratch
   * files that a crash throws away anyway (e.g. the list files of a module proxy being built,
   * which the export copies and flushes with everything else)
   */
  durable?: boolean;
}

/** Write `data` to `path` atomically (temp + fsync + rename). Throws the filesystem's error. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  let mode = opts.mode;
  if (mode === undefined) {
    try {
      mode = (await stat(path)).mode & 0o7777;
    } catch {
      mode = 0o644;
    }
  }
  const dir = dirname(path);
  if (opts.mkdirs !== false) await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(data);
      await fh.chmod(mode); // exactly this mode, whatever the umask
      if (opts.durable !== false) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
  // make the rename itself durable
  if (opts.durable !== false) await syncDir(dir);
}

/** fsync a folder so that renames and new entries in it are durable (no-op where unsupported). */
export async function syncDir(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const fh = await open(path, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* some filesystems cannot fsync folders */
  }
}

/** The same for JSON: two-space indent and a final newline, as every JSON file we write. */
export function writeJsonAtomic(path: string, value: unknown, opts: AtomicWriteOptions = {}): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n', opts);
}
