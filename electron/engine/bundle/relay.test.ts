import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
const execAsync = promisify(execFile);
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { findDebianGoroot } from '../../../test/support/go-fixture';
import { createJob } from '../jobs';
import { AppError } from '../../../shared/errors';
import type { DownloadedFile } from '../../../shared/releases';
import { exportBundle } from './export';
import { startRelay, parseRange, type Relay } from './relay';
import { verifyBundle } from './verify';
import { openBundleSource, materializeFile } from './source';
import { parseLsblk } from './drives';
import { parseMountinfo } from './fsinfo';
import { retryAfterMs } from '../download/http';

/** Raw GET without URL normalisation (fetch would resolve `..` itself). */
function rawGet(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('relay', () => {
  const t = tempDir('bundle-relay-');
  let relay: Relay;
  let archive: DownloadedFile;
  let bundle: string;
  beforeAll(async () => {
    const src = join(t.path, 'src');
    mkdirSync(join(src, 'go', 'bin'), { recursive: true });
    writeFileSync(join(src, 'go', 'data.bin'), randomBytes(300_000));
    const path = join(t.path, 'go1.99.3.linux-amd64.tar.gz');
    execFileSync('tar', ['-C', src, '-czf', path, 'go']);
    const buf = readFileSync(path);
    const sha = createHash('sha256').update(buf).digest('hex');
    archive = { file: { filename: 'go1.99.3.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.99.3', sha256: sha, size: buf.length, kind: 'archive' }, path, sha256: sha, size: buf.length, signature: 'verified', keyFingerprint: 'EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796', url: 'file://' + path };
    const proxy = join(t.path, 'proxy', 'example.com', 'hello', '@v');
    mkdirSync(proxy, { recursive: true });
    writeFileSync(join(proxy, 'list'), 'v1.0.0\n');
    writeFileSync(join(proxy, 'v1.0.0.info'), '{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}\n');
    writeFileSync(join(proxy, 'v1.0.0.mod'), 'module example.com/hello\n\ngo 1.19\n');
    bundle = join(t.path, 'bundle');
    await exportBundle({ outDir: bundle, archives: [archive], modules: { proxyDir: join(t.path, 'proxy'), moduleCount: 1, size: 0, projects: [] }, split: 'always', partSize: 100_000, job: createJob() });
    writeFileSync(join(bundle, 'secret.txt'), 'not part of the bundle');
    relay = await startRelay({ dir: bundle });
  });
  afterAll(async () => {
    await relay?.close();
    t.remove();
  });

  it('listens on 127.0.0.1 by default and prints GOPROXY and install URLs on its listing page', async () => {
    expect(relay.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(relay.goproxy).toBe(`${relay.url}modules/proxy/`);
    const res = await fetch(relay.url);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain(`go-offline install --bundle ${relay.url}`);
    expect(html).toContain(`GOPROXY=${relay.goproxy}`);
    expect(html).toContain('go/go1.99.3.linux-amd64.tar.gz.part000');
  });

  it('serves types and byte ranges, read-only, and nothing outside the bundle', async () => {
    expect((await fetch(relay.url + 'manifest.json')).headers.get('content-type')).toBe('application/json');
    expect((await fetch(relay.url + 'SHA256SUMS')).headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect((await fetch(relay.url + 'install.sh')).headers.get('content-type')).toContain('text/x-shellscript');
    const part = readFileSync(join(bundle, 'go/go1.99.3.linux-amd64.tar.gz.part001'));
    const r = await rawGet(relay.url, '/go/go1.99.3.linux-amd64.tar.gz.part001', { Range: 'bytes=10-19' });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe(`bytes 10-19/${part.length}`);
    expect(r.body.equals(part.subarray(10, 20))).toBe(true);
    const suffix = await rawGet(relay.url, '/go/go1.99.3.linux-amd64.tar.gz.part001', { Range: 'bytes=-5' });
    expect(suffix.body.equals(part.subarray(part.length - 5))).toBe(true);
    expect((await rawGet(relay.url, '/go/go1.99.3.linux-amd64.tar.gz.part001', { Range: `bytes=${part.length}-` })).status).toBe(416);
    for (const p of ['/secret.txt', '/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/go/..%2f..%2fsecret.txt', '/.go-offline-staging-x/', '/go/']) {
      expect((await rawGet(relay.url, p)).status, p).toBe(404);
    }
    expect((await rawGet(relay.url, '/manifest.json', {}, 'PUT')).status).toBe(405);
    expect((await rawGet(relay.url, '/manifest.json', {}, 'DELETE')).status).toBe(405);
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull();
  });

  it('reads Retry-After as seconds or as a date, never negative', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('verifies from the URL, joins split parts fetched over HTTP, and names a file tampered on the relay', async () => {
    const rep = await verifyBundle(relay.url, { job: createJob() });
    expect(rep.sourceKind).toBe('url');
    const src = await openBundleSource(relay.url);
    const f = rep.manifest.files.find((x) => x.kind === 'archive')!;
    expect(f.signature).toMatchObject({ status: 'verified', keyFingerprint: 'EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796' });
    const dest = join(t.path, 'fetched.tar.gz');
    await materializeFile(src, f, dest, { job: createJob() });
    expect(readFileSync(dest).equals(readFileSync(archive.path))).toBe(true);
    const p = join(bundle, 'go/go1.99.3.linux-amd64.tar.gz.part002');
    const orig = readFileSync(p);
    const bad = Buffer.from(orig);
    bad[0] = bad[0]! ^ 1;
    writeFileSync(p, bad);
    try {
      const err = (await verifyBundle(relay.url, { job: createJob() }).catch((e: unknown) => e)) as AppError;
      expect(err.code).toBe('BUNDLE_TAMPERED');
      expect(err.message).toContain('part002 (checksum mismatch)');
      const e2 = (await materializeFile(src, f, join(t.path, 'x.tar.gz'), { job: createJob() }).catch((e: unknown) => e)) as AppError;
      expect(e2.code).toBe('BUNDLE_FILE_CORRUPT');
      expect(e2.message).toContain('part002');
    } finally {
      writeFileSync(p, orig);
    }
    const down = (await verifyBundle('http://127.0.0.1:1/', { job: createJob() }).catch((e: unknown) => e)) as AppError;
    expect(down.code).toBe('BUNDLE_UNREACHABLE');
  });

  it('serves the module proxy as a GOPROXY that a real go command uses', async () => {
    const goroot = findDebianGoroot();
    const work = join(t.path, 'gowork');
    mkdirSync(work);
    // async: the relay runs in this process, so a blocking spawnSync would starve it
    const r = await execAsync(join(goroot, 'bin', 'go'), ['list', '-m', '-json', 'example.com/hello@v1.0.0'], {
      cwd: work,
      timeout: 60_000,
      env: { PATH: '/usr/bin:/bin', HOME: work, GOPATH: join(work, 'gopath'), GOMODCACHE: join(work, 'modcache'), GOCACHE: join(work, 'cache'), GOPROXY: relay.goproxy!, GOSUMDB: 'off', GOFLAGS: '-modcacherw', GO111MODULE: 'on', GOTOOLCHAIN: 'local' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('v1.0.0');
    expect(JSON.parse(r.stdout)).toMatchObject({ Path: 'example.com/hello', Version: 'v1.0.0' });
  });
});

describe('drives and filesystems (pure parsing)', () => {
  it('lists removable drives from lsblk JSON and hides system disks', () => {
    const json = JSON.stringify({
      blockdevices: [
        { name: 'nvme0n1', path: '/dev/nvme0n1', type: 'disk', rm: false, hotplug: false, size: 512e9, tran: 'nvme', children: [{ name: 'nvme0n1p2', path: '/dev/nvme0n1p2', type: 'part', fstype: 'ext4', mountpoints: ['/'] }] },
        { name: 'sdb', path: '/dev/sdb', type: 'disk', rm: true, hotplug: true, size: 32e9, tran: 'usb', model: 'SanDisk Ultra  ', children: [{ name: 'sdb1', path: '/dev/sdb1', type: 'part', size: 32e9, fstype: 'vfat', label: 'GOSTICK', mountpoints: ['/media/u/GOSTICK'], ro: false }] },
        { name: 'sdc', path: '/dev/sdc', type: 'disk', rm: false, hotplug: true, size: 1e12, tran: 'usb', children: [{ name: 'sdc1', path: '/dev/sdc1', type: 'part', fstype: 'ext4', mountpoints: ['/boot'] }] },
        { name: 'sdd', path: '/dev/sdd', type: 'disk', rm: '1', size: 64e9, tran: 'usb', fstype: 'exfat', label: 'BIG', mountpoint: null },
        { name: 'loop0', type: 'loop', size: 1, fstype: 'squashfs', mountpoints: ['/snap/x'] },
      ],
    });
    expect(parseLsblk(json)).toEqual([
      { device: '/dev/sdb1', label: 'GOSTICK', model: 'SanDisk Ultra', size: 32e9, filesystem: 'vfat', mountpoint: '/media/u/GOSTICK', readOnly: false, fat32: true },
      { device: '/dev/sdd', label: 'BIG', model: null, size: 64e9, filesystem: 'exfat', mountpoint: null, readOnly: false, fat32: false },
    ]);
  });

  it('reads filesystem types from mountinfo, spaces included', () => {
    const text = '36 35 98:0 / / rw,noatime master:1 - ext4 /dev/root rw\n99 36 8:17 / /media/u/MY\\040STICK rw,nosuid - vfat /dev/sdb1 rw,fmask=0022\n';
    expect(parseMountinfo(text)).toEqual([
      { mountpoint: '/', fstype: 'ext4' },
      { mountpoint: '/media/u/MY STICK', fstype: 'vfat' },
    ]);
  });
});
