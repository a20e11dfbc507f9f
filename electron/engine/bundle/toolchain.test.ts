import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGoFixture, type GoFixture } from '../../../test/support/go-fixture';
import { ensureScaleGraph, writeScaleProject, type ScaleGraph } from '../../../test/support/scale-graph';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { run } from '../exec';
import { describeArchive } from './export';
import { createBundle } from './create';
import { cachedToolchain, goBuildCacheDir, toolchainsDir, trimGoBuildCache } from './toolchain';

describe('the toolchain for module preparation, reused across runs', () => {
  let fixture: GoFixture;
  let tmp: ReturnType<typeof tempDir>;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    fixture = await ensureGoFixture();
    tmp = tempDir('gooff-toolchain-');
    env = { HOME: join(tmp.path, 'home'), XDG_CACHE_HOME: join(tmp.path, 'cache') };
  });
  afterAll(() => tmp?.remove());

  it('extracts once to a folder named by the SHA-256, reuses it, and replaces a damaged one', async () => {
    const archive = await describeArchive(fixture.archive, undefined, { hash: false });
    const logs: string[] = [];
    const job = createJob({ onLog: (e) => logs.push(e) });
    const first = await cachedToolchain(archive, { env, job });
    expect(first.source).toBe('extracted');
    expect(first.sha256).toBe(fixture.sha256);
    expect(first.goroot).toBe(join(toolchainsDir(env), fixture.sha256, 'go'));
    const v = await run(join(first.goroot, 'bin', 'go'), ['env', 'GOVERSION'], { env: { ...process.env, GOROOT: '' } });
    expect(v.stdout.trim()).toBe(fixture.version);
    // nothing half-written is left beside it
    expect(readdirSync(toolchainsDir(env))).toEqual([fixture.sha256]);

    const second = await cachedToolchain({ ...archive, sha256: fixture.sha256 }, { env, job });
    expect(second).toEqual({ ...first, source: 'reused' });
    expect(logs.filter((l) => l === 'toolchain.reused')).toHaveLength(1);

    // a changed go binary fails the check: the tree is extracted again
    appendFileSync(join(first.goroot, 'bin', 'go'), 'x');
    const third = await cachedToolchain(archive, { env, job });
    expect(third.source).toBe('extracted');
    expect((await run(join(third.goroot, 'bin', 'go'), ['env', 'GOVERSION'], { env: { ...process.env, GOROOT: '' } })).code).toBe(0);
  });

  it('empties our build cache only when it has grown past its bound', async () => {
    const dir = join(tmp.path, 'gocache');
    mkdirSync(join(dir, 'ab'), { recursive: true });
    appendFileSync(join(dir, 'ab', 'x-d'), Buffer.alloc(4096));
    expect(await trimGoBuildCache(dir, 1 << 20)).toEqual({ size: 4096, trimmed: false });
    expect(await trimGoBuildCache(dir, 1024)).toEqual({ size: 4096, trimmed: true });
    expect(existsSync(dir)).toBe(false);
  });
});

describe('bundle create --project, twice', () => {
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
    const env = { ...clean, HOME: home, XDG_CACHE_HOME: join(home, '.cache'), GOCACHE: userCache, GOPATH: join(home, 'go'), GOPROXY: graph.goproxy, ...graph.env };
    const project = writeScaleProject(graph, join(tmp.path, 'src', 'svc'));
    const logs: string[] = [];
    for (const n of [1, 2]) {
      const res = await createBundle({ version: fixture.version, platforms: ['linux-amd64'], archiveFiles: [fixture.archive], projects: [project], outDir: join(tmp.path, `media-${n}`), env, job: createJob({ onLog: (e) => logs.push(e) }) });
      expect(res.warnings.filter((w) => w.verdict !== 'info')).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(tmp.path, `media-${n}`, 'manifest.json'), 'utf8')) as { modules?: { moduleCount: number } };
      expect(manifest.modules?.moduleCount).toBe(graph.buildList);
      const files = readdirSync(join(tmp.path, `media-${n}`), { recursive: true }).map(String);
      expect(files.filter((f) => f.endsWith('.ziphash'))).toEqual([]);
    }
    expect(logs.filter((l) => l === 'toolchain.extracted')).toHaveLength(1);
    expect(logs.filter((l) => l === 'toolchain.reused')).toHaveLength(1);
    expect(existsSync(userCache)).toBe(false);
    expect(existsSync(goBuildCacheDir(env))).toBe(true);
  });
});
