import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ensureGoFixture, findDebianGoroot, type GoFixture } from '../../../test/support/go-fixture';
import { ensureScaleGraph, writeScaleProject, type ScaleGraph } from '../../../test/support/scale-graph';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { run } from '../exec';
import { makeTgz, tinyGoEntries } from '../install/test-helpers';
import { describeArchive } from './export';
import { createBundle } from './create';
import { installFromBundle } from '../install';
import { offlineRunner } from '../modules';
import { describeModuleFill } from '../../../shared/module-fill';
import { archiveHashNotes, archiveSha256, cachedToolchain, goBuildCacheDir, hostGoMatching, toolchainsDir, trimGoBuildCache } from './toolchain';

describe('the toolchain for module preparation, reused across runs', () => {
  let tmp: ReturnType<typeof tempDir>;
  let env: Record<string, string | undefined>;
  beforeAll(() => {
    tmp = tempDir('gooff-toolchain-');
    env = { HOME: join(tmp.path, 'home'), XDG_CACHE_HOME: join(tmp.path, 'cache') };
  });
  afterAll(() => tmp?.remove());

  it('extracts once to a folder named by the SHA-256, reuses it, and replaces a damaged one', async () => {
    // a small real archive in the official layout (the real toolchain is extracted by the test below)
    const tgz = makeTgz(join(tmp.path, 'go1.19.8.linux-amd64.tar.gz'), tinyGoEntries('go1.19.8'));
    const archive = await describeArchive(tgz.path, undefined, { hash: false });
    const logs: string[] = [];
    const job = createJob({ onLog: (e) => logs.push(e) });
    const first = await cachedToolchain(archive, { env, job });
    expect(first.source).toBe('extracted');
    expect(first.sha256).toBe(tgz.sha256);
    expect(first.goroot).toBe(join(toolchainsDir(env), tgz.sha256, 'go'));
    expect((await run(join(first.goroot, 'bin', 'go'), ['version'])).stdout.trim()).toBe('go version go1.19.8 linux/amd64');
    // nothing half-written is left beside it
    expect(readdirSync(toolchainsDir(env))).toEqual([tgz.sha256]);

    const second = await cachedToolchain({ ...archive, sha256: tgz.sha256 }, { env, job });
    expect(second).toEqual({ ...first, source: 'reused' });
    expect(logs.filter((l) => l === 'toolchain.reused')).toHaveLength(1);

    // a changed go binary fails the check: the tree is extracted again
    appendFileSync(join(first.goroot, 'bin', 'go'), '# changed\n');
    const third = await cachedToolchain(archive, { env, job });
    expect(third.source).toBe('extracted');
    expect(readFileSync(join(third.goroot, 'bin', 'go'), 'utf8')).not.toContain('changed');

    // an archive whose bytes are not what its SHA-256 says is refused, and nothing is cached for it
    const wrong = await cachedToolchain({ ...archive, sha256: 'f'.repeat(64) }, { env, job }).catch((e: unknown) => e);
    expect((wrong as { code?: string }).code).toBe('INSTALL_ARCHIVE_HASH_MISMATCH');
    expect(readdirSync(toolchainsDir(env))).toEqual([tgz.sha256]);
  });

  it('notes an archive\'s SHA-256 with the file\'s identity: the same file is not read again, any change to it is', async () => {
    const path = join(tmp.path, 'noted.tar.gz');
    writeFileSync(path, 'first version of the bytes');
    const real = (bytes: string) => createHash('sha256').update(bytes).digest('hex');
    expect(await archiveSha256(path, { env })).toBe(real('first version of the bytes'));
    // the note is what a second run uses (a planted value proves it is not read again)
    const notesFile = archiveHashNotes(env);
    const notes = JSON.parse(readFileSync(notesFile, 'utf8')) as { files: Record<string, { sha256: string }> };
    notes.files[path]!.sha256 = 'a'.repeat(64);
    writeFileSync(notesFile, JSON.stringify(notes));
    expect(await archiveSha256(path, { env })).toBe('a'.repeat(64));
    // the same size, the old modification time put back: the change time still tells
    const { mtime } = statSync(path);
    writeFileSync(path, 'other version of the bytes');
    utimesSync(path, mtime, mtime);
    expect(await archiveSha256(path, { env })).toBe(real('other version of the bytes'));
    // a copy at another path (another inode) is read, not taken from the note
    copyFileSync(path, join(tmp.path, 'copy.tar.gz'));
    expect(await archiveSha256(join(tmp.path, 'copy.tar.gz'), { env })).toBe(real('other version of the bytes'));
    // a damaged notes file is not trusted: it is read again and the file rewritten
    writeFileSync(notesFile, '{ not json');
    expect(await archiveSha256(path, { env })).toBe(real('other version of the bytes'));
    expect(Object.keys((JSON.parse(readFileSync(notesFile, 'utf8')) as { files: object }).files)).toEqual([path]);
  });

  it('uses the host\'s own Go only when it is exactly the release and platform being bundled', async () => {
    const goroot = findDebianGoroot();
    const version = readFileSync(join(goroot, 'VERSION'), 'utf8').split('\n')[0]!.trim();
    const withGo = { HOME: join(tmp.path, 'home'), PATH: `${join(goroot, 'bin')}:/usr/bin:/bin` };
    expect(await hostGoMatching(version, 'linux-amd64', withGo)).toBe(goroot);
    expect(await hostGoMatching('go1.22.5', 'linux-amd64', withGo)).toBeNull();
    expect(await hostGoMatching(version, 'linux-arm64', withGo)).toBeNull();
    expect(await hostGoMatching(version, 'linux-amd64', { HOME: withGo.HOME, PATH: '/nonexistent' })).toBeNull();
  });

  it('empties our build cache only when it has grown past its bound', async () => {
    const dir = join(tmp.path, 'gocache');
    mkdirSync(join(dir, 'ab'), { recursive: true });
    appendFileSync(join(dir, 'ab', 'x-d'), Buffer.alloc(4096));
    expect(await trimGoBuildCache(dir, 1 << 20)).toEqual({ size: 4096, trimmed: false, checked: true });
    // measured at most once a day: the next call does not walk the cache, even past the bound
    expect(await trimGoBuildCache(dir, 1024)).toEqual({ size: null, trimmed: false, checked: false });
    expect(existsSync(dir)).toBe(true);
    expect(await trimGoBuildCache(dir, 1024, { everyMs: 0 })).toEqual({ size: 4096, trimmed: true, checked: true });
    expect(existsSync(dir)).toBe(false);
  });
});

describe('bundle create --project, twice, then install', () => {
  let fixture: GoFixture;
  let graph: ScaleGraph;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    fixture = await ensureGoFixture();
    graph = ensureScaleGraph(8);
    tmp = tempDir('gooff-create-proj-');
  });
  afterAll(() => tmp?.remove());

  it('reuses the toolchain, keeps the user\'s build cache untouched and carries no .ziphash', async () => {
    const home = join(tmp.path, 'home');
    mkdirSync(home, { recursive: true });
    const userCache = join(home, 'user-gocache');
    const clean: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GO') && !/_proxy$/i.test(k)) clean[k] = v;
    // no Go on PATH: the toolchain comes from the archive (a matching host Go would be used instead)
    clean.PATH = (process.env.PATH ?? '').split(':').filter((d) => d && !existsSync(join(d, 'go'))).join(':');
    const env = { ...clean, HOME: home, XDG_CACHE_HOME: join(home, '.cache'), GOCACHE: userCache, GOPATH: join(home, 'go'), GOPROXY: graph.goproxy, ...graph.env };
    const project = writeScaleProject(graph, join(tmp.path, 'src', 'svc'));
    const logs: string[] = [];
    const phases: string[] = [];
    for (const n of [1, 2]) {
      const res = await createBundle({ version: fixture.version, platforms: ['linux-amd64'], archiveFiles: [fixture.archive], projects: [project], outDir: join(tmp.path, `media-${n}`), env, job: createJob({ onLog: (e) => logs.push(e), onProgress: (p) => n === 2 && phases.push(p.phase) }) });
      expect(res.warnings.filter((w) => w.verdict !== 'info')).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(tmp.path, `media-${n}`, 'manifest.json'), 'utf8')) as { modules?: { moduleCount: number } };
      expect(manifest.modules?.moduleCount).toBe(graph.buildList);
      const files = readdirSync(join(tmp.path, `media-${n}`), { recursive: true }).map(String);
      expect(files.filter((f) => f.endsWith('.ziphash'))).toEqual([]);
    }
    // the offline dry run starts before the copy and is done ("modules ready") only after the read-back
    const at = (ph: string) => phases.indexOf(ph);
    expect(at('modules-dry-run')).toBeGreaterThan(-1);
    expect(at('modules-dry-run')).toBeLessThan(at('copy'));
    expect(phases.lastIndexOf('modules-done')).toBeGreaterThan(phases.lastIndexOf('readback'));
    expect(phases.at(-1)).toBe('modules-done');
    expect(logs.filter((l) => l === 'toolchain.extracted')).toHaveLength(1);
    // the first run, on a new build cache, went without Go's package index; the second built it
    expect(logs.filter((l) => l === 'modules.gocache-new')).toHaveLength(1);
    expect(logs.filter((l) => l === 'toolchain.reused')).toHaveLength(1);
    expect(existsSync(userCache)).toBe(false);
    expect(existsSync(goBuildCacheDir(env))).toBe(true);

    // the offline side: install fills the module cache, and the first build is quiet
    const off = join(tmp.path, 'offline');
    mkdirSync(off, { recursive: true });
    const offEnv = { ...clean, HOME: off, XDG_CACHE_HOME: undefined, XDG_DATA_HOME: undefined, XDG_STATE_HOME: undefined, XDG_CONFIG_HOME: undefined, GOCACHE: join(off, 'gocache'), ...graph.env };
    const r = await installFromBundle({ bundle: join(tmp.path, 'media-1'), scope: 'user', prefix: join(off, 'sdk'), env: offEnv, job: createJob() });
    expect(r.modules).toMatchObject({ total: graph.buildList, ready: graph.buildList, failed: [], gomodcache: join(off, 'go', 'pkg', 'mod') });
    expect(describeModuleFill(r.modules!).en).toContain(`all ${graph.buildList} module versions are ready`);
    const src = writeScaleProject(graph, join(off, 'src', 'svc'));
    const offline = await offlineRunner();
    const b = await offline.run(join(r.record.goroot, 'bin', 'go'), ['build', '-o', join(off, 'svc-bin'), '.'], { cwd: src, env: { ...offEnv, GOPROXY: r.record.moduleProxy!.url, GOFLAGS: '', GOTOOLCHAIN: 'local' }, timeoutMs: 300_000 });
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
  });

  it('keeps nothing when the offline dry run fails: the media is committed only after it passed', async () => {
    const home = join(tmp.path, 'home');
    mkdirSync(home, { recursive: true });
    const clean: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GO') && !/_proxy$/i.test(k)) clean[k] = v;
    clean.PATH = (process.env.PATH ?? '').split(':').filter((d) => d && !existsSync(join(d, 'go'))).join(':');
    const env = { ...clean, HOME: home, XDG_CACHE_HOME: join(home, '.cache'), GOCACHE: join(home, 'user-gocache'), GOPATH: join(home, 'go'), GOPROXY: graph.goproxy, ...graph.env };
    // a go.sum without the checksum of one module's zip: online Go still fetches it, but the
    // offline build cannot check it, so the dry run fails
    const project = writeScaleProject(graph, join(tmp.path, 'src', 'unsummed'));
    const lines = readFileSync(join(project, 'go.sum'), 'utf8').split('\n');
    const dropped = lines.findIndex((l) => l.trim() && !l.split(' ')[1]!.endsWith('/go.mod'));
    expect(dropped).toBeGreaterThan(-1);
    lines.splice(dropped, 1);
    writeFileSync(join(project, 'go.sum'), lines.join('\n'));
    const before = readFileSync(join(project, 'go.sum'), 'utf8');
    const scratchBefore = readdirSync(tmpdir()).filter((n) => n.startsWith('go-offline-create-'));
    const out = join(tmp.path, 'media-unsummed');
    const phases: string[] = [];
    const err = (await createBundle({ version: fixture.version, platforms: ['linux-amd64'], archiveFiles: [fixture.archive], projects: [project], outDir: out, env, job: createJob({ onProgress: (p) => phases.push(p.phase) }) }).catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code).toBe('MODULES_DRY_RUN_FAILED');
    expect(err.message).toContain('unsummed');
    expect(phases).toContain('modules-dry-run');
    expect(phases).not.toContain('modules-done');
    // nothing on the destination, nothing left in the temp folder, the project as it was
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('go-offline-create-'))).toEqual(scratchBefore);
    expect(readFileSync(join(project, 'go.sum'), 'utf8')).toBe(before);
  });
});
