/**
 * Diagnose's one-click fix with real parts: a real bash startup file (a link to it, CRLF-free,
 * other lines byte-exact), the real stale-goroot rule finding the line (run through real bash),
 * the fix through the dispatcher as the app calls it, then the rule run again: the finding is
 * gone, the line is a marked comment that can be put back, the audit log says what changed. A
 * line that changed since, or a file outside HOME, changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { FIX_COMMENT_PREFIX, fixPlanFor } from '../../../shared/diagnose-fixes';
import { createDispatcher } from '../handlers';
import { runDiagnose } from './index';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('gooff-diag-fix-');
});
afterAll(() => tmp?.remove());

describe('diagnose.fix: a stale GOROOT line becomes a comment', () => {
  it('finds it, fixes exactly that line, and the checks then find nothing; refuses what no longer applies', async () => {
    const home = join(tmp.path, 'home');
    mkdirSync(join(home, 'dotfiles'), { recursive: true });
    const gone = join(tmp.path, 'old-go');
    const real = join(home, 'dotfiles', 'bashrc');
    const original = `# my settings\nexport GOROOT=${gone}\nalias ll='ls -l'\n`;
    writeFileSync(real, original);
    symlinkSync(real, join(home, '.bashrc'));
    writeFileSync(join(home, '.profile'), '. "$HOME/.bashrc"\n');
    const env = { HOME: home, PATH: '/usr/bin:/bin', SHELL: '/bin/bash', TMPDIR: tmp.path, XDG_STATE_HOME: join(home, '.state') };
    const check = () => runDiagnose({ env, platform: 'linux', probeNetwork: false, only: ['stale-goroot'] });

    const before = await check();
    const finding = before.results.find((r) => r.id === 'stale-goroot' && String(r.evidence.where).endsWith('.bashrc:2'));
    expect(finding, JSON.stringify(before.results.map((r) => r.evidence))).toBeTruthy();
    const plan = fixPlanFor(finding!);
    expect(plan).toEqual({ rule: 'stale-goroot', file: join(home, '.bashrc'), line: 2, value: gone });

    const d = createDispatcher({ env, platform: 'linux', emit: () => undefined, log: false });
    const r = await d.dispatch('diagnose.fix', plan);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    // exactly that line, at the link's target; the link stays a link
    expect(readFileSync(real, 'utf8')).toBe(`# my settings\n${FIX_COMMENT_PREFIX}export GOROOT=${gone}\nalias ll='ls -l'\n`);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(readFileSync(real, 'utf8'));
    // undone by deleting the marker
    expect(readFileSync(real, 'utf8').replace(FIX_COMMENT_PREFIX, '')).toBe(original);
    const audit = readFileSync(join(home, '.state', 'go-offline', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.find((a) => a.event === 'diagnose.fix')).toMatchObject({ rule: 'stale-goroot', path: join(home, '.bashrc'), line: 2, before: `export GOROOT=${gone}` });
    // the checks again: nothing stale left
    expect((await check()).results.filter((x) => x.id === 'stale-goroot')).toEqual([]);

    // again: the line is no longer what was found, so nothing changes
    const fixedText = readFileSync(real, 'utf8');
    const again = await d.dispatch('diagnose.fix', plan);
    expect(!again.ok && again.error.code).toBe('FIX_NO_LONGER_APPLIES');
    expect(readFileSync(real, 'utf8')).toBe(fixedText);
    // a file outside HOME, or a request of another shape: refused before anything is read
    const outside = join(tmp.path, 'elsewhere.sh');
    writeFileSync(outside, `export GOROOT=${gone}\n`);
    const out = await d.dispatch('diagnose.fix', { ...plan, file: outside, line: 1 });
    expect(!out.ok && out.error.code).toBe('BAD_USAGE');
    expect(readFileSync(outside, 'utf8')).toBe(`export GOROOT=${gone}\n`);
    expect(await d.dispatch('diagnose.fix', { ...plan, rule: 'path-not-loaded' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});
