import { describe, expect, it, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { createDispatcher } from './index';
import { servingStatusUrls } from './bundle';
import type { RelayStatus } from '../../../shared/ipc/bundle';
import type { Progress } from '../../../shared/progress';

describe('bundle IPC handlers (through the dispatcher)', () => {
  const t = tempDir('bundle-ipc-');
  afterAll(() => t.remove());

  it('creates, verifies, reports problems, and relays a bundle', async () => {
    const src = join(t.path, 'src');
    mkdirSync(join(src, 'go'), { recursive: true });
    writeFileSync(join(src, 'go', 'VERSION'), 'go1.99.4\n');
    const archive = join(t.path, 'go1.99.4.linux-amd64.tar.gz');
    execFileSync('tar', ['-C', src, '-czf', archive, 'go']);
    const events: Progress[] = [];
    const d = createDispatcher({ env: { HOME: join(t.path, 'home') }, emit: (p) => events.push(p) });
    const out = join(t.path, 'out');
    const created = await d.dispatch('bundle.create', { jobId: randomUUID(), archiveFiles: [archive], outDir: out });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const sha = createHash('sha256').update(readFileSync(archive)).digest('hex');
    expect((created.value as { manifest: { files: Array<{ path: string; sha256: string }> } }).manifest.files.find((f) => f.path === 'go/go1.99.4.linux-amd64.tar.gz')?.sha256).toBe(sha);
    expect(events.some((e) => e.phase === 'readback')).toBe(true);

    const ok = await d.dispatch('bundle.verify', { jobId: randomUUID(), source: out });
    expect(ok).toMatchObject({ ok: true, value: { ok: true } });
    writeFileSync(join(out, 'README.txt'), 'changed');
    const bad = await d.dispatch('bundle.verify', { jobId: randomUUID(), source: out });
    expect(bad).toMatchObject({ ok: true, value: { ok: false, problems: [{ path: 'README.txt', problem: 'size' }] } });

    const refused = await d.dispatch('bundle.serveStart', { dir: out, port: 0 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BUNDLE_TAMPERED', exit: 2 } });

    const invalid = await d.dispatch('bundle.create', { jobId: 'nope', outDir: out });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('bundle.update: removes a version in place, refuses a damaged bundle (nothing changed), validates its payload', async () => {
    const archives = ['go1.99.4', 'go1.99.5'].map((v) => {
      const src = join(t.path, `src-${v}`);
      mkdirSync(join(src, 'go'), { recursive: true });
      writeFileSync(join(src, 'go', 'VERSION'), `${v}\n`);
      const archive = join(t.path, `${v}.linux-amd64.tar.gz`);
      execFileSync('tar', ['-C', src, '-czf', archive, 'go']);
      return archive;
    });
    const events: Progress[] = [];
    const d = createDispatcher({ env: { HOME: join(t.path, 'home-u') }, emit: (p) => events.push(p) });
    const out = join(t.path, 'out-u');
    const created = await d.dispatch('bundle.create', { jobId: randomUUID(), archiveFiles: archives, outDir: out });
    expect(created.ok).toBe(true);
    const r = await d.dispatch('bundle.update', { jobId: randomUUID(), dir: out, removeVersions: ['1.99.4'] });
    expect(r).toMatchObject({ ok: true, value: { nothingToDo: false, removed: { paths: expect.arrayContaining(['go/go1.99.4.linux-amd64.tar.gz']) }, manifest: { go: { versions: ['go1.99.5'] } } } });
    expect(events.some((e) => e.phase === 'verify')).toBe(true);
    const again = await d.dispatch('bundle.update', { jobId: randomUUID(), dir: out, removeVersions: ['1.99.5'] });
    expect(again).toMatchObject({ ok: false, error: { code: 'BUNDLE_UPDATE_EMPTY', exit: 2 } });
    writeFileSync(join(out, 'README.txt'), 'changed');
    const before = readFileSync(join(out, 'manifest.json'), 'utf8');
    const bad = await d.dispatch('bundle.update', { jobId: randomUUID(), dir: out, addPlatforms: ['linux-arm64'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BUNDLE_UPDATE_DAMAGED', exit: 2 } });
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before);
    const invalid = await d.dispatch('bundle.update', { jobId: randomUUID(), dir: out, addPlatforms: ['linux amd64; rm -rf /'] });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('bundle.serveStart/serveStatus: the status page address and live counts, the same numbers /_status.json gives; the app may open only that page while it serves', async () => {
    const src = join(t.path, 'src-s');
    mkdirSync(join(src, 'go'), { recursive: true });
    writeFileSync(join(src, 'go', 'VERSION'), 'go1.99.6\n');
    const archive = join(t.path, 'go1.99.6.linux-amd64.tar.gz');
    execFileSync('tar', ['-C', src, '-czf', archive, 'go']);
    const d = createDispatcher({ env: { HOME: join(t.path, 'home-s') }, emit: () => {} });
    const out = join(t.path, 'out-s');
    expect((await d.dispatch('bundle.create', { jobId: randomUUID(), archiveFiles: [archive], outDir: out })).ok).toBe(true);
    expect(servingStatusUrls()).toEqual([]);
    const started = await d.dispatch('bundle.serveStart', { dir: out, port: 0 });
    expect(started.ok).toBe(true);
    const st = (started as { value: RelayStatus }).value;
    try {
      expect(st.statusUrl).toBe(`${st.url}_status`);
      expect(st.live).toMatchObject({ sendingArchives: 0, activeTransfers: 0, toldToWait: 0, requests: 0, bytes: 0, clients: 0 });
      expect(servingStatusUrls()).toContain(st.statusUrl);
      const body = Buffer.from(await (await fetch(`${st.url}go/go1.99.6.linux-amd64.tar.gz`)).arrayBuffer());
      expect(body.length).toBe(readFileSync(archive).length);
      const json = (await (await fetch(`${st.url}_status.json`)).json()) as { totals: { requests: number; bytes: number; complete: number }; clients: unknown[] };
      const now = ((await d.dispatch('bundle.serveStatus', {})) as { value: RelayStatus }).value;
      // the status.json request itself is counted once it ended: at least what it said, never less
      expect(now.live.complete).toBeGreaterThanOrEqual(json.totals.complete);
      expect(now.live.complete).toBeGreaterThanOrEqual(1);
      expect(now.live.bytes).toBeGreaterThanOrEqual(body.length);
      expect(now.live.clients).toBe(json.clients.length);
    } finally {
      expect(await d.dispatch('bundle.serveStop', {})).toMatchObject({ ok: true, value: true });
    }
    expect(servingStatusUrls()).toEqual([]);
    expect(await d.dispatch('bundle.serveStatus', {})).toMatchObject({ ok: true, value: null });
  });
});
