import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const bin = join(__dirname, '..', '..', 'bin', 'go-offline.cjs');
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, GO_OFFLINE_PROBE_URL: 'http://127.0.0.1:1/', ...env } });

describe('go-offline command line', () => {
  it('prints its version and help with exit 0', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const v = cli(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = cli(['--help']);
    expect(h.status).toBe(0);
    for (const c of ['env', 'releases', 'download', 'bundle', 'serve', 'install', 'verify', 'rollback', 'uninstall', 'diagnose']) expect(h.stdout).toMatch(new RegExp(`\\b${c}\\b`));
    expect(cli(['env', '--help']).status).toBe(0);
  });

  it('exits 2 with a coded error on bad usage, in the UI words, in English or Chinese', () => {
    const r = cli(['env', '--no-such-flag']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error BAD_USAGE');
    expect(r.stderr).toContain('Fix:');
    const zh = cli(['frobnicate'], { GO_OFFLINE_LANG: 'zh' });
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain('解决办法');
    const json = cli(['env', '--json', '--no-such-flag']);
    expect(JSON.parse(json.stderr.trim().split('\n').pop()!).error.code).toBe('BAD_USAGE');
    expect(json.stdout).toBe('');
  });

  it('a mistyped command gets the suggestion and a pointer to --help, not the whole help', () => {
    const r = cli(['instal'], { GO_OFFLINE_LANG: 'en' });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('Usage:');
    expect(r.stderr.trim().split('\n')).toEqual([
      'error BAD_USAGE: The command was not understood',
      "  Cause: unknown command 'instal' (Did you mean install?)",
      '  Fix: Run the command with --help to see what it accepts.',
    ]);
    expect(r.stdout).toBe('');
  });

  it('env --json prints exactly one JSON document with this machine’s real values', () => {
    const home = mkdtempSync(join(tmpdir(), 'gooff-clihome-'));
    try {
      const r = cli(['env', '--json', '--save-profile', join(home, 'p.json')], { HOME: home });
      expect([0, 1]).toContain(r.status);
      const report = JSON.parse(r.stdout);
      expect(report.host.machine).toBe(execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim());
      expect(report.suggestion).toBe('offline');
      expect(JSON.parse(readFileSync(join(home, 'p.json'), 'utf8')).host.platform).toBe(report.host.platform);
      expect(r.status).toBe(report.findings.some((f: { verdict: string }) => f.verdict === 'fail') ? 1 : 0);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('option placement', () => {
  it('a command option named like a global one belongs to the command (`bundle create --version`)', () => {
    const r = cli(['bundle', 'create', '--version', '1.22.5', '--platform', 'linux-amd64', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('bundle create');
    expect(r.stdout.trim()).not.toBe(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  });
});
