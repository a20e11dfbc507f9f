import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { createDispatcher } from './index';
import type { Progress } from '../../../shared/progress';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('gooff-h-diag-');
});
afterAll(() => tmp?.remove());

describe('diagnose IPC handlers (through the dispatcher)', () => {
  it('explain, rules, run with progress, save and open a support bundle; bad payloads are rejected', async () => {
    const events: Progress[] = [];
    const env = { HOME: tmp.path, PATH: '/usr/bin:/bin', SHELL: '/bin/bash', GOROOT: join(tmp.path, 'gone') };
    const d = createDispatcher({ env, platform: 'linux', emit: (p) => events.push(p) });
    const ex = await d.dispatch('diagnose.explain', { text: "go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set" });
    expect(ex.ok && (ex.value as { matches: Array<{ id: string }> }).matches[0]!.id).toBe('trimmed-goroot');
    const empty = await d.dispatch('diagnose.explain', { text: '' });
    expect(!empty.ok && empty.error.code).toBe('EXPLAIN_EMPTY');
    const rules = await d.dispatch('diagnose.rules', {});
    expect(rules.ok && (rules.value as Array<{ id: string }>).map((r) => r.id)).toContain('wrong-arch');
    const bad = await d.dispatch('diagnose.run', { jobId: 'not-a-uuid' });
    expect(!bad.ok && bad.error.code).toBe('INVALID_REQUEST');
    const jobId = randomUUID();
    const run = await d.dispatch('diagnose.run', { jobId, probeNetwork: false });
    expect(run.ok).toBe(true);
    const report = run.ok ? (run.value as { results: Array<{ id: string }>; healthy: boolean }) : null;
    expect(report!.results.map((r) => r.id)).toContain('stale-goroot');
    expect(events.some((e) => e.jobId === jobId && e.phase === 'diagnose')).toBe(true);
    const path = join(tmp.path, 'sb.tar.gz');
    const saved = await d.dispatch('diagnose.saveSupportBundle', { jobId: randomUUID(), path });
    expect(saved.ok).toBe(true);
    const opened = await d.dispatch('diagnose.openSupportBundle', { path });
    expect(opened.ok && (opened.value as { report: { results: Array<{ id: string }> } }).report.results.map((r) => r.id)).toContain('stale-goroot');
    const missing = await d.dispatch('diagnose.openSupportBundle', { path: join(tmp.path, 'nope.tar.gz') });
    expect(!missing.ok && missing.error.code).toBe('FILE_NOT_READABLE');
  });
});
