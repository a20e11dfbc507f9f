import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { CLI } from '../../../test/support/cli';
import { repoRoot } from '../../../test/support/go-fixture';
import { ensureModuleGraph, GRAPH_ENV, writeSampleProject, type ModuleGraph } from '../../../test/support/module-graph';
import { createJob } from '../jobs';
import { AppError } from '../../../shared/errors';
import { bundleManifest } from '../../../shared/bundle';
import { exportBundle } from './export';
import { checkBundle } from './verify';
import { updateBundle } from './update';
import { fixtureDownload } from './test-helpers';
import { installFromBundle } from '../install';
import { offlineRunner } from '../modules';

/** every file under `dir` with its size and inode: what "nothing changed" compares */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    const st = statSync(p);
    out[p.slice(dir.length + 1)] = `${st.size}:${st.ino}:${st.mtimeMs}`;
  }
  return out;
}

const manifestOf = (dir: string) => bundleManifest.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
const sha256sumC = (dir: string) => spawnSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: '/usr/local/bin:/usr/bin:/bin', GO_OFFLINE_LANG: 'en', ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number; signal?: string }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr });
    });
  });
}

/** A small archive of the official layout (go/VERSION, go/bin/go), for the kill sweep's many runs. */
function smallArchive(dir: string, version: string): string {
  const src = join(dir, `src-${version}`);
  mkdirSync(join(src, 'go', 'bin'), { recursive: true });
  writeFileSync(join(src, 'go', 'VERSION'), version + '\n');
  writeFileSync(join(src, 'go', 'bin', 'go'), `#!/bin/sh\necho "go version ${version} linux/amd64"\n`, { mode: 0o755 });
  writeFileSync(join(src, 'go', 'payload.bin'), randomBytes(256 * 1024));
  const path = join(dir, `${version}.linux-amd64.tar.gz`);
  execFileSync('tar', ['-C', src, '-czf', path, 'go']);
  return path;
}

describe('bundle update in place (real Go fixture)', () => {
  const t = tempDir('bundle-update-');
  let base: string;
  let older: string; // the fixture under another (older) version name: go version is never run on it
  let graph: ModuleGraph;
  let project: string;
  let env: Record<string, string>;
  let fixtureName: string;

  /** a copy of the base bundle sharing its files (hard links): an update never writes into a file it keeps */
  function copyOfBase(name: string): string {
    const dest = join(t.path, name);
    execFileSync('cp', ['-al', base, dest]);
    return dest;
  }

  beforeAll(async () => {
    const { fixture, file } = await fixtureDownload();
    fixtureName = fixture.filename;
    base = join(t.path, 'base');
    await exportBundle({ outDir: base, archives: [file], job: createJob({}) });
    older = join(t.path, 'go1.19.1.linux-amd64.tar.gz');
    try {
      linkSync(fixture.archive, older);
    } catch {
      copyFileSync(fixture.archive, older);
    }
    graph = ensureModuleGraph();
    project = writeSampleProject(graph, join(t.path, 'src', 'app'));
    env = { HOME: join(t.path, 'home'), PATH: '/usr/local/bin:/usr/bin:/bin', GOCACHE: join(repoRoot, '.cache', 'gocache-update-tests'), GOPROXY: graph.goproxy, ...GRAPH_ENV };
  }, 300_000);
  afterAll(() => t.remove());

  it('adds a second version and a project: only the new files are written, the old archive is kept as it was, sha256sum -c passes', async () => {
    const dir = copyOfBase('two');
    const before = tree(dir);
    const r = await updateBundle({ dir, archiveFiles: [older], projects: [project], env, job: createJob({}) });
    expect(r.nothingToDo).toBe(false);
    expect(r.added.paths).toContain('go/go1.19.1.linux-amd64.tar.gz');
    expect(r.added.paths.some((p) => p.startsWith('modules/proxy/example.com/'))).toBe(true);
    // the archive that was there is the same file (same inode): not copied again
    expect(statSync(join(dir, 'go', fixtureName)).ino).toBe(Number(before[`go/${fixtureName}`]!.split(':')[1]));
    const oldArchive = statSync(join(dir, 'go', fixtureName)).size;
    expect(r.kept.bytes).toBeGreaterThanOrEqual(oldArchive);
    // written = the new archive + proxy + regenerated files + manifest/sums; read back the same
    const newArchive = statSync(older).size;
    expect(r.bytesWritten).toBeGreaterThanOrEqual(newArchive);
    expect(r.bytesWritten).toBeLessThan(newArchive + 4 * 1024 * 1024);
    expect(r.bytesReadBack).toBe(r.bytesWritten);
    expect(r.verifiedBytes).toBeGreaterThanOrEqual(oldArchive);
    const m = manifestOf(dir);
    expect(m.go.versions).toEqual(['go1.19.1', 'go1.19.8']);
    expect(m.files.filter((f) => f.kind === 'archive').map((f) => f.version).sort()).toEqual(['go1.19.1', 'go1.19.8']);
    expect(m.modules?.projects.map((p) => p.name)).toEqual(['app']);
    expect(m.environment.GOPROXY).toBeUndefined(); // the bundled proxy now, not "off"
    expect(sha256sumC(dir).status, sha256sumC(dir).stdout).toBe(0);
    const rep = await checkBundle(dir, { job: createJob({}), env });
    expect(rep.ok).toBe(true);
    expect(rep.leftovers).toEqual([]);
    expect(existsSync(join(dir, '.go-offline-update'))).toBe(false);
    const readme = readFileSync(join(dir, 'README.txt'), 'utf8');
    expect(readme).toContain('  go1.19.1: linux-amd64\n  go1.19.8: linux-amd64\n');
    expect(readme).toContain('--go-version <version>');
    // the scripts install one version, the newest; never two archives for one platform
    const sh = readFileSync(join(dir, 'install.sh'), 'utf8');
    expect(sh).toContain(`go/${fixtureName}`);
    expect(sh).not.toContain('go1.19.1.linux-amd64.tar.gz');
    const sbom = JSON.parse(readFileSync(join(dir, 'sbom.cdx.json'), 'utf8')) as { components: Array<{ name: string; 'bom-ref': string; properties?: Array<{ name: string; value: string }> }> };
    expect(sbom.components.filter((c) => c.name === 'go').map((c) => c['bom-ref']).sort()).toEqual(['toolchain:go1.19.1-linux-amd64', 'toolchain:go1.19.8-linux-amd64']);
    expect(sbom.components.some((c) => c.properties?.some((p) => p.name === 'go-offline:needed-by' && p.value === 'app'))).toBe(true);

    // the same again: nothing new, nothing written, not a file touched
    const again = tree(dir);
    const r2 = await updateBundle({ dir, archiveFiles: [older], projects: [project], env, job: createJob({}) });
    expect(r2.nothingToDo).toBe(true);
    expect(r2.bytesWritten).toBe(0);
    expect(tree(dir)).toEqual(again);

    // removing the version again writes only the regenerated files and the lists
    const r3 = await updateBundle({ dir, removeVersions: ['1.19.1'], env, job: createJob({}) });
    expect(r3.removed.paths).toContain('go/go1.19.1.linux-amd64.tar.gz');
    expect(r3.bytesWritten).toBeLessThan(4 * 1024 * 1024);
    expect(existsSync(join(dir, 'go', 'go1.19.1.linux-amd64.tar.gz'))).toBe(false);
    expect(manifestOf(dir).go.versions).toEqual(['go1.19.8']);
    expect(sha256sumC(dir).status).toBe(0);
    // the module proxy stayed, and its SBOM entries were carried over without reading the zips again
    const sbom3 = readFileSync(join(dir, 'sbom.cdx.json'), 'utf8');
    expect(sbom3).toContain('go-offline:needed-by');
  }, 300_000);

  /** A second project of the graph that shares greet v1.1.0 and util v0.2.0 with the sample app, and nothing else. */
  function writeSmallProject(dir: string): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), 'module example.com/small\n\ngo 1.19\n\nrequire (\n\texample.com/greet v1.1.0\n\texample.com/util v0.2.0 // indirect\n)\n');
    writeFileSync(join(dir, 'main.go'), 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n)\n\nfunc main() { fmt.Println(greet.Hello("small")) }\n');
    // the lines `go mod tidy` writes for it: the app's go.sum lines of the two modules it shares
    writeFileSync(join(dir, 'go.sum'), graph.goSum.split('\n').filter((l) => /^example\.com\/(greet v1\.1\.0|util v0\.2\.0)[ /]/.test(l)).join('\n') + '\n');
    return dir;
  }
  /** the module proxy of a bundle: every file under it */
  const proxyFiles = (dir: string) =>
    readdirSync(join(dir, 'modules', 'proxy'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(join(dir, 'modules', 'proxy').length + 1))
      .sort();
  const proxyTexts = (dir: string) => Object.fromEntries(proxyFiles(dir).map((f) => [f, readFileSync(join(dir, 'modules', 'proxy', f), 'utf8')]));

  it('--remove-project takes the modules only that project needed off the proxy: exactly what a bundle of the other project alone holds, verify passes, the other still installs and builds offline', async () => {
    const small = writeSmallProject(join(t.path, 'src', 'small'));
    const dir = copyOfBase('two-projects');
    const made = await updateBundle({ dir, projects: [project, small], env, job: createJob({}) });
    expect(made.manifest.modules?.projects.map((p) => p.name).sort()).toEqual(['app', 'small']);
    // what a bundle made with the small project alone carries
    const alone = copyOfBase('small-alone');
    await updateBundle({ dir: alone, projects: [small], env, job: createJob({}) });
    const expected = proxyTexts(alone);
    expect(Object.keys(expected).filter((f) => f.endsWith('.zip'))).toEqual(['example.com/greet/@v/v1.1.0.zip', 'example.com/util/@v/v0.2.0.zip']);

    const copy = (name: string) => {
      const to = join(t.path, name);
      execFileSync('cp', ['-a', dir, to]);
      return to;
    };
    const keepAll = copy('two-projects-keep');
    const words = copy('two-projects-en');
    const wordsZh = copy('two-projects-zh');

    // removing the small project: the app needs every module it has, nothing leaves
    const r0 = await cli(['bundle', 'update', keepAll, '--remove-project', 'small'], env);
    expect(r0.code, r0.stderr).toBe(0);
    expect(r0.stdout).toContain('  Modules: none removed; the projects left on the media need all 5 module versions');
    expect(proxyFiles(keepAll)).toEqual(proxyFiles(dir));
    expect(manifestOf(keepAll).modules?.projects.map((p) => p.name)).toEqual(['app']);

    // removing the app: its own three versions leave, the two it shares with the small project stay
    const r = await cli(['bundle', 'update', dir, '--remove-project', 'app', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { modulesRemoved: string[]; removed: { paths: string[] } };
    expect(res.modulesRemoved).toEqual(['example.com/Upper/Case@v1.0.0', 'example.com/fork@v1.0.0', 'example.com/testonly@v1.0.0']);
    expect(res.removed.paths).toContain('modules/proxy/example.com/!upper/!case/@v/v1.0.0.zip');
    expect(res.removed.paths).toContain('modules/proxy/example.com/fork/@v/v1.0.0.mod');
    expect(proxyTexts(dir)).toEqual(expected);
    const m = manifestOf(dir);
    expect(m.modules?.projects.map((p) => p.name)).toEqual(['small']);
    expect(m.modules?.moduleCount).toBe(2);
    expect(existsSync(join(dir, 'modules', 'proxy', 'example.com', 'testonly'))).toBe(false);
    // the SBOM and the transfer report name only what is left
    const sbom = readFileSync(join(dir, 'sbom.cdx.json'), 'utf8');
    expect(sbom).not.toContain('example.com/testonly');
    expect(sbom).toContain('pkg:golang/example.com/greet@v1.1.0');
    const report = readFileSync(join(dir, 'transfer-report.html'), 'utf8');
    expect(report).not.toContain('example.com/testonly');
    expect(sha256sumC(dir).status, sha256sumC(dir).stdout).toBe(0);
    const v = await cli(['bundle', 'verify', dir, '--json'], env);
    expect(v.code, v.stderr).toBe(0);
    expect((JSON.parse(v.stdout) as { ok: boolean; leftovers: string[] }).leftovers).toEqual([]);

    // the same removal in words, in both languages
    const en = await cli(['bundle', 'update', words, '--remove-project', 'app'], env);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain('  Modules: 3 module versions removed (no project left on the media needs them), 2 kept');
    const zh = await cli(['bundle', 'update', wordsZh, '--remove-project', 'app'], { ...env, GO_OFFLINE_LANG: 'zh' });
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain('  模块：移除了 3 个模块版本（剩下的项目都不需要它们），保留 2 个');
    expect(proxyTexts(words)).toEqual(expected);

    // the small project installs and builds from what is left, with the network shut off
    const off = join(t.path, 'offline-small');
    mkdirSync(off, { recursive: true });
    const offEnv = { PATH: '/usr/bin:/bin', HOME: off, GOCACHE: join(off, 'gocache'), ...GRAPH_ENV };
    const inst = await installFromBundle({ bundle: dir, scope: 'user', prefix: join(off, 'sdk'), env: offEnv, job: createJob() });
    expect(inst.modules).toMatchObject({ total: 2, ready: 2, failed: [] });
    const src = writeSmallProject(join(off, 'src', 'small'));
    const offline = await offlineRunner();
    const b = await offline.run(join(inst.record.goroot, 'bin', 'go'), ['build', '-o', join(off, 'small-bin'), '.'], { cwd: src, env: { ...offEnv, GOPROXY: inst.record.moduleProxy!.url, GOFLAGS: '', GOTOOLCHAIN: 'local' }, timeoutMs: 300_000 });
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(execFileSync(join(off, 'small-bin'), { encoding: 'utf8' }).trim()).toBe('hello small-small');

    // the last project removed: no module proxy at all, and the media still verifies
    const last = await updateBundle({ dir, removeProjects: ['small'], env, job: createJob({}) });
    expect(last.modulesRemoved).toEqual(['example.com/greet@v1.1.0', 'example.com/util@v0.2.0']);
    expect(existsSync(join(dir, 'modules'))).toBe(false);
    expect(manifestOf(dir).modules).toBeUndefined();
    expect(manifestOf(dir).files.some((f) => f.kind === 'module-proxy')).toBe(false);
    expect(readFileSync(join(dir, 'install.sh'), 'utf8')).toContain("MODULES_PROXY=''");
    expect((await checkBundle(dir, { job: createJob({}), env })).ok).toBe(true);
    expect(sha256sumC(dir).status).toBe(0);
  }, 600_000);

  it('refuses a damaged bundle, saying so, and changes nothing', async () => {
    const dir = copyOfBase('damaged');
    const readme = join(dir, 'README.txt');
    const text = readFileSync(readme, 'utf8');
    rmSync(readme); // a new file: the base's copy (a hard link) stays intact
    writeFileSync(readme, text.replace('Go', 'Og'));
    const before = tree(dir);
    const err = await updateBundle({ dir, archiveFiles: [older], env, job: createJob({}) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BUNDLE_UPDATE_DAMAGED');
    expect((err as AppError).params.files).toContain('README.txt');
    expect(tree(dir)).toEqual(before);
  }, 120_000);

  it('killed at every step (SIGKILL): verify says the old bundle is OK or refuses clearly, never a mixture; the next update finishes', async () => {
    // the step points of one uncut run, as the CLI reports them
    const small = smallArchive(t.path, 'go1.19.2');
    const probe = copyOfBase('probe');
    const steps = join(t.path, 'steps.txt');
    const ok = await cli(['bundle', 'update', probe, '--archive', small], { ...env, GO_OFFLINE_TEST_STEPS_FILE: steps });
    expect(ok.code, ok.stderr).toBe(0);
    const points = readFileSync(steps, 'utf8').trim().split('\n').map((l) => l.split(':').slice(0, 2).join(':'));
    const labels = readFileSync(steps, 'utf8').trim().split('\n').map((l) => l.split(':').slice(2).join(':'));
    expect(labels).toEqual(expect.arrayContaining(['file staged', 'staged and read back', 'plan written', 'first new file in place', 'manifest in place', 'sums in place', 'changed files in place', 'removed files deleted']));
    const oldManifest = readFileSync(join(base, 'manifest.json'), 'utf8');
    const seen: string[] = [];
    for (const [i, point] of points.entries()) {
      const dir = copyOfBase(`kill-${i}`);
      const cut = await cli(['bundle', 'update', dir, '--archive', small], { ...env, GO_OFFLINE_TEST_KILL_AT: point });
      expect(cut.signal, `${point} ${labels[i]}: ${cut.stderr}`).toBe('SIGKILL');
      const v = await cli(['bundle', 'verify', dir, '--json'], env);
      if (v.code === 0) {
        // the old bundle, exactly: its manifest, and whatever the update left reported, not counted
        const report = JSON.parse(v.stdout) as { ok: boolean; manifest: unknown; leftovers: string[] };
        expect(report.ok).toBe(true);
        expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(oldManifest);
        expect(report.leftovers.length).toBeGreaterThan(0);
        seen.push(`${labels[i]}: old`);
      } else {
        expect(v.code, v.stderr).toBe(2);
        expect(v.stderr).toContain('BUNDLE_UPDATE_UNFINISHED');
        expect(v.stderr).toMatch(/An update of this bundle was interrupted/);
        seen.push(`${labels[i]}: refused`);
      }
      const again = await cli(['bundle', 'update', dir, '--archive', small, '--json'], env);
      expect(again.code, again.stderr).toBe(0);
      const res = JSON.parse(again.stdout) as { recovered: string | null; nothingToDo: boolean };
      expect(res.recovered, labels[i]).not.toBeNull();
      expect(existsSync(join(dir, '.go-offline-update'))).toBe(false);
      expect(manifestOf(dir).go.versions).toEqual(['go1.19.2', 'go1.19.8']);
      const after = await cli(['bundle', 'verify', dir, '--json'], env);
      expect(after.code, after.stderr).toBe(0);
      expect((JSON.parse(after.stdout) as { leftovers: string[] }).leftovers).toEqual([]);
      expect(sha256sumC(dir).status).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
    // both outcomes happen: before the commit point the old bundle, after it a refusal
    expect(seen.filter((s) => s.endsWith('old')).length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.endsWith('refused')).length).toBeGreaterThan(0);
    expect(seen.find((s) => s.startsWith('manifest in place'))).toBe('manifest in place: refused');
    expect(seen.find((s) => s.startsWith('plan written'))).toBe('plan written: old');
  }, 600_000);
});

describe('bundle update of a signed bundle (built CLI, real gpg)', () => {
  const t = tempDir('bundle-update-signed-');
  const machine = (name: string) => {
    const home = join(t.path, name);
    return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state'), XDG_CACHE_HOME: join(home, '.cache'), TMPDIR: t.path, GO_OFFLINE_SYSTEM_CONFIG_DIR: join(home, 'etc') };
  };
  const preparer = machine('preparer');
  const colleague = machine('colleague'); // has no key of the preparer's
  let bundle: string;
  let a2: string;
  let a3: string;
  beforeAll(async () => {
    const a1 = smallArchive(t.path, 'go1.18.0');
    a2 = smallArchive(t.path, 'go1.18.1');
    a3 = smallArchive(t.path, 'go1.18.2');
    writeFileSync(join(t.path, 'pass'), 'correct horse\n');
    const g = await cli(['keys', 'generate', '--name', 'Preparer One', '--email', 'one@example.test', '--passphrase-file', join(t.path, 'pass'), '--json'], preparer);
    expect(g.code, g.stderr).toBe(0);
    bundle = join(t.path, 'usb');
    const c = await cli(['bundle', 'create', '--archive', a1, '--out', bundle], { ...preparer, GO_OFFLINE_KEY_PASSPHRASE: 'correct horse' });
    expect(c.code, c.stderr).toBe(0);
    expect(existsSync(join(bundle, 'manifest.json.asc'))).toBe(true);
  }, 120_000);
  afterAll(() => t.remove());

  const gpgVerifies = (dir: string) => {
    const gnupg = join(t.path, `gnupg-${Math.random().toString(16).slice(2)}`);
    mkdirSync(gnupg, { mode: 0o700 });
    const env = { ...process.env, GNUPGHOME: gnupg };
    spawnSync('gpg', ['--batch', '--import', join(dir, 'signer-key.asc')], { env });
    return spawnSync('gpg', ['--batch', '--verify', join(dir, 'manifest.json.asc'), join(dir, 'manifest.json')], { env }).status === 0;
  };

  it('is re-signed with the preparer\'s key when it is on this computer; gpg --verify passes on the new manifest', async () => {
    const r = await cli(['bundle', 'update', bundle, '--archive', a2], { ...preparer, GO_OFFLINE_KEY_PASSPHRASE: 'correct horse' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('manifest.json re-signed by Preparer One <one@example.test>');
    expect(gpgVerifies(bundle)).toBe(true);
    expect(sha256sumC(bundle).status).toBe(0);
    expect(manifestOf(bundle).signer?.userIds).toEqual(['Preparer One <one@example.test>']);
  }, 120_000);

  it('becomes unsigned, and says so, on a computer without the key: no stale signature is kept', async () => {
    const r = await cli(['bundle', 'update', bundle, '--archive', a3], colleague);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Note: the bundle is now UNSIGNED \(the old signer's key [0-9A-F ]+ is not on this computer\); the old signature was removed/);
    expect(existsSync(join(bundle, 'manifest.json.asc'))).toBe(false);
    expect(existsSync(join(bundle, 'signer-key.asc'))).toBe(false);
    expect(manifestOf(bundle).signer).toBeUndefined();
    expect(sha256sumC(bundle).status).toBe(0);
    const v = await cli(['bundle', 'verify', bundle], colleague);
    expect(v.code, v.stderr).toBe(0);
    expect(manifestOf(bundle).go.versions).toEqual(['go1.18.0', 'go1.18.1', 'go1.18.2']);
  }, 120_000);
});
