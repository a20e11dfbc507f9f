/**
 * A loopback Go mirror for tests, with fault injection, and a small forward/CONNECT proxy.
 *
 *   const mirror = await startMirror({ releases: [fixtureListingEntry(f)], files: { [f.filename]: f.archive } });
 *   // listing: `${mirror.baseUrl}?mode=json&include=all` (official format), files: `${mirror.baseUrl}<filename>`
 *   mirror.fault(f.filename, { kind: 'drop', afterBytes: 1 << 20 });   // next request of that file drops mid-body
 *   mirror.requests   // every request seen: method, path, headers (range, if-range), status sent
 *   await mirror.close();
 *
 * Files are served from disk (streamed, so large archives cost no memory) or from Buffers, with
 * ETag / Last-Modified, Range (206 + Content-Range, 416) and If-Range support. Faults are queued
 * per file name (or '*' for every file, or LISTING for the listing) and each is used for `times`
 * requests (default 1) before the file is served normally again.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

/** The key under which faults for the listing itself are queued. */
export const LISTING = '<listing>';

export type Fault =
  /** send the headers (full Content-Length) and this many body bytes, then cut the connection */
  | { kind: 'drop'; afterBytes: number; times?: number }
  /** answer with this status and a short text body */
  | { kind: 'status'; status: number; times?: number; headers?: Record<string, string> }
  /** serve the file with some bytes changed (same length): SHA-256 mismatch */
  | { kind: 'corrupt'; offset?: number; times?: number }
  /** serve slowly: `chunkBytes` (default 16 KiB) every `delayMs` */
  | { kind: 'slow'; delayMs: number; chunkBytes?: number; times?: number }
  /** answer 200 with the whole file even when a Range was asked */
  | { kind: 'ignore-range'; times?: number }
  /** redirect `hops` times (302 through /redirect/N/...) before serving, or once to `to` */
  | { kind: 'redirect'; hops?: number; to?: string; status?: 301 | 302 | 303 | 307 | 308; times?: number }
  /** announce this Content-Length but send the real body (then close) */
  | { kind: 'content-length'; value: number; times?: number }
  /** serve an HTML page (like a redirect or proxy login page) with status 200 */
  | { kind: 'html'; body?: string; times?: number }
  /** accept the request and never answer */
  | { kind: 'hang'; times?: number }
  /** 200 with no length, then zeros for ever (or until `maxBytes`), written as fast as the client reads */
  | { kind: 'endless'; maxBytes?: number; times?: number }
  /** send the status line and a header, then never finish the head */
  | { kind: 'partial-head'; times?: number }
  /** 200 with `Content-Encoding: gzip` (not asked for) and an endless gzip stream of zeros */
  | { kind: 'gzip-bomb'; times?: number };

export interface RecordedRequest {
  method: string;
  /** path and query as requested */
  path: string;
  headers: IncomingMessage['headers'];
  range?: string;
  ifRange?: string;
  /** status we answered (0 while pending or for hang/drop before headers) */
  status: number;
  /** the fault applied, if any */
  fault?: Fault['kind'];
  /** body bytes the client took (written with backpressure), for endless and gzip-bomb faults */
  bytesSent?: number;
}

export interface MirrorOptions {
  /** listing entries in the official `go.dev/dl/?mode=json&include=all` format */
  releases?: unknown[];
  /** raw listing body instead of `releases` (to serve broken listings) */
  listingBody?: string;
  /** filename -> path on disk or content */
  files?: Record<string, string | Buffer>;
  /** initial faults: filename (or '*' or LISTING) -> faults in order */
  faults?: Record<string, Fault[]>;
  /** URL path prefix of the mirror base (default "/dl/") */
  prefix?: string;
}

export interface Mirror {
  /** e.g. http://127.0.0.1:41234/dl/ */
  baseUrl: string;
  /** http://127.0.0.1:41234 */
  origin: string;
  requests: RecordedRequest[];
  /** queue a fault for the next request(s) of a file ('*' = any file, LISTING = the listing) */
  fault(name: string, fault: Fault): void;
  /** requests for one file name (listing requests under LISTING) */
  requestsFor(name: string): RecordedRequest[];
  close(): Promise<void>;
}

interface Entry {
  size: number;
  etag: string;
  lastModified: string;
  open(start: number, end: number): Readable;
}

function entryFor(src: string | Buffer): Entry {
  if (typeof src === 'string') {
    const st = statSync(src);
    return {
      size: st.size,
      etag: `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`,
      lastModified: st.mtime.toUTCString(),
      open: (start, end) => createReadStream(src, { start, end, highWaterMark: 256 * 1024 }),
    };
  }
  return {
    size: src.length,
    etag: `"b-${src.length.toString(16)}"`,
    lastModified: new Date(0).toUTCString(),
    open: (start, end) => Readable.from([src.subarray(start, end + 1)]),
  };
}

/** Write zeros (raw, or gzip-compressed: ~1000:1) until the client goes away or `max` bytes went out. */
async function endless(res: ServerResponse, rec: RecordedRequest, gzip: boolean, max: number): Promise<void> {
  // gzip: one member of 16 MiB of zeros (~16 KB), repeated: concatenated members are valid gzip
  const payload = gzip ? gzipSync(Buffer.alloc(16 * 1024 * 1024)) : Buffer.alloc(256 * 1024);
  rec.bytesSent = 0;
  while (!res.destroyed && rec.bytesSent < max) {
    const part = payload.subarray(0, Math.min(payload.length, max - rec.bytesSent));
    rec.bytesSent += part.length;
    if (!res.write(part)) await drained(res);
  }
  if (!res.destroyed) res.end();
}

/** Resolves when `res` can take more (or is gone). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((r) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      r();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function startMirror(opts: MirrorOptions = {}): Promise<Mirror> {
  const prefix = opts.prefix ?? '/dl/';
  const files = new Map<string, Entry>();
  for (const [name, src] of Object.entries(opts.files ?? {})) files.set(name, entryFor(src));
  const queues = new Map<string, Fault[]>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const names = new WeakMap<RecordedRequest, string>();

  function fault(name: string, f: Fault) {
    const q = queues.get(name) ?? [];
    q.push({ ...f });
    queues.set(name, q);
  }
  for (const [name, fs] of Object.entries(opts.faults ?? {})) for (const f of fs) fault(name, f);

  function takeFault(name: string): Fault | undefined {
    for (const key of [name, '*']) {
      const q = queues.get(key);
      if (q && q.length) {
        const f = q[0]!;
        const left = (f.times ?? 1) - 1;
        if (left <= 0) q.shift();
        else f.times = left;
        return f;
      }
    }
    return undefined;
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, rec: RecordedRequest, name: string, e: Entry, f?: Fault) {
    let start = 0;
    let end = e.size - 1;
    let partial = false;
    const range = req.headers.range;
    const ifRange = req.headers['if-range'];
    const rangeAllowed = !ifRange || ifRange === e.etag || ifRange === e.lastModified;
    if (range && rangeAllowed && f?.kind !== 'ignore-range') {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range);
      if (m) {
        if (m[1] === '' && m[2] !== '') {
          start = Math.max(0, e.size - Number(m[2]));
        } else {
          start = Number(m[1]);
          if (m[2] !== '') end = Math.min(end, Number(m[2]));
        }
        if (start >= e.size || start > end) {
          rec.status = 416;
          res.writeHead(416, { 'content-range': `bytes */${e.size}` });
          res.end();
          return;
        }
        partial = true;
      }
    }
    const length = end - start + 1;
    const headers: Record<string, string | number> = {
      'content-type': name.endsWith('.asc') ? 'application/pgp-signature' : 'application/octet-stream',
      'accept-ranges': f?.kind === 'ignore-range' ? 'none' : 'bytes',
      etag: e.etag,
      'last-modified': e.lastModified,
      'content-length': f?.kind === 'content-length' ? f.value : length,
    };
    if (partial) headers['content-range'] = `bytes ${start}-${end}/${e.size}`;
    rec.status = partial ? 206 : 200;
    res.writeHead(rec.status, headers);
    if (req.method === 'HEAD') return void res.end();
    const body = e.open(start, end);
    let sent = 0;
    const limit = f?.kind === 'drop' ? f.afterBytes : Infinity;
    const corruptAt = f?.kind === 'corrupt' ? (f.offset ?? Math.floor(e.size / 2)) : -1;
    try {
      for await (const raw of body as AsyncIterable<Buffer>) {
        let chunk = raw;
        if (corruptAt >= start + sent && corruptAt < start + sent + chunk.length) {
          chunk = Buffer.from(chunk);
          chunk[corruptAt - start - sent] = chunk[corruptAt - start - sent]! ^ 0xff;
        }
        if (sent + chunk.length > limit) {
          const part = chunk.subarray(0, limit - sent);
          await new Promise<void>((r) => res.write(part, () => r()));
          req.socket.destroy();
          body.destroy();
          return;
        }
        if (f?.kind === 'slow') {
          const step = f.chunkBytes ?? 16 * 1024;
          for (let i = 0; i < chunk.length; i += step) {
            if (res.destroyed) return void body.destroy();
            res.write(chunk.subarray(i, i + step));
            await sleep(f.delayMs);
          }
        } else if (!res.write(chunk)) await drained(res);
        sent += chunk.length;
        if (res.destroyed) return void body.destroy();
      }
      if (f?.kind === 'content-length') {
        // the announced length was wrong: end the connection so the client sees where the body stops
        res.end(() => req.socket.destroy());
      } else res.end();
    } catch {
      req.socket.destroy();
    }
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/'),
      headers: req.headers,
      range: req.headers.range,
      ifRange: req.headers['if-range'] as string | undefined,
      status: 0,
    };
    requests.push(rec);
    // redirect hops: /redirect/<n>/<rest>
    const hop = /^\/redirect\/(\d+)(\/.*)$/.exec(url.pathname);
    if (hop) {
      const n = Number(hop[1]);
      const rest = hop[2]! + url.search;
      rec.status = 302;
      names.set(rec, '<redirect>');
      res.writeHead(302, { location: n > 1 ? `/redirect/${n - 1}${rest}` : rest, 'content-type': 'text/html' });
      res.end(`<a href="${rest}">Found</a>.\n`);
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      rec.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const name = decodeURIComponent(url.pathname.slice(prefix.length));
    const isListing = name === '' && url.searchParams.get('mode') === 'json';
    const key = isListing ? LISTING : name;
    names.set(rec, key);
    const f = takeFault(key);
    if (f) rec.fault = f.kind;
    if (f?.kind === 'hang') return;
    if (f?.kind === 'partial-head') {
      req.socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n');
      return;
    }
    if (f?.kind === 'endless' || f?.kind === 'gzip-bomb') {
      rec.status = 200;
      res.writeHead(200, { 'content-type': 'application/octet-stream', ...(f.kind === 'gzip-bomb' ? { 'content-encoding': 'gzip' } : {}) });
      void endless(res, rec, f.kind === 'gzip-bomb', f.kind === 'endless' ? (f.maxBytes ?? Infinity) : Infinity);
      return;
    }
    if (f?.kind === 'status') {
      rec.status = f.status;
      res.writeHead(f.status, { 'content-type': 'text/plain', ...f.headers }).end(`error ${f.status}\n`);
      return;
    }
    if (f?.kind === 'html') {
      rec.status = 200;
      const body = f.body ?? `<html><head><title>Found</title></head><body><a href="https://dl.google.com/go/${name}">Found</a>.</body></html>\n`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
      return;
    }
    if (f?.kind === 'redirect') {
      const status = f.status ?? 302;
      rec.status = status;
      const target = f.to ?? (f.hops && f.hops > 1 ? `/redirect/${f.hops - 1}${url.pathname}${url.search}` : `${url.pathname}${url.search}`);
      res.writeHead(status, { location: target, 'content-type': 'text/html' }).end(`<a href="${target}">Found</a>.\n`);
      return;
    }
    if (isListing) {
      const body = opts.listingBody ?? JSON.stringify(opts.releases ?? [], null, 1);
      rec.status = 200;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      return;
    }
    const e = files.get(name);
    if (!e) {
      rec.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    void serveFile(req, res, rec, name, e, f);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}${prefix}`,
    origin,
    requests,
    fault,
    requestsFor: (name) => requests.filter((r) => names.get(r) === name),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export interface ProxyRequest {
  /** "CONNECT" or the forwarded method */
  method: string;
  /** host:port for CONNECT, the absolute URL for forwarded requests */
  target: string;
  proxyAuthorization?: string;
}

export interface TestProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: ProxyRequest[];
  close(): Promise<void>;
}

/**
 * A small HTTP proxy on loopback: forwards absolute-URI requests (plain http targets) and tunnels
 * CONNECT (https targets). Records what it was asked for.
 */
export async function startProxy(): Promise<TestProxy> {
  const requests: ProxyRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', target: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'] });
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URL required\n');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = httpRequest(target, { method: req.method, headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
      upRes.on('error', () => res.destroy());
    });
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end('bad gateway\n');
      else res.destroy();
    });
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    requests.push({ method: 'CONNECT', target: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port) || 443, host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
