/**
 * Issue 13 items 4, 6 and 12 (network side): a bundle folder with links in it, served with
 * `serve --no-verify` or read as a folder, and relays that misbehave (endless, dripping, cut
 * short, gzip-encoded, redirecting elsewhere, never finishing their headers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { AppError } from '../../../shared/errors';
import type { DownloadedFile } from '../../../shared/releases';
import { exportBundle } from './export';
import { startRelay, type Relay } from './relay';
import { checkBundle } from './verify';
import { openBundleSource } from './source';
import { readManifest } from './manifest';

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
