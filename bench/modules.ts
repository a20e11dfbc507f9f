/**
 * Module proxy build for a project: our `prepareModules` (in a child process, for its own peak
 * RSS) against plain `go mod download` into an empty module cache, from the same file GOPROXY
 * (the small real module graph of test/support/module-graph.ts), alternating. Ours does more
 * than its competitor — `go list -deps -test`, `go mod download all`, the proxy tree with list
 * files, and an offline dry run (`go list -m all`, `go list -deps -test`, no compile, against only
 * the proxy with a second empty cache) — so there is no ratio goal, only the memory goal; the
 * row shows what the safety costs. GOCACHE is shared and warm (the warm-up run fills it).
 *
 * The real-scale row: a generated graph of 70 modules with real code (test/support/scale-graph.ts,
 * 69 in the build list), `go-offline bundle create --project` (the whole command: checks,
 * `go mod download all`, the proxy, the offline dry run, the media with the Go archive, read back)
 * against the seed's manual way (`go mod download && go mod vendor && tar -czf vendor.tar.gz
 * vendor/`), both cold: empty module caches and empty build caches before every run (ours and the
 * user's GOCACHE that the manual commands use: `go list` and `go mod vendor` load every package,
 * which costs more than a second more with an empty one), the vendor folder removed. Our toolchain folder (extracted once per archive, see bundle/toolchain.ts) is
 * kept, as the manual way uses an installed Go. Ours is measured against two "theirs" in the same
 * interleaved run (compareMany): the manual commands alone (which put nothing on the media, not
 * even Go), and like for like: the same commands, then the same Go archive and vendor.tar.gz
 * copied onto the same destination folder and `sync -f` of it (ours flushes that drive once too).
 * An informative row adds the compile (`GO_OFFLINE_DRY_RUN_BUILD=1`, cold build cache) to show
 * what compiling in the dry run costs, and one puts our module work's scratch on the disk
 * (`GO_OFFLINE_SCRATCH`) instead of RAM (/dev/shm, chosen where it has room: see scratch.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureModuleGraph, writeSampleProject } from '../test/support/module-graph';
import { ensureGoFixture } from '../test/support/go-fixture';
import { ensureScaleGraph, writeScaleProject } from '../test/support/scale-graph';
import { tempDir } from '../test/support/tmp';
import { childSample, compare, compareMany, repoRoot, runCapture, timeCli, type BenchFn, type BenchRow } from './lib';

const child = join(repoRoot, 'bench', 'modules-child.ts');

export const bench: BenchFn = async (ctx) => [...(await benchSmall(ctx)), ...(await benchScale(ctx))];

/** A clean environment for Go: nothing of the real user's Go settings or proxies. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GO') && !/_proxy$/i.test(k) && !k.startsWith('XDG_')) env[k] = v;
  return { ...env, GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw', ...extra };
}

const benchScale: BenchFn = async ({ runs, log }) => {
  log('modules: generating the real-scale module graph (once, cached)');
  const graph = ensureScaleGraph(70);
  const fixture = await ensureGoFixture();
  const tmp = tempDir('gooff-bench-modscale-');
  const rows: BenchRow[] = [];
  try {
    const home = join(tmp.path, 'home');
    mkdirSync(home, { recursive: true });
    const project = writeScaleProject(graph, join(tmp.path, 'src', 'svc'));
    // process.env is the harness's; runCapture merges, so every GO* variable is set here
    const env = cleanEnv({ HOME: home, GOPATH: join(home, 'go'), XDG_CACHE_HOME: join(home, '.cache'), GOCACHE: join(home, 'user-gocache'), GOMODCACHE: join(home, 'go', 'pkg', 'mod'), GOPROXY: graph.goproxy, GOROOT: '', ...graph.env });
    const ourCaches = join(home, '.cache', 'go-offline');
    const media = join(tmp.path, 'media');
    const go = join(graph.goroot, 'bin', 'go');
    const theirsCache = join(tmp.path, 'theirs-modcache');
    const wipe = (p: string) => {
      if (existsSync(p)) {
        execFileSync('chmod', ['-R', 'u+w', p]);
        rmSync(p, { recursive: true, force: true });
      }
    };
    const prepare = () => {
      wipe(media);
      wipe(join(ourCaches, 'gocache'));
      wipe(env.GOCACHE!);
      wipe(theirsCache);
      wipe(join(project, 'vendor'));
      rmSync(join(project, 'vendor.tar.gz'), { force: true });
    };
    const args = ['bundle', 'create', '--version', fixture.version, '--platform', 'linux-amd64', '--archive', fixture.archive, '--project', project, '--out', media, '--json'];
    const theirsFn = async () => {
      const e = { ...env, GOMODCACHE: theirsCache };
      let ms = (await runCapture(go, ['mod', 'download'], { cwd: project, env: e })).ms;
      ms += (await runCapture(go, ['mod', 'vendor'], { cwd: project, env: e })).ms;
      ms += (await runCapture('tar', ['-czf', 'vendor.tar.gz', 'vendor/'], { cwd: project, env: e })).ms;
      return { ms };
    };
    // like for like: what the manual way must also do to end with Go and the modules on the media
    const theirsToMediaFn = async () => {
      let { ms } = await theirsFn();
      mkdirSync(media, { recursive: true });
      ms += (await runCapture('cp', [fixture.archive, join(project, 'vendor.tar.gz'), media + '/'], { env })).ms;
      ms += (await runCapture('sync', ['-f', media], { env })).ms;
      return { ms };
    };
    log(`modules: real-scale graph (${graph.buildList} modules in the build list), ${runs} runs each`);
    rows.push(
      ...(await compareMany({
        data: `${graph.buildList} modules, cold`,
        runs,
        rssGoalMiB: 200,
        prepare,
        ours: () => timeCli(args, env),
        against: [
          {
            name: 'module proxy, real scale (vs commands alone)',
            theirs: 'download+vendor+tar, nothing on the media',
            theirsFn,
            goal: 2,
            note: 'whole `bundle create --project` (checks, download all, proxy, offline dry run loading every package, media with the 117 MiB Go archive, one flush, read back) vs the manual commands alone, which leave Go and the vendor archive off the media; both cold',
          },
          {
            name: 'module proxy, real scale (like for like)',
            theirs: 'download+vendor+tar, cp Go + vendor.tar.gz to the media, sync -f',
            theirsFn: theirsToMediaFn,
            goal: 2,
            note: 'the same, against the manual commands followed by copying the same Go archive and vendor.tar.gz onto the same destination and `sync -f` of it; both cold, in the same interleaved run',
          },
        ],
      })),
    );
    // the same with the module work's scratch on the disk (GO_OFFLINE_SCRATCH), as on a machine
    // whose /dev/shm lacks room: what the RAM scratch (electron/engine/scratch.ts) is worth
    const diskScratch = join(tmp.path, 'disk-scratch');
    mkdirSync(diskScratch, { recursive: true });
    rows.push(
      await compare({
        name: 'module proxy, real scale (scratch on disk)',
        data: `${graph.buildList} modules, cold`,
        runs,
        goal: null,
        rssGoalMiB: 200,
        theirs: 'download+vendor+tar, cp Go + vendor.tar.gz to the media, sync -f',
        prepare,
        ours: () => timeCli(args, { ...env, GO_OFFLINE_SCRATCH: diskScratch }),
        theirsFn: theirsToMediaFn,
        note: 'informative: the like-for-like row with our module work in a folder on the disk instead of RAM (/dev/shm)',
      }),
    );
    rows.push(
      await compare({
        name: 'module proxy, real scale (+compile)',
        data: `${graph.buildList} modules, cold`,
        runs: 1,
        goal: null,
        rssGoalMiB: 200,
        theirs: 'download+vendor+tar',
        prepare,
        ours: () => timeCli(args, { ...env, GO_OFFLINE_DRY_RUN_BUILD: '1' }),
        theirsFn,
        note: 'informative: the dry run also compiles (go build ./...) with an empty build cache',
      }),
    );
    // the modules step alone (no Node start, no Go archive on the media): prepareModules in a child
    const work = join(tmp.path, 'work');
    rows.push(
      await compare({
        name: 'module proxy, real scale (modules step)',
        data: `${graph.buildList} modules, cold`,
        runs,
        goal: null,
        rssGoalMiB: 200,
        theirs: 'download+vendor+tar',
        prepare: () => {
          prepare();
          wipe(work);
          wipe(join(home, 'step-gocache'));
        },
        ours: async () => childSample((await runCapture(process.execPath, ['--import', 'tsx', child, project, work, graph.goroot], { cwd: repoRoot, env: { ...env, GOCACHE: join(home, 'step-gocache') } })).stdout),
        theirsFn,
        note: 'informative: prepareModules timed inside its process (checks, download all, proxy, dry run) vs the manual commands',
      }),
    );
    return rows;
  } finally {
    tmp.remove();
  }
};

const benchSmall: BenchFn = async ({ runs, log }) => {
  const graph = ensureModuleGraph();
  const tmp = tempDir('gooff-bench-modules-');
  try {
    const home = join(tmp.path, 'home');
    mkdirSync(home, { recursive: true });
    const project = writeSampleProject(graph, join(tmp.path, 'src', 'app'));
    const theirsCache = join(tmp.path, 'theirs-modcache');
    const env = {
      HOME: home,
      GOPATH: join(home, 'go'),
      GOCACHE: join(repoRoot, '.cache', 'bench', 'gocache-modules'),
      GOPROXY: graph.goproxy,
      GOFLAGS: '-modcacherw',
      GOTOOLCHAIN: 'local',
      GOROOT: '',
      ...graph.env,
    };
    const work = join(tmp.path, 'work');
    log(`modules: sample project, ${runs} runs each`);
    return [
      await compare({
        name: 'module proxy',
        data: 'sample project (5 modules)',
        runs,
        goal: null,
        rssGoalMiB: 200,
        theirs: 'go mod download',
        prepare: () => {
          rmSync(work, { recursive: true, force: true });
          rmSync(theirsCache, { recursive: true, force: true });
        },
        ours: async () => childSample((await runCapture(process.execPath, ['--import', 'tsx', child, project, work, graph.goroot], { cwd: repoRoot, env })).stdout),
        theirsFn: async () => ({ ms: (await runCapture(join(graph.goroot, 'bin', 'go'), ['mod', 'download'], { cwd: project, env: { ...env, GOMODCACHE: theirsCache } })).ms }),
        note: 'ours also checks, builds the proxy and dry-runs an offline build; ours timed inside its process (no Node start), theirs includes go start',
      }),
    ];
  } finally {
    tmp.remove();
  }
};
