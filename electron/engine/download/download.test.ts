import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as openpgp from 'openpgp';
import { downloadFiles, fileUrl, looksLikeHtml, type DownloadOptions } from './index';
import { noProxyMatches, proxyFor } from './http';
import { createJob } from '../jobs';
import { AppError } from '../../../shared/errors';
import type { ReleaseFile } from '../../../shared/releases';
import type { Progress } from '../../../shared/progress';
import { startMirror, startProxy, type Mirror } from '../../../test/support/http-server';
import { tempDir } from '../../../test/support/tmp';
import { ensureGoFixture, type GoFixture } from '../../../test/support/go-fixture';

/** A small but real gzip file (incompressible content so it stays ~1 MiB). */
function makeArchive(n = 1 << 20): Buffer {
  return gzipSync(randomBytes(n), { level: 1 });
}

function entry(filename: string, data: Buffer, extra: Partial<ReleaseFile> = {}): ReleaseFile {
  return {
    filename,
    os: 'linux',
    arch: 'amd64',
    version: 'go1.99.1',
    sha256: createHash('sha256').update(data).digest('hex'),
    size: data.length,
    kind: 'archive',
    ...extra,
  };
}

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    return err as AppError;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

const NAME = 'go1.99.1.linux-amd64.tar.gz';
const data = makeArchive();
const file = entry(NAME, data);

describe('downloadFiles against the loopback mirror', () => {
  let mirror: Mirror;
  let tmp: ReturnType<typeof tempDir>;
  const temps: Array<ReturnType<typeof tempDir>> = [];
  const events: Progress[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    mirror = await startMirror({ files: { [NAME]: data } });
  });
  afterAll(async () => {
    await mirror.close();
  });
  afterEach(() => {
    for (const t of temps.splice(0)) t.remove();
    mirror.requests.length = 0;
    events.length = 0;
    logs.length = 0;
  });

  function opts(extra: Partial<DownloadOptions> = {}, signal?: AbortSignal): DownloadOptions {
    tmp = tempDir('gooff-dl-');
    temps.push(tmp);
    return {
      outDir: join(tmp.path, 'out'),
      baseUrls: [mirror.baseUrl],
      job: createJob({ signal, onProgress: (p) => events.push(p), onLog: (e) => logs.push(e) }),
      env: { HOME: tmp.path },
      backoffMs: 5,
      ...extra,
    };
  }
  const outFiles = (o: DownloadOptions) => (existsSync(o.outDir) ? readdirSync(o.outDir).sort() : []);

  it('downloads, verifies and names the file only when complete', async () => {
    const o = opts();
    const [r] = await downloadFiles([file], o);
    expect(r!.sha256).toBe(file.sha256);
    expect(r!.size).toBe(data.length);
    expect(r!.signature).toBe('not-published');
    expect(readFileSync(r!.path).equals(data)).toBe(true);
    expect(outFiles(o)).toEqual([NAME]);
    expect(mirror.requestsFor(NAME)).toHaveLength(1);
    const last = events.filter((e) => e.file === NAME).at(-1)!;
    expect(last.done).toBe(data.length);
    expect(last.total).toBe(data.length);
  });

  it('resumes a dropped connection with Range and If-Range', async () => {
    mirror.fault(NAME, { kind: 'drop', afterBytes: 300_000 });
    const o = opts();
    const [r] = await downloadFiles([file], o);
    expect(readFileSync(r!.path).equals(data)).toBe(true);
    const reqs = mirror.requestsFor(NAME);
    expect(reqs).toHaveLength(2);
    expect(reqs[0]!.range).toBeUndefined();
    const from = Number(/^bytes=(\d+)-$/.exec(reqs[1]!.range ?? '')?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(300_000);
    expect(reqs[1]!.ifRange).toBeTruthy();
    expect(reqs[1]!.status).toBe(206);
    expect(outFiles(o)).toEqual([NAME]);
  });

  it('restarts from zero when the server ignores Range', async () => {
    mirror.fault(NAME, { kind: 'drop', afterBytes: 200_000 });
    mirror.fault(NAME, { kind: 'ignore-range' });
    const o = opts();
    const [r] = await downloadFiles([file], o);
    expect(readFileSync(r!.path).equals(data)).toBe(true);
    const reqs = mirror.requestsFor(NAME);
    expect(reqs[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(reqs[1]!.status).toBe(200);
    expect(logs).toContain('download.range-ignored');
  });

  it('continues a part left by an earlier run (hashing it once) and uses Range', async () => {
    const o = opts();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(o.outDir, { recursive: true });
    writeFileSync(join(o.outDir, `${NAME}.part`), data.subarray(0, 123_456));
    const [r] = await downloadFiles([file], o);
    expect(readFileSync(r!.path).equals(data)).toBe(true);
    expect(mirror.requestsFor(NAME)[0]!.range).toBe('bytes=123456-');
    expect(outFiles(o)).toEqual([NAME]);
  });

  it('deletes wrong bytes and reports the expected and actual SHA-256', async () => {
    mirror.fault(NAME, { kind: 'corrupt', offset: 5000 });
    const o = opts();
    const err = await expectAppError(downloadFiles([file], o), 'DOWNLOAD_SHA256_MISMATCH');
    expect(err.params.expected).toBe(file.sha256);
    expect(String(err.params.actual)).toMatch(/^[0-9a-f]{64}$/);
    expect(err.params.actual).not.toBe(file.sha256);
    expect(outFiles(o)).toEqual([]);
  });

  it('reports 404 as not found, and falls back to the next mirror', async () => {
    const o = opts({ baseUrls: [`${mirror.origin}/nothing-here/`] });
    const err = await expectAppError(downloadFiles([file], o), 'DOWNLOAD_NOT_FOUND');
    expect(String(err.params.url)).toContain('/nothing-here/');
    const o2 = opts({ baseUrls: [`${mirror.origin}/nothing-here/`, mirror.baseUrl] });
    const [r] = await downloadFiles([file], o2);
    expect(r!.url).toBe(mirror.baseUrl + NAME);
  });

  it('names each source tried and its answer in plain words, in both languages; raw texts only in the details', async () => {
    const host = new URL(mirror.origin).host;
    // one mirror answering 404: its own code, the mirror named with its answer
    const one = await expectAppError(downloadFiles([file], opts({ baseUrls: [`${mirror.origin}/nothing-here/`] })), 'DOWNLOAD_NOT_FOUND');
    expect(one.toData().cause.en).toContain(`• your mirror ${host}: file not found (404)`);
    expect(one.toData().cause.zh).toContain(`• 您的镜像 ${host}：文件不存在（404）`);
    // a 404 mirror, an HTML mirror and a dead port: all three named, nothing raw in the cause
    mirror.fault(NAME, { kind: 'html' });
    const o = opts({ baseUrls: [`${mirror.origin}/nothing-here/`, mirror.baseUrl, 'http://127.0.0.1:1/dl/'], attempts: 2 });
    const err = await expectAppError(downloadFiles([file], o), 'DOWNLOAD_SOURCES_FAILED');
    const d = err.toData();
    expect(d.cause.en).toContain(`• your mirror ${host}: file not found (404)`);
    expect(d.cause.en).toContain(`• your mirror ${host}: got a web page instead of the file — a proxy login page?`);
    expect(d.cause.en).toContain('• your mirror 127.0.0.1:1: refused the connection — check the address and port (tried 2 times)');
    expect(d.cause.zh).toContain('• 您的镜像 127.0.0.1:1：拒绝连接——请检查地址和端口（共尝试 2 次）');
    expect(`${d.cause.en}${d.cause.zh}`).not.toMatch(/ECONNREFUSED|HTML|<html/);
    expect(d.detail).toContain('ECONNREFUSED');
    expect(d.params?.count).toBe(3);
    expect(logs).toContain('download.next-source');
    expect(outFiles(o)).toEqual([]);
  });

  it('says in the progress which source is asked and that it is retrying after a silent server', async () => {
    mirror.fault(NAME, { kind: 'hang', times: 1 });
    const o = opts({ connectTimeoutMs: 300, attempts: 3 });
    const [r] = await downloadFiles([file], o);
    expect(readFileSync(r!.path).equals(data)).toBe(true);
    const withRetry = events.find((e) => e.file === NAME && e.retry);
    expect(withRetry?.retry).toMatchObject({ attempt: 1, of: 2, reason: 'timeout' });
    expect(events.filter((e) => e.file === NAME).every((e) => e.source?.url === mirror.baseUrl + NAME && e.source.official === false)).toBe(true);
    // once bytes flow again the retry is over
    expect(events.filter((e) => e.file === NAME).at(-1)!.retry).toBeUndefined();
  });

  it('retries 500 and then succeeds; gives up with DOWNLOAD_HTTP_ERROR when it persists', async () => {
    mirror.fault(NAME, { kind: 'status', status: 500, times: 2 });
    const o = opts();
    const [r] = await downloadFiles([file], o);
    expect(readFileSync(r!.path).equals(data)).toBe(true);
    expect(mirror.requestsFor(NAME).map((x) => x.status)).toEqual([500, 500, 200]);
    mirror.fault(NAME, { kind: 'status', status: 503, times: 3 });
    const err = await expectAppError(downloadFiles([file], opts({ attempts: 3 })), 'DOWNLOAD_HTTP_ERROR');
    expect(err.params.status).toBe(503);
  });

  it('waits as long as a busy server asks (503 with Retry-After) before the retry', async () => {
    mirror.fault(NAME, { kind: 'status', status: 503, times: 1, headers: { 'retry-after': '1' } });
    const seen: Array<Record<string, unknown> | undefined> = [];
    const o = opts();
    o.job = createJob({ onLog: (e, d) => e === 'download.retry' && seen.push(d) });
    const [r] = await downloadFiles([file], o);
    expect(readFileSync(r!.path).equals(data)).toBe(true);
    // our own backoff here is 5 ms: the wait is the server's second
    expect(seen).toEqual([expect.objectContaining({ status: 503, waitMs: 1000 })]);
  });

  it('names an HTML page instead of an archive and keeps nothing', async () => {
    mirror.fault(NAME, { kind: 'html' });
    const o = opts();
    const err = await expectAppError(downloadFiles([file], o), 'DOWNLOAD_NOT_ARCHIVE');
    expect(err.params.url).toBe(mirror.baseUrl + NAME);
    expect(outFiles(o)).toEqual([]);
  });

  it('refuses a file whose first bytes are not gzip', async () => {
    const junk = Buffer.alloc(4096, 7);
    const m2 = await startMirror({ files: { [NAME]: junk } });
    try {
      const o = opts({ baseUrls: [m2.baseUrl] });
      const err = await expectAppError(downloadFiles([entry(NAME, junk)], o), 'DOWNLOAD_BAD_CONTENT');
      expect(err.params.expected).toBe('gzip');
      expect(outFiles(o)).toEqual([]);
    } finally {
      await m2.close();
    }
  });

  it('follows a redirect chain', async () => {
    mirror.fault(NAME, { kind: 'redirect', hops: 3 });
    const o = opts();
    const [r] = await downloadFiles([file], o);
    expect(readFileSync(r!.path).equals(data)).toBe(true);
    expect(mirror.requests.filter((x) => x.status === 302).length).toBe(3);
  });

  it('recovers from a Content-Length larger than the body (resumes with Range)', async () => {
    mirror.fault(NAME, { kind: 'content-length', value: data.length + 1000 });
    mirror.fault(NAME, { kind: 'drop', afterBytes: 100_000 });
    const o = opts();
    const [r] = await downloadFiles([file], o);
    expect(readFileSync(r!.path).equals(data)).toBe(true);
    expect(mirror.requestsFor(NAME).slice(1).some((x) => /^bytes=\d+-$/.test(x.range ?? ''))).toBe(true);
  });

  it('recovers from a Content-Length smaller than the file (resumes with Range)', async () => {
    mirror.fault(NAME, { kind: 'content-length', value: 50_000 });
    const o = opts();
    const [r] = await downloadFiles([file], o);
    expect(readFileSync(r!.path).equals(data)).toBe(true);
    expect(mirror.requestsFor(NAME)[1]!.range).toBe('bytes=50000-');
  });

  it('cancels: CANCELLED, no file under its final name', async () => {
    mirror.fault(NAME, { kind: 'slow', delayMs: 20, chunkBytes: 8192 });
    const ac = new AbortController();
    const o = opts({}, ac.signal);
    const p = downloadFiles([file], o);
    // cancel once some bytes arrived
    await vi.waitFor(() => expect(events.some((e) => e.done > 0)).toBe(true), { timeout: 120_000, interval: 10 });
    ac.abort();
    await expectAppError(p, 'CANCELLED');
    expect(outFiles(o)).not.toContain(NAME);
  });

  it('times out a server that never answers', async () => {
    mirror.fault(NAME, { kind: 'hang', times: 2 });
    const o = opts({ connectTimeoutMs: 300, attempts: 2 });
    const err = await expectAppError(downloadFiles([file], o), 'DOWNLOAD_TIMEOUT');
    expect(err.params.attempts).toBe(2);
  });

  it('goes through a proxy from HTTP_PROXY, and past it for NO_PROXY hosts', async () => {
    const proxy = await startProxy();
    try {
      const o = opts();
      o.env = { ...o.env, HTTP_PROXY: proxy.url };
      const [r] = await downloadFiles([file], o);
      expect(readFileSync(r!.path).equals(data)).toBe(true);
      expect(proxy.requests.map((x) => x.target)).toContain(mirror.baseUrl + NAME);
        const o2 = opts();
      o2.env = { ...o2.env, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' };
      proxy.requests.length = 0;
      await downloadFiles([file], o2);
      expect(proxy.requests).toHaveLength(0);
        // the settings proxy overrides the environment
      const o3 = opts({ proxy: proxy.url });
      await downloadFiles([file], o3);
      expect(proxy.requests.length).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  it('tunnels through CONNECT (the https path of the proxy)', async () => {
    const proxy = await startProxy();
    try {
      // drive the proxy's CONNECT the way https-proxy-agent does, to a plain http target
      const { request } = await import('node:http');
      const host = new URL(mirror.origin).host;
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(proxy.url, { method: 'CONNECT', path: host });
        req.on('connect', (_res, socket) => {
          socket.write(`GET /dl/${NAME} HTTP/1.1\r\nHost: ${host}\r\nRange: bytes=0-1\r\nConnection: close\r\n\r\n`);
          let buf = '';
          socket.on('data', (c) => (buf += c.toString('latin1')));
          socket.on('end', () => resolve({ status: Number(buf.split(' ')[1]), body: buf }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(res.status).toBe(206);
      expect(proxy.requests[0]).toMatchObject({ method: 'CONNECT', target: host });
    } finally {
      await proxy.close();
    }
  });

  it('downloads several files in parallel with overall progress', async () => {
    const others = [1, 2, 3].map((i) => ({ name: `go1.99.1.linux-arm${i}.tar.gz`, data: makeArchive(300_000 + i) }));
    const m2 = await startMirror({ files: Object.fromEntries(others.map((x) => [x.name, x.data])), faults: { '*': [{ kind: 'slow', delayMs: 1, chunkBytes: 64 * 1024, times: 3 }] } });
    try {
      const o = opts({ baseUrls: [m2.baseUrl], parallel: 3 });
      const res = await downloadFiles(others.map((x) => entry(x.name, x.data)), o);
      expect(res.map((r) => r.file.filename)).toEqual(others.map((x) => x.name));
      expect(outFiles(o)).toEqual(others.map((x) => x.name).sort());
      const total = others.reduce((a, x) => a + x.data.length, 0);
      expect(events.every((e) => e.overallTotal === total || e.phase !== 'download')).toBe(true);
    } finally {
      await m2.close();
    }
  });

  it('refuses a file without SHA-256 unless accepted (and logs the acceptance)', async () => {
    const noSum = { ...file, sha256: '' };
    await expectAppError(downloadFiles([noSum], opts()), 'RELEASE_NO_SHA256');
    const [r] = await downloadFiles([noSum], opts({ acceptMissingSha256: true }));
    expect(r!.sha256).toBe(file.sha256);
    expect(logs).toContain('download.sha256-missing-accepted');
  });

  it('reuses a verified file that is already there', async () => {
    const o = opts();
    await downloadFiles([file], o);
    mirror.requests.length = 0;
    const [r] = await downloadFiles([file], o);
    expect(r!.sha256).toBe(file.sha256);
    expect(mirror.requestsFor(NAME)).toHaveLength(0);
  });
});

describe('OpenPGP signatures', () => {
  let mirror: Mirror;
  let tmp: ReturnType<typeof tempDir>;
  let keyFile: string;
  let fingerprint: string;
  const other = makeArchive(50_000);
  const otherName = 'go1.99.1.darwin-arm64.tar.gz';

  beforeAll(async () => {
    tmp = tempDir('gooff-sig-');
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Test Go Signer' }], format: 'object' });
    fingerprint = publicKey.getFingerprint().toUpperCase();
    keyFile = join(tmp.path, 'key.asc');
    writeFileSync(keyFile, publicKey.armor());
    const sign = async (d: Buffer) => (await openpgp.sign({ message: await openpgp.createMessage({ binary: d }), signingKeys: privateKey, detached: true })) as string;
    mirror = await startMirror({
      files: {
        [NAME]: data,
        [`${NAME}.asc`]: Buffer.from(await sign(data)),
        [otherName]: other,
        // a signature over different bytes: bad
        [`${otherName}.asc`]: Buffer.from(await sign(data)),
      },
    });
  });
  afterAll(async () => {
    await mirror.close();
    tmp.remove();
  });

  const run = (f: ReleaseFile, sub: string, pinned = [fingerprint]) =>
    downloadFiles([f], {
      outDir: join(tmp.path, sub),
      baseUrls: [mirror.baseUrl],
      job: createJob(),
      env: { HOME: tmp.path },
      signature: { mode: 'auto', keyFile, pinnedFingerprints: pinned },
    });

  it('verifies a good signature with the pinned key', async () => {
    const [r] = await run(file, 'good');
    expect(r!.signature).toBe('verified');
    expect(r!.keyFingerprint).toBe(fingerprint);
    expect(existsSync(r!.signaturePath!)).toBe(true);
  });

  it('fails hard on a bad signature and deletes the file', async () => {
    const err = await expectAppError(run(entry(otherName, other), 'bad'), 'DOWNLOAD_SIGNATURE_BAD');
    expect(err.params.filename).toBe(otherName);
    expect(existsSync(join(tmp.path, 'bad', otherName))).toBe(false);
  });

  it('refuses a key file that does not hold the pinned key', async () => {
    await expectAppError(run(file, 'pin', ['EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796']), 'DOWNLOAD_SIGNING_KEY_MISMATCH');
  });
});

describe('the real Go fixture', () => {
  let fixture: GoFixture;
  let mirror: Mirror;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    fixture = await ensureGoFixture();
    mirror = await startMirror({ files: { [fixture.filename]: fixture.archive } });
    tmp = tempDir('gooff-real-');
  });
  afterAll(async () => {
    await mirror.close();
    tmp.remove();
  });

  it('downloads the official-layout archive and verifies its SHA-256', async () => {
    const f: ReleaseFile = { filename: fixture.filename, os: 'linux', arch: 'amd64', version: fixture.version, sha256: fixture.sha256, size: fixture.size, kind: 'archive' };
    const events: Progress[] = [];
    const [r] = await downloadFiles([f], { outDir: tmp.path, baseUrls: [mirror.baseUrl], job: createJob({ onProgress: (p) => events.push(p) }), env: { HOME: tmp.path } });
    expect(r!.sha256).toBe(fixture.sha256);
    expect(r!.size).toBe(fixture.size);
    expect(readdirSync(tmp.path)).toEqual([fixture.filename]);
    expect(events.at(-1)!.done).toBe(fixture.size);
  });
});

describe('helpers', () => {
  it('maps the official base to dl.google.com and mirrors to base+filename', () => {
    expect(fileUrl('https://go.dev/dl/', 'go1.22.5.linux-amd64.tar.gz')).toBe('https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz');
    expect(fileUrl('https://golang.google.cn/dl', 'a.zip')).toBe('https://golang.google.cn/dl/a.zip');
    expect(() => fileUrl('ftp://x/', 'a')).toThrow(AppError);
  });
  it('recognises HTML pages', () => {
    expect(looksLikeHtml(Buffer.from('<a href="https://dl.google.com/go/go1.15.5.linux-amd64.tar.gz">Found</a>.'))).toBe(true);
    expect(looksLikeHtml(Buffer.from('\n  <!DOCTYPE html><html>'))).toBe(true);
    expect(looksLikeHtml(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe(false);
  });
  it('chooses proxies like curl: settings first, NO_PROXY wins', () => {
    expect(proxyFor('https://dl.google.com/go/x', { HTTPS_PROXY: 'http://p:3128' })).toBe('http://p:3128');
    expect(proxyFor('http://mirror/x', { https_proxy: 'http://p:3128' })).toBeNull();
    expect(proxyFor('http://mirror/x', { http_proxy: 'p:8080' })).toBe('http://p:8080');
    expect(proxyFor('https://go.dev/dl/', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.go.dev' })).toBeNull();
    expect(proxyFor('https://go.dev/dl/', { HTTPS_PROXY: 'http://p:1' }, 'http://settings:2')).toBe('http://settings:2');
    expect(noProxyMatches(new URL('http://a.example.com:8080/'), 'example.com:8080')).toBe(false);
    expect(noProxyMatches(new URL('http://example.com:8080/'), 'example.com:8080')).toBe(true);
    expect(noProxyMatches(new URL('http://x.corp/'), '*')).toBe(true);
    expect(() => proxyFor('http://x/', { HTTP_PROXY: 'socks5://p:1' })).toThrow(AppError);
  });
});
