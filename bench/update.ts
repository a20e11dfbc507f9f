/**
 * Update benchmark (bundle area): adding a small project to a large bundle in place
 * (`go-offline bundle update DIR --project P`), against `cp` + `sync` of only the files the update
 * adds (the project's module proxy files), alternating, same run.
 *
 * The bundle is ≥ 1 GiB: the real Go fixture repeated across nine platforms (the archive names of
 * the official layout; the same bytes each time). Each sample starts from a fresh copy of it made
 * with hard links (untimed): an update never writes into a file it keeps.
 *
 * Ours does more than theirs, on purpose: it verifies every byte of the old bundle first, prepares
 * the project's modules with Go (download from the loopback module proxy, offline dry run), writes
 * and reads back the new files and the regenerated scripts/SBOM/report/manifest. The row's note
 * gives bytes written and read back against the bundle's size.
 *
 *   npx tsx bench/update.ts [--runs 3] [--json]
 */
import { copyFileSync, existsSync, linkSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGoFixture } from '../test/support/go-fixture';
import { ensureModuleGraph, GRAPH_ENV, writeSampleProject } from '../test/support/module-graph';
import { sizeLabel } from './large';
import { formatBytes } from '../shared/format';
import { cliBundle, compare, formatTable, interpret, runCapture, timeProcess, type BenchFn, type BenchRow, type Sample } from './lib';

const PLATFORMS = ['linux-amd64', 'linux-arm64', 'linux-386', 'linux-armv6l', 'linux-ppc64le', 'linux-s390x', 'linux-riscv64', 'freebsd-amd64', 'netbsd-amd64'];

function dirSize(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += statSync(join(e.parentPath, e.name)).size;
  return n;
}

export const bench: BenchFn = async ({ runs, log }) => {
  const rows: BenchRow[] = [];
  const f = await ensureGoFixture();
  const graph = ensureModuleGraph();
  const work = mkdtempSync(join(tmpdir(), 'gooff-bench-update-'));
  try {
    const env = { HOME: join(work, 'home'), GOPROXY: graph.goproxy, GOFLAGS: '', ...GRAPH_ENV };
    const project = writeSampleProject(graph, join(work, 'src', 'app'));
    // the large bundle: the fixture under nine platform names
    const archives: string[] = [];
    for (const p of PLATFORMS) {
      const a = join(work, 'archives', `${f.version}.${p}.tar.gz`);
      if (!existsSync(join(work, 'archives'))) execFileSync('mkdir', ['-p', join(work, 'archives')]);
      try {
        linkSync(f.archive, a);
      } catch {
        copyFileSync(f.archive, a);
      }
      archives.push(a);
    }
    const base = join(work, 'base');
    log(`update: creating a bundle of ${PLATFORMS.length} × ${sizeLabel(f.size)}`);
    await runCapture(process.execPath, [cliBundle, 'bundle', 'create', ...archives.flatMap((a) => ['--archive', a]), '--out', base, '--json'], { env });
    const bundleBytes = dirSize(base);
    const dir = join(work, 'dir');
    const theirsDir = join(work, 'theirs');
    // the files the update adds: the project's proxy, as a first update wrote it
    const probe = join(work, 'probe');
    execFileSync('cp', ['-al', base, probe]);
    const first = JSON.parse((await runCapture(process.execPath, [cliBundle, 'bundle', 'update', probe, '--project', project, '--json'], { env })).stdout) as { added: { paths: string[]; bytes: number } };
    const addedProxy = join(probe, 'modules');
    const seen: { last: { bytesWritten: number; bytesReadBack: number; verifiedBytes: number; added: { files: number; bytes: number } } | null } = { last: null };
    const prepare = () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(theirsDir, { recursive: true, force: true });
      execFileSync('cp', ['-al', base, dir]);
      execFileSync('mkdir', ['-p', theirsDir]);
    };
    const ours = async (): Promise<Sample> => {
      const r = await runCapture(process.execPath, [cliBundle, 'bundle', 'update', dir, '--project', project, '--json'], { env });
      seen.last = JSON.parse(r.stdout) as typeof seen.last;
      return { ms: r.ms };
    };
    const theirsFn = async (): Promise<Sample> => {
      const a = await timeProcess('cp', ['-r', addedProxy, theirsDir]);
      const b = await timeProcess('sync', ['-f', theirsDir]);
      return { ms: a.ms + b.ms };
    };
    log(`update: add a project to ${sizeLabel(bundleBytes)}, ${runs} runs each`);
    const row = await compare({
      name: 'update (add a project)',
      data: `bundle ${sizeLabel(bundleBytes)}`,
      runs,
      goal: null,
      theirs: 'cp -r + sync of only the new files',
      prepare,
      ours,
      theirsFn,
      note: '',
    });
    const l = seen.last;
    const moduleFiles = first.added.paths.filter((p) => p.startsWith('modules/')).length;
    row.note = l
      ? `written ${formatBytes(l.bytesWritten)} and read back ${formatBytes(l.bytesReadBack)} of a ${sizeLabel(bundleBytes)} bundle (${((l.bytesWritten / bundleBytes) * 100).toFixed(3)}%): the project's ${moduleFiles} module files (${formatBytes(first.added.bytes)}) and the regenerated scripts, README, SBOM, report, manifest and sums; ours also verified all ${sizeLabel(l.verifiedBytes)} first and ran Go for the modules`
      : '';
    rows.push(row);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
};

if (require.main === module) {
  const argv = process.argv.slice(2);
  const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 3;
  void bench({ runs, large: false, log: (s) => process.stderr.write(s + '\n') }).then((rows) => {
    if (argv.includes('--json')) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else console.log(formatTable(rows) + '\n\n' + rows.map((r) => r.note).join('\n') + '\n' + interpret(rows).join('\n'));
  });
}
