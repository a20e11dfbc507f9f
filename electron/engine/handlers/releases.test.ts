import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDispatcher } from './index';
import type { Progress } from '../../../shared/progress';
import { startMirror, type Mirror } from '../../../test/support/http-server';
import { tempDir } from '../../../test/support/tmp';
import { ensureGoFixture, fixtureListingEntry, type GoFixture } from '../../../test/support/go-fixture';

describe('releases and download channels through the dispatcher', () => {
  let fixture: GoFixture;
  let mirror: Mirror;
  let home: ReturnType<typeof tempDir>;
  const events: Progress[] = [];
  let d: ReturnType<typeof createDispatcher>;

  beforeAll(async () => {
    fixture = await ensureGoFixture();
    mirror = await startMirror({ releases: [fixtureListingEntry(fixture)], files: { [fixture.filename]: fixture.archive } });
    home = tempDir('gooff-h-');
    d = createDispatcher({ env: { HOME: home.path }, emit: (p) => events.push(p) });
  });
  afterAll(async () => {
    await mirror.close();
    home.remove();
  });

  it('releases.list groups the listing; releases.get returns files', async () => {
    const r = await d.dispatch('releases.list', { mirrors: [mirror.baseUrl] });
    expect(r.ok).toBe(true);
    const v = (r as { value: { latest: string; groups: Array<{ line: string }> } }).value;
    expect(v.latest).toBe(fixture.version);
    expect(v.groups[0]!.line).toBe('go1.19');
    const g = await d.dispatch('releases.get', { version: fixture.version });
    expect((g as { value: { files: unknown[] } }).value.files).toHaveLength(1);
  });

  it('releases.check reports project and platform problems and preselects from profiles', async () => {
    const proj = join(home.path, 'proj');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(proj);
    writeFileSync(join(proj, 'go.mod'), 'module x\n\ngo 1.21.0\n');
    const r = await d.dispatch('releases.check', { version: fixture.version, platforms: ['linux-amd64', 'windows-amd64'], projectDirs: [proj] });
    expect(r.ok).toBe(true);
    const v = (r as { value: { ok: boolean; findings: Array<{ id: string; verdict: string }> } }).value;
    expect(v.ok).toBe(false);
    expect(v.findings.map((f) => f.id)).toEqual(['project.go-too-new', 'release.release_platform_missing']);
  });

  it('rejects bad arguments', async () => {
    const r = await d.dispatch('download.start', { jobId: 'nope', version: '1', platforms: [], outDir: '' });
    expect(r.ok).toBe(false);
    expect((r as { error: { code: string } }).error.code).toBe('INVALID_REQUEST');
  });

  it('download.start runs as a job with progress and can be cancelled', async () => {
    const out = join(home.path, 'dl');
    const jobId = randomUUID();
    const r = await d.dispatch('download.start', { jobId, version: fixture.version, platforms: ['linux-amd64'], outDir: out, mirrors: [mirror.baseUrl] });
    expect(r.ok).toBe(true);
    expect((r as { value: { files: Array<{ sha256: string }> } }).value.files[0]!.sha256).toBe(fixture.sha256);
    expect(events.some((e) => e.jobId === jobId && e.phase === 'download' && e.done === fixture.size)).toBe(true);

    mirror.fault(fixture.filename, { kind: 'slow', delayMs: 20 });
    const out2 = join(home.path, 'dl2');
    const job2 = randomUUID();
    const p = d.dispatch('download.start', { jobId: job2, version: fixture.version, platforms: ['linux-amd64'], outDir: out2, mirrors: [mirror.baseUrl] });
    // cancel once bytes arrived (waiting for that event, however long the busy machine takes)
    await vi.waitFor(() => expect(events.some((e) => e.jobId === job2 && e.done > 0)).toBe(true), { timeout: 120_000, interval: 10 });
    expect((await d.dispatch('jobs.cancel', { jobId: job2 })).ok).toBe(true);
    const res = await p;
    expect(res.ok).toBe(false);
    expect((res as { error: { code: string } }).error.code).toBe('CANCELLED');
    expect(readdirSync(out2)).not.toContain(fixture.filename);
  });
});
