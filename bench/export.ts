/**
 * Export benchmark (bundle area): writing a bundle with fsync and a full read-back, against
 * `cp` + `sync FILE` + `sha256sum -c` of the same archives, alternating, same run.
 *
 * Rows:
 *  - "export (engine)": exportBundle() in this process with the archives' SHA-256 already known
 *    (as after step 3's download): staging copy with fsync per file, scripts, manifest,
 *    SHA256SUMS, read every byte back, move into place.
 *  - "export (cli --archive)": the whole `go-offline bundle create --archive` command, which also
 *    hashes each source archive first (it did not come from our downloader).
 * Goal: ratio ≤ 1.2. Both sides read back through the page cache (no O_DIRECT in Node).
 *
 *   npx tsx bench/export.ts [--runs 5] [--json] [--large]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { exportBundle } from '../electron/engine/bundle';
import { createJob } from '../electron/engine/jobs';
import type { DownloadedFile } from '../shared/releases';
import { inputs } from './large';
import { compare, formatTable, interpret, timeCli, timeProcess, type BenchFn, type BenchRow, type Sample } from './lib';

export const bench: BenchFn = async ({ runs, large, log }) => {
  const rows: BenchRow[] = [];
  for (const { label, fixture: f } of await inputs(large, log)) {
    const work = mkdtempSync(join(tmpdir(), 'gooff-bench-export-'));
    const ours = join(work, 'ours');
    const theirs = join(work, 'theirs');
    const sums = join(work, 'SHA256SUMS');
    writeFileSync(sums, `${f.sha256}  ${f.filename}\n`);
    const archive: DownloadedFile = {
      file: { filename: basename(f.archive), os: f.os, arch: f.arch, version: f.version, sha256: f.sha256, size: f.size, kind: 'archive' },
      path: f.archive,
      sha256: f.sha256,
      size: f.size,
      signature: 'not-checked',
      url: 'file://' + f.archive,
    };
    const prepare = () => {
      rmSync(ours, { recursive: true, force: true });
      rmSync(theirs, { recursive: true, force: true });
      mkdirSync(theirs);
    };
    const theirsFn = async (): Promise<Sample> => {
      const a = await timeProcess('cp', [f.archive, sums, theirs]);
      const b = await timeProcess('sync', [join(theirs, f.filename)]);
      const c = await timeProcess('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: theirs });
      return { ms: a.ms + b.ms + c.ms };
    };
    log(`export: ${label}, ${runs} runs each`);
    try {
      rows.push(
        await compare({
          name: 'export (engine)',
          data: label,
          runs,
          goal: 1.2,
          theirs: 'cp + sync + sha256sum -c',
          prepare,
          ours: async () => {
            const t0 = process.hrtime.bigint();
            await exportBundle({ outDir: ours, archives: [archive], job: createJob() });
            return { ms: Number(process.hrtime.bigint() - t0) / 1e6 };
          },
          theirsFn,
          note: 'in-process exportBundle with the SHA-256 known from the download; theirs are three processes',
        }),
      );
      rows.push(
        await compare({
          name: 'export (cli --archive)',
          data: label,
          runs,
          goal: 1.2,
          rssGoalMiB: 200,
          theirs: 'cp + sync + sha256sum -c',
          prepare,
          ours: () => timeCli(['bundle', 'create', '--version', f.version, '--platform', 'linux-amd64', '--archive', f.archive, '--out', ours, '--json']),
          theirsFn,
          note: 'whole command; also hashes the source archive first (it did not come from our downloader)',
        }),
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return rows;
};

/** Entry used by the harness and by hand: runs the rows and prints a table (or one JSON document). */
export async function benchExport(opts: { runs: number; json: boolean; large?: boolean }): Promise<BenchRow[]> {
  const log = (s: string) => process.stderr.write(s + '\n');
  const rows = await bench({ runs: opts.runs, large: !!opts.large, log });
  if (opts.json) process.stdout.write(JSON.stringify({ rows }, null, 2) + '\n');
  else {
    process.stdout.write(formatTable(rows) + '\n');
    for (const line of interpret(rows)) process.stdout.write(line + '\n');
  }
  return rows;
}

if (typeof require !== 'undefined' && require.main === module) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--runs');
  benchExport({ runs: i >= 0 ? Number(argv[i + 1]) : 5, json: argv.includes('--json'), large: argv.includes('--large') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
