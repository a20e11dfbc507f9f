/** `diagnose --open-support-bundle` on hostile files: what reaches the terminal (issue 13 items 5, 12). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { repoRoot } from '../../../test/support/go-fixture';
import { supportManifest, tarFile } from '../../engine/diagnose/test-helpers';

const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { LANG: 'C', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

function gosupport(path: string, files: Array<{ path: string; body: Buffer }>): void {
  const manifest = supportManifest(files, { createdAt: '2025-01-01T00:00:00Z\x1b]0;owned\x07', toolVersion: '9.9.9\x1b[2J' });
  writeFileSync(path, tarFile([{ path: 'manifest.json', body: manifest }, ...files]));
}

const ESC = '\x1b';
const EVIL = `${ESC}]0;pwned${String.fromCharCode(7)}${ESC}[2J${ESC}[H\u009b1m\rFAKE`;
const report = (over: Record<string, unknown> = {}) => ({
  schema: 'go-offline/diagnose@1',
  createdAt: '2025-01-01T00:00:00Z',
  toolVersion: '1',
  host: { platform: 'linux', os: 'linux', arch: 'amd64', osVersion: `Debian${EVIL}`, libc: null, shell: null },
  goroot: `/opt/go${EVIL}`,
  goVersion: 'go1.19',
  projects: [],
  network: { probed: false, reachable: null },
  results: [{ id: `stale-goroot${EVIL}`, severity: 'error', title: { en: `Bad${EVIL}`, zh: `坏${EVIL}` }, checks: { en: 'c', zh: 'c' }, cause: { en: `cause${EVIL}`, zh: 'c' }, fix: { en: `fix${EVIL}`, zh: 'f' }, evidence: {} }],
  rootCauses: [],
  runs: [{ id: 'stale-goroot', status: 'fired' }],
  healthy: false,
  ...over,
});

let tmp: ReturnType<typeof tempDir>;
let env: Record<string, string>;
beforeAll(() => {
  tmp = tempDir('gooff-cli-open-');
  env = { HOME: tmp.path, PATH: '/usr/bin:/bin', TMPDIR: tmp.path, XDG_STATE_HOME: join(tmp.path, 'state'), XDG_CONFIG_HOME: join(tmp.path, 'config') };
});
afterAll(() => tmp?.remove());

describe('go-offline diagnose --open-support-bundle', () => {
  it('prints fields of a received bundle without terminal escapes or control characters (text and --json)', async () => {
    const p = join(tmp.path, 'evil.gosupport');
    gosupport(p, [{ path: 'report.json', body: Buffer.from(JSON.stringify(report())) }, { path: `x${ESC}[31m.txt`, body: Buffer.from('x') }]);
    const r = await cli(['diagnose', '--open-support-bundle', p], env);
    expect(r.code).toBe(1); // its report has a problem
    expect(r.stdout).toContain('stale-goroot');
    expect(r.stdout).toContain('/opt/go');
    // eslint-disable-next-line no-control-regex
    for (const out of [r.stdout, r.stderr]) expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    const j = await cli(['diagnose', '--open-support-bundle', p, '--json'], env);
    expect(j.stdout).not.toMatch(/\\u001b|\\u0007|\\r|\\u009b/);
    expect(JSON.parse(j.stdout).report.goroot).toBe('/opt/goFAKE');
  });

  it('a malformed report.json is a clear bad-input error (exit 2), not INTERNAL', async () => {
    const p = join(tmp.path, 'malformed.gosupport');
    gosupport(p, [{ path: 'report.json', body: Buffer.from(JSON.stringify(report({ host: null, runs: [null] }))) }]);
    const r = await cli(['diagnose', '--open-support-bundle', p], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SUPPORT_BUNDLE_INVALID');
    expect(r.stderr).toContain('report.json is not a diagnose report');
    expect(r.stderr).not.toContain('INTERNAL');
    const zh = await cli(['diagnose', '--open-support-bundle', p], { ...env, GO_OFFLINE_LANG: 'zh' });
    expect(zh.stderr).toContain('不包含有效的支持包');
  });
});

describe('errors the CLI prints', () => {
  it('carry no terminal escapes from their parameters (a hostile path named on the command line)', async () => {
    const r = await cli(['bundle', 'verify', join(tmp.path, `no${ESC}]0;owned${String.fromCharCode(7)}${ESC}[2Jwhere`)], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('BUNDLE_NOT_FOUND');
    expect(r.stderr).toContain('nowhere');
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });
});
