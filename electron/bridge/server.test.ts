import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startBridge, type Bridge } from './server';

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('loopback bridge', () => {
  let dir: string;
  let home: string;
  let bridge: Bridge;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gooff-static-'));
    home = mkdtempSync(join(tmpdir(), 'gooff-bhome-'));
    writeFileSync(join(dir, 'index.html'), '<html><head><title>x</title></head><body></body></html>');
    bridge = await startBridge({ staticDir: dir, env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
  });
  afterAll(async () => {
    await bridge.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only and injects its client into the page', async () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const html = await (await fetch(bridge.url + '/')).text();
    expect(html).toContain('<script src="/__bridge/client.js"></script>');
    const client = await (await fetch(bridge.url + '/__bridge/client.js')).text();
    expect(client).toContain('bridgeToken');
  });

  it('refuses calls without the token', async () => {
    const res = await post(`${bridge.url}/__bridge/invoke/settings.get`, {});
    expect(res.status).toBe(403);
    const wrong = await post(`${bridge.url}/__bridge/invoke/settings.get`, {}, { 'x-bridge-token': 'x'.repeat(bridge.token.length) });
    expect(wrong.status).toBe(403);
  });

  it('refuses a foreign Origin and a foreign Host (DNS rebinding)', async () => {
    const res = await post(`${bridge.url}/__bridge/invoke/settings.get`, {}, { 'x-bridge-token': bridge.token, origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const port = new URL(bridge.url).port;
    const status = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.end();
    });
    expect(status).toBe(421);
  });

  it('serves the real engine through the typed contract, validating arguments', async () => {
    const ok = await (await post(`${bridge.url}/__bridge/invoke/settings.set`, { patch: { language: 'zh' } }, { 'x-bridge-token': bridge.token })).json();
    expect(ok).toMatchObject({ ok: true, value: { language: 'zh' } });
    const bad = await (await post(`${bridge.url}/__bridge/invoke/settings.set`, { patch: { language: 'klingon' } }, { 'x-bridge-token': bridge.token })).json();
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('INVALID_REQUEST');
    expect(bad.error.title.zh).toBeTruthy();
    const unknown = await (await post(`${bridge.url}/__bridge/invoke/nope.nothing`, {}, { 'x-bridge-token': bridge.token })).json();
    expect(unknown.error.code).toBe('INVALID_REQUEST');
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`${bridge.url}/..%2f..%2fetc%2fpasswd`);
    const text = await res.text();
    expect(text).not.toContain('root:');
  });
});
