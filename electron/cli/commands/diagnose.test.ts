import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDir } from '../../../test/support/tmp';
import { ensureGoFixture, repoRoot } from '../../../test/support/go-fixture';
import { createDispatcher } from '../../engine/handlers';

const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { LANG: 'C', ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

let tmp: ReturnType<typeof tempDir>;
let prefix: string;
let env: Record<string, string>;
const TOKEN = 'ghp_' + 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8';

beforeAll(async () => {
  tmp = tempDir('gooff-cli-diag-');
  const fixture = await ensureGoFixture();
  prefix = join(tmp.path, 'prefix');
  mkdirSync(prefix);
  execFileSync('tar', ['-xzf', fixture.archive, '-C', prefix]);
  const home = join(tmp.path, 'home');
  mkdirSync(join(home, '.config', 'go'), { recursive: true });
  mkdirSync(join(home, 'proxy'));
  writeFileSync(join(home, '.profile'), `export PATH="$PATH:${prefix}/go/bin"\n`);
  writeFileSync(join(home, '.bashrc'), `export PATH="$PATH:${prefix}/go/bin"\n`);
  writeFileSync(join(home, '.config', 'go', 'env'), `GOPROXY=file://${home}/proxy,off\n`);
  env = { HOME: home, SHELL: '/bin/bash', PATH: `${prefix}/go/bin:/usr/bin:/bin`, TMPDIR: tmp.path, XDG_STATE_HOME: join(home, '.state') };
}, 600_000);
afterAll(() => tmp?.remove());

describe('go-offline diagnose', () => {
  it('exit 0 on a healthy install (--json is one document)', async () => {
    const r = await cli(['diagnose', '--prefix', prefix, '--no-network', '--json'], env);
    expect(r.stderr).not.toMatch(/error/i); // progress lines only
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ schema: 'go-offline/diagnose@1', goroot: join(prefix, 'go'), goVersion: 'go1.19.8', healthy: true, results: [] });
  });

  it('no Go installed (as after uninstall) is a finding: exit 1, go-not-installed, and every check counted', async () => {
    const home = join(tmp.path, 'home-nogo');
    mkdirSync(home, { recursive: true });
    const r = await cli(['diagnose', '--no-network'], { HOME: home, SHELL: '/bin/bash', PATH: '/usr/bin:/bin', TMPDIR: tmp.path, XDG_STATE_HOME: join(home, '.state') });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[ERROR] go-not-installed');
    expect(r.stdout).not.toContain('No problems found');
    const m = /(\d+) checks: (\d+) ran, (\d+) did not apply\); root cause first: go-not-installed\./.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![2]) + Number(m![3])).toBe(Number(m![1]));
    const json = JSON.parse((await cli(['diagnose', '--no-network', '--json'], { HOME: home, SHELL: '/bin/bash', PATH: '/usr/bin:/bin', TMPDIR: tmp.path, XDG_STATE_HOME: join(home, '.state') })).stdout);
    expect(json.rootCauses).toEqual(['go-not-installed']);
    expect(json.runs.length).toBe(Number(m![1]));
  });

  it('exit 1 with the rule, cause and fix when something is wrong (human output)', async () => {
    const r = await cli(['diagnose', '--prefix', prefix, '--no-network'], { ...env, GOROOT: '/usr/local/opt/go/libexec' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[ERROR] stale-goroot');
    expect(r.stdout).toContain('/usr/local/opt/go/libexec');
    const zh = await cli(['diagnose', '--prefix', prefix, '--no-network'], { ...env, GOROOT: '/usr/local/opt/go/libexec', GO_OFFLINE_LANG: 'zh' });
    expect(zh.stdout).toContain('解决办法');
  });

  it('writes a support bundle without secrets, and support staff open it (exit reflects its report)', async () => {
    const out = join(tmp.path, 'support.tar.gz');
    const r = await cli(['diagnose', '--prefix', prefix, '--no-network', '--support-bundle', out, '--json'], { ...env, GOROOT: '/gone', GITHUB_TOKEN: TOKEN, HTTPS_PROXY: 'http://me:hunter2hunter2@proxy.corp:8080' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).supportBundle).toBe(out);
    const all = execFileSync('tar', ['-xzOf', out], { encoding: 'utf8' });
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('hunter2hunter2');
    expect(all).toContain('stale-goroot');
    const opened = await cli(['diagnose', '--open-support-bundle', out, '--json'], { HOME: tmp.path });
    expect(opened.code).toBe(1);
    const o = JSON.parse(opened.stdout);
    expect(o.warnings).toEqual([]);
    expect(o.report.results.map((x: { id: string }) => x.id)).toContain('stale-goroot');
    const human = await cli(['diagnose', '--open-support-bundle', out], { HOME: tmp.path });
    expect(human.stdout).toContain('stale-goroot');
  });

  it('--explain matches a pasted message (exit 0), says so when nothing matches (exit 1), rejects empty (exit 2)', async () => {
    const r = await cli(['diagnose', '--explain', 'go: parsing $GOFLAGS: unknown flag -insecure', '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).matches[0].id).toBe('goflags-insecure');
    // the rule that can confirm it ran on this machine: not here, found once GOFLAGS has it
    expect(JSON.parse(r.stdout).confirmations).toEqual([{ rule: 'goflags-insecure', status: 'ok', reason: null }]);
    const here = await cli(['diagnose', '--explain', 'go: parsing $GOFLAGS: unknown flag -insecure', '--no-network'], { ...env, GOFLAGS: '-insecure' });
    expect(here.stdout).toContain('[rule goflags-insecure] (checked on this machine: found)');
    const none = await cli(['diagnose', '--explain', 'all good here'], env);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('No known error matches');
    expect(none.stdout).toContain('support bundle');
    const empty = await cli(['diagnose', '--explain', '   '], env);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('EXPLAIN_EMPTY');
  });

  it('the app (IPC diagnose.explain) and the CLI (--explain) say the same about a real failure text: the same matches, the same rule run here to confirm it', async () => {
    const gone = join(tmp.path, 'old-go');
    const e = { ...env, GOROOT: gone };
    // the real message: the fixture's go with GOROOT naming a folder that is gone
    const real = spawnSync(join(prefix, 'go', 'bin', 'go'), ['version'], { env: e, encoding: 'utf8' });
    expect(real.status).not.toBe(0);
    const text = real.stderr.trim();
    expect(text).toBe(`go: cannot find GOROOT directory: ${gone}`);
    const c = await cli(['diagnose', '--explain', text, '--no-network', '--json'], e);
    expect(c.code, c.stderr).toBe(0);
    const fromCli = JSON.parse(c.stdout);
    const d = createDispatcher({ env: e, platform: 'linux', log: false, emit: () => undefined });
    const fromApp = await d.dispatch('diagnose.explain', { text, probeNetwork: false });
    expect(fromApp.ok).toBe(true);
    expect(fromApp.ok && fromApp.value).toEqual(fromCli);
    expect(fromCli.matches.map((m: { id: string }) => m.id)).toEqual(['stale-goroot']);
    // confirmed on this machine at both ends (the app used to show the match alone)
    expect(fromCli.confirmations).toEqual([{ rule: 'stale-goroot', status: 'fired', reason: null }]);
    // and without the stale GOROOT the same rule runs and finds nothing, at both ends
    const d2 = createDispatcher({ env, platform: 'linux', log: false, emit: () => undefined });
    const fixed = await d2.dispatch('diagnose.explain', { text, probeNetwork: false });
    const fixedCli = JSON.parse((await cli(['diagnose', '--explain', text, '--no-network', '--json'], env)).stdout);
    expect(fixed.ok && fixed.value).toEqual(fixedCli);
    expect(fixedCli.confirmations).toEqual([{ rule: 'stale-goroot', status: 'ok', reason: null }]);
  });

  it('exit 2 for bad input: a missing project folder, a hostile or unreadable bundle', async () => {
    const p = await cli(['diagnose', '--project', join(tmp.path, 'no-such-project'), '--no-network', '--json'], env);
    expect(p.code).toBe(2);
    expect(JSON.parse(p.stderr).error.code).toBe('PROJECT_NOT_FOUND');
    const junk = join(tmp.path, 'junk.tar.gz');
    writeFileSync(junk, gzipSync(Buffer.from('not a tar at all, just some text that is long enough')));
    const j = await cli(['diagnose', '--open-support-bundle', junk], env);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/SUPPORT_BUNDLE_(UNREADABLE|INVALID)/);
    expect(existsSync(join(tmp.path, 'manifest.json'))).toBe(false);
  });
});
