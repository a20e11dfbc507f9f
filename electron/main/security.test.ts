import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAllowedExternal, isSupportBundlePath } from './allow-list';

describe('openExternal allow-list', () => {
  it.each([
    ['https://go.dev/doc/install', true],
    ['https://golang.google.cn/dl/', true],
    ['http://go.dev/', false],
    ['https://go.dev.evil.example/', false],
    ['https://user:pw@go.dev/', false],
    ['https://go.dev:8443/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => expect(isAllowedExternal(url)).toBe(ok));

  // the status page of the relay this app runs: exactly its address, nothing near it
  const own = ['http://127.0.0.1:8080/_status', 'http://10.0.0.5:8080/_status'];
  it.each([
    ['http://127.0.0.1:8080/_status', true],
    ['http://10.0.0.5:8080/_status', true],
    ['http://127.0.0.1:8080/_status.json', false],
    ['http://127.0.0.1:8081/_status', false],
    ['http://127.0.0.1:8080/', false],
    ['http://user:pw@127.0.0.1:8080/_status', false],
    ['file:///_status', false],
  ])('while serving: %s → %s', (url, ok) => expect(isAllowedExternal(url, own)).toBe(ok));
  it('allows no relay page when none is served', () => expect(isAllowedExternal('http://127.0.0.1:8080/_status')).toBe(false));
});

describe('window security baseline', () => {
  const main = readFileSync(join(__dirname, 'index.ts'), 'utf8');
  const sec = readFileSync(join(__dirname, 'security.ts'), 'utf8');
  it('keeps the isolation settings as literals', () => {
    expect(main).toMatch(/contextIsolation: true,/);
    expect(main).toMatch(/sandbox: true,/);
    expect(main).toMatch(/nodeIntegration: false,/);
    expect(main).toMatch(/webSecurity: true,/);
    expect(main).toMatch(/app\.enableSandbox\(\)/);
    expect(main).not.toMatch(/webSecurity: false|allowRunningInsecureContent: true/);
  });
  it('denies permissions, navigation and new windows', () => {
    expect(sec).toMatch(/setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
    expect(sec).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
    expect(sec).toMatch(/'will-navigate'/);
    expect(sec).toMatch(/action: 'deny'/);
  });
  it('checks the sender of every IPC call', () => {
    expect(main).toMatch(/if \(!isOwnSender\(event\)\)/);
  });
  it('has a strict CSP in the renderer page', () => {
    const html = readFileSync(join(__dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
    const csp = /Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });
});

describe('files the OS asks us to open', () => {
  it('accepts support bundles only', () => {
    expect(isSupportBundlePath('/home/a/go-offline-support-2026-11-25.gosupport')).toBe(true);
    expect(isSupportBundlePath('C:\\Users\\a\\report.tar.gz')).toBe(true);
    expect(isSupportBundlePath('--inspect=9229')).toBe(false);
    expect(isSupportBundlePath('/usr/bin/evil.sh')).toBe(false);
    expect(isSupportBundlePath('.')).toBe(false);
  });
});
