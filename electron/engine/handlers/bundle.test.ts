import { describe, expect, it, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { createDispatcher } from './index';
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
});
