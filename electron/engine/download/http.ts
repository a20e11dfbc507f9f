/**
 * The HTTP client of steps 2 and 3: GET with redirects, proxies (settings proxy, HTTPS_PROXY /
 * HTTP_PROXY / ALL_PROXY / NO_PROXY from the given environment), a connect timeout (until the
 * response headers arrive) and an idle timeout (no body bytes for that long), and cancellation.
 * Plain node:http/https; proxy agents from https-proxy-agent (CONNECT) and http-proxy-agent
 * (forward proxy for http:// targets).
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
  headers?: Record<string, string>;
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
        method: 'GET',
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
  const env = opts.env ?? process.env;
  const max = opts.maxRedirects ?? 10;
  const redirects: string[] = [];
  let url = parseHttpUrl(target);
  for (;;) {
    const proxy = proxyFor(url.href, env, opts.proxy);
    const res = await once(url, opts, proxy);
    const status = res.statusCode ?? 0;
    if (REDIRECTS.has(status) && res.headers.location) {
      res.resume();
      if (redirects.length >= max) {
        throw new NetError(`more than ${max} redirects`, 'network', target);
      }
      redirects.push(url.href);
      const next = new URL(res.headers.location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new NetError(`redirect to ${next.protocol} URL`, 'network', url.href);
      url = next;
      continue;
    }
    return { status, headers: res.headers, url: url.href, redirects, body: res };
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
