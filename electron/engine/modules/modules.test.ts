import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { list as tarList } from 'tar';
import { ensureModuleGraph, GRAPH_ENV, PROJECT_OUTPUT, writeSampleProject, type ModuleGraph } from '../../../test/support/module-graph';
import { repoRoot } from '../../../test/support/go-fixture';
import { ensureScaleGraph, writeScaleProject, type ScaleGraph } from '../../../test/support/scale-graph';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { run } from '../exec';
import {
  collectModules,
  checkProjects,
  classifyGoOutput,
  compareSemver,
  escapeModulePath,
  fileProxyUrl,
  fillModuleCache,
  firstError,
  goSumFindings,
  missingModules,
  offlineRunner,
  parseGoMod,
  parseVendorFailure,
  prepareModules,
  toolchainFindings,
  unescapeModulePath,
} from './index';
import type { PreparedModules } from '../../../shared/verify';

/** A clean environment for Go in a temp HOME: nothing of the real user's Go settings. */
function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GO') && !/_proxy$/i.test(k)) env[k] = v;
  return {
    ...env,
    HOME: home,
    XDG_STATE_HOME: undefined,
    XDG_DATA_HOME: undefined,
    XDG_CONFIG_HOME: undefined,
    XDG_CACHE_HOME: undefined,
    // the build cache holds no modules; sharing it keeps the 2 shared cores free
    GOCACHE: join(repoRoot, '.cache', 'gocache-modules-tests'),
    ...GRAPH_ENV,
    ...extra,
  };
}

describe('go.mod, go.sum and path helpers', () => {
  it('reads go, toolchain, require and replace lines', () => {
    const m = parseGoMod(
      'module example.com/app // the app\n\ngo 1.22.0\ntoolchain go1.22.5\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/B v0.1.0 // indirect\n)\nrequire example.com/c v2.0.0+incompatible\n' +
        'replace example.com/a => ../a\nreplace (\n\texample.com/x v1.0.0 => example.com/y v1.2.0\n)\n',
    );
    expect(m.module).toBe('example.com/app');
    expect(m.go).toBe('1.22.0');
    expect(m.toolchain).toBe('go1.22.5');
    expect(m.require).toEqual([
      { path: 'example.com/a', version: 'v1.0.0', indirect: false },
      { path: 'example.com/B', version: 'v0.1.0', indirect: true },
      { path: 'example.com/c', version: 'v2.0.0+incompatible', indirect: false },
    ]);
    expect(m.replace).toEqual([
      { from: 'example.com/a', fromVersion: undefined, to: '../a', toVersion: undefined },
      { from: 'example.com/x', fromVersion: 'v1.0.0', to: 'example.com/y', toVersion: 'v1.2.0' },
    ]);
  });

  it('escapes upper case as Go does and refuses bad encodings', () => {
    expect(escapeModulePath('github.com/Azure/azure-sdk')).toBe('github.com/!azure/azure-sdk');
    expect(unescapeModulePath('example.com/!upper/!case')).toBe('example.com/Upper/Case');
    expect(unescapeModulePath('example.com/Upper')).toBeNull();
    expect(unescapeModulePath('example.com/!1')).toBeNull();
  });

  it('orders versions semantically', () => {
    expect(['v1.10.0', 'v1.2.0', 'v1.2.0-rc.1', 'v0.0.0-20230101000000-abcdef123456'].sort(compareSemver)).toEqual([
      'v0.0.0-20230101000000-abcdef123456',
      'v1.2.0-rc.1',
      'v1.2.0',
      'v1.10.0',
    ]);
  });

  it('recognises the known failure signatures in go output', () => {
    expect(classifyGoOutput('main.go:6:2: missing go.sum entry for module providing package example.com/greet (imported by example.com/app); to add:')?.id).toBe('missing-go-sum');
    expect(classifyGoOutput('go: go.mod requires go >= 1.23.0 (running go 1.22.5; GOTOOLCHAIN=local)')?.subject).toBe('1.23.0');
    const off = 'go: example.com/greet@v1.1.0: module lookup disabled by GOPROXY=off';
    expect(classifyGoOutput(off)?.id).toBe('proxy-off-missing');
    expect(missingModules(off)).toEqual(['example.com/greet@v1.1.0']);
    expect(classifyGoOutput('verifying module: github.com/kr/text@v0.2.0/go.mod: Get "https://sum.golang.org/lookup/x": dial tcp: i/o timeout')?.id).toBe('sumdb-offline');
    expect(classifyGoOutput('Get "https://proxy.golang.org/rsc.io/qr/@v/list": dial tcp: lookup proxy.golang.org: connection refused')?.id).toBe('proxy-offline');
    expect(classifyGoOutput('all good')).toBeNull();
  });

  it('warns about go and toolchain lines the bundled Go cannot satisfy', () => {
    const tooNew = toolchainFindings(parseGoMod('module m\ngo 1.23.0\n'), 'go1.22.5', 'm');
    expect(tooNew.map((f) => [f.id, f.verdict])).toEqual([['project.toolchain-too-old-local', 'fail']]);
    expect(tooNew[0]!.fix!.en).toContain('1.23.0');
    expect(tooNew[0]!.fix!.zh).toContain('1.23.0');
    const tc = toolchainFindings(parseGoMod('module m\ngo 1.21.0\ntoolchain go1.22.5\n'), 'go1.21.3', 'm');
    expect(tc.map((f) => [f.id, f.verdict])).toEqual([['project.toolchain-download-offline', 'warn']]);
    // what the installer really sets for Go 1.21+ (GOTOOLCHAIN=path), and the way out: the release beside the default
    expect(tc[0]!.detail!.en).toContain('GOTOOLCHAIN=path');
    expect(tc[0]!.detail!.en).not.toContain('GOTOOLCHAIN=local');
    expect(tc[0]!.fix!.en).toContain('--side-by-side');
    expect(tc[0]!.detail!.zh).toContain('GOTOOLCHAIN=path');
    const old = toolchainFindings(parseGoMod('module m\ngo 1.19\ntoolchain go1.21.0\n'), 'go1.19.8', 'm');
    expect(old.map((f) => [f.id, f.verdict])).toEqual([['project.toolchain-line', 'fail']]);
    expect(toolchainFindings(parseGoMod('module m\ngo 1.18\n'), 'go1.19.8', 'm')).toEqual([]);
  });

  it('finds go.mod hashes missing from go.sum, following module replacements', () => {
    const mod = parseGoMod('module m\ngo 1.19\nrequire (\n\ta.example/x v1.0.0\n\tb.example/y v1.0.0\n\tc.example/z v1.0.0\n)\nreplace b.example/y => b.example/fork v1.1.0\nreplace c.example/z => ../z\n');
    const f = goSumFindings(mod, 'a.example/x v1.0.0/go.mod h1:aaa=\nb.example/y v1.0.0/go.mod h1:bbb=\n', 'm');
    expect(f).toHaveLength(1);
    expect(f[0]!.evidence?.missing).toBe('b.example/fork@v1.1.0');
    expect(goSumFindings(mod, 'a.example/x v1.0.0/go.mod h1:a=\nb.example/fork v1.1.0/go.mod h1:b=\n', 'm')).toEqual([]);
    expect(goSumFindings(mod, null, 'm')[0]!.detail.en).toContain('no go.sum');
  });
});

describe('modules across the gap, with a real module graph and real Go', () => {
  let graph: ModuleGraph;
  let tmp: ReturnType<typeof tempDir>;
  let online: Record<string, string | undefined>;
  let prepared: PreparedModules;
  let project: string;
  let goSumBefore: string;

  beforeAll(async () => {
    graph = ensureModuleGraph();
    tmp = tempDir('gooff-modules-');
    mkdirSync(join(tmp.path, 'online-home'));
    // the online side's module proxy is the graph's file proxy
    online = cleanEnv(join(tmp.path, 'online-home'), { GOPROXY: graph.goproxy });
    project = writeSampleProject(graph, join(tmp.path, 'src', 'app'));
    goSumBefore = readFileSync(join(project, 'go.sum'), 'utf8');
    prepared = await prepareModules({ projects: [project], goroot: graph.goroot, workDir: join(tmp.path, 'work'), job: createJob(), env: online, vendor: true });
  });
  afterAll(() => tmp?.remove());

  it('collects every module version into a file proxy with list files and escaped paths', () => {
    expect(prepared.warnings.filter((w) => w.verdict !== 'info')).toEqual([]);
    expect(prepared.ok).toBe(true);
    // Upper/Case, fork (the replacement), greet v1.1.0, testonly (tests only), util v0.2.0
    expect(prepared.moduleCount).toBe(5);
    expect(prepared.size).toBeGreaterThan(1000);
    const upper = join(prepared.proxyDir, 'example.com', '!upper', '!case', '@v');
    expect(readFileSync(join(upper, 'list'), 'utf8')).toBe('v1.0.0\n');
    for (const ext of ['info', 'mod', 'zip']) expect(existsSync(join(upper, `v1.0.0.${ext}`))).toBe(true);
    expect(existsSync(join(prepared.proxyDir, 'example.com', 'testonly', '@v', 'v1.0.0.zip'))).toBe(true);
    expect(existsSync(join(prepared.proxyDir, 'example.com', 'greet', '@v', 'v1.1.0.lock'))).toBe(false);
    expect(prepared.projects).toEqual([expect.objectContaining({ name: 'app', module: 'example.com/app', goVersion: '1.19' })]);
  });

  it('leaves the project files as they were', () => {
    expect(readFileSync(join(project, 'go.sum'), 'utf8')).toBe(goSumBefore);
    expect(existsSync(join(project, 'vendor'))).toBe(false);
  });

  it('makes a vendor archive that holds vendor/modules.txt', async () => {
    const archive = prepared.projects[0]!.vendorArchive!;
    expect(archive).toMatch(/app-vendor\.tar\.gz$/);
    const names: string[] = [];
    await tarList({ file: archive, onReadEntry: (e) => void names.push(e.path) });
    expect(names).toContain('vendor/modules.txt');
    expect(names.some((n) => n.startsWith('vendor/example.com/Upper/Case/'))).toBe(true);
  });

  it('builds the project offline on a clean HOME from a copy of the proxy, with the network shut off', async () => {
    const home = join(tmp.path, 'offline-home');
    const localProxy = join(home, '.local', 'share', 'go-offline', 'modules');
    mkdirSync(home, { recursive: true });
    cpSync(prepared.proxyDir, localProxy, { recursive: true });
    const src = join(home, 'src', 'app');
    cpSync(project, src, { recursive: true });
    const env = cleanEnv(home, { GOPROXY: fileProxyUrl(localProxy), GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw' });
    for (const forceClosedProxy of [false, true]) {
      const offline = await offlineRunner({ forceClosedProxy });
      if (forceClosedProxy) expect(offline.mode).toBe('closed-proxy');
      const out = join(home, `app-${offline.mode}`);
      const b = await offline.run(join(graph.goroot, 'bin', 'go'), ['build', '-o', out, '.'], { cwd: src, env, timeoutMs: 120_000 });
      expect(b.stderr).not.toMatch(/error|cannot/i);
      expect(b.code).toBe(0);
      const r = await run(out, []);
      expect(r.stdout.trim()).toBe(PROJECT_OUTPUT);
    }
    // the fresh cache on the offline side was filled from the local proxy only
    expect(existsSync(join(home, 'go', 'pkg', 'mod', 'example.com', '!upper', '!case@v1.0.0', 'upper.go'))).toBe(true);
  });

  it('the closed-proxy fallback makes a network attempt fail loudly', async () => {
    const offline = await offlineRunner({ forceClosedProxy: true });
    const home = join(tmp.path, 'net-home');
    mkdirSync(home, { recursive: true });
    const src = join(home, 'app');
    writeSampleProject(graph, src);
    // a GOPROXY that needs the network: the attempt must hit the closed port, not the internet
    const env = cleanEnv(home, { GOPROXY: 'https://proxy.golang.org', GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw' });
    const r = await offline.run(join(graph.goroot, 'bin', 'go'), ['build', './...'], { cwd: src, env, timeoutMs: 120_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/proxyconnect|connection refused/);
    expect(classifyGoOutput(r.stderr)?.id).toBe('proxy-offline');
  });
});

describe('warnings before export', () => {
  let graph: ModuleGraph;
  let tmp: ReturnType<typeof tempDir>;
  let online: Record<string, string | undefined>;
  beforeAll(() => {
    graph = ensureModuleGraph();
    tmp = tempDir('gooff-modchk-');
    mkdirSync(join(tmp.path, 'home'));
    online = cleanEnv(join(tmp.path, 'home'), { GOPROXY: graph.goproxy, GOMODCACHE: join(tmp.path, 'home', 'modcache') });
  });
  afterAll(() => tmp?.remove());

  it('an incomplete go.sum is reported before export, and the dry run names the failure', async () => {
    const dir = writeSampleProject(graph, join(tmp.path, 'incomplete'), 'incomplete-sum');
    const [c] = await checkProjects([dir], 'go1.19.8', { goroot: graph.goroot, env: online });
    const f = c!.findings.find((x) => x.id === 'project.missing-go-sum');
    expect(f?.verdict).toBe('warn');
    expect(f!.fix!.en).toContain('go mod tidy');
    expect(f!.fix!.zh).toContain('go mod tidy');

    const before = readFileSync(join(dir, 'go.sum'), 'utf8');
    const p = await prepareModules({ projects: [dir], goroot: graph.goroot, workDir: join(tmp.path, 'work-incomplete'), job: createJob(), env: online });
    expect(p.ok).toBe(false);
    expect(p.warnings.map((w) => w.id)).toEqual(expect.arrayContaining(['project.missing-go-sum', 'modules.dry-run']));
    const dry = p.warnings.find((w) => w.id === 'modules.dry-run')!;
    expect(dry.verdict).toBe('fail');
    expect(dry.evidence?.signature).toBe('missing-go-sum');
    expect(readFileSync(join(dir, 'go.sum'), 'utf8')).toBe(before);
  });

  it('a go.mod asking for a newer Go than bundled is reported before export', async () => {
    const dir = writeSampleProject(graph, join(tmp.path, 'newer'), 'newer-go');
    const [c] = await checkProjects([dir, join(tmp.path, 'nowhere')], 'go1.19.8', { goroot: graph.goroot, env: online }).then((r) => {
      expect(r[1]!.findings.map((f) => f.id)).toEqual(['project.not-module']);
      return r;
    });
    expect(c!.goVersion).toBe('1.22.0');
    const f = c!.findings.find((x) => x.id === 'project.toolchain-too-old-local');
    expect(f?.verdict).toBe('fail');
    expect(f!.detail.en).toContain('go1.19.8');
    expect(f!.fix!.en).toContain('Go 1.22.0 or newer');
  });
});

describe('a module graph shaped like a real service (generated from Go\'s own sources)', () => {
  let graph: ScaleGraph;
  let tmp: ReturnType<typeof tempDir>;
  let online: Record<string, string | undefined>;
  beforeAll(() => {
    graph = ensureScaleGraph(8);
    tmp = tempDir('gooff-modscale-');
    mkdirSync(join(tmp.path, 'home'));
    online = cleanEnv(join(tmp.path, 'home'), { GOPROXY: graph.goproxy });
  });
  afterAll(() => tmp?.remove());

  it('two projects at once: every module in the proxy, no .ziphash, and no go.sum warning for modules that provide no package', async () => {
    const a = writeScaleProject(graph, join(tmp.path, 'a', 'svc'));
    const b = writeScaleProject(graph, join(tmp.path, 'b', 'svc'));
    const before = readFileSync(join(a, 'go.sum'), 'utf8');
    const phases: string[] = [];
    const job = createJob({ onProgress: (p) => phases.push(`${p.phase}${p.file ? ' ' + p.file : ''}`) });
    const p = await prepareModules({ projects: [a, b], goroot: graph.goroot, workDir: join(tmp.path, 'work'), job, env: online, gocache: join(tmp.path, 'gocache') });
    // `go mod download all` adds the zip hash of the tool module (it provides no package) to
    // go.sum and tidy removes it again: the offline build does not need it, so no warning
    expect(p.warnings).toEqual([]);
    expect(p.ok).toBe(true);
    expect(readFileSync(join(a, 'go.sum'), 'utf8')).toBe(before);
    expect(p.projects.map((x) => x.name)).toEqual(['svc', 'svc-2']);
    // the whole build list (go 1.17+ pruned graphs never read the unselected older versions)
    expect(p.moduleCount).toBe(graph.buildList);
    const files = readdirSync(p.proxyDir, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.ziphash'))).toEqual([]);
    expect(files.some((f) => f.includes('!big2') && f.endsWith('.zip'))).toBe(true);
    expect(files.some((f) => /v0\.0\.0-20230102030405-[0-9a-f]{12}\.zip$/.test(f))).toBe(true);
    expect(files.some((f) => f.includes('tool0') && f.endsWith('v1.0.0.zip'))).toBe(true);
    // every phase change reaches the listener (forced past the throttle), dry runs included
    expect(phases).toEqual(expect.arrayContaining(['modules-download svc', 'modules-download svc-2', 'modules-proxy', 'modules-dry-run svc', 'modules-dry-run svc-2', 'modules-done']));
  });

  it('never writes the project\'s files, and follows a local replacement (../lib) from the copies Go downloads in (strict, as bundle create runs it)', async () => {
    const dir = writeScaleProject(graph, join(tmp.path, 'replaced', 'svc'));
    // a module of the user's own, next to the project, replaced by its folder
    mkdirSync(join(tmp.path, 'replaced', 'lib'), { recursive: true });
    writeFileSync(join(tmp.path, 'replaced', 'lib', 'go.mod'), 'module example.com/mylib\n\ngo 1.19\n');
    writeFileSync(join(tmp.path, 'replaced', 'lib', 'lib.go'), 'package mylib\n\nfunc Name() string { return "mine" }\n');
    writeFileSync(join(dir, 'go.mod'), readFileSync(join(dir, 'go.mod'), 'utf8') + '\nrequire example.com/mylib v0.0.0\n\nreplace example.com/mylib => ../lib\n');
    writeFileSync(join(dir, 'mine.go'), 'package main\n\nimport "example.com/mylib"\n\nvar _ = mylib.Name\n');
    const before = { mod: readFileSync(join(dir, 'go.mod')), sum: readFileSync(join(dir, 'go.sum')), modTime: statSync(join(dir, 'go.mod')).mtimeMs, sumTime: statSync(join(dir, 'go.sum')).mtimeMs };
    const logs: string[] = [];
    const p = await prepareModules({ projects: [dir], goroot: graph.goroot, workDir: join(tmp.path, 'work-replaced'), job: createJob({ onLog: (e) => logs.push(e) }), env: online, strict: true, gocache: join(tmp.path, 'gocache') });
    expect(p.ok).toBe(true);
    expect(p.moduleCount).toBe(graph.buildList);
    // the modules that provide no package got their go.sum lines in the copy, not in the project
    expect(logs).toContain('modules.go-sum-extra');
    expect(readFileSync(join(dir, 'go.mod'))).toEqual(before.mod);
    expect(readFileSync(join(dir, 'go.sum'))).toEqual(before.sum);
    expect(statSync(join(dir, 'go.mod')).mtimeMs).toBe(before.modTime);
    expect(statSync(join(dir, 'go.sum')).mtimeMs).toBe(before.sumTime);
  });

  it('the dry run is the proof: a zip the build needs missing from the proxy, or changed in it, fails it', async () => {
    const dir = writeScaleProject(graph, join(tmp.path, 'proof', 'svc'));
    for (const damage of ['missing', 'changed'] as const) {
      const collected = await collectModules({ projects: [dir], goroot: graph.goroot, workDir: join(tmp.path, `work-proof-${damage}`), job: createJob(), env: online, gocache: join(tmp.path, 'gocache') });
      const zip = join(collected.proxyDir, 'example.com', 'scale', 'm0', '@v', 'v1.0.0.zip');
      expect(existsSync(zip)).toBe(true);
      if (damage === 'missing') rmSync(zip);
      else {
        // another valid zip of the same module: its files differ by one byte, so its h1 does too
        const other = join(tmp.path, `other-${damage}`);
        execFileSync('unzip', ['-q', zip, '-d', other]);
        const goFile = readdirSync(join(other, 'example.com', 'scale', 'm0@v1.0.0')).find((f) => f.endsWith('.go'))!;
        writeFileSync(join(other, 'example.com', 'scale', 'm0@v1.0.0', goFile), readFileSync(join(other, 'example.com', 'scale', 'm0@v1.0.0', goFile), 'utf8') + '\n// changed\n');
        rmSync(zip);
        execFileSync('zip', ['-q', '-r', '-D', zip, 'example.com'], { cwd: other });
      }
      const p = await collected.dryRun();
      expect(p.ok, damage).toBe(false);
      const f = p.warnings.find((w) => w.id === 'modules.dry-run');
      expect(f?.verdict, damage).toBe('fail');
      expect(`${f?.detail.en} ${f?.evidence?.output}`, damage).toContain('example.com/scale/m0');
      if (damage === 'changed') expect(String(f?.evidence?.output)).toMatch(/checksum mismatch|SECURITY ERROR/);
    }
  });

  it('--vendor on a go.sum made for one platform: says which package needs which module and why, and goes on without the archive', async () => {
    const dir = writeScaleProject(graph, join(tmp.path, 'hostonly', 'svc'), 'host-only-sum');
    const p = await prepareModules({ projects: [dir], goroot: graph.goroot, workDir: join(tmp.path, 'work-vendor'), job: createJob(), env: online, vendor: true, strict: true, gocache: join(tmp.path, 'gocache') });
    expect(p.ok).toBe(true);
    expect(p.projects[0]!.vendorArchive).toBeUndefined();
    expect(p.warnings.map((w) => [w.id, w.verdict])).toEqual([['modules.vendor', 'warn']]);
    const w = p.warnings[0]!;
    expect(w.evidence).toMatchObject({ package: 'example.com/scale/winonly', module: 'example.com/scale/winonly@v1.0.0', importedBy: 'example.com/scale/plat' });
    expect(w.detail.en).toContain('plat_windows.go (//go:build windows)');
    expect(w.detail.en).toContain('missing go.sum entry');
    // the real error, not Go's hint with its leading tab
    expect(w.detail.en).not.toMatch(/\t|: go get/);
    expect(w.detail.zh).toContain('example.com/scale/winonly');
    expect(w.fix!.en).toContain('go mod tidy');
    expect(w.fix!.zh).toContain('go mod tidy');
    expect(existsSync(join(tmp.path, 'work-vendor', 'vendor', 'svc'))).toBe(false);
  });

  it('a complete go.sum vendors the other platform\'s package too', async () => {
    const dir = writeScaleProject(graph, join(tmp.path, 'full', 'svc'));
    const p = await prepareModules({ projects: [dir], goroot: graph.goroot, workDir: join(tmp.path, 'work-full'), job: createJob(), env: online, vendor: true, gocache: join(tmp.path, 'gocache') });
    expect(p.warnings).toEqual([]);
    const names: string[] = [];
    await tarList({ file: p.projects[0]!.vendorArchive!, onReadEntry: (e) => void names.push(e.path) });
    expect(names).toContain('vendor/example.com/scale/winonly/winonly.go');
  });
});

describe('after install: the module cache filled from the bundled proxy', () => {
  let graph: ScaleGraph;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    graph = ensureScaleGraph(8);
    tmp = tempDir('gooff-modfill-');
  });
  afterAll(() => tmp?.remove());

  it('fills every module offline, so the first build prints nothing about downloading', async () => {
    const home = join(tmp.path, 'home');
    mkdirSync(home, { recursive: true });
    // what the installed environment says: the bundled proxy and nothing else
    const env = cleanEnv(home, { GOPROXY: graph.goproxy, GOTOOLCHAIN: 'local' });
    const progress: number[] = [];
    const offline = await offlineRunner();
    const r = await fillModuleCache({ goroot: graph.goroot, proxyDir: graph.proxyDir, env, job: createJob({ onProgress: (p) => p.phase === 'modules-fill' && progress.push(p.done) }) });
    expect(r.failed).toEqual([]);
    expect(r.total).toBe(graph.moduleVersions);
    expect(r.ready).toBe(r.total);
    expect(r.gomodcache).toBe(join(home, 'go', 'pkg', 'mod'));
    expect(progress.at(-1)).toBe(r.total);
    expect(existsSync(join(r.gomodcache, 'example.com', 'scale', '!big2@v1.1.0'))).toBe(true);
    // Go's own cache: read-only files, as Go makes them
    expect(() => readFileSync(join(r.gomodcache, 'cache', 'download', 'example.com', 'scale', 'winonly', '@v', 'v1.0.0.zip'))).not.toThrow();
    const src = writeScaleProject(graph, join(home, 'src', 'svc'));
    const b = await offline.run(join(graph.goroot, 'bin', 'go'), ['build', '-o', join(home, 'svc-bin'), '.'], { cwd: src, env, timeoutMs: 300_000 });
    expect(b.code).toBe(0);
    expect(b.stderr).toBe('');
  });

  it('a damaged module zip is found now, named, and the rest is still filled', async () => {
    const proxy = join(tmp.path, 'proxy-damaged');
    cpSync(graph.proxyDir, proxy, { recursive: true });
    const zip = join(proxy, 'example.com', 'scale', 'testkit', '@v', 'v1.0.0.zip');
    writeFileSync(zip, readFileSync(zip).subarray(0, 40));
    const home = join(tmp.path, 'home-damaged');
    mkdirSync(home, { recursive: true });
    const r = await fillModuleCache({ goroot: graph.goroot, proxyDir: proxy, env: cleanEnv(home), job: createJob() });
    expect(r.failed.map((f) => f.module)).toEqual(['example.com/scale/testkit@v1.0.0']);
    expect(r.failed[0]!.message).toMatch(/zip/i);
    expect(r.ready).toBe(r.total - 1);
  });
});

describe('reading Go\'s failures', () => {
  it('takes the error, not the hint Go prints after it', () => {
    const out =
      'go: downloading example.com/scale/plat v1.0.0\nexample.com/scale/app imports\n\texample.com/scale/plat imports\n' +
      '\texample.com/scale/winonly: missing go.sum entry for module providing package example.com/scale/winonly (imported by example.com/scale/plat); to add:\n\tgo get example.com/scale/plat@v1.0.0\n';
    expect(parseVendorFailure(out)).toEqual({
      line: 'example.com/scale/winonly: missing go.sum entry for module providing package example.com/scale/winonly (imported by example.com/scale/plat)',
      hint: 'go get example.com/scale/plat@v1.0.0',
      package: 'example.com/scale/winonly',
      importedBy: 'example.com/scale/plat',
    });
    expect(firstError('go: example.com/x@v1.0.0: reading file:///p/x/@v/v1.0.0.zip: no such file or directory\n\tgo mod download example.com/x')).toBe('go: example.com/x@v1.0.0: reading file:///p/x/@v/v1.0.0.zip: no such file or directory');
  });
});

describe('the network namespace', () => {
  it('has loopback up, so a project\'s tests can talk to 127.0.0.1', async () => {
    const offline = await offlineRunner();
    if (offline.mode !== 'namespace') return; // namespaces not permitted here: nothing to bring up
    const code = "const s=require('net').createServer(c=>c.end('pong')).listen(0,'127.0.0.1',()=>{require('net').connect(s.address().port,'127.0.0.1').on('data',d=>{console.log(String(d));process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(3)})})";
    const r = await offline.run(process.execPath, ['-e', code], { timeoutMs: 60_000 });
    expect(r.stdout.trim()).toBe('pong');
    expect(r.code).toBe(0);
    // and the outside world is still unreachable
    expect(offline.display('go', ['build'])).toMatch(/^unshare -r?n go build$/);
  });
});
