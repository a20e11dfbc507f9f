/**
 * A bundle is read either from a folder (USB drive, copied folder) or from a relay URL
 * (`go-offline serve`). `openBundleSource` hides the difference; `materializeFile` fetches one
 * manifest file (joining split parts) into a local path and proves its SHA-256 before keeping it.
 */
import { constants as fsc, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, rename, rm, mkdir, stat, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import { diskEntries, type BundleFile } from '../../../shared/bundle';
import { formatBytes } from '../../../shared/format';
import { SpeedMeter, throwIfCancelled, type JobContext } from '../jobs';
import { httpGet, NetError, RedirectRefused, retryAfterMs, type HttpResponse } from '../download/http';
import type { Env } from '../paths';
import { loadSettings, settingsPath } from '../settings';
import { CHUNK } from './io';

export interface BundleSource {
  readonly kind: 'dir' | 'url';
  /** absolute folder, or base URL ending in `/` */
  readonly location: string;
  /** Read a small file whole; null when it does not exist. */
  readSmall(rel: string, maxBytes?: number): Promise<Buffer | null>;
  /**
   * Stream a file's bytes; null when it does not exist. With `limit` (the listed size), a relay's
   * body is read no further than limit + 1 bytes (enough to tell it is too long).
   */
  stream(rel: string, signal?: AbortSignal, limit?: number): Promise<AsyncIterable<Uint8Array> | null>;
  /** Size of a file, or null when missing (a folder entry that is not a file gives -1). */
  size(rel: string): Promise<number | null>;
  /** Every entry under the folder (forward-slash relative paths); null for URLs (not listable). */
  list(): Promise<{ files: string[]; notFiles: string[] } | null>;
}

/** The most a "small" file (manifest.json, SHA256SUMS) may hold, unless the caller says otherwise. */
export const MAX_SMALL_BYTES = 64 * 1024 * 1024;

function tooLarge(source: string, rel: string, maxBytes: number): AppError {
  return new AppError('BUNDLE_FILE_TOO_LARGE', { path: rel, source, limit: formatBytes(maxBytes) });
}

export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** Resolve a bundle-relative path inside `root`, refusing anything that would leave it. */
export function safeJoin(root: string, rel: string): string {
  if (rel === '' || rel.includes('\0') || rel.includes('\\') || rel.startsWith('/') || rel.split('/').some((s) => s === '..' || s === '')) {
    throw new AppError('BUNDLE_FILE_UNKNOWN', { path: rel });
  }
  const full = resolve(root, ...rel.split('/'));
  if (!full.startsWith(resolve(root) + sep)) throw new AppError('BUNDLE_FILE_UNKNOWN', { path: rel });
  return full;
}

/**
 * Open a file of a bundle folder for reading, but only a regular file reached without links:
 * `full` (from `safeJoin` under a `realpath`ed root) is opened with O_NOFOLLOW (a link as the last
 * component fails) and O_NONBLOCK (a fifo does not hang the open), then the open file itself is
 * checked: a regular file, and the path the kernel reached it by (Linux: /proc/self/fd) is `full`
 * exactly, so a folder on the way that is (or was swapped for) a link is refused. Elsewhere the
 * check is realpath(full) === full plus the same device and inode as the open file.
 * Returns null when there is no such file; `{ notFile }` when something else is there.
 */
export async function openInside(full: string): Promise<{ fh: FileHandle; st: Stats } | { notFile: true } | null> {
  let fh: FileHandle;
  try {
    fh = await open(full, fsc.O_RDONLY | (fsc.O_NOFOLLOW ?? 0) | (fsc.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'ELOOP' || code === 'EISDIR' || code === 'ENXIO' || code === 'EACCES' || code === 'EPERM') return { notFile: true };
    throw err;
  }
  try {
    const st = await fh.stat();
    if (st.isFile() && (await reachedWithoutLinks(fh, st, full))) return { fh, st };
  } catch {
    /* treated as not a file of the bundle */
  }
  await fh.close().catch(() => {});
  return { notFile: true };
}

async function reachedWithoutLinks(fh: FileHandle, st: Stats, full: string): Promise<boolean> {
  if (process.platform === 'linux') {
    const p = await readlink(`/proc/self/fd/${fh.fd}`).catch(() => null);
    if (p !== null) return p === full;
  }
  if ((await realpath(full).catch(() => null)) !== full) return false;
  const now = await lstat(full).catch(() => null);
  return !!now && now.dev === st.dev && now.ino === st.ino;
}

export async function openBundleSource(dirOrUrl: string, opts: SourceOptions = {}): Promise<BundleSource> {
  if (isUrl(dirOrUrl)) return urlSource(dirOrUrl, opts);
  const given = resolve(dirOrUrl);
  // the folder the user named may itself be a link (to a bundle elsewhere): follow that one, once
  const st = await stat(given).catch(() => null);
  if (!st || !st.isDirectory()) throw new AppError('BUNDLE_NOT_FOUND', { source: given, missing: 'the folder' });
  return dirSource(await realpath(given));
}

function dirSource(root: string): BundleSource {
  return {
    kind: 'dir',
    location: root,
    async readSmall(rel, maxBytes = MAX_SMALL_BYTES) {
      const got = await openInside(safeJoin(root, rel));
      if (!got || 'notFile' in got) return null;
      try {
        if (got.st.size > maxBytes) throw tooLarge(root, rel, maxBytes);
        // read at most maxBytes + 1 whatever the size said: the file may grow while we read it
        const buf = Buffer.allocUnsafe(Math.min(got.st.size, maxBytes) + 1);
        let n = 0;
        for (;;) {
          const { bytesRead } = await got.fh.read(buf, n, buf.length - n, n);
          if (bytesRead === 0) break;
          n += bytesRead;
          if (n > maxBytes) throw tooLarge(root, rel, maxBytes);
          if (n === buf.length) break;
        }
        return buf.subarray(0, n);
      } finally {
        await got.fh.close();
      }
    },
    async stream(rel, signal) {
      const got = await openInside(safeJoin(root, rel));
      if (!got || 'notFile' in got) return null;
      return readChunks(got.fh, signal);
    },
    async size(rel) {
      const got = await openInside(safeJoin(root, rel));
      if (!got) return null;
      if ('notFile' in got) return -1;
      await got.fh.close();
      return got.st.size;
    },
    async list() {
      const files: string[] = [];
      const notFiles: string[] = [];
      async function walk(dir: string, prefix: string): Promise<void> {
        for (const ent of await readdir(dir, { withFileTypes: true })) {
          const rel = prefix + ent.name;
          if (ent.isDirectory()) await walk(join(dir, ent.name), rel + '/');
          else if (ent.isFile()) files.push(rel);
          else notFiles.push(rel);
        }
      }
      await walk(root, '');
      return { files, notFiles };
    },
  };
}

/** Read an open file chunk by chunk (closing it at the end). */
async function* readChunks(fh: FileHandle, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  try {
    let pos = 0;
    for (;;) {
      if (signal) throwIfCancelled(signal);
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) return;
      pos += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** How a relay URL is read; every limit can be set small by tests and callers. */
export interface SourceOptions {
  /** environment for the settings file (relayRedirects); default process.env */
  env?: Env;
  /** ms until an answer's headers are complete (a relay that never finishes them); default 15 s */
  connectTimeoutMs?: number;
  /** ms without a byte while a body flows; default 30 s */
  idleTimeoutMs?: number;
  /** a body slower than this is abandoned (a relay dripping a byte every few seconds); default 1 KiB per 30 s */
  minSpeed?: { bytes: number; windowMs: number };
  /** redirects to another origin: default from the settings (`relayRedirects`, 'same-origin') */
  redirects?: 'same-origin' | 'any';
  /**
   * a busy relay (503 or 429 with Retry-After) is asked again after the time it names (at most
   * 30 s at a time, a little jitter added) until this much waiting in all for one file; default 15 min
   */
  busyWaitMs?: number;
}

const MAX_RETRY_AFTER_MS = 30_000;

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

const DEFAULT_MIN_SPEED = { bytes: 1024, windowMs: 30_000 };

function urlSource(input: string, opts: SourceOptions): BundleSource {
  const base = input.endsWith('/') ? input : input + '/';
  const env = opts.env ?? process.env;
  const minSpeed = opts.minSpeed ?? DEFAULT_MIN_SPEED;
  const urlOf = (rel: string) => {
    safeJoin('/x', rel); // same path rules as a folder
    return new URL(rel.split('/').map(encodeURIComponent).join('/'), base).toString();
  };
  const allowRedirect = async (from: URL, to: URL) => {
    if (from.origin === to.origin) return true;
    return (opts.redirects ?? (await loadSettings(env)).relayRedirects) === 'any';
  };
  const failed = (rel: string, got: number, total: number | null, reason: string, reasonZh: string) =>
    new AppError('BUNDLE_TRANSFER_FAILED', { path: rel, source: base, reason, reasonZh, got: formatBytes(got), total: total === null ? '?' : formatBytes(total) });
  /** A NetError (or other failure) while `rel` was being read, in the words of the catalog. */
  const explain = (rel: string, err: unknown, got: number, total: number | null, signal?: AbortSignal): AppError => {
    if (err instanceof AppError) return err;
    if (signal?.aborted || (err as Error).name === 'AbortError') return new AppError('CANCELLED');
    if (err instanceof RedirectRefused) return new AppError('BUNDLE_REDIRECT_REFUSED', { url: err.from, to: err.to, settings: settingsPath(env) });
    if (err instanceof NetError && err.kind === 'timeout' && err.timeoutMs !== undefined) {
      const sec = seconds(err.timeoutMs);
      return got === 0 && total === null
        ? failed(rel, 0, null, `the relay sent no complete answer within ${sec} s`, `中转服务器在 ${sec} 秒内没有给出完整的应答`)
        : failed(rel, got, total, `no data arrived for ${sec} s`, `连续 ${sec} 秒没有收到数据`);
    }
    if (err instanceof SlowBody) {
      const sec = seconds(minSpeed.windowMs);
      return failed(rel, got, total, `fewer than ${minSpeed.bytes} bytes arrived in ${sec} s`, `${sec} 秒内收到的数据不足 ${minSpeed.bytes} 字节`);
    }
    if (got > 0 || total !== null) return failed(rel, got, total, 'the relay closed the connection before the end', '中转服务器在传完之前关闭了连接');
    const e = err as Error & { cause?: { code?: string; message?: string } };
    return new AppError('BUNDLE_UNREACHABLE', { url: urlOf(rel), message: e.cause?.code ?? e.message }, e.stack);
  };

  async function get(rel: string, method: 'GET' | 'HEAD', signal?: AbortSignal): Promise<HttpResponse | null> {
    const url = urlOf(rel);
    const budget = opts.busyWaitMs ?? 15 * 60_000;
    let waited = 0;
    let res: HttpResponse;
    for (;;) {
      try {
        // a relay is on the local network: no proxy from the environment (as before, with fetch)
        res = await httpGet(url, { env: {}, proxy: null, signal, method, allowRedirect, connectTimeoutMs: opts.connectTimeoutMs, idleTimeoutMs: opts.idleTimeoutMs, headers: { accept: '*/*' } });
      } catch (err) {
        throw explain(rel, err, 0, null, signal);
      }
      if (res.status !== 503 && res.status !== 429) break;
      // busy (every archive slot taken): come back when it says, while the budget lasts
      const asked = retryAfterMs(res.headers['retry-after']);
      res.body.destroy();
      if (asked === null) break;
      const wait = Math.max(200, Math.min(MAX_RETRY_AFTER_MS, asked)) * (1 + Math.random() / 4);
      if (waited + wait > budget) {
        throw new AppError('BUNDLE_RELAY_BUSY', { url: res.url, waited: seconds(Math.round(waited)) });
      }
      await pause(wait, signal);
      if (signal?.aborted) throw new AppError('CANCELLED');
      waited += wait;
    }
    if (res.status === 404 || res.status === 410) {
      res.body.destroy();
      return null;
    }
    if (res.status < 200 || res.status > 299) {
      res.body.destroy();
      throw new AppError('BUNDLE_UNREACHABLE', { url: res.url, message: `HTTP ${res.status} ${res.body.statusMessage ?? ''}`.trim() });
    }
    const enc = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (enc !== 'identity' && enc !== '') {
      // we asked for identity: a compressed body is refused, never inflated into memory
      res.body.destroy();
      throw failed(rel, 0, null, `the relay sent it compressed (Content-Encoding: ${enc.slice(0, 40)}) though that was not asked for; it was not unpacked`, `中转服务器发送的是压缩数据（Content-Encoding: ${enc.slice(0, 40)}），而程序并未请求压缩；这些数据没有被解压`);
    }
    return res;
  }

  /**
   * The body of `rel`, at most `limit` bytes handed out: reading stops at limit + 1 bytes (so the
   * caller sees the file is too long) however much the relay would send. Failures become
   * AppErrors naming the file, how much arrived and why.
   */
  async function* body(rel: string, res: HttpResponse, limit: number, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    const lengthHeader = Number(res.headers['content-length']);
    const total = Number.isFinite(lengthHeader) && res.headers['content-length'] !== undefined ? lengthHeader : null;
    let got = 0;
    let windowStart = 0;
    const timer = setInterval(() => {
      if (got - windowStart < minSpeed.bytes) res.body.destroy(new SlowBody());
      windowStart = got;
    }, minSpeed.windowMs);
    try {
      for await (const raw of res.body as AsyncIterable<Buffer>) {
        let chunk = raw;
        if (got + chunk.length > limit + 1) chunk = chunk.subarray(0, limit + 1 - got);
        got += chunk.length;
        yield chunk;
        if (got > limit) return;
      }
    } catch (err) {
      throw explain(rel, err, got, total, signal);
    } finally {
      clearInterval(timer);
      res.body.destroy();
    }
  }

  return {
    kind: 'url',
    location: base,
    async readSmall(rel, maxBytes = MAX_SMALL_BYTES) {
      const res = await get(rel, 'GET');
      if (!res) return null;
      const announced = Number(res.headers['content-length']);
      if (Number.isFinite(announced) && announced > maxBytes) {
        res.body.destroy();
        throw tooLarge(base, rel, maxBytes);
      }
      const chunks: Uint8Array[] = [];
      let n = 0;
      for await (const c of body(rel, res, maxBytes)) {
        n += c.length;
        if (n > maxBytes) throw tooLarge(base, rel, maxBytes);
        chunks.push(c);
      }
      return Buffer.concat(chunks);
    },
    async stream(rel, signal, limit = Number.MAX_SAFE_INTEGER - 1) {
      const res = await get(rel, 'GET', signal);
      if (!res) return null;
      return body(rel, res, limit, signal);
    },
    async size(rel) {
      const res = await get(rel, 'HEAD');
      if (!res) return null;
      res.body.destroy();
      const n = Number(res.headers['content-length']);
      return res.headers['content-length'] !== undefined && Number.isFinite(n) ? n : -1;
    },
    async list() {
      return null;
    },
  };
}

/** 30000 → "30", 300 → "0.3" (tests set small limits; the words stay true). */
function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}

/** A body slower than the minimum speed (see SourceOptions.minSpeed). */
class SlowBody extends Error {
  constructor() {
    super('slower than the minimum speed');
    this.name = 'SlowBody';
  }
}

/**
 * Fetch one file of the manifest from a bundle source into `destPath`, joining its parts when it
 * was split, checking every part's and the whole file's size and SHA-256 on the way. The file
 * appears at `destPath` only when everything matched (written to a temp name, then renamed);
 * otherwise BUNDLE_FILE_CORRUPT names the file and nothing is left behind.
 */
export async function materializeFile(
  source: BundleSource,
  file: BundleFile,
  destPath: string,
  opts: { job: JobContext },
): Promise<{ path: string; size: number; sha256: string }> {
  const { job } = opts;
  const tmp = `${destPath}.go-offline-${process.pid}.tmp`;
  await mkdir(dirname(destPath), { recursive: true });
  const out = await open(tmp, 'w');
  const whole = createHash('sha256');
  const meter = new SpeedMeter();
  let done = 0;
  const fail = (problem: string, path = file.path): AppError => new AppError('BUNDLE_FILE_CORRUPT', { path, source: source.location, problem });
  try {
    for (const part of diskEntries(file)) {
      throwIfCancelled(job.signal);
      const chunks = await source.stream(part.path, job.signal, part.size);
      if (!chunks) throw fail('missing', part.path);
      const partHash = createHash('sha256');
      let partSize = 0;
      for await (const chunk of chunks) {
        throwIfCancelled(job.signal);
        partSize += chunk.length;
        if (partSize > part.size) throw fail(`larger than ${part.size} bytes`, part.path);
        partHash.update(chunk);
        whole.update(chunk);
        await out.write(chunk);
        done += chunk.length;
        meter.sample(done);
        job.progress({ phase: 'fetch', file: file.path, done, total: file.size, overallDone: done, overallTotal: file.size, unit: 'bytes', speed: meter.speed(), etaSeconds: meter.eta(done, file.size) });
      }
      if (partSize !== part.size) throw fail(`size ${partSize}, expected ${part.size}`, part.path);
      const ph = partHash.digest('hex');
      if (ph !== part.sha256) throw fail(`sha256 ${ph}, expected ${part.sha256}`, part.path);
    }
    const sha256 = whole.digest('hex');
    if (done !== file.size) throw fail(`size ${done}, expected ${file.size}`);
    if (sha256 !== file.sha256) throw fail(`sha256 ${sha256}, expected ${file.sha256}`);
    await out.sync();
    await out.close();
    await rename(tmp, destPath);
    job.progress({ phase: 'fetch', file: file.path, done, total: file.size, overallDone: done, overallTotal: file.size, unit: 'bytes', speed: meter.speed(), etaSeconds: 0 }, true);
    return { path: destPath, size: done, sha256 };
  } catch (err) {
    await out.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
}
