import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGoFixture, repoRoot } from '../../../test/support/go-fixture';
import { ensureModuleGraph, GRAPH_ENV, writeSampleProject, type ModuleGraph } from '../../../test/support/module-graph';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { extractGoArchive } from '../install/extract';
import { prepareModules } from '../modules';
import { loginEnv, parseGoEnvFile, parseGoVersionLine, parseShellProbe, parseShellVars, readVerifyResults, verifyInstall } from './index';
import { scratchGoMod } from './programs';
import type { VerifyReport } from '../../../shared/verify';

/** A clean environment in a temp HOME: nothing of the real user's Go settings. */
function homeEnv(home: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GO') && !k.startsWith('XDG_') && !/_proxy$/i.test(k)) env[k] = v;
  return { ...env, HOME: home, SHELL: '/bin/bash', GOCACHE: join(repoRoot, '.cache', 'gocache-verify-tests'), ...GRAPH_ENV, ...extra };
}

function byId(r: VerifyReport, id: string) {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}: ${r.checks.map((x) => x.id).join(', ')}`);
  return c;
}

describe('verify helpers', () => {
  it('parses go version lines, go env files and the shell probe', () => {
    expect(parseGoVersionLine('go version go1.19.8 linux/amd64\n')).toEqual({ version: 'go1.19.8', os: 'linux', arch: 'amd64' });
    expect(parseGoVersionLine('bash: go: command not found')).toBeNull();
    expect(parseGoEnvFile('# comment\nGOTOOLCHAIN=local\nGOPROXY=file:///x,off\n')).toEqual({ GOTOOLCHAIN: 'local', GOPROXY: 'file:///x,off' });
    const probe = parseShellProbe('motd line\n__GOOFF_GO__\n/usr/local/go/bin/go\n__GOOFF_PATH__\n/usr/local/go/bin:/usr/bin\n__GOOFF_END__\n');
    expect(probe).toEqual({ go: '/usr/local/go/bin/go', path: ['/usr/local/go/bin', '/usr/bin'] });
    expect(parseShellProbe('__GOOFF_GO__\n__GOOFF_PATH__\n/usr/bin\n__GOOFF_END__')!.go).toBeNull();
    expect(scratchGoMod('go1.19.8')).toContain('go 1.19\n');
    expect(scratchGoMod('go1.22.5')).toContain('go 1.22.5\n');
  });

  it('starts the login shell from a login environment, not this process PATH', () => {
    const e = loginEnv({ HOME: '/home/a', PATH: '/tmp/evil/bin', USER: 'a', SECRET: 'x' }, '/bin/zsh');
    expect(e.PATH).not.toContain('/tmp/evil');
    expect(e).toMatchObject({ HOME: '/home/a', USER: 'a', SHELL: '/bin/zsh' });
    expect(e.SECRET).toBeUndefined();
  });
});

describe('verifyInstall against a real Go tree', () => {
  let tmp: ReturnType<typeof tempDir>;
  let goroot: string;
  let graph: ModuleGraph;
  let proxyDir: string;
  let good: VerifyReport;
  let home: string;
  let project: string;

  beforeAll(async () => {
    tmp = tempDir('gooff-verify-');
    const fixture = await ensureGoFixture();
    // the installed tree: the official-layout fixture archive, extracted as the install does
    const ex = await extractGoArchive({ archive: fixture.archive, expectedSha256: fixture.sha256, destDir: join(tmp.path, 'prefix'), job: createJob(), hashFiles: false });
    goroot = ex.root;
    graph = ensureModuleGraph();
    // online side: collect the project's modules into a file proxy with the bundled toolchain
    const src = writeSampleProject(graph, join(tmp.path, 'online', 'app'));
    mkdirSync(join(tmp.path, 'online', 'home'), { recursive: true });
    const prepared = await prepareModules({ projects: [src], goroot, workDir: join(tmp.path, 'online', 'work'), job: createJob(), env: homeEnv(join(tmp.path, 'online', 'home'), { GOPROXY: graph.goproxy }) });
    expect(prepared.ok).toBe(true);
    // offline side: a clean HOME, the proxy copied to a local folder, the project copied over
    home = join(tmp.path, 'home');
    proxyDir = join(home, '.local', 'share', 'go-offline', 'modules');
    cpSync(prepared.proxyDir, proxyDir, { recursive: true });
    project = join(home, 'src', 'app');
    cpSync(src, project, { recursive: true });
    writeFileSync(join(home, '.profile'), `export PATH="${goroot}/bin:$PATH"\n`);
    good = await verifyInstall({
      goroot,
      expectedVersion: fixture.version,
      projects: [project],
      moduleProxy: proxyDir,
      env: homeEnv(home, { GOPROXY: `file://${proxyDir},off`, GOTOOLCHAIN: 'local' }),
      job: createJob(),
    });
  });
  afterAll(() => tmp?.remove());

  it('passes every check of a good install, each with its command, output and verdict', () => {
    expect(good.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
    expect(good.ok).toBe(true);
    expect(good.version).toBe('go1.19.8');
    for (const id of ['go.version', 'go.env.goroot', 'go.env.gopath', 'build.hello', 'build.goroutines', 'vet', 'shell.path', 'shell.conflicts', 'project.offline-build'])
      expect(byId(good, id).verdict, id).toBe('pass');
    for (const c of good.checks) {
      expect(c.title.en.length, c.id).toBeGreaterThan(0);
      expect(c.title.zh.length, c.id).toBeGreaterThan(0);
      expect(c.detail.zh.length, c.id).toBeGreaterThan(0);
    }
    expect(byId(good, 'build.hello').output).toContain('hello, world');
    expect(byId(good, 'build.goroutines').output).toContain('workers=8 results=100 sum=338350');
    // GOPATH (~/go) did not exist in the fresh HOME: it was created and is writable
    expect(existsSync(join(home, 'go'))).toBe(true);
    // go1.19 has no GOTOOLCHAIN: reported honestly as information
    expect(byId(good, 'go.env.gotoolchain').verdict).toBe('info');
    expect(byId(good, 'go.env.goproxy').verdict).toBe('pass');
    // cgo is reported whether or not a C compiler is present, never required
    expect(['pass', 'info', 'warn']).toContain(byId(good, 'cgo').verdict);
  });

  it('builds the project with the network shut off, from the local module folder only', () => {
    const p = byId(good, 'project.offline-build');
    expect(['namespace', 'closed-proxy']).toContain(good.network);
    expect(p.project).toBe(project);
    expect(p.command).toContain(`file://${proxyDir},off`);
    if (good.network === 'namespace') expect(p.command).toMatch(/unshare -r?n/);
    expect(existsSync(join(home, 'go', 'pkg', 'mod', 'example.com', '!upper', '!case@v1.0.0'))).toBe(true);
  });

  it('saves the results in the state folder for the support bundle', async () => {
    const path = join(home, '.local', 'state', 'go-offline', 'verify-results.json');
    expect(good.resultsPath).toBe(path);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as VerifyReport;
    expect(saved.checks.length).toBe(good.checks.length);
    const again = await readVerifyResults(homeEnv(home));
    expect(again?.ok).toBe(true);
  });

  it('fails when another go comes first on the login PATH, and when a project cannot build offline', async () => {
    const home2 = join(tmp.path, 'home2');
    const other = join(home2, 'other', 'bin');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'go'), '#!/bin/sh\necho "go version go1.11 linux/amd64"\n');
    chmodSync(join(other, 'go'), 0o755);
    writeFileSync(join(home2, '.profile'), `export PATH="${other}:${goroot}/bin:$PATH"\n`);
    const bad = writeSampleProject(graph, join(home2, 'src', 'incomplete'), 'incomplete-sum');
    const r = await verifyInstall({
      goroot,
      projects: [bad],
      moduleProxy: proxyDir,
      env: homeEnv(home2, { GOPROXY: `file://${proxyDir},off` }),
      job: createJob(),
      forceClosedProxy: true,
    });
    expect(r.ok).toBe(false);
    const sh = byId(r, 'shell.path');
    expect(sh.verdict).toBe('fail');
    expect(sh.detail.en).toContain(join(other, 'go'));
    expect(byId(r, 'shell.conflicts').verdict).toBe('warn');
    expect(byId(r, 'shell.conflicts').detail.en).toContain(join(other, 'go'));
    const p = byId(r, 'project.offline-build');
    expect(r.network).toBe('closed-proxy');
    expect(p.verdict).toBe('fail');
    expect(p.signature).toBe('missing-go-sum');
    expect(p.fix!.en).toContain('go mod tidy');
    // the toolchain itself is fine
    expect(byId(r, 'build.hello').verdict).toBe('pass');
  });

  it('checks that a new login shell really gets the offline settings the install wrote', async () => {
    const expectedEnv = { GOPROXY: `file://${proxyDir},off`, GOTOOLCHAIN: 'local' };
    // the app's own process does not have them: only the startup files can give them to new terminals
    const appEnv = homeEnv(home);
    writeFileSync(join(home, '.profile'), `export PATH="${goroot}/bin:$PATH"\nexport GOPROXY="file://${proxyDir},off"\nexport GOTOOLCHAIN=local\n`);
    const ok = await verifyInstall({ goroot, expectedVersion: 'go1.19.8', expectedEnv, env: appEnv, job: createJob() });
    expect(byId(ok, 'shell.env').verdict).toBe('pass');
    // go ran with the configured settings, so GOPROXY is as configured even though this process lacks it
    expect(byId(ok, 'go.env.goproxy').verdict).toBe('pass');
    writeFileSync(join(home, '.profile'), `export PATH="${goroot}/bin:$PATH"\n`);
    const bad = await verifyInstall({ goroot, expectedVersion: 'go1.19.8', expectedEnv, env: appEnv, job: createJob() });
    const c = byId(bad, 'shell.env');
    expect(c.verdict).toBe('fail');
    expect(c.detail.en).toContain('GOPROXY=(unset)');
    expect(bad.ok).toBe(false);
    expect(parseShellVars('x\n__GOOFF_GOPROXY__\noff\n__GOOFF_GOTOOLCHAIN__\n__GOOFF_GOFLAGS__\n-mod=mod\n__GOOFF_VARS_END__\n')).toEqual({ GOPROXY: 'off', GOTOOLCHAIN: '', GOFLAGS: '-mod=mod' });
  });

  it('fails when bin/go answers with another version than the one installed', async () => {
    const fake = join(tmp.path, 'fake', 'go');
    mkdirSync(join(fake, 'bin'), { recursive: true });
    writeFileSync(join(fake, 'VERSION'), 'go1.19.8\ntime 2023-03-30T00:00:00Z\n');
    writeFileSync(join(fake, 'bin', 'go'), '#!/bin/sh\necho "go version go1.21.0 linux/amd64"\n');
    chmodSync(join(fake, 'bin', 'go'), 0o755);
    const home3 = join(tmp.path, 'home3');
    mkdirSync(home3);
    const r = await verifyInstall({ goroot: fake, env: homeEnv(home3), job: createJob(), save: false });
    expect(r.ok).toBe(false);
    const v = byId(r, 'go.version');
    expect(v.verdict).toBe('fail');
    expect(v.detail.en).toContain('go1.21.0');
    expect(v.detail.en).toContain('go1.19.8');
    expect(byId(r, 'build.hello').verdict).toBe('fail');
    expect(r.expectedVersion).toBe('go1.19.8');
    expect(r.resultsPath).toBeUndefined();
  });

  it('stops with CANCELLED when the job is cancelled', async () => {
    const c = new AbortController();
    c.abort();
    await expect(verifyInstall({ goroot, job: createJob({ signal: c.signal }), save: false })).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(prepareModules({ projects: [project], goroot, workDir: join(tmp.path, 'cancelled'), job: createJob({ signal: c.signal }) })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('refuses a folder without Go and a project without go.mod as bad input', async () => {
    await expect(verifyInstall({ goroot: join(tmp.path, 'nothing'), job: createJob(), save: false })).rejects.toMatchObject({ code: 'VERIFY_GOROOT_MISSING', exit: 2 });
    await expect(verifyInstall({ goroot, projects: [join(tmp.path, 'nothing')], job: createJob(), save: false })).rejects.toMatchObject({ code: 'VERIFY_PROJECT_MISSING', exit: 2 });
  });
});
