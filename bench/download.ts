/**
 * Benchmark of step 3: our download of a Go archive (SHA-256, size and magic checks, fsync and
 * rename, the `.asc` probe included) against `curl -o` of the same URL from the same loopback
 * mirror, alternating which goes first (bench/lib.ts `compare`). Ours runs in a child process
 * (bench/download-child.ts) so that its peak RSS is its own; it should not grow with file size.
 *
 * Times are transfer times measured inside each program (curl's %{time_total}; ours from the
 * call to downloadFiles until the file has its final name), so neither pays for process start.
 * Goal: median(ours) / median(curl) ≤ 1.1, peak RSS ≤ 200 MiB. With `--large`, also on the
 * generated ~1 GiB archive (bench/large.ts). A second, informative row (no goal) adds to curl's
 * time an fsync of its file, timed here right after curl exits: ours fsyncs, `curl -o` does not.
 *
 *   npm run bench -- --only download            # from the harness (bench/index.ts)
 *   npx tsx bench/download.ts --runs 5 [--json] [--large]   # alone
 */
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startMirror } from '../test/support/http-server';
import { tempDir } from '../test/support/tmp';
import { inputs } from './large';
import { childSample, compare, formatTable, interpret, repoRoot, runCapture, type BenchFn, type BenchRow } from './lib';

const child = join(repoRoot, 'bench', 'download-child.ts');

export const bench: BenchFn = async ({ runs, large, log }) => {
  const rows: BenchRow[] = [];
  for (const { label, fixture } of await inputs(large, log)) {
    const mirror = await startMirror({ files: { [fixture.filename]: fixture.archive } });
    const tmp = tempDir('gooff-bench-download-');
    const url = mirror.baseUrl + encodeURIComponent(fixture.filename);
    const ours = join(tmp.path, 'ours');
    const theirs = join(tmp.path, 'curl.bin');
    log(`download: ${label}, ${runs} runs each`);
    // both rows start from an empty target and run our download in its own child process
    const prepare = () => {
      rmSync(ours, { recursive: true, force: true });
      rmSync(theirs, { force: true });
      mkdirSync(ours, { recursive: true });
    };
    const oursSample = async () =>
      childSample((await runCapture(process.execPath, ['--import', 'tsx', child, mirror.baseUrl, ours, fixture.filename, fixture.sha256, String(fixture.size)], { cwd: repoRoot })).stdout);
    try {
      rows.push(
        await compare({
          name: 'download',
          data: label,
          runs,
          goal: 1.1,
          rssGoalMiB: 200,
          theirs: 'curl -o',
          prepare,
          ours: oursSample,
          theirsFn: async () => {
            const r = await runCapture('curl', ['-s', '-f', '-o', theirs, '-w', '%{time_total}', url]);
            return { ms: Number(r.stdout.trim()) * 1000 };
          },
          note: 'timed inside each program; ours adds SHA-256, magic and size checks, fsync of file and folder, rename, .asc probe',
        }),
      );
      rows.push(
        await compare({
          name: 'download (+fsync)',
          data: label,
          runs,
          goal: null,
          rssGoalMiB: 200,
          theirs: 'curl -o + fsync',
          prepare,
          ours: oursSample,
          theirsFn: async () => {
            const r = await runCapture('curl', ['-s', '-f', '-o', theirs, '-w', '%{time_total}', url]);
            const t0 = process.hrtime.bigint();
            const fd = openSync(theirs, 'r+');
            try {
              fsyncSync(fd);
            } finally {
              closeSync(fd);
            }
            return { ms: Number(r.stdout.trim()) * 1000 + Number(process.hrtime.bigint() - t0) / 1e6 };
          },
          note: 'informative: curl\'s time_total plus an fsync of its file (ours fsyncs the file and its folder)',
        }),
      );
    } finally {
      await mirror.close();
      tmp.remove();
    }
  }
  return rows;
};

/** Kept for callers of the first version: runs the benchmark and prints its table (or JSON). */
export async function benchDownload(opts: { runs: number; json: boolean; large?: boolean }): Promise<BenchRow[]> {
  const rows = await bench({ runs: Math.max(1, Math.floor(opts.runs)), large: !!opts.large, log: (s) => process.stderr.write(s + '\n') });
  if (opts.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else process.stdout.write(`${formatTable(rows)}\n\n${interpret(rows).join('\n')}\n`);
  return rows;
}

if (process.argv[1] && /bench[\\/]download\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
  benchDownload({ runs, json: process.argv.includes('--json'), large: process.argv.includes('--large') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
