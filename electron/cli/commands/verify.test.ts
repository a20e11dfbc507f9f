import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findDebianGoroot, repoRoot } from '../../../test/support/go-fixture';
import { ensureModuleGraph, GRAPH_ENV, writeSampleProject } from '../../../test/support/module-graph';
import { tempDir } from '../../../test/support/tmp';
import type { VerifyReport } from '../../../shared/verify';

const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: env as NodeJS.ProcessEnv, timeout: 170_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function homeEnv(home: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GO') && !k.startsWith('XDG_') && !/_proxy$/i.test(k)) env[k] = v;
  return { ...env, HOME: home, SHELL: '/bin/bash', GO_OFFLINE_LANG: 'en', PATH: '/usr/local/bin:/usr/bin:/bin', GOCACHE: join(repoRoot, '.cache', 'gocache-verify-tests'), ...GRAPH_ENV, ...extra };
}

describe('go-offline verify', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('gooff-verify-cli-');
  });
  afterAll(() => tmp?.remove());

  it('exits 0 and prints one JSON report when Go in PREFIX/go works and the project builds offline', async () => {
    const graph = ensureModuleGraph();
    const home = join(tmp.path, 'home-ok');
    const prefix = join(home, 'prefix');
    mkdirSync(prefix, { recursive: true });
    // the Debian tree stands in for an installed Go at PREFIX/go
    symlinkSync(findDebianGoroot(), join(prefix, 'go'));
    writeFileSync(join(home, '.profile'), `export PATH="${prefix}/go/bin:$PATH"\n`);
    const project = writeSampleProject(graph, join(home, 'src', 'app'));
    const r = await cli(['verify', '--prefix', prefix, '--project', project, '--module-proxy', graph.proxyDir, '--json'], homeEnv(home, { GOPROXY: graph.goproxy }));
    expect(r.stderr).not.toContain('error');
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
    expect(r.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.id === 'project.offline-build')?.verdict).toBe('pass');
    expect(report.checks[0]).toMatchObject({ id: 'install.location', verdict: 'info' });
    // worded for people: which Go was checked, not the option that named it
    expect(report.checks[0]!.detail.en).toBe(`The Go in ${join(prefix, 'go')} (the folder chosen for this install).`);
    // no GOFLAGS set: said in words, not as GOFLAGS is ""
    expect(report.checks.find((c) => c.id === 'go.env.goflags')?.detail.en).toBe('No default flags are set for go commands.');
    expect(report.resultsPath).toBe(join(home, '.local', 'state', 'go-offline', 'verify-results.json'));
  });

  it('exits 1 when the go first on PATH answers with another version (no remembered install: says so)', async () => {
    const home = join(tmp.path, 'home-fake');
    const fake = join(home, 'fakego');
    mkdirSync(join(fake, 'bin'), { recursive: true });
    writeFileSync(join(fake, 'VERSION'), 'go1.19.8\n');
    writeFileSync(join(fake, 'bin', 'go'), '#!/bin/sh\necho "go version go1.21.0 linux/amd64"\n');
    chmodSync(join(fake, 'bin', 'go'), 0o755);
    const env = homeEnv(home, { PATH: `${join(fake, 'bin')}:/usr/local/bin:/usr/bin:/bin` });
    const json = await cli(['verify', '--json'], env);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as VerifyReport;
    expect(report.ok).toBe(false);
    expect(report.goroot).toBe(fake);
    expect(report.checks[0]!.detail.en).toContain('first on PATH');
    expect(report.checks.find((c) => c.id === 'go.version')?.verdict).toBe('fail');
    const human = await cli(['verify'], env);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/\[FAIL\] Go version and platform/);
    expect(human.stdout).toContain('Verification failed');
  });

  it('exits 2 with the error on stderr when there is nothing to verify', async () => {
    const home = join(tmp.path, 'home-none');
    mkdirSync(home, { recursive: true });
    const none = await cli(['verify', '--json'], homeEnv(home, { PATH: '/nonexistent' }));
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(JSON.parse(none.stderr).error.code).toBe('VERIFY_NO_GO');
    const empty = await cli(['verify', '--prefix', home], homeEnv(home));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('VERIFY_GOROOT_MISSING');
    expect(empty.stderr).toContain(join(home, 'go'));
  });
});
