/**
 * Issue 13 items 4, 6 and 12 (network side): a bundle folder with links in it, served with
 * `serve --no-verify` or read as a folder, and relays that misbehave (endless, dripping, cut
 * short, gzip-encoded, redirecting elsewhere, never finishing their headers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { startMirror, type Mirror } from '../../../test/support/http-server';
import { createJob } from '../jobs';
import { AppError } from '../../../shared/errors';
import type { DownloadedFile } from '../../../shared/releases';
import { exportBundle } from './export';
import { startRelay, type Relay } from './relay';
import { checkBundle } from './verify';
import { materializeFile, openBundleSource } from './source';
import { MAX_MANIFEST_BYTES, MAX_SUMS_BYTES, readManifest } from './manifest';

/** Raw GET (no URL normalisation), whole body. */
function rawGet(base: string, path: string): Promise<{ status: number; body: Buffer }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const OUTSIDE_SECRET = 'OUTSIDE-THE-BUNDLE-' + randomBytes(8).toString('hex');

async function smallBundle(t: { path: string }, name: string): Promise<{ bundle: string; archive: DownloadedFile }> {
  const src = join(t.path, `${name}-src`);
  mkdirSync(join(src, 'go', 'bin'), { recursive: true });
  writeFileSync(join(src, 'go', 'data.bin'), randomBytes(50_000));
  const path = join(t.path, `${name}-go1.99.3.linux-amd64.tar.gz`);
  execFileSync('tar', ['-C', src, '-czf', path, 'go']);
  const buf = readFileSync(path);
  const sha = createHash('sha256').update(buf).digest('hex');
  const archive: DownloadedFile = {
    file: { filename: 'go1.99.3.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.99.3', sha256: sha, size: buf.length, kind: 'archive' },
    path,
    sha256: sha,
    size: buf.length,
    signature: 'not-published',
    url: 'file://' + path,
  };
  const bundle = join(t.path, name);
  await exportBundle({ outDir: bundle, archives: [archive], job: createJob() });
  return { bundle, archive };
}

describe('serve and folder reads: only regular files reached without links (item 6)', () => {
  const t = tempDir('bundle-links-');
  let bundle: string;
  let relay: Relay;
  let outside: string;
  const archiveRel = 'go/go1.99.3.linux-amd64.tar.gz';
  beforeAll(async () => {
    ({ bundle } = await smallBundle(t, 'b'));
    // a folder outside the bundle holding files named like the bundle's
    outside = join(t.path, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'go1.99.3.linux-amd64.tar.gz'), OUTSIDE_SECRET);
    writeFileSync(join(outside, 'install.sh'), OUTSIDE_SECRET);
    relay = await startRelay({ dir: bundle }); // as `serve --no-verify`: nothing checked first
  });
  afterAll(async () => {
    await relay?.close();
    t.remove();
  });

  it('a folder swapped for a link while serving is not followed', async () => {
    const before = await rawGet(relay.url, '/' + archiveRel);
    expect(before.status).toBe(200);
    renameSync(join(bundle, 'go'), join(bundle, 'go.real'));
    symlinkSync(outside, join(bundle, 'go'));
    try {
      const r = await rawGet(relay.url, '/' + archiveRel);
      expect(r.body.toString('latin1')).not.toContain(OUTSIDE_SECRET);
      expect(r.status).toBe(404);
      expect(r.body.toString()).toContain('not a regular file of the bundle folder');
    } finally {
      rmSync(join(bundle, 'go'));
      renameSync(join(bundle, 'go.real'), join(bundle, 'go'));
    }
    expect((await rawGet(relay.url, '/' + archiveRel)).status).toBe(200);
  });

  it('a file that is a link (to a file outside) is not served, nor a fifo in its place', async () => {
    const script = join(bundle, 'install.sh');
    renameSync(script, script + '.real');
    symlinkSync(join(outside, 'install.sh'), script);
    try {
      const r = await rawGet(relay.url, '/install.sh');
      expect(r.status).toBe(404);
      expect(r.body.toString('latin1')).not.toContain(OUTSIDE_SECRET);
      rmSync(script);
      execFileSync('mkfifo', [script]);
      const f = await rawGet(relay.url, '/install.sh'); // would hang on open without O_NONBLOCK
      expect(f.status).toBe(404);
    } finally {
      rmSync(script, { force: true });
      renameSync(script + '.real', script);
    }
  });

  it('a relay started on a bundle whose folder is already a link serves nothing through it', async () => {
    const { bundle: b2 } = await smallBundle(t, 'b2');
    renameSync(join(b2, 'go'), join(t.path, 'b2-go-moved'));
    symlinkSync(outside, join(b2, 'go'));
    const r2 = await startRelay({ dir: b2 });
    try {
      const r = await rawGet(r2.url, '/' + archiveRel);
      expect(r.status).toBe(404);
      expect(r.body.toString('latin1')).not.toContain(OUTSIDE_SECRET);
    } finally {
      await r2.close();
    }
    // read as a folder (verify, install): the linked folder is an extra entry, its files missing
    const report = await checkBundle(b2, { job: createJob() });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(expect.arrayContaining([{ path: archiveRel, problem: 'not-a-file' }, { path: 'go', problem: 'extra' }]));
    const src = await openBundleSource(b2);
    expect(await src.size(archiveRel)).toBe(-1);
    expect(await src.stream(archiveRel)).toBeNull();
  });

  it('the bundle folder the user names may itself be a link to a bundle', async () => {
    const link = join(t.path, 'bundle-link');
    symlinkSync(bundle, link);
    const read = await readManifest(link);
    expect(read.source.location).toBe(bundle);
    expect((await checkBundle(link, { job: createJob() })).ok).toBe(true);
    expect(existsSync(link)).toBe(true);
  });

  it('a manifest.json that is a link is not read', async () => {
    const { bundle: b3 } = await smallBundle(t, 'b3');
    const m = join(b3, 'manifest.json');
    writeFileSync(join(outside, 'manifest.json'), readFileSync(m));
    rmSync(m);
    symlinkSync(join(outside, 'manifest.json'), m);
    const err = (await readManifest(b3).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('BUNDLE_NOT_FOUND');
  });
});

describe('reading a bundle from a hostile or broken relay (items 4 and 12)', () => {
  const t = tempDir('bundle-hostile-relay-');
  let bundle: string;
  let mirror: Mirror;
  let other: Mirror;
  const archiveRel = 'go/go1.99.3.linux-amd64.tar.gz';
  let archiveSize: number;
  const MiB = 1024 * 1024;
  /** socket buffers on both ends of a loopback connection, and a chunk in flight */
  const SLACK = 24 * MiB;
  const fast = { connectTimeoutMs: 5_000, idleTimeoutMs: 5_000 };
  beforeAll(async () => {
    ({ bundle } = await smallBundle(t, 'b'));
    const files: Record<string, string> = {};
    const walk = (dir: string, prefix: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name), `${prefix}${e.name}/`);
        else files[`${prefix}${e.name}`] = join(dir, e.name);
      }
    };
    walk(bundle, '');
    archiveSize = statSync(files[archiveRel]!).size;
    mirror = await startMirror({ prefix: '/', files });
    other = await startMirror({ prefix: '/', files });
  });
  afterAll(async () => {
    await mirror?.close();
    await other?.close();
    t.remove();
  });
  const failure = async (p: Promise<unknown>): Promise<AppError> => {
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  };
  const archiveFile = async () => (await readManifest(mirror.baseUrl, fast)).manifest.files.find((f) => f.path === archiveRel)!;

  it('reads a good bundle from the relay (control)', async () => {
    const report = await checkBundle(mirror.baseUrl, { job: createJob(), source: fast });
    expect(report.ok).toBe(true);
    expect(report.sourceKind).toBe('url');
  });

  it('an endless SHA256SUMS or manifest.json is cut at its limit while reading, naming the file', async () => {
    mirror.fault('SHA256SUMS', { kind: 'endless', maxBytes: 200 * MiB });
    const e = await failure(readManifest(mirror.baseUrl, fast));
    expect(e.code).toBe('BUNDLE_FILE_TOO_LARGE');
    expect(e.message).toContain('SHA256SUMS');
    const sent = mirror.requestsFor('SHA256SUMS').at(-1)!.bytesSent!;
    expect(sent).toBeLessThan(MAX_SUMS_BYTES + SLACK);

    mirror.fault('manifest.json', { kind: 'endless', maxBytes: 200 * MiB });
    const m = await failure(readManifest(mirror.baseUrl, fast));
    expect(m.code).toBe('BUNDLE_FILE_TOO_LARGE');
    expect(m.message).toContain('manifest.json');
    expect(mirror.requestsFor('manifest.json').at(-1)!.bytesSent!).toBeLessThan(MAX_MANIFEST_BYTES + SLACK);
  });

  it('verify and install read an archive no further than its listed size', async () => {
    mirror.fault(archiveRel, { kind: 'endless', maxBytes: 200 * MiB });
    const report = await checkBundle(mirror.baseUrl, { job: createJob(), source: fast });
    expect(report.problems).toEqual([{ path: archiveRel, problem: 'size', expected: String(archiveSize), actual: `more than ${archiveSize}` }]);
    expect(mirror.requestsFor(archiveRel).at(-1)!.bytesSent!).toBeLessThan(archiveSize + SLACK);

    const f = await archiveFile();
    mirror.fault(archiveRel, { kind: 'endless', maxBytes: 200 * MiB });
    const dest = join(t.path, 'fetched-endless.tar.gz');
    const e = await failure(materializeFile(await openBundleSource(mirror.baseUrl, fast), f, dest, { job: createJob() }));
    expect(e.code).toBe('BUNDLE_FILE_CORRUPT');
    expect(e.message).toContain(`larger than ${archiveSize} bytes`);
    expect(mirror.requestsFor(archiveRel).at(-1)!.bytesSent!).toBeLessThan(archiveSize + SLACK);
    expect(existsSync(dest)).toBe(false);
  });

  it('a gzip-encoded body (not asked for) is refused, not inflated', async () => {
    mirror.fault('SHA256SUMS', { kind: 'gzip-bomb' });
    const e = await failure(readManifest(mirror.baseUrl, fast));
    expect(e.code).toBe('BUNDLE_TRANSFER_FAILED');
    expect(e.message).toContain('SHA256SUMS');
    expect(e.message).toContain('Content-Encoding: gzip');
    expect(e.toData().cause.zh).toContain('没有被解压');
    const req = mirror.requestsFor('SHA256SUMS').at(-1)!;
    expect(req.headers['accept-encoding']).toBe('identity');
    expect(req.bytesSent!).toBeLessThan(SLACK);
  });

  it('a relay that cuts the archive short: which file, how much arrived, what to do (not INTERNAL "terminated")', async () => {
    const f = await archiveFile();
    mirror.fault(archiveRel, { kind: 'drop', afterBytes: 10_000 });
    const dest = join(t.path, 'fetched-cut.tar.gz');
    const e = await failure(materializeFile(await openBundleSource(mirror.baseUrl, fast), f, dest, { job: createJob() }));
    expect(e.code).toBe('BUNDLE_TRANSFER_FAILED');
    expect(e.message).toContain(archiveRel);
    expect(e.message).toContain('closed the connection before the end');
    expect(e.message).toMatch(/after [\d.]+ KiB of [\d.]+ KiB arrived/);
    expect(e.toData().cause.zh).toContain('中转服务器在传完之前关闭了连接');
    expect(existsSync(dest)).toBe(false);
  });

  it('a relay that never finishes its headers, or drips, or stalls, is abandoned with the file and why', async () => {
    mirror.fault('SHA256SUMS', { kind: 'partial-head' });
    const h = await failure(readManifest(mirror.baseUrl, { connectTimeoutMs: 300 }));
    expect(h.code).toBe('BUNDLE_TRANSFER_FAILED');
    expect(h.message).toContain('SHA256SUMS');
    expect(h.message).toContain('no complete answer within 0.3 s');

    const f = await archiveFile();
    mirror.fault(archiveRel, { kind: 'slow', delayMs: 50, chunkBytes: 1 });
    const drip = await failure(materializeFile(await openBundleSource(mirror.baseUrl, { ...fast, minSpeed: { bytes: 1024, windowMs: 300 } }), f, join(t.path, 'drip.tar.gz'), { job: createJob() }));
    expect(drip.code).toBe('BUNDLE_TRANSFER_FAILED');
    expect(drip.message).toContain(archiveRel);
    expect(drip.message).toContain('fewer than 1024 bytes arrived in 0.3 s');

    mirror.fault(archiveRel, { kind: 'slow', delayMs: 60_000, chunkBytes: 1000 });
    const idle = await failure(materializeFile(await openBundleSource(mirror.baseUrl, { ...fast, idleTimeoutMs: 200 }), f, join(t.path, 'idle.tar.gz'), { job: createJob() }));
    expect(idle.code).toBe('BUNDLE_TRANSFER_FAILED');
    expect(idle.message).toContain('no data arrived for 0.2 s');
  });

  it('redirects: followed within the same origin, refused to another port unless the settings allow it', async () => {
    mirror.fault('SHA256SUMS', { kind: 'redirect', hops: 2 });
    expect((await readManifest(mirror.baseUrl, fast)).manifest.go.versions).toEqual(['go1.99.3']);

    const config = join(t.path, 'config');
    const env = { XDG_CONFIG_HOME: config, HOME: t.path };
    const seen = other.requests.length;
    mirror.fault('SHA256SUMS', { kind: 'redirect', to: `${other.baseUrl}SHA256SUMS` });
    const e = await failure(readManifest(mirror.baseUrl, { ...fast, env }));
    expect(e.code).toBe('BUNDLE_REDIRECT_REFUSED');
    expect(e.message).toContain(`${mirror.baseUrl}SHA256SUMS`);
    expect(e.message).toContain(`${other.baseUrl}SHA256SUMS`);
    expect(e.toData().cause.zh).toContain('重定向');
    expect(other.requests.length).toBe(seen); // not even asked

    mkdirSync(join(config, 'go-offline'), { recursive: true });
    writeFileSync(join(config, 'go-offline', 'settings.json'), JSON.stringify({ relayRedirects: 'any' }));
    mirror.fault('SHA256SUMS', { kind: 'redirect', to: `${other.baseUrl}SHA256SUMS` });
    expect((await readManifest(mirror.baseUrl, { ...fast, env })).manifest.go.versions).toEqual(['go1.99.3']);
    expect(other.requests.length).toBe(seen + 1);
  });

  it('a deeply nested manifest is refused before it is parsed', async () => {
    const deep = join(t.path, 'deep');
    mkdirSync(deep);
    const body = Buffer.from('['.repeat(20 * MiB));
    writeFileSync(join(deep, 'manifest.json'), body);
    writeFileSync(join(deep, 'SHA256SUMS'), `${createHash('sha256').update(body).digest('hex')}  manifest.json\n`);
    const e = await failure(readManifest(deep));
    expect(e.code).toBe('BUNDLE_MANIFEST_INVALID');
    expect(e.message).toContain('nested more than 64 levels');
  });
});
