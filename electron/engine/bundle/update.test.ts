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
