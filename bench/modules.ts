/**
 * Module proxy build for a project: our `prepareModules` (in a child process, for its own peak
 * RSS) against plain `go mod download` into an empty module cache, from the same file GOPROXY
 * (the small real module graph of test/support/module-graph.ts), alternating. Ours does more
 * than its competitor — `go list -deps -test`, `go mod download all`, the proxy tree with list
 * files, and an offline dry run (`go list -m all`, `go build`, `go list -deps -test` against only
 * the proxy with a second empty cache) — so there is no ratio goal, only the memory goal; the
 * row shows what the safety costs. GOCACHE is shared and warm (the warm-up run fills it).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureModuleGraph, writeSampleProject } from '../test/support/module-graph';
import { tempDir } from '../test/support/tmp';
import { childSample, compare, repoRoot, runCapture, type BenchFn } from './lib';

const child = join(repoRoot, 'bench', 'modules-child.ts');

export const bench: BenchFn = async ({ runs, log }) => {
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
