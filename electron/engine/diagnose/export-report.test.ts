/**
 * "Export report" of a received support bundle: a real bundle written by writeSupportBundle from a
 * real diagnose run, exported through the dispatcher (as the app calls it): the file holds the
 * bundle's report.md byte for byte, written atomically (no temp file left); an existing file is
 * refused and left as it was until "replace"; a folder, a relative path, or a damaged bundle write
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { createDispatcher } from '../handlers';
import { runDiagnose } from './index';
import { writeSupportBundle } from './support-bundle';

let tmp: ReturnType<typeof tempDir>;
let bundle = '';
let reportMd = '';
const env = () => ({ HOME: join(tmp.path, 'home'), PATH: '/usr/bin:/bin', SHELL: '/bin/bash', GOROOT: join(tmp.path, 'gone'), TMPDIR: tmp.path, XDG_STATE_HOME: join(tmp.path, 'home', '.state') });
beforeAll(async () => {
  tmp = tempDir('gooff-export-report-');
  mkdirSync(join(tmp.path, 'home'), { recursive: true });
  const report = await runDiagnose({ env: env(), platform: 'linux', probeNetwork: false });
  bundle = (await writeSupportBundle({ env: env(), platform: 'linux', out: join(tmp.path, 'received.gosupport'), report })).path;
  // what is inside, read with tar itself
  reportMd = execFileSync('tar', ['-xzOf', bundle, 'report.md'], { encoding: 'utf8' });
}, 120_000);
afterAll(() => tmp?.remove());

describe('diagnose.exportReport', () => {
  it('writes the bundle’s report.md exactly, atomically; refuses an existing file until "replace"; writes nothing for bad input', async () => {
    const d = createDispatcher({ env: env(), platform: 'linux', emit: () => undefined, log: false });
    const outDir = join(tmp.path, 'tickets');
    mkdirSync(outDir);
    const out = join(outDir, 'report.md');
    const r = await d.dispatch('diagnose.exportReport', { bundle, out });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(r.ok && r.value).toEqual({ path: out, bytes: Buffer.byteLength(reportMd) });
    expect(readFileSync(out, 'utf8')).toBe(reportMd);
    expect(reportMd).toContain('stale-goroot');
    expect(readdirSync(outDir)).toEqual(['report.md']); // no temp file left beside it

    // an existing file: refused, left as it was; replaced only when asked
    writeFileSync(out, 'my notes');
    const again = await d.dispatch('diagnose.exportReport', { bundle, out });
    expect(!again.ok && again.error.code).toBe('REPORT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe('my notes');
    const replaced = await d.dispatch('diagnose.exportReport', { bundle, out, replace: true });
    expect(replaced.ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(reportMd);

    // a folder is never written over, even with replace
    const folder = await d.dispatch('diagnose.exportReport', { bundle, out: outDir, replace: true });
    expect(!folder.ok && folder.error.code).toBe('REPORT_DEST_NOT_FILE');
    // a relative path, an unknown field: rejected before anything runs
    expect(await d.dispatch('diagnose.exportReport', { bundle, out: 'report.md' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await d.dispatch('diagnose.exportReport', { bundle, out, extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    // not a support bundle: its error, and no file
    const junk = join(tmp.path, 'junk.gosupport');
    writeFileSync(junk, 'not a tar');
    const bad = await d.dispatch('diagnose.exportReport', { bundle: junk, out: join(outDir, 'junk.md') });
    expect(!bad.ok && bad.error.code).toMatch(/^SUPPORT_BUNDLE_/);
    expect(readdirSync(outDir)).toEqual(['report.md']);
  });
});
