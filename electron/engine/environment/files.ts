/**
 * Startup files as users have them, read and written without surprises:
 * - a symbolic link (dotfile managers such as stow, chezmoi, yadm) is followed: its target is read
 *   and edited in place, the link stays a link; a link to nothing is refused (ENV_FILE_LINK_BROKEN);
 * - a fifo, socket or device is refused without blocking on it (opened non-blocking, checked with
 *   fstat before any read: ENV_FILE_NOT_REGULAR), a folder likewise (ENV_FILE_IS_FOLDER);
 * - the bytes are kept exactly: text is handled as latin1 (one character per byte), so a file in
 *   any encoding comes back byte for byte; what we add is UTF-8 (`fromUtf8`);
 * - writes are atomic (`atomic.ts`: temp file beside the real file, fsync, rename), keeping its mode.
 */
import { constants as fsc } from 'node:fs';
import { lstat, open, readlink, realpath } from 'node:fs/promises';
import { AppError } from '../../../shared/errors';
import { writeFileAtomic as atomicWrite } from '../atomic';

export interface StartupFile {
  /** the path as planned (may be a link) */
  path: string;
  /** the file really read and written (the link's target, fully resolved) */
  real: string;
  /** contents as latin1 (byte-exact), or null when there is no file yet */
  text: string | null;
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/** Where a path really leads (following links), refusing a link to nothing. */
export async function resolveStartupFile(path: string): Promise<string> {
  const l = await lstat(path).catch((e: unknown) => {
    if (code(e) === 'ENOENT') return null;
    throw e;
  });
  if (!l) return path;
  if (!l.isSymbolicLink()) return path;
  try {
    return await realpath(path);
  } catch (e) {
    if (code(e) === 'ENOENT' || code(e) === 'ELOOP') {
      const target = await readlink(path).catch(() => '?');
      throw new AppError('ENV_FILE_LINK_BROKEN', { path, target });
    }
    throw e;
  }
}

/** Read a startup file safely (see the module comment). Never blocks on a fifo. */
export async function readStartupFile(path: string): Promise<StartupFile> {
  const real = await resolveStartupFile(path);
  let fh;
  try {
    fh = await open(real, fsc.O_RDONLY | fsc.O_NONBLOCK | fsc.O_NOCTTY);
  } catch (e) {
    if (code(e) === 'ENOENT') return { path, real, text: null };
    if (code(e) === 'ENXIO') throw new AppError('ENV_FILE_NOT_REGULAR', { path }); // a socket
    throw e;
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new AppError('ENV_FILE_IS_FOLDER', { path });
    if (!st.isFile()) throw new AppError('ENV_FILE_NOT_REGULAR', { path });
    return { path, real, text: (await fh.readFile()).toString('latin1') };
  } finally {
    await fh.close();
  }
}

/** Text we add (UTF-8) in the latin1 form the file's text is handled in. */
export function fromUtf8(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

/** Latin1 text back to what a person reads (for messages and audit records). */
export function toUtf8(s: string): string {
  return Buffer.from(s, 'latin1').toString('utf8');
}

/** Write latin1 text (the form startup files are handled in) byte for byte, atomically (`atomic.ts`). */
export function writeLatin1Atomic(path: string, text: string): Promise<void> {
  return atomicWrite(path, Buffer.from(text, 'latin1'));
}

/** Write a startup file we read: into the link's target when it is a link. */
export async function writeStartupFile(f: StartupFile, text: string): Promise<void> {
  await writeLatin1Atomic(f.real, text);
}
