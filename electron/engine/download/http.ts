/**
 * The HTTP client of steps 2 and 3: GET with redirects, proxies (settings proxy, HTTPS_PROXY /
 * HTTP_PROXY / ALL_PROXY / NO_PROXY from the given environment), a connect timeout (until the
 * response headers arrive) and an idle timeout (no body bytes for that long), and cancellation.
 * Plain node:http/https; proxy agents from https-proxy-agent (CONNECT) and http-proxy-agent
 * (forward proxy for http:// targets).
 *
 * `httpGetStream` (the verified download's body path) reads direct http:// bodies (no proxy) with
 * a small HTTP/1.1 client of its own: one reused 1 MiB read buffer handed to the caller chunk by
 * chunk (see docs/PERFORMANCE.md: node:http's body path costs ~100 ms per 117 MiB more here —
 * a fresh 64 KiB buffer per read, parser and stream callbacks per chunk). https and proxied
 * targets go through node:http as before, behind the same interface.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import { finished } from 'node:stream';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { HttpProxyAgent } from 'http-proxy-agent';
import { AppError } from '../../../shared/errors';
import { APP_NAME, APP_VERSION } from '../../../shared/version';
import type { Env } from '../paths';

export interface HttpOptions {
  env?: Env;
  /** proxy from the settings; overrides HTTPS_PROXY/HTTP_PROXY (NO_PROXY still applies) */
  proxy?: string | null;
  signal?: AbortSignal;
  /** ms until the response headers arrive (connect, TLS, proxy, server think time); default 15 s */
  connectTimeoutMs?: number;
  /** ms without a body byte before the transfer counts as stalled; default 30 s */
  idleTimeoutMs?: number;
  maxRedirects?: number;
  /**
   * asked before each redirect is followed: false refuses it (RedirectRefused); default: every
   * http(s) redirect is followed (downloads: mirrors send you to their storage hosts)
   */
  allowRedirect?: (from: URL, to: URL) => boolean | Promise<boolean>;
  /** default GET; HEAD for a size without the body */
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
}

/** A redirect that `allowRedirect` refused: names where from and where to. */
export class RedirectRefused extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`redirect from ${from} to ${to} refused`);
    this.name = 'RedirectRefused';
  }
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** the URL that finally answered (after redirects) */
  url: string;
  /** the URLs that redirected, in order */
  redirects: string[];
  body: IncomingMessage;
}

/** A network-level failure (no HTTP status): connection refused or reset, DNS, timeouts, proxy. */
export class NetError extends Error {
  constructor(
    message: string,
    readonly kind: 'network' | 'timeout' | 'proxy',
    readonly url: string,
    readonly timeoutMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NetError';
  }
}

const USER_AGENT = `${APP_NAME.replace(/ /g, '-')}/${APP_VERSION}`;

function envVar(env: Env, name: string): string {
  return env[name.toLowerCase()] || env[name.toUpperCase()] || '';
}

/** Whether NO_PROXY (comma/space separated: `*`, `host`, `.suffix`, `*.suffix`, `host:port`) excludes the URL. */
export function noProxyMatches(url: URL, noProxy: string): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[,\s]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      let e = entry.toLowerCase();
      const m = /^(.*):(\d+)$/.exec(e);
      if (m && !e.includes(']') && e.split(':').length === 2) {
        if (m[2] !== port) return false;
        e = m[1]!;
      }
      e = e.replace(/^\*/, '');
      if (e.startsWith('.')) return host.endsWith(e) || host === e.slice(1);
      return host === e;
    });
}

/** The proxy to use for a URL, or null for a direct connection. */
export function proxyFor(target: string, env: Env = process.env, settingsProxy?: string | null): string | null {
  const url = new URL(target);
  if (noProxyMatches(url, envVar(env, 'no_proxy'))) return null;
  let proxy = settingsProxy || '';
  if (!proxy) {
    proxy = url.protocol === 'https:' ? envVar(env, 'https_proxy') : envVar(env, 'http_proxy');
    if (!proxy) proxy = envVar(env, 'all_proxy');
  }
  if (!proxy) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy)) proxy = `http://${proxy}`;
  try {
    const p = new URL(proxy);
    if (p.protocol !== 'http:' && p.protocol !== 'https:') throw new Error(`unsupported proxy scheme ${p.protocol}`);
  } catch {
    throw new AppError('DOWNLOAD_PROXY_INVALID', { proxy });
  }
  return proxy;
}

/**
 * A Retry-After header (seconds, or an HTTP date) as milliseconds from `now`; null when absent or
 * unreadable. Never negative.
 */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const v = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** Parse an http(s) URL or throw DOWNLOAD_BAD_URL. */
export function parseHttpUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new AppError('DOWNLOAD_BAD_URL', { url: raw });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AppError('DOWNLOAD_BAD_URL', { url: raw });
  return u;
}

function agentFor(url: URL, proxy: string | null): Agent | undefined {
  if (!proxy) return undefined;
  return url.protocol === 'https:' ? (new HttpsProxyAgent(proxy) as unknown as Agent) : (new HttpProxyAgent(proxy) as unknown as Agent);
}

function once(url: URL, opts: HttpOptions, proxy: string | null): Promise<IncomingMessage> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: opts.method ?? 'GET',
        agent: agentFor(url, proxy),
        signal: opts.signal,
        headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', ...opts.headers },
      },
      (res) => {
        clearTimeout(timer);
        // idle timeout while the body flows: the socket's own timer, no per-chunk work
        res.setTimeout(idleTimeoutMs, () => {
          res.destroy(new NetError(`no data for ${Math.round(idleTimeoutMs / 1000)} s`, 'timeout', url.href, idleTimeoutMs));
        });
        resolve(res);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new NetError(`no answer within ${Math.round(connectTimeoutMs / 1000)} s`, 'timeout', url.href, connectTimeoutMs));
    }, connectTimeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err instanceof NetError || err.name === 'AbortError') return reject(err);
      const proxyProblem = proxy && /proxy|ECONNREFUSED/i.test(`${err.message} ${err.code ?? ''}`) && !/^ECONNRESET$/.test(err.code ?? '');
      reject(new NetError(`${err.code ? err.code + ': ' : ''}${err.message}`, proxyProblem ? 'proxy' : 'network', url.href, undefined, { cause: err }));
    });
    req.end();
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET a URL following redirects. Resolves with the first non-redirect response (any status; the
 * caller decides); the caller must consume or destroy `body`. Rejects with NetError on network
 * failures and timeouts, AbortError when cancelled.
 */
export async function httpGet(target: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  const r = await followRedirects(target, opts, async (url, proxy) => {
    const res = await once(url, opts, proxy);
    return { status: res.statusCode ?? 0, location: res.headers.location, discard: () => res.resume(), value: res };
  });
  return { status: r.status, headers: r.value.headers, url: r.url, redirects: r.redirects, body: r.value };
}

/**
 * The redirect loop shared by `httpGet` and `httpGetStream`: ask `step` for one response, follow
 * http(s) redirects (at most `maxRedirects`), and hand back the first answer that is not one.
 */
async function followRedirects<R>(
  target: string,
  opts: HttpOptions,
  step: (url: URL, proxy: string | null) => Promise<{ status: number; location?: string; discard(): void; value: R }>,
): Promise<{ status: number; value: R; url: string; redirects: string[] }> {
  const env = opts.env ?? process.env;
  const max = opts.maxRedirects ?? 10;
  const redirects: string[] = [];
  let url = parseHttpUrl(target);
  for (;;) {
    const r = await step(url, proxyFor(url.href, env, opts.proxy));
    if (REDIRECTS.has(r.status) && r.location) {
      r.discard();
      if (redirects.length >= max) throw new NetError(`more than ${max} redirects`, 'network', target);
      redirects.push(url.href);
      const next = new URL(r.location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new NetError(`redirect to ${next.protocol} URL`, 'network', url.href);
      if (opts.allowRedirect && !(await opts.allowRedirect(url, next))) throw new RedirectRefused(url.href, next.href);
      url = next;
      continue;
    }
    return { status: r.status, value: r.value, url: url.href, redirects };
  }
}

/** GET a small text document (listing, signature, key), at most `maxBytes`. */
export async function httpGetText(target: string, opts: HttpOptions & { maxBytes?: number } = {}): Promise<{ status: number; text: string; url: string }> {
  const res = await httpGet(target, opts);
  const max = opts.maxBytes ?? 64 * 1024 * 1024;
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      n += chunk.length;
      if (n > max) {
        res.body.destroy();
        throw new NetError(`answer larger than ${max} bytes`, 'network', res.url);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof NetError || (err as Error).name === 'AbortError') throw err;
    const e = err as NodeJS.ErrnoException;
    throw new NetError(`${e.code ? e.code + ': ' : ''}${e.message}`, 'network', res.url, undefined, { cause: err });
  }
  return { status: res.status, text: Buffer.concat(chunks).toString('utf8'), url: res.url };
}

/** A response body handed out chunk by chunk (see httpGetStream). */
export interface BodyStream {
  /**
   * Hand every body byte to `onChunk`, in order. The chunk may be a view of a reused buffer: it is
   * valid only until `onChunk` returns (copy what you keep). Resolves when the body is over: null
   * when it is complete, else the error that ended it (NetError, AbortError, or what `onChunk`
   * threw — which also stops the transfer). Call at most once.
   */
  consume(onChunk: (chunk: Buffer) => void): Promise<unknown>;
  /** drop the rest of the body and the connection */
  discard(): void;
}

export interface StreamResponse {
  status: number;
  /** lower-case names; repeated headers joined with ", " */
  headers: Record<string, string | undefined>;
  url: string;
  redirects: string[];
  body: BodyStream;
  /** 'direct' (our HTTP/1.1 reader) or 'node' (node:http: https, proxies) */
  via: 'direct' | 'node';
}

/** Read size of the direct reader: one buffer per transfer, reused for every read. */
const DIRECT_READ_BYTES = 1 << 20;
const MAX_HEAD_BYTES = 64 * 1024;

function abortError(): Error {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

function flatHeaders(h: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(h)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function nodeBody(res: IncomingMessage): BodyStream {
  return {
    consume(onChunk) {
      return new Promise((resolve) => {
        let failure: unknown = null;
        res.on('data', (chunk: Buffer) => {
          if (failure) return;
          try {
            onChunk(chunk);
          } catch (err) {
            failure = err;
            res.destroy();
          }
        });
        finished(res, (e) => resolve(failure ?? e ?? null));
      });
    },
    discard: () => void res.resume(),
  };
}

/**
 * Chunked transfer coding, decoded in place: `push` calls `emit` with views of its input; returns
 * true once the last chunk and the trailers are through. Throws on malformed framing.
 */
export function chunkedDecoder(emit: (b: Buffer) => void): { push(b: Buffer): boolean } {
  let state: 'size' | 'data' | 'data-crlf' | 'trailer' | 'done' = 'size';
  let line = '';
  let left = 0;
  return {
    push(b: Buffer): boolean {
      let i = 0;
      while (i < b.length && state !== 'done') {
        if (state === 'data') {
          const n = Math.min(left, b.length - i);
          emit(b.subarray(i, i + n));
          i += n;
          left -= n;
          if (left === 0) state = 'data-crlf';
          continue;
        }
        // line-oriented states: collect up to LF
        const lf = b.indexOf(0x0a, i);
        const end = lf < 0 ? b.length : lf;
        line += b.toString('latin1', i, end);
        if (line.length > 4096) throw new Error('chunked encoding: line too long');
        i = end;
        if (lf < 0) break;
        i = lf + 1;
        const l = line.replace(/\r$/, '');
        line = '';
        if (state === 'data-crlf') {
          if (l !== '') throw new Error('chunked encoding: missing CRLF after chunk');
          state = 'size';
        } else if (state === 'size') {
          const m = /^([0-9a-fA-F]{1,15})[ \t]*(;.*)?$/.exec(l);
          if (!m) throw new Error(`chunked encoding: bad chunk size ${JSON.stringify(l.slice(0, 40))}`);
          left = parseInt(m[1]!, 16);
          state = left === 0 ? 'trailer' : 'data';
        } else if (state === 'trailer') {
          if (l === '') state = 'done';
        }
      }
      return state === 'done';
    },
  };
}

/**
 * One GET over plain HTTP/1.1 on our own socket (no proxy): resolves when the response head is
 * in, with a body that is read into one reused buffer. Same timeouts, errors and cancellation as
 * `once` (NetError network/timeout; AbortError).
 */
function directOnce(url: URL, opts: HttpOptions): Promise<{ status: number; headers: Record<string, string | undefined>; body: BodyStream }> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 30_000;
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', ...opts.headers };
  let head = `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n`;
  for (const [k, v] of Object.entries(headers)) {
    if (/[\r\n\0]/.test(k + v) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) || /^(host|connection)$/i.test(k)) {
      return Promise.reject(new NetError(`invalid request header ${JSON.stringify(k)}`, 'network', url.href));
    }
    head += `${k}: ${v}\r\n`;
  }
  head += '\r\n';

  return new Promise((resolve, reject) => {
    const { signal } = opts;
    if (signal?.aborted) return reject(abortError());
    const buffer = Buffer.allocUnsafe(DIRECT_READ_BYTES);
    let headBuf: Buffer | null = Buffer.alloc(0);
    let settled = false;
    // body state
    let onChunk: ((b: Buffer) => void) | null = null;
    let held: Buffer | null = null; // body bytes that came with the head, before consume()
    let left = -1; // Content-Length bytes still to come; -1 = until close
    let decoder: { push(b: Buffer): boolean } | null = null;
    let complete = false;
    let endBody: ((e: unknown) => void) | null = null;
    let bodyResult: { e: unknown } | null = null;

    const finishBody = (e: unknown) => {
      if (bodyResult) return;
      bodyResult = { e };
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      endBody?.(e);
    };
    const fail = (e: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (!settled) {
        settled = true;
        socket.destroy();
        reject(e);
      } else finishBody(e);
    };
    const onAbort = () => fail(abortError());

    /** Feed body bytes (a view of the read buffer, or of `held`). */
    const feed = (b: Buffer) => {
      try {
        if (decoder) {
          if (decoder.push(b)) complete = true;
        } else if (left >= 0) {
          const n = Math.min(left, b.length);
          if (n > 0) onChunk!(b.subarray(0, n));
          left -= n;
          if (left === 0) complete = true;
        } else if (b.length) onChunk!(b);
      } catch (err) {
        finishBody(err instanceof Error && err.message.startsWith('chunked encoding') ? new NetError(err.message, 'network', url.href) : err);
        return;
      }
      if (complete) finishBody(null);
    };

    const parseHead = (buf: Buffer): boolean => {
      const at = buf.indexOf('\r\n\r\n');
      if (at < 0) {
        if (buf.length > MAX_HEAD_BYTES) fail(new NetError('response head too large', 'network', url.href));
        return false;
      }
      const lines = buf.toString('latin1', 0, at).split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
      if (!m) {
        fail(new NetError(`not an HTTP/1.x answer: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`, 'network', url.href));
        return false;
      }
      const status = Number(m[1]);
      const rest = buf.subarray(at + 4);
      if (status >= 100 && status < 200) {
        // interim answer (100 Continue): the real head follows
        headBuf = Buffer.from(rest);
        return parseHead(headBuf);
      }
      const h: Record<string, string | undefined> = {};
      for (const line of lines.slice(1)) {
        const c = line.indexOf(':');
        if (c <= 0) continue;
        const k = line.slice(0, c).trim().toLowerCase();
        const v = line.slice(c + 1).trim();
        h[k] = h[k] === undefined ? v : `${h[k]}, ${v}`;
      }
      headBuf = null;
      clearTimeout(timer);
      const te = (h['transfer-encoding'] ?? '').toLowerCase();
      if (status === 204 || status === 304) left = 0;
      else if (te && te !== 'identity') {
        if (!/(^|,)\s*chunked\s*$/.test(te)) {
          fail(new NetError(`unsupported transfer-encoding ${te}`, 'network', url.href));
          return false;
        }
        decoder = chunkedDecoder((b) => b.length && onChunk!(b));
      } else if (h['content-length'] !== undefined) {
        if (!/^\d+$/.test(h['content-length'])) {
          fail(new NetError(`bad content-length ${JSON.stringify(h['content-length'])}`, 'network', url.href));
          return false;
        }
        left = Number(h['content-length']);
      }
      // the rest of this read is body: keep a copy (the read buffer is reused) until consume()
      held = rest.length ? Buffer.from(rest) : null;
      socket.pause();
      socket.setTimeout(idleTimeoutMs, () => {
        finishBody(new NetError(`no data for ${Math.round(idleTimeoutMs / 1000)} s`, 'timeout', url.href, idleTimeoutMs));
      });
      settled = true;
      const body: BodyStream = {
        consume(cb) {
          onChunk = cb;
          return new Promise((res) => {
            endBody = res;
            if (bodyResult) return res(bodyResult.e);
            if (left === 0) return finishBody(null);
            if (held) {
              const b = held;
              held = null;
              feed(b);
            }
            if (!bodyResult) socket.resume();
          });
        },
        discard: () => finishBody(null),
      };
      resolve({ status, headers: h, body });
      return true;
    };

    const socket: Socket = netConnect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 80),
      onread: {
        buffer,
        // returning false stops reading (after the head, until consume())
        callback: (n: number, buf: Uint8Array): boolean => {
          const chunk = Buffer.from(buf.buffer, buf.byteOffset, n);
          if (headBuf) {
            headBuf = Buffer.concat([headBuf, chunk]);
            return !parseHead(headBuf);
          }
          if (!bodyResult) feed(chunk);
          return true;
        },
      },
    });
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(head));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (bodyResult) return;
      fail(new NetError(`${err.code ? err.code + ': ' : ''}${err.message}`, 'network', url.href, undefined, { cause: err }));
    });
    socket.on('end', () => {
      if (bodyResult) return;
      if (!settled) return fail(new NetError('socket hang up', 'network', url.href));
      if (left < 0 && !decoder) return finishBody(null); // body delimited by the close
      fail(new NetError('aborted: connection closed before the end of the body', 'network', url.href));
    });
    socket.on('close', () => {
      if (!bodyResult && settled) fail(new NetError('aborted: connection closed', 'network', url.href));
      else if (!settled) fail(new NetError('socket hang up', 'network', url.href));
    });
    const timer = setTimeout(() => {
      fail(new NetError(`no answer within ${Math.round(connectTimeoutMs / 1000)} s`, 'timeout', url.href, connectTimeoutMs));
    }, connectTimeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * GET a URL following redirects, for a streamed download: like `httpGet`, but the body is a
 * BodyStream, and direct http:// targets (no proxy) are read by `directOnce` instead of node:http.
 */
export async function httpGetStream(target: string, opts: HttpOptions = {}): Promise<StreamResponse> {
  const r = await followRedirects(target, opts, async (url, proxy) => {
    let v: { status: number; headers: Record<string, string | undefined>; body: BodyStream; via: 'direct' | 'node' };
    if (url.protocol === 'http:' && !proxy) v = { ...(await directOnce(url, opts)), via: 'direct' };
    else {
      const res = await once(url, opts, proxy);
      v = { status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: nodeBody(res), via: 'node' };
    }
    return { status: v.status, location: v.headers.location, discard: () => v.body.discard(), value: v };
  });
  return { ...r.value, url: r.url, redirects: r.redirects };
}
