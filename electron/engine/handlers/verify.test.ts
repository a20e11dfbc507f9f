import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDispatcher } from './index';
import type { Progress } from '../../../shared/progress';
import type { ProjectCheck, VerifyReport } from '../../../shared/verify';
import { tempDir } from '../../../test/support/tmp';
import { findDebianGoroot, repoRoot } from '../../../test/support/go-fixture';

describe('verify and modules channels through the dispatcher', () => {
  let home: ReturnType<typeof tempDir>;
  const events: Progress[] = [];
  let d: ReturnType<typeof createDispatcher>;

  beforeAll(() => {
    home = tempDir('gooff-hv-');
    const env = { HOME: home.path, PATH: '/usr/bin:/bin', SHELL: '/bin/bash', GOCACHE: join(repoRoot, '.cache', 'gocache-verify-tests') };
    d = createDispatcher({ env, emit: (p) => events.push(p) });
  });
  afterAll(() => home.remove());

  it('verify.lastResults is null before any run; verify.run checks PREFIX/go and saves results', async () => {
    expect(await d.dispatch('verify.lastResults', {})).toEqual({ ok: true, value: null });
    const prefix = join(home.path, 'prefix');
    mkdirSync(prefix);
    symlinkSync(findDebianGoroot(), join(prefix, 'go'));
    writeFileSync(join(home.path, '.profile'), `export PATH="${prefix}/go/bin:$PATH"\n`);
    const jobId = randomUUID();
    const r = await d.dispatch('verify.run', { jobId, prefix });
    expect(r.ok).toBe(true);
    const report = (r as { value: VerifyReport }).value;
    expect(report.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(events.some((e) => e.jobId === jobId && e.phase === 'verify-done')).toBe(true);
    const last = await d.dispatch('verify.lastResults', {});
    expect((last as { value: VerifyReport }).value.createdAt).toBe(report.createdAt);
  });

  it('rejects bad payloads and reports bad input with its catalog code', async () => {
    const bad = await d.dispatch('verify.run', { jobId: 'not-a-uuid' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const missing = await d.dispatch('verify.run', { jobId: randomUUID(), prefix: join(home.path, 'nowhere') });
    expect(missing).toMatchObject({ ok: false, error: { code: 'VERIFY_GOROOT_MISSING', exit: 2 } });
    expect((missing as { error: { title: { zh: string } } }).error.title.zh.length).toBeGreaterThan(0);
  });

  it('modules.checkProjects warns before export about a go line newer than the bundled Go', async () => {
    const proj = join(home.path, 'proj');
    mkdirSync(proj);
    writeFileSync(join(proj, 'go.mod'), 'module example.com/p\n\ngo 1.23.0\n');
    const r = await d.dispatch('modules.checkProjects', { jobId: randomUUID(), projects: [proj], goVersion: '1.22.5' });
    expect(r.ok).toBe(true);
    const [c] = (r as { value: ProjectCheck[] }).value;
    expect(c!.findings.map((f) => [f.id, f.verdict])).toEqual([['project.toolchain-too-old-local', 'fail']]);
  });
});
