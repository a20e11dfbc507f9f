/**
 * Step 3: verified, resumable downloads of release files.
 *
 * Each file is fetched into `<outDir>/<filename>.part` (validators in `<filename>.part.json`),
 * hashed while it streams (one pass; an existing part is hashed once when resuming), resumed with
 * Range + If-Range after a dropped connection, restarted from zero when the server ignores Range,
 * retried with backoff on network errors and 5xx, checked for size and magic bytes (an HTML page
 * is named as such), and only renamed to its final name after the SHA-256 matched the listing
 * (fsync, rename, fsync of the folder). Then the published `.asc` signature is checked against the
 * pinned Go signing key. Progress goes out every 250 ms per file and overall.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, writeSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, truncate } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError, toAppError } from '../../../shared/errors';
import type { DownloadedFile, ReleaseFile, SignatureStatus } from '../../../shared/releases';
import { normalizeMirror } from '../../../shared/releases';
import { classifyNetError, isOfficialSource, sourcesDetail, sourcesParams, type SourceAnswerKind, type SourceTried } from '../../../shared/sources';
import { SpeedMeter, throwIfCancelled, type JobContext } from '../jobs';
import type { Env } from '../paths';
import { syncDir, writeFileAtomic } from '../atomic';
import { httpGetStream, httpGetText, NetError, parseHttpUrl, retryAfterMs, type BodyStream, type HttpOptions } from './http';
import { loadSigningKey, verifyDetached, GO_SIGNING_KEY_FINGERPRINT, formatFingerprint } from './signature';

export { GO_SIGNING_KEY_FINGERPRINT, GO_SIGNING_KEY_URL, formatFingerprint } from './signature';
export { proxyFor, httpGet, httpGetText } from './http';

export interface DownloadOptions {
  outDir: string;
  /** mirror bases tried in order (files at `base<filename>`; go.dev/dl/ means dl.google.com/go/) */
  baseUrls: string[];
  job: JobContext;
  env?: Env;
  proxy?: string | null;
  /** files downloaded at the same time (default 3) */
  parallel?: number;
  signature?: {
    /** auto: check a published signature, SHA-256 only when none is published; require: no signature fails; off: not checked */
    mode: 'auto' | 'require' | 'off';
    keyFile?: string | null;
    /** accepted key fingerprints (default: the Go signing key); tests pin their own key */
    pinnedFingerprints?: string[];
    keyUrl?: string;
  };
  acceptMissingSha256?: boolean;
  /** the public Go sites were left out by the settings (said in the error when every source failed) */
  publicSkipped?: boolean;
  /** tries per URL on network errors and 5xx (default 5) */
  attempts?: number;
  /** first backoff delay in ms, doubled each retry up to 8 s (default 500) */
  backoffMs?: number;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
}

const OFFICIAL_FILES = 'https://dl.google.com/go/';

/** Where a file lives for a mirror base: `base<filename>`; the official go.dev/dl/ base serves from dl.google.com/go/. */
export function fileUrl(base: string, filename: string): string {
  const b = normalizeMirror(base);
  const u = parseHttpUrl(b);
  if ((u.hostname === 'go.dev' || u.hostname === 'golang.org' || u.hostname === 'www.golang.org') && u.pathname === '/dl/') return OFFICIAL_FILES + encodeURIComponent(filename);
  return b + encodeURIComponent(filename);
}

/** What the first bytes of a file must be, from its name. */
function expectedMagic(filename: string): { name: string; bytes: number[][] } | null {
  if (/\.(tar\.gz|tgz)$/.test(filename)) return { name: 'gzip', bytes: [[0x1f, 0x8b]] };
  if (/\.zip$/.test(filename)) return { name: 'zip', bytes: [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06]] };
  if (/\.msi$/.test(filename)) return { name: 'MSI', bytes: [[0xd0, 0xcf, 0x11, 0xe0]] };
  if (/\.pkg$/.test(filename)) return { name: 'PKG (xar)', bytes: [[0x78, 0x61, 0x72, 0x21]] };
  return null;
}

/** Looks like an HTML page (redirect page, proxy login, error page)? */
export function looksLikeHtml(head: Buffer): boolean {
  const s = head.subarray(0, 512).toString('latin1').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return s.startsWith('<!doctype') || s.startsWith('<html') || s.startsWith('<head') || s.startsWith('<body') || s.startsWith('<a ') || s.startsWith('<?xml') || s.startsWith('<title');
}

class ContentError extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
  }
}

/** Check the first bytes of a file; throws ContentError (wrapping the catalog error). */
function checkHead(head: Buffer, filename: string, url: string): void {
  if (looksLikeHtml(head)) throw new ContentError(new AppError('DOWNLOAD_NOT_ARCHIVE', { filename, url }, head.subarray(0, 200).toString('utf8')));
  const m = expectedMagic(filename);
  if (!m) return;
  if (!m.bytes.some((b) => b.every((x, i) => head[i] === x))) {
    throw new ContentError(new AppError('DOWNLOAD_BAD_CONTENT', { filename, expected: m.name, magic: head.subarray(0, 4).toString('hex') || '(empty)' }));
  }
}

const MAGIC_BYTES = 8;
/** bytes written between background datasyncs while receiving (see receive) */
const SYNC_STEP = 8 * 1024 * 1024;

interface Meta {
  url: string;
  etag?: string;
  lastModified?: string;
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly kind: 'status' | 'network' | 'timeout' | 'short',
    readonly status?: number,
    readonly timeoutMs?: number,
  ) {
    super(message);
  }
}
class NotFoundError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** The codes that are a source's answer (another source may do better), not a local problem. */
const SOURCE_CODES = new Set(['DOWNLOAD_NOT_ARCHIVE', 'DOWNLOAD_BAD_CONTENT', 'DOWNLOAD_HTTP_ERROR', 'DOWNLOAD_TIMEOUT', 'DOWNLOAD_NETWORK']);

/** What a source answered, from the error fetchVerified ended with. */
function answerOf(url: string, err: AppError): SourceTried {
  const official = isOfficialSource(url);
  const p = err.params;
  const tries = typeof p.attempts === 'number' ? p.attempts : undefined;
  switch (err.code) {
    case 'DOWNLOAD_NOT_ARCHIVE':
      return { url, official, answer: 'html', raw: err.detail };
    case 'DOWNLOAD_BAD_CONTENT':
      return { url, official, answer: 'bad-content', raw: `first bytes ${p.magic}, expected ${p.expected}` };
    case 'DOWNLOAD_HTTP_ERROR':
      return { url, official, answer: 'http', status: Number(p.status), tries, raw: `HTTP ${p.status}` };
    case 'DOWNLOAD_TIMEOUT':
      return { url, official, answer: 'timeout', seconds: Number(p.seconds), tries, raw: String(p.message ?? '') || undefined };
    default:
      return { url, official, answer: classifyNetError(String(p.message ?? '')), tries, raw: String(p.message ?? '') };
  }
}

/** The error for a file no source could give: the one source's own code, or DOWNLOAD_SOURCES_FAILED naming each. */
function sourcesError(filename: string, tried: SourceTried[], last: AppError | null, publicSkipped: boolean): AppError {
  const params = { ...(last?.params ?? {}), filename, url: tried[0]?.url ?? '', ...sourcesParams(tried, publicSkipped) };
  const detail = sourcesDetail(tried);
  if (tried.length > 1) return new AppError('DOWNLOAD_SOURCES_FAILED', params, detail);
  const only = tried[0]!;
  if (only.answer === 'not-found') return new AppError('DOWNLOAD_NOT_FOUND', { ...params, status: only.status ?? 404 }, detail);
  return new AppError(last?.code ?? 'DOWNLOAD_NETWORK', params, [detail, last?.detail].filter(Boolean).join('\n\n'));
}

/** The retry under way, for the progress event ("no data for 30 s — retry 2 of 4"). */
function retryInfo(e: RetryableError, attempt: number, of: number): NonNullable<Live['retry']> {
  if (e.kind === 'status') return { attempt, of, reason: 'http', status: e.status };
  if (e.kind === 'timeout') return { attempt, of, reason: 'timeout', seconds: Math.round((e.timeoutMs ?? 0) / 1000) };
  if (e.kind === 'short') return { attempt, of, reason: 'reset' };
  return { attempt, of, reason: classifyNetError(e.message) };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

async function hashFile(path: string, onBytes?: (n: number) => void, signal?: AbortSignal): Promise<{ hash: Hash; size: number; head: Buffer }> {
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal }) as AsyncIterable<Buffer>) {
    if (head.length < MAGIC_BYTES) head = Buffer.concat([head, chunk.subarray(0, MAGIC_BYTES)]);
    hash.update(chunk);
    size += chunk.length;
    onBytes?.(size);
  }
  return { hash, size, head };
}

/** Per-file live state, read by the progress ticker. */
interface Live {
  filename: string;
  done: number;
  total: number;
  meter: SpeedMeter;
  note?: string;
  active: boolean;
  source?: { url: string; official: boolean };
  retry?: { attempt: number; of: number; reason: SourceAnswerKind; seconds?: number; status?: number };
  /** when `done` last changed (ms) and its value then: "no data for N s" while a server is silent */
  changedAt: number;
  doneAt: number;
  /** send a progress event now (a retry or a change of source is shown at once, not at the next tick) */
  flush: () => void;
}

/**
 * Download and verify release files into `outDir`. Resolves with one DownloadedFile per file, in
 * the given order; throws an AppError on the first file that cannot be downloaded and verified
 * (other transfers are cancelled; their parts are kept for a later resume).
 */
export async function downloadFiles(files: ReleaseFile[], opts: DownloadOptions): Promise<DownloadedFile[]> {
  const { job } = opts;
  if (opts.baseUrls.length === 0) throw new AppError('DOWNLOAD_BAD_URL', { url: '(none)' });
  for (const b of opts.baseUrls) parseHttpUrl(normalizeMirror(b));
  for (const f of files) {
    if (!f.filename || basename(f.filename) !== f.filename || f.filename.startsWith('.')) {
      throw new AppError('RELEASES_LISTING_INVALID', { source: 'listing', message: `unsafe file name ${JSON.stringify(f.filename)}` });
    }
    if (!/^[0-9a-f]{64}$/i.test(f.sha256 ?? '')) {
      if (!opts.acceptMissingSha256) throw new AppError('RELEASE_NO_SHA256', { filename: f.filename, version: f.version });
      job.log('download.sha256-missing-accepted', { filename: f.filename, version: f.version });
    }
  }
  await mkdir(opts.outDir, { recursive: true });

  // one controller for the batch: the first hard failure stops the other transfers
  const batch = new AbortController();
  const onAbort = () => batch.abort();
  if (job.signal.aborted) batch.abort();
  else job.signal.addEventListener('abort', onAbort, { once: true });

  const lives: Live[] = files.map((f) => ({ filename: f.filename, done: 0, total: f.size > 0 ? f.size : 0, meter: new SpeedMeter(), active: false, changedAt: Date.now(), doneAt: 0, flush: () => emit() }));
  const overallTotal = lives.reduce((a, l) => a + l.total, 0);
  const overallMeter = new SpeedMeter();
  const emit = () => {
    const now = Date.now();
    const overallDone = lives.reduce((a, l) => a + l.done, 0);
    overallMeter.sample(overallDone, now);
    const active = lives.filter((l) => l.active);
    for (const l of active) {
      l.meter.sample(l.done, now);
      if (l.done !== l.doneAt) {
        l.doneAt = l.done;
        l.changedAt = now;
      }
      const silent = Math.floor((now - l.changedAt) / 1000);
      job.progress(
        {
          phase: 'download',
          file: l.filename,
          done: l.done,
          total: l.total,
          overallDone,
          overallTotal,
          unit: 'bytes',
          speed: l.meter.speed(),
          etaSeconds: l.meter.eta(l.done, l.total),
          note: l.note,
          source: l.source,
          retry: l.retry,
          waitingSeconds: silent >= 3 ? silent : undefined,
        },
        true,
      );
    }
    if (files.length > 1 && active.length > 0) {
      job.progress(
        { phase: 'download', done: overallDone, total: overallTotal, overallDone, overallTotal, unit: 'bytes', speed: overallMeter.speed(), etaSeconds: overallMeter.eta(overallDone, overallTotal) },
        true,
      );
    }
  };
  const ticker = setInterval(emit, 250);
  ticker.unref?.();

  const results: DownloadedFile[] = new Array(files.length);
  let next = 0;
  let failure: unknown = null;
  const workers = Array.from({ length: Math.max(1, Math.min(opts.parallel ?? 3, files.length)) }, async () => {
    while (next < files.length && !failure) {
      const i = next++;
      const live = lives[i]!;
      live.active = true;
      live.changedAt = Date.now();
      live.source = opts.baseUrls[0] ? { url: fileUrl(opts.baseUrls[0], live.filename), official: isOfficialSource(fileUrl(opts.baseUrls[0], live.filename)) } : undefined;
      try {
        results[i] = await downloadOne(files[i]!, live, opts, batch.signal);
        live.note = undefined;
        emit();
      } catch (err) {
        if (!failure) failure = err;
        batch.abort();
      } finally {
        live.active = false;
      }
    }
  });
  try {
    await Promise.all(workers);
  } finally {
    clearInterval(ticker);
    job.signal.removeEventListener('abort', onAbort);
  }
  if (failure) {
    if (job.signal.aborted) throw new AppError('CANCELLED');
    throw toAppError(failure);
  }
  throwIfCancelled(job.signal);
  return results;
}

async function downloadOne(file: ReleaseFile, live: Live, opts: DownloadOptions, signal: AbortSignal): Promise<DownloadedFile> {
  const { job } = opts;
  const final = join(opts.outDir, file.filename);
  const part = `${final}.part`;
  const metaPath = `${part}.json`;
  const expectedSha = (file.sha256 ?? '').toLowerCase();
  const expectedSize = file.size > 0 ? file.size : 0;

  // already there and verified earlier (a re-run): hash it once and reuse it
  const existing = await sizeOf(final);
  if (existing !== null && expectedSha && (expectedSize === 0 || existing === expectedSize)) {
    live.note = 'checking existing file';
    const { hash } = await hashFile(final, (n) => (live.done = n), signal);
    if (hash.digest('hex') === expectedSha) {
      job.log('download.reused', { filename: file.filename, path: final });
      const sig = await checkSignature(file, final, opts, signal, null);
      return { file, path: final, sha256: expectedSha, size: existing, url: fileUrl(opts.baseUrls[0]!, file.filename), ...sig };
    }
    live.done = 0;
  }

  const urls = opts.baseUrls.map((b) => fileUrl(b, file.filename));
  const tried: SourceTried[] = [];
  let lastErr: AppError | null = null;
  for (const [i, url] of urls.entries()) {
    if (i > 0) {
      // say when the download moves on to the next source (the public Go sites among them)
      live.note = 'next-source';
      live.retry = undefined;
      live.source = { url, official: isOfficialSource(url) };
      live.flush();
      job.log('download.next-source', { filename: file.filename, url, official: isOfficialSource(url) });
    }
    try {
      const { url: finalUrl, size, sha256 } = await fetchVerified(url, file, part, metaPath, live, opts, signal);
      // the part is complete and its SHA-256 matched: give it its final name
      const fh = await open(part, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      throwIfCancelled(signal);
      await rename(part, final);
      await rm(metaPath, { force: true });
      await syncDir(opts.outDir);
      job.log('download.verified', { filename: file.filename, sha256, url: finalUrl, path: final });
      const sig = await checkSignature(file, final, opts, signal, url);
      return { file, path: final, sha256, size, url: finalUrl, ...sig };
    } catch (err) {
      if (signal.aborted) throw new AppError('CANCELLED');
      if (err instanceof NotFoundError) {
        tried.push({ url, official: isOfficialSource(url), answer: 'not-found', status: err.status, raw: err.message });
        job.log('download.not-found', { filename: file.filename, url });
        continue;
      }
      if (err instanceof ContentError) {
        // a web page or wrong content: nothing kept; another mirror may do better
        await rm(part, { force: true });
        await rm(metaPath, { force: true });
        lastErr = err.appError;
        tried.push(answerOf(url, err.appError));
        job.log('download.bad-content', { filename: file.filename, url, code: err.appError.code });
        continue;
      }
      // damaged or altered bytes, a full disk, no permission: not a matter of which source
      if (!(err instanceof AppError) || !SOURCE_CODES.has(err.code)) throw err;
      lastErr = err;
      tried.push(answerOf(url, err));
      job.log('download.url-failed', { filename: file.filename, url, code: err.code, error: err.message });
    }
  }
  throw sourcesError(file.filename, tried, lastErr, !!opts.publicSkipped);
}

async function readMeta(path: string): Promise<Meta | null> {
  try {
    const m = JSON.parse(await readFile(path, 'utf8')) as Meta;
    return typeof m.url === 'string' ? m : null;
  } catch {
    return null;
  }
}

/**
 * Fetch `url` into `part` until it is complete and its SHA-256 matches; retries and resumes.
 * Throws NotFoundError (404/410), ContentError (HTML, wrong magic), AppError (mismatch, final
 * network failure), or cancellation.
 */
async function fetchVerified(
  url: string,
  file: ReleaseFile,
  part: string,
  metaPath: string,
  live: Live,
  opts: DownloadOptions,
  signal: AbortSignal,
): Promise<{ url: string; size: number; sha256: string }> {
  const { job } = opts;
  const attempts = Math.max(1, opts.attempts ?? 5);
  const backoff = opts.backoffMs ?? 500;
  const expectedSize = file.size > 0 ? file.size : 0;
  const expectedSha = (file.sha256 ?? '').toLowerCase();
  const http: HttpOptions = {
    env: opts.env,
    proxy: opts.proxy,
    signal,
    connectTimeoutMs: opts.connectTimeoutMs,
    idleTimeoutMs: opts.idleTimeoutMs,
  };
  // what the running hash covers: exactly the first `hashed` bytes of the part
  let hash: Hash | null = null;
  let hashed = 0;
  let failures = 0;
  let lastRetryable: RetryableError | null = null;

  for (;;) {
    throwIfCancelled(signal);
    let offset = (await sizeOf(part)) ?? 0;
    if (expectedSize && offset > expectedSize) {
      await truncate(part, 0);
      offset = 0;
    }
    if (!hash || hashed !== offset) {
      // resume from a part left by an earlier run (or a write that did not land): hash it once
      hash = createHash('sha256');
      hashed = 0;
      if (offset > 0) {
        live.note = 'hashing existing part';
        const r = await hashFile(part, (n) => (live.done = n), signal);
        let bad = false;
        try {
          checkHead(r.head, file.filename, url);
        } catch {
          bad = true;
        }
        if (bad || r.size !== offset) {
          await truncate(part, 0);
          offset = 0;
        } else {
          hash = r.hash;
          hashed = r.size;
        }
      }
    }
    live.done = offset;

    const meta = await readMeta(metaPath);
    const headers: Record<string, string> = {};
    if (offset > 0) {
      headers.range = `bytes=${offset}-`;
      const validator = meta && meta.url === url ? (meta.etag && !meta.etag.startsWith('W/') ? meta.etag : meta.lastModified) : undefined;
      if (validator) headers['if-range'] = validator;
      live.note = 'resuming';
      job.log('download.resume', { filename: file.filename, offset, url, ifRange: validator ?? null });
    }

    let res: Awaited<ReturnType<typeof httpGetStream>>;
    try {
      res = await httpGetStream(url, { ...http, headers });
    } catch (err) {
      if (signal.aborted) throw new AppError('CANCELLED');
      if (err instanceof NetError && err.kind !== 'proxy') {
        lastRetryable = new RetryableError(err.message, err.kind === 'timeout' ? 'timeout' : 'network', undefined, err.timeoutMs);
      } else if (err instanceof NetError) {
        lastRetryable = new RetryableError(err.message, 'network');
      } else throw err;
      if (++failures >= attempts) break;
      live.note = `retry ${failures}/${attempts - 1}`;
      live.retry = retryInfo(lastRetryable, failures, attempts - 1);
      live.flush();
      job.log('download.retry', { filename: file.filename, url, error: err.message, attempt: failures });
      await sleep(Math.min(8000, backoff * 2 ** (failures - 1)), signal);
      continue;
    }

    const status = res.status;
    if (status === 404 || status === 410) {
      res.body.discard();
      throw new NotFoundError(status);
    }
    if (status === 416) {
      res.body.discard();
      if (offset > 0 && offset === expectedSize) {
        // the part is already complete
      } else {
        await truncate(part, 0).catch(() => {});
        continue;
      }
    } else if (status >= 500 || status === 429 || status === 408) {
      res.body.discard();
      lastRetryable = new RetryableError(`HTTP ${status}`, 'status', status);
      if (++failures >= attempts) break;
      live.note = `retry ${failures}/${attempts - 1}`;
      live.retry = retryInfo(lastRetryable, failures, attempts - 1);
      live.flush();
      // a busy server (503/429) says when to come back: wait that long (at most a minute) if longer than our backoff
      const asked = status === 503 || status === 429 ? retryAfterMs(res.headers['retry-after']) : null;
      const wait = Math.max(Math.min(8000, backoff * 2 ** (failures - 1)), Math.min(60_000, asked ?? 0));
      job.log('download.retry', { filename: file.filename, url, status, attempt: failures, waitMs: wait });
      await sleep(wait, signal);
      continue;
    } else if (status !== 200 && status !== 206) {
      res.body.discard();
      throw new AppError('DOWNLOAD_HTTP_ERROR', { status, url: res.url, attempts: failures + 1 });
    } else {
      let start = 0;
      if (status === 206) {
        const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(res.headers['content-range'] ?? ''));
        start = m ? Number(m[1]) : -1;
        if (start !== offset) {
          // a range we did not ask for: start over cleanly
          res.body.discard();
          await truncate(part, 0);
          hash = null;
          job.log('download.bad-range', { filename: file.filename, asked: offset, got: res.headers['content-range'] ?? null });
          continue;
        }
      } else if (offset > 0) {
        // the server ignored Range (or the file changed): restart from zero
        job.log('download.range-ignored', { filename: file.filename, url: res.url, offset });
        live.note = 'restarting';
        offset = 0;
        hash = createHash('sha256');
        hashed = 0;
        live.done = 0;
      }
      const etag = res.headers.etag;
      const lastModified = res.headers['last-modified'];
      await writeFileAtomic(metaPath, JSON.stringify({ url, etag, lastModified } satisfies Meta));
      const got = await receive(res.body, part, offset, hash!, file, res.url, expectedSize, (n) => {
        live.done = offset + n;
        if (live.retry) {
          // bytes flow again: the retry worked
          live.retry = undefined;
          live.note = undefined;
        }
      });
      // the hash covers exactly what landed in the part, so a resume needs no second pass
      hashed = offset + got.received;
      if (got.error) {
        const err = got.error;
        if (signal.aborted) throw new AppError('CANCELLED');
        if (err instanceof ContentError || err instanceof AppError) throw err;
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') throw toAppError(err);
        lastRetryable =
          err instanceof NetError && err.kind === 'timeout'
            ? new RetryableError(err.message, 'timeout', undefined, err.timeoutMs)
            : new RetryableError(e.message || String(err), 'network');
        // a connection that dropped after real progress does not use up the tries
        if (got.received >= 64 * 1024) failures = 0;
        if (++failures >= attempts) break;
        live.note = `retry ${failures}/${attempts - 1}`;
        live.retry = retryInfo(lastRetryable, failures, attempts - 1);
      live.flush();
        job.log('download.retry', { filename: file.filename, url, error: lastRetryable.message, attempt: failures, have: (await sizeOf(part)) ?? 0 });
        await sleep(Math.min(8000, backoff * 2 ** (failures - 1)), signal);
        continue;
      }
      if (expectedSize && hashed < expectedSize) {
        // the body ended early without an error (e.g. a wrong Content-Length): resume
        lastRetryable = new RetryableError(`body ended after ${hashed} of ${expectedSize} bytes`, 'short');
        if (++failures >= attempts) break;
        live.note = `retry ${failures}/${attempts - 1}`;
        live.retry = retryInfo(lastRetryable, failures, attempts - 1);
      live.flush();
        job.log('download.short', { filename: file.filename, url, have: hashed, expected: expectedSize });
        continue;
      }
    }

    // complete: check size and hash
    const size = (await sizeOf(part)) ?? 0;
    if (!hash || hashed !== size) {
      const r = await hashFile(part, undefined, signal);
      hash = r.hash;
      hashed = r.size;
    }
    const actual = hash.digest('hex');
    if (expectedSize && size !== expectedSize) {
      await rm(part, { force: true });
      await rm(metaPath, { force: true });
      throw new AppError('DOWNLOAD_SIZE_MISMATCH', { filename: file.filename, expected: expectedSize, actual: size });
    }
    if (expectedSha && actual !== expectedSha) {
      await rm(part, { force: true });
      await rm(metaPath, { force: true });
      throw new AppError('DOWNLOAD_SHA256_MISMATCH', { filename: file.filename, expected: expectedSha, actual });
    }
    return { url: res.url, size, sha256: actual };
  }

  const e = lastRetryable!;
  if (e.kind === 'status') throw new AppError('DOWNLOAD_HTTP_ERROR', { status: e.status ?? 0, url, attempts });
  if (e.kind === 'timeout') throw new AppError('DOWNLOAD_TIMEOUT', { url, seconds: Math.round((e.timeoutMs ?? 0) / 1000), attempts, message: e.message });
  throw new AppError('DOWNLOAD_NETWORK', { url, message: e.message, attempts });
}

/**
 * Write a response body into the part file at `offset`, hashing each chunk right after it landed
 * (synchronous writes: only bytes that are in the file are hashed, so what was hashed is what
 * landed, even when a write fails half-way). Resolves with the bytes received and hashed, and the
 * error that ended the body early, if any.
 *
 * Synchronous writes on purpose: the direct reader hands out views of one reused buffer, so each
 * chunk must be written before the next read; the copy into the page cache is the same work a
 * thread-pool write would do, without the hand-offs (measured in docs/PERFORMANCE.md).
 */
async function receive(
  body: BodyStream,
  part: string,
  offset: number,
  hash: Hash,
  file: ReleaseFile,
  url: string,
  expectedSize: number,
  onBytes: (n: number) => void,
): Promise<{ received: number; error: unknown }> {
  const fh = await open(part, offset > 0 ? 'a' : 'w');
  const fd = fh.fd;
  // Write back while receiving: a datasync every SYNC_STEP bytes (one at a time, on the thread
  // pool) starts the disk writes early, so the fsync before the rename finds almost nothing left
  // (measured on the 117 MiB fixture: final fsync 53 ms → 2 ms). Errors here are ignored: that
  // final fsync reports them.
  let syncedAt = 0;
  let syncing: Promise<void> | null = null;
  let received = 0;
  const backgroundSync = () => {
    if (syncing || received - syncedAt < SYNC_STEP) return;
    syncedAt = received;
    syncing = fh.datasync().then(
      () => void (syncing = null),
      () => void (syncing = null),
    );
  };
  let head: Buffer | null = offset === 0 ? Buffer.alloc(0) : null;
  const accept = (chunk: Buffer) => {
    if (expectedSize && offset + received + chunk.length > expectedSize) {
      throw new AppError('DOWNLOAD_SIZE_MISMATCH', { filename: file.filename, expected: expectedSize, actual: `${offset + received + chunk.length}+` });
    }
    for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at, chunk.length - at);
    hash.update(chunk);
    received += chunk.length;
    backgroundSync();
  };
  let error: unknown;
  try {
    error = await body.consume((chunk) => {
      if (head) {
        // hold the first bytes back until the magic can be checked (copied: the chunk is a view
        // of a buffer the reader reuses)
        head = Buffer.concat([head, chunk]);
        if (head.length < MAGIC_BYTES) return;
        checkHead(head, file.filename, url);
        const held = head;
        head = null;
        accept(held);
      } else accept(chunk);
      onBytes(received);
    });
    if (!error && head && head.length > 0) {
      // short body (smaller than the magic): check what came
      checkHead(head, file.filename, url);
      accept(head);
      onBytes(received);
    }
  } catch (e) {
    error = e;
  } finally {
    await syncing;
    await fh.close().catch(() => {});
  }
  return { received, error };
}

async function checkSignature(
  file: ReleaseFile,
  path: string,
  opts: DownloadOptions,
  signal: AbortSignal,
  fromUrl: string | null,
): Promise<{ signature: SignatureStatus; signaturePath?: string; keyFingerprint?: string }> {
  const mode = opts.signature?.mode ?? 'auto';
  if (mode === 'off') return { signature: 'not-checked' };
  const http: HttpOptions = { env: opts.env, proxy: opts.proxy, signal, connectTimeoutMs: opts.connectTimeoutMs, idleTimeoutMs: opts.idleTimeoutMs };
  const urls = fromUrl ? [fromUrl] : opts.baseUrls.map((b) => fileUrl(b, file.filename));
  let armored: string | null = null;
  let lastErr: unknown = null;
  for (const u of urls) {
    try {
      const r = await httpGetText(`${u}.asc`, { ...http, maxBytes: 256 * 1024 });
      if (r.status === 200 && r.text.includes('-----BEGIN PGP SIGNATURE-----')) {
        armored = r.text;
        break;
      }
      if (r.status === 200) {
        lastErr = null;
        continue; // e.g. an HTML page: not a signature
      }
    } catch (err) {
      if (signal.aborted) throw new AppError('CANCELLED');
      lastErr = err;
    }
  }
  if (!armored) {
    opts.job.log('download.signature-not-published', { filename: file.filename, error: lastErr ? String((lastErr as Error).message) : null, required: mode === 'require' });
    if (mode === 'require') {
      // a file fetched just now is not kept under its final name; one found already there stays
      if (fromUrl) await rm(path, { force: true });
      throw new AppError('DOWNLOAD_SIGNATURE_MISSING', { filename: file.filename });
    }
    return { signature: 'not-published' };
  }
  opts.job.progress({ phase: 'signature', file: file.filename, done: 0, total: 0, overallDone: 0, overallTotal: 0, unit: 'bytes', speed: 0, etaSeconds: null }, true);
  let key;
  try {
    key = await loadSigningKey({
      keyFile: opts.signature?.keyFile,
      pinnedFingerprints: opts.signature?.pinnedFingerprints,
      keyUrl: opts.signature?.keyUrl,
      env: opts.env,
      http,
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (signal.aborted) throw new AppError('CANCELLED');
    throw new AppError('DOWNLOAD_SIGNING_KEY_UNAVAILABLE', { filename: file.filename, message: (err as Error).message ?? String(err) });
  }
  const sigPath = `${path}.asc`;
  try {
    const fp = await verifyDetached(path, armored, key.key);
    await writeFileAtomic(sigPath, armored);
    opts.job.log('download.signature-verified', { filename: file.filename, key: formatFingerprint(fp), keyFrom: key.from });
    return { signature: 'verified', signaturePath: sigPath, keyFingerprint: fp };
  } catch (err) {
    if (signal.aborted) throw new AppError('CANCELLED');
    // bad signature: the file must not be used
    await rm(path, { force: true });
    await rm(sigPath, { force: true });
    opts.job.log('download.signature-bad', { filename: file.filename, error: String((err as Error).message ?? err) });
    throw new AppError('DOWNLOAD_SIGNATURE_BAD', { filename: file.filename, message: String((err as Error).message ?? err).slice(0, 300) });
  }
}

export { GO_SIGNING_KEY_FINGERPRINT as DEFAULT_PINNED_FINGERPRINT };
