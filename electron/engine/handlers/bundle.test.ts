import { describe, it, expect, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDispatcher } from './index';
import { ensureGoFixture } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import type { Progress } from '../../../shared/progress';

const tmp = tempDir('gooff-bundle-ipc-');
afterAll(() => tmp.remove());

describe('bundle channels through the dispatcher', () => {
  it('creates a bundle from a verified archive, verifies it, and names the tampered file', async () => {
    const f = await ensureGoFixture();
    const events: Progress[] = [];
    const d = createDispatcher({ env: { ...process.env, HOME: tmp.path, XDG_CONFIG_HOME: join(tmp.path, '.config') }, emit: (p) => events.push(p) });
    const out = join(tmp.path, 'media');
    const jobId = randomUUID();
    const created = await d.dispatch('bundle.create', { jobId, version: f.version, platforms: ['linux-amd64'], archiveFiles: [f.archive], outDir: out });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const r = created.value as { readBack: boolean; files: number };
    expect(r.readBack).toBe(true);
    expect(events.some((e) => e.jobId === jobId)).toBe(true);

    const ok = await d.dispatch('bundle.verify', { jobId: randomUUID(), source: out });
    expect(ok.ok && (ok.value as { ok: boolean }).ok).toBe(true);

    const archive = readdirSync(out, { recursive: true }).map(String).find((p) => p.endsWith('.tar.gz'))!;
    appendFileSync(join(out, archive), 'x');
    const bad = await d.dispatch('bundle.verify', { jobId: randomUUID(), source: out });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('BUNDLE_TAMPERED');
      expect(bad.error.cause.en).toContain('.tar.gz');
    }

    const drives = await d.dispatch('bundle.drives', {});
    expect(drives.ok).toBe(true);
  });
});
