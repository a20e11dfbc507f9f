/**
 * Relay mode: serve a bundle read-only over HTTP so that other machines install from it and use
 * its module proxy as GOPROXY. Only the files the manifest lists (plus SHA256SUMS) are served:
 * no directory traversal, no other files of the folder, no writes.
 *
 * Under load (a fleet pulling at once): at most `maxTransfers` archive transfers run at once and
 * the next one is answered 503 with Retry-After (our clients wait and retry); small files (the
 * module proxy's .info/.mod/list and small zips) have their own, larger limit, so GOPROXY users
 * never wait behind archives. Bodies are streamed with backpressure (`pipeline`), never buffered;
 * a client that stops reading is cut after `stallTimeoutMs` and one that goes away frees its slot
 * at once. Every request gives one access-log line (how it ended: complete, client-gone, stalled,
 * refused-busy, error); `/_status` (HTML, English and Chinese, no scripts) and `/_status.json` say
 * what runs now and who pulled what — only files of the manifest are ever named there.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createWriteStream, renameSync, statSync, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { networkInterfaces } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/errors';
import { MANIFEST_NAME, SUMS_NAME, type BundleManifest } from '../../../shared/bundle';
import { APP_VERSION } from '../../../shared/version';
import { displaySafe } from '../../../shared/text';
import { readManifest } from './manifest';
import { openInside, safeJoin } from './source';
import { RelayStats, formatAccessLine, statusPage, type AccessLine, type RelayEnding, type RelayStatus } from './relay-status';

export type { AccessLine, RelayEnding, RelayStatus } from './relay-status';

/** Defaults of the limits (docs/CLI.md, "serve"). */
export const RELAY_DEFAULTS = {
  maxTransfers: 8,
  maxSmall: 64,
  /** a file this large takes an archive slot even when it is not an archive (a big module zip) */
  largeBytes: 16 * 1024 * 1024,
  maxConnections: 512,
  stallTimeoutMs: 60_000,
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  retryAfterSeconds: 2,
  accessLogMaxBytes: 10 * 1024 * 1024,
};

export interface RelayOptions {
  dir: string;
  /** default 127.0.0.1: exposing on the LAN (0.0.0.0 or an address) must be asked for */
  host?: string;
  /** default 0: any free port */
  port?: number;
  /** archive transfers at once (default 8); the next is answered 503 with Retry-After */
  maxTransfers?: number;
  /** small-file answers at once (default 64) */
  maxSmall?: number;
  /** size from which any file counts as an archive transfer (default 16 MiB) */
  largeBytes?: number;
  /** open connections at most (server.maxConnections; default 512); more are dropped at once */
  maxConnections?: number;
  /** ms a client may read nothing while a body is being sent before it is cut (default 60 s) */
  stallTimeoutMs?: number;
  /** ms for a client to send its request headers (default 15 s) and whole request (30 s) */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** the Retry-After of a 503 (default 2 s) */
  retryAfterSeconds?: number;
  /** the access log file (appended, rotated to `<file>.1` at accessLogMaxBytes); none when unset */
  accessLogFile?: string;
  accessLogMaxBytes?: number;
  /** every access-log line, as it is written */
  onAccess?: (line: AccessLine) => void;
}

export interface Relay {
  /** the base URL for this host (first of `urls`) */
  url: string;
  /** base URLs to use on targets (one per address when listening on all interfaces) */
  urls: string[];
  host: string;
  port: number;
  manifest: BundleManifest;
  /** GOPROXY value for targets, when the bundle has a module proxy */
  goproxy: string | null;
  /** the status page (`/_status`; `/_status.json` beside it) */
  statusUrl: string;
  /** where the access log is written, or null */
  accessLogFile: string | null;
  /** the limits in force */
  limits: { maxTransfers: number; maxSmall: number; maxConnections: number; stallTimeoutMs: number };
  /** what `/_status.json` answers now */
  status(): RelayStatus;
  close(): Promise<void>;
}

const TYPES: Array<[RegExp, string]> = [
  [/\.json$/, 'application/json'],
  [/\.(txt|info|mod|ini|asc)$|\/list$|^SHA256SUMS$/, 'text/plain; charset=utf-8'],
  [/\.sh$/, 'text/x-shellscript; charset=utf-8'],
  [/\.ps1$/, 'text/plain; charset=utf-8'],
  [/\.ya?ml$/, 'application/yaml; charset=utf-8'],
  [/\.(tar\.gz|tgz)$/, 'application/gzip'],
  [/\.zip$/, 'application/zip'],
];

export function contentType(path: string): string {
  if (path.endsWith('.asc')) return 'application/pgp-signature';
  for (const [re, t] of TYPES) if (re.test(path)) return t;
  return 'application/octet-stream';
}

/** Parse a single `bytes=` range; null = serve whole; 'bad' = unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'bad' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // multiple or odd ranges: ignoring Range is allowed
  const [, a, b] = m;
  if (a === '' && b === '') return null;
  let start: number;
  let end: number;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'bad';
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'bad';
  return { start, end };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function listingPage(manifest: BundleManifest, base: string, goproxy: string | null): string {
  const rows = manifest.files
    .filter((f) => f.kind !== 'module-proxy')
    .flatMap((f) => (f.parts && f.parts.length ? f.parts.map((p) => ({ path: p.path, size: p.size, sha256: p.sha256, kind: f.kind })) : [{ path: f.path, size: f.size, sha256: f.sha256, kind: f.kind }]))
    .map((f) => `<tr><td><a href="${esc(f.path.split('/').map(encodeURIComponent).join('/'))}">${esc(f.path)}</a></td><td>${esc(f.kind)}</td><td>${f.size}</td><td><code>${f.sha256}</code></td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Go offline bundle: ${esc(manifest.go.versions.join(', '))}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:left}code{font-size:90%}</style></head>
<body><h1>Go offline bundle / Go 离线安装包</h1>
<p>Go ${esc(manifest.go.versions.join(', '))} · made ${esc(manifest.createdAt)} by ${esc(manifest.creator.tool)} ${esc(manifest.creator.version)} · served read-only by go-offline ${esc(APP_VERSION)}</p>
<h2>Use it on a target machine / 在目标机器上使用</h2>
<pre>go-offline install --bundle ${esc(base)}
curl -fsSO ${esc(base)}install.sh &amp;&amp; sh install.sh --from ${esc(base)}
curl -fsS ${esc(base)}SHA256SUMS   # checksums of every file${goproxy ? `\nexport GOPROXY=${esc(goproxy)}` : ''}</pre>
<h2>Files / 文件</h2>
<table><tr><th>path</th><th>kind</th><th>bytes</th><th>sha256</th></tr>
<tr><td><a href="${MANIFEST_NAME}">${MANIFEST_NAME}</a></td><td>manifest</td><td></td><td></td></tr>
<tr><td><a href="${SUMS_NAME}">${SUMS_NAME}</a></td><td>checksums</td><td></td><td></td></tr>
${rows}
</table>${manifest.modules ? `<p>Module proxy: ${manifest.modules.moduleCount} modules under <code>${esc(manifest.modules.proxyPath)}/</code></p>` : ''}
</body></html>
`;
}

function hostUrls(host: string, port: number): string[] {
  const fmt = (h: string) => (h.includes(':') ? `http://[${h}]:${port}/` : `http://${h}:${port}/`);
  if (host === '0.0.0.0' || host === '::') {
    const out: string[] = [];
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) {
        if (a.internal) continue;
        if (a.family === 'IPv4' || (host === '::' && a.family === 'IPv6' && !a.address.startsWith('fe80'))) out.push(fmt(a.address));
      }
    }
    out.push(fmt(host === '::' ? '::1' : '127.0.0.1'));
    return out;
  }
  return [fmt(host)];
}


/** The access log file: appended line by line, moved to `<file>.1` once it reaches `maxBytes`. */
class AccessLogFile {
  private out: WriteStream;
  private size: number;
  constructor(
    readonly path: string,
    private readonly maxBytes: number,
  ) {
    this.size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    this.out = createWriteStream(path, { flags: 'a' });
    this.out.on('error', () => {});
  }
  write(line: string): void {
    if (this.size >= this.maxBytes) {
      this.out.end();
      try {
        renameSync(this.path, `${this.path}.1`);
      } catch {
        /* keep writing where we can */
      }
      this.out = createWriteStream(this.path, { flags: 'a' });
      this.out.on('error', () => {});
      this.size = 0;
    }
    const b = Buffer.from(line + '\n', 'utf8');
    this.size += b.length;
    this.out.write(b);
  }
  close(): Promise<void> {
    return new Promise((r) => this.out.end(() => r()));
  }
}

function clientOf(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '?';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8' };
/** read size of a body: bounded memory per client (a few of these in flight), few callbacks per MiB */
const STREAM_CHUNK = 256 * 1024;

/** Start serving the bundle in `dir`. Reads and cross-checks its manifest first (verify it fully before, with verifyBundle). */
export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const read = await readManifest(opts.dir);
  const root = read.source.location;
  const manifest = read.manifest;
  const allowed = new Map<string, { etag: string; size: number | null }>();
  for (const [p, e] of read.expected) allowed.set(p, { etag: e.sha256, size: e.size });
  allowed.set(SUMS_NAME, { etag: '', size: null });
  // archives and their parts take archive slots; so does any file from `largeBytes` up
  const archivePaths = new Set<string>();
  for (const f of manifest.files) {
    if (f.kind !== 'archive') continue;
    archivePaths.add(f.path);
    for (const p of f.parts ?? []) archivePaths.add(p.path);
  }
  const proxyPrefix = manifest.modules ? manifest.modules.proxyPath.replace(/\/*$/, '/') : null;
  const host = opts.host ?? '127.0.0.1';
  const d = RELAY_DEFAULTS;
  const maxTransfers = Math.max(1, opts.maxTransfers ?? d.maxTransfers);
  const maxSmall = Math.max(1, opts.maxSmall ?? d.maxSmall);
  const largeBytes = opts.largeBytes ?? d.largeBytes;
  const maxConnections = Math.max(1, opts.maxConnections ?? d.maxConnections);
  const stallTimeoutMs = opts.stallTimeoutMs ?? d.stallTimeoutMs;
  const retryAfter = Math.max(0, Math.round(opts.retryAfterSeconds ?? d.retryAfterSeconds));
  let base = '';
  let goproxy: string | null = null;

  let log: AccessLogFile | null = null;
  if (opts.accessLogFile) {
    await mkdir(dirname(opts.accessLogFile), { recursive: true });
    log = new AccessLogFile(opts.accessLogFile, opts.accessLogMaxBytes ?? d.accessLogMaxBytes);
  }
  const stats = new RelayStats(
    () => ({
      bundle: { dir: root, goVersions: manifest.go.versions, createdAt: manifest.createdAt, files: read.expected.size, moduleCount: manifest.modules?.moduleCount ?? null },
      limits: { maxTransfers, maxSmall, maxConnections, stallTimeoutSeconds: Math.round(stallTimeoutMs / 1000) },
    }),
    (p) => (allowed.has(p) ? (allowed.get(p)!.size ?? 0) : null),
    (p) => proxyPrefix !== null && p.startsWith(proxyPrefix),
  );
  const emit = (line: AccessLine, bundlePath: string | null, notInBundle: boolean) => {
    stats.record(line, bundlePath, notInBundle);
    log?.write(formatAccessLine(line));
    opts.onAccess?.(line);
  };

  /** What one request did, for its access-log line. */
  interface Outcome {
    bytes: number;
    ended: RelayEnding;
    /** the manifest path it named (counted per client), or null */
    bundlePath: string | null;
    notInBundle?: boolean;
  }
  const sent = (bytes: number, bundlePath: string | null = null): Outcome => ({ bytes, ended: 'complete', bundlePath });

  function small(res: ServerResponse, status: number, body: string, headers: Record<string, string | number> = TEXT): number {
    const b = Buffer.from(body, 'utf8');
    res.writeHead(status, { ...headers, 'Content-Length': b.length });
    res.end(res.req.method === 'HEAD' ? undefined : b);
    return res.req.method === 'HEAD' ? 0 : b.length;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, client: string): Promise<Outcome> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-cache');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sent(small(res, 405, 'read-only: only GET and HEAD\n', { Allow: 'GET, HEAD', ...TEXT }));
    }
    let rel: string;
    try {
      const pathname = new URL(req.url ?? '/', 'http://relay').pathname;
      rel = pathname.split('/').map((s) => decodeURIComponent(s)).join('/').replace(/^\/+/, '');
    } catch {
      return { ...sent(small(res, 400, 'bad path\n')), notInBundle: true };
    }
    if (rel === '' || rel === 'index.html') {
      return sent(small(res, 200, listingPage(manifest, base, goproxy), { 'Content-Type': 'text/html; charset=utf-8' }));
    }
    if (rel === '_status') return sent(small(res, 200, statusPage(stats.snapshot()), { 'Content-Type': 'text/html; charset=utf-8' }));
    if (rel === '_status.json') return sent(small(res, 200, JSON.stringify(stats.snapshot(), null, 1) + '\n', { 'Content-Type': 'application/json' }));
    const entry = allowed.get(rel);
    const notHere = (msg: string): Outcome => ({ ...sent(small(res, 404, msg)), notInBundle: true });
    if (entry === undefined) return notHere('not in this bundle\n');
    let full: string;
    try {
      full = safeJoin(root, rel);
    } catch {
      return notHere('not in this bundle\n');
    }
    // checked at open time, on the open file: a regular file reached without links (a folder
    // swapped for a link while serving is refused too); what is served is what was checked
    const got = await openInside(full);
    if (!got || 'notFile' in got) {
      return { ...sent(small(res, 404, got ? 'not a regular file of the bundle folder\n' : 'missing from the bundle folder\n'), rel), notInBundle: false };
    }
    const { fh, st } = got;
    let handedOff = false;
    try {
      const etag = entry.etag;
      const lastModified = st.mtime.toUTCString();
      const headers: Record<string, string | number> = {
        'Content-Type': contentType(rel),
        'Accept-Ranges': 'bytes',
        'Last-Modified': lastModified,
      };
      if (etag) headers.ETag = `"${etag}"`;
      if (etag && req.headers['if-none-match'] === `"${etag}"`) {
        res.writeHead(304, headers).end();
        return sent(0, rel);
      }
      // If-Range: the range only when the validator still names this file, else the whole file
      let rangeHeader = req.headers.range;
      const ifRange = req.headers['if-range'] === undefined ? undefined : String(req.headers['if-range']);
      if (rangeHeader !== undefined && ifRange !== undefined) {
        const same = ifRange.startsWith('"') || ifRange.startsWith('W/') ? !!etag && ifRange === `"${etag}"` : ifRange === lastModified;
        if (!same) rangeHeader = undefined;
      }
      const range = parseRange(rangeHeader, st.size);
      if (range === 'bad') {
        res.writeHead(416, { ...headers, 'Content-Range': `bytes */${st.size}`, 'Content-Length': 0 }).end();
        return sent(0, rel);
      }
      const start = range ? range.start : 0;
      const end = range ? range.end : st.size - 1;
      const length = st.size === 0 ? 0 : end - start + 1;
      if (range) headers['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
      headers['Content-Length'] = length;
      if (req.method === 'HEAD' || length === 0) {
        res.writeHead(range ? 206 : 200, headers).end();
        return sent(0, rel);
      }
      const slot: 'archive' | 'small' = archivePaths.has(rel) || st.size >= largeBytes ? 'archive' : 'small';
      const limit = slot === 'archive' ? maxTransfers : maxSmall;
      const running = stats.activeCount(slot);
      if (running >= limit) {
        const what = slot === 'archive' ? 'archive transfers' : 'small-file answers';
        const whatZh = slot === 'archive' ? '个安装包传输' : '个小文件应答';
        const body = `busy: ${running} ${what} are running (at most ${limit}); try again in ${retryAfter} s\n繁忙：正在进行 ${running} ${whatZh}（上限 ${limit}）；请在 ${retryAfter} 秒后重试\n`;
        small(res, 503, body, { ...TEXT, 'Retry-After': retryAfter });
        return { bytes: 0, ended: 'refused-busy', bundlePath: rel };
      }
      const t = stats.begin(client, rel, slot, length);
      let stalled = false;
      let body: ReturnType<typeof fh.createReadStream> | null = null;
      try {
        res.writeHead(range ? 206 : 200, headers);
        // a client that reads nothing (its window full, our buffer full) for this long is cut
        res.setTimeout(stallTimeoutMs, () => {
          stalled = true;
          res.destroy();
        });
        // the stream owns the FileHandle from here and closes it (never an fd number of ours:
        // closing one twice could close another request's file); large reads, few callbacks
        handedOff = true;
        body = fh.createReadStream({ start, end, autoClose: true, highWaterMark: STREAM_CHUNK });
        body.on('data', (chunk) => (t.bytes += chunk.length));
        await pipeline(body, res);
        return { bytes: t.bytes, ended: 'complete', bundlePath: rel };
      } catch {
        const ended: RelayEnding = stalled ? 'stalled' : req.socket.destroyed || res.destroyed ? 'client-gone' : 'error';
        if (!res.destroyed) res.destroy();
        return { bytes: t.bytes, ended, bundlePath: rel };
      } finally {
        // (the socket's timeout is the server's again: keep-alive sets its own after the answer)
        stats.end(t);
        // the stream closes the file when it ends or is destroyed (after any read under way)
        if (body && !body.destroyed) body.destroy();
      }
    } finally {
      if (!handedOff) await fh.close().catch(() => {});
    }
  }

  const server: Server = createServer(
    {
      headersTimeout: opts.headersTimeoutMs ?? d.headersTimeoutMs,
      requestTimeout: opts.requestTimeoutMs ?? d.requestTimeoutMs,
      keepAliveTimeout: d.keepAliveTimeoutMs,
    },
    (req, res) => {
      const t0 = Date.now();
      const time = new Date(t0).toISOString();
      // read now: once the client has gone its socket no longer knows the address
      const client = clientOf(req);
      const line = (o: Outcome): AccessLine => ({
        time,
        client,
        method: displaySafe(req.method ?? '?').slice(0, 16),
        path: displaySafe(req.url ?? '').slice(0, 512),
        status: res.statusCode,
        bytes: o.bytes,
        ms: Date.now() - t0,
        ended: o.ended,
      });
      handle(req, res, client).then(
        (o) => emit(line(o), o.bundlePath, !!o.notInBundle),
        () => {
          if (!res.headersSent) res.writeHead(500).end();
          else res.destroy();
          emit(line({ bytes: 0, ended: 'error', bundlePath: null }), null, false);
        },
      );
    },
  );
  server.maxConnections = maxConnections;
  server.on('drop', (data?: { remoteAddress?: string }) => {
    const a = data?.remoteAddress ?? '?';
    emit({ time: new Date().toISOString(), client: a.startsWith('::ffff:') ? a.slice(7) : a, method: '-', path: '-', status: 0, bytes: 0, ms: 0, ended: 'refused-busy' }, null, false);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new AppError('BUNDLE_RELAY_ADDRESS', { host, port: opts.port ?? 0, message: err.code ?? err.message }, err.stack)),
    );
    server.listen(opts.port ?? 0, host, () => resolveListen());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
  const urls = hostUrls(host, port);
  base = urls[0]!;
  goproxy = manifest.modules ? `${base}${manifest.modules.proxyPath}/` : null;
  return {
    url: base,
    urls,
    host,
    port,
    manifest,
    goproxy,
    statusUrl: `${base}_status`,
    accessLogFile: log?.path ?? null,
    limits: { maxTransfers, maxSmall, maxConnections, stallTimeoutMs },
    status: () => stats.snapshot(),
    close: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await log?.close();
    },
  };
}
