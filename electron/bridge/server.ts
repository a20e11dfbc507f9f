/**
 * The loopback bridge: serves the built renderer over http://127.0.0.1 and implements the same
 * typed contract as the Electron preload, wired to the real engine through the shared dispatcher.
 * Used by the browser end-to-end tests (Chromium drives the real renderer against the real
 * engine) and by `npm run preview:web`. Binds to 127.0.0.1 only; every API call needs a random
 * token; Host and Origin are checked against our own address (no DNS rebinding, no other sites).
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import { createDispatcher, type AnyHandler } from '../engine/handlers';
import { logsWritten } from '../engine/logs';
import type { Progress } from '../../shared/progress';
import type { Env } from '../engine/paths';
import { APP_VERSION } from '../../shared/version';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface BridgeOptions {
  /** the built renderer (out/renderer) */
  staticDir: string;
  /** environment the engine runs with (tests pass a temp HOME) */
  env?: Env;
  port?: number;
  token?: string;
  /**
   * What "open in the browser" does here (there is no browser of the user's behind the bridge):
   * by default nothing (`opened: false`); tests pass a recorder.
   */
  openExternal?: (url: string) => boolean;
}

export interface Bridge {
  url: string;
  /** the URL to open in the browser, token included in the fragment */
  pageUrl: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

let clientBundle: Promise<string> | null = null;
function bundleClient(): Promise<string> {
  clientBundle ??= build({
    entryPoints: [join(__dirname, 'client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return clientBundle;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const root = resolve(opts.staticDir);
  const streams = new Set<ServerResponse>();
  const emit = (p: Progress) => {
    const line = `event: progress\ndata: ${JSON.stringify(p)}\n\n`;
    for (const s of streams) s.write(line);
  };
  const unsupported: AnyHandler = async () => ({ path: null, supported: false });
  const dispatcher = createDispatcher({
    env: opts.env ?? process.env,
    emit,
    extraHandlers: {
      'system.chooseFolder': unsupported,
      'system.chooseFile': unsupported,
      'system.openExternal': async (args) => ({ opened: opts.openExternal ? opts.openExternal((args as { url: string }).url) : false }),
      'system.showItem': async () => ({ shown: false }),
      'system.takeOpenedFile': async () => ({ path: null }),
      'system.info': async () => ({ version: APP_VERSION, transport: 'bridge', packaged: false, platform: process.platform, locale: 'en-US' }),
    },
  });
  let origin = '';

  const server = createServer(async (req, res) => {
    try {
      const host = req.headers.host ?? '';
      if (`http://${host}` !== origin) {
        res.writeHead(421).end('wrong host');
        return;
      }
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname.startsWith('/__bridge/')) {
        await api(req, res, url);
        return;
      }
      await serveStatic(res, url.pathname);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    }
  });

  async function api(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (url.pathname === '/__bridge/client.js') {
      res.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' });
      res.end(await bundleClient());
      return;
    }
    const given = (req.headers['x-bridge-token'] as string | undefined) ?? url.searchParams.get('token') ?? '';
    if (!sameToken(given, token)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (req.headers.origin && req.headers.origin !== origin) {
      res.writeHead(403).end('foreign origin');
      return;
    }
    if (url.pathname === '/__bridge/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const m = /^\/__bridge\/invoke\/([\w.]+)$/.exec(url.pathname);
    if (!m || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 1024 * 1024) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(c as Buffer);
    }
    let args: unknown = {};
    try {
      args = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      args = undefined;
    }
    const envelope = await dispatcher.dispatch(m[1]!, args);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(envelope));
  }

  async function serveStatic(res: ServerResponse, pathname: string) {
    let rel = decodeURIComponent(pathname);
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    let target = file;
    try {
      if (!(await stat(target)).isFile()) throw new Error('not a file');
    } catch {
      target = join(root, 'index.html');
    }
    let body: Buffer | string = await readFile(target);
    const type = TYPES[extname(target)] ?? 'application/octet-stream';
    if (target.endsWith('index.html')) {
      // the bridge client must run before the app's module script
      body = body.toString('utf8').replace('<head>', '<head>\n    <script src="/__bridge/client.js"></script>');
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(body);
  }

  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', () => r()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  origin = `http://127.0.0.1:${port}`;
  await bundleClient();
  return {
    url: origin,
    pageUrl: `${origin}/#bridgeToken=${token}`,
    token,
    server,
    async close() {
      dispatcher.cancelAll();
      for (const s of streams) s.end();
      await new Promise<void>((r) => server.close(() => r()));
      // the app-log lines of the last calls are written before close returns (a HOME removed
      // right after must not be recreated by a late write)
      await logsWritten();
    },
  };
}
