/**
 * Relay mode: serve a bundle read-only over HTTP so that other machines install from it and use
 * its module proxy as GOPROXY. Only the files the manifest lists (plus SHA256SUMS) are served:
 * no directory traversal, no other files of the folder, no writes. Range requests are supported.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { AppError } from '../../../shared/errors';
import { MANIFEST_NAME, SUMS_NAME, type BundleManifest } from '../../../shared/bundle';
import { APP_VERSION } from '../../../shared/version';
import { readManifest } from './manifest';
import { openInside, safeJoin } from './source';

export interface RelayOptions {
  dir: string;
  /** default 127.0.0.1: exposing on the LAN (0.0.0.0 or an address) must be asked for */
  host?: string;
  /** default 0: any free port */
  port?: number;
  /** access log sink */
  onRequest?: (line: { method: string; path: string; status: number; bytes: number }) => void;
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

/** Start serving the bundle in `dir`. Reads and cross-checks its manifest first (verify it fully before, with verifyBundle). */
export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const read = await readManifest(opts.dir);
  const root = read.source.location;
  const manifest = read.manifest;
  const allowed = new Map<string, string>(); // path -> sha256 (ETag)
  for (const [p, e] of read.expected) allowed.set(p, e.sha256);
  allowed.set(SUMS_NAME, '');
  const host = opts.host ?? '127.0.0.1';
  let base = '';
  let goproxy: string | null = null;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-cache');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('read-only: only GET and HEAD\n');
      return 0;
    }
    let rel: string;
    try {
      const pathname = new URL(req.url ?? '/', 'http://relay').pathname;
      rel = pathname.split('/').map((s) => decodeURIComponent(s)).join('/').replace(/^\/+/, '');
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bad path\n');
      return 0;
    }
    if (rel === '' || rel === 'index.html') {
      const body = Buffer.from(listingPage(manifest, base, goproxy), 'utf8');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return body.length;
    }
    const etag = allowed.get(rel);
    if (etag === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not in this bundle\n');
      return 0;
    }
    let full: string;
    try {
      full = safeJoin(root, rel);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not in this bundle\n');
      return 0;
    }
    // checked at open time, on the open file: a regular file reached without links (a folder
    // swapped for a link while serving is refused too); what is served is what was checked
    const got = await openInside(full);
    if (!got || 'notFile' in got) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(got ? 'not a regular file of the bundle folder\n' : 'missing from the bundle folder\n');
      return 0;
    }
    const { fh, st } = got;
    let handedOff = false;
    try {
      const headers: Record<string, string | number> = {
        'Content-Type': contentType(rel),
        'Accept-Ranges': 'bytes',
        'Last-Modified': st.mtime.toUTCString(),
      };
      if (etag) headers.ETag = `"${etag}"`;
      if (etag && req.headers['if-none-match'] === `"${etag}"`) {
        res.writeHead(304, headers).end();
        return 0;
      }
      const range = parseRange(req.headers.range, st.size);
      if (range === 'bad') {
        res.writeHead(416, { ...headers, 'Content-Range': `bytes */${st.size}` }).end();
        return 0;
      }
      const start = range ? range.start : 0;
      const end = range ? range.end : st.size - 1;
      const length = st.size === 0 ? 0 : end - start + 1;
      if (range) headers['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
      headers['Content-Length'] = length;
      res.writeHead(range ? 206 : 200, headers);
      if (req.method === 'HEAD' || length === 0) {
        res.end();
        return 0;
      }
      handedOff = true;
      await new Promise<void>((resolveDone) => {
        const stream = fh.createReadStream({ start, end, autoClose: true });
        stream.on('error', () => {
          res.destroy();
          resolveDone();
        });
        res.on('close', () => {
          stream.destroy();
          resolveDone();
        });
        stream.pipe(res);
      });
      return length;
    } finally {
      if (!handedOff) await fh.close().catch(() => {});
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).then(
      (bytes) => opts.onRequest?.({ method: req.method ?? '?', path: req.url ?? '', status: res.statusCode, bytes }),
      () => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      },
    );
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
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
