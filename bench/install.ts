/**
 * Install benchmark: our `go-offline install` (bundle check + one-pass verify/extract + swap +
 * environment, in a separate CLI process so its peak RSS is its own) against the manual two-pass
 * way, `sha256sum -c SHA256SUMS` followed by `tar -C <dir> -xzf <archive>`, on the same archive,
 * alternating, on disk and on tmpfs (when a tmpfs can be mounted; otherwise the row is skipped
 * with the reason). Goal: ≤ 1.0×, ≤ 200 MiB. With `--large`, also on the generated ~1 GiB archive.
 *
 *   npm run bench -- --only install
 *   npx tsx bench/install.ts --runs 3 [--json] [--large]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GoFixture } from '../test/support/go-fixture';
import { makeBundle } from '../electron/engine/install/test-helpers';
import { inputs } from './large';
import { compare, formatTable, interpret, mountTmpfs, skip, timeCli, timeProcess, type BenchFn, type BenchRow, type Sample } from './lib';

async function sequence(a: () => Promise<Sample>, b: () => Promise<Sample>): Promise<Sample> {
  const x = await a();
  const y = await b();
  return { ms: x.ms + y.ms };
}

async function benchOn(where: 'disk' | 'tmpfs', base: string, f: GoFixture, label: string, runs: number, log: (s: string) => void): Promise<BenchRow> {
  const bundle = makeBundle(join(base, 'bundle'), [{ archive: f.archive, version: f.version, copy: where === 'tmpfs' }], { sha256: { [f.filename]: f.sha256 } }).dir;
  const home = join(base, 'home');
  const prefix = join(base, 'prefix');
  const manual = join(base, 'manual');
  const reset = () => {
    for (const d of [home, prefix, manual]) rmSync(d, { recursive: true, force: true });
    mkdirSync(home, { recursive: true });
    mkdirSync(manual, { recursive: true });
  };
  log(`install: ${where}, ${label}, ${runs} runs each`);
  try {
    return await compare({
      name: `install (${where})`,
      data: label,
      runs,
      goal: 1.0,
      rssGoalMiB: 200,
      theirs: 'sha256sum -c + tar -xzf',
      prepare: reset,
      ours: () =>
        timeCli(['install', '--bundle', bundle, '--scope', 'user', '--prefix', prefix, '--shell', 'bash', '--yes', '--json'], {
          HOME: home,
          XDG_STATE_HOME: join(home, '.state'),
          GO_OFFLINE_NO_ELEVATE: '1',
        }),
      theirsFn: () =>
        sequence(
          () => timeProcess('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: bundle }),
          () => timeProcess('tar', ['-C', manual, '-xzf', join(bundle, 'go', f.filename)]),
        ),
      note: 'whole commands (process start included); ours includes the bundle check, the environment blocks and the swap',
    });
  } finally {
    reset();
    rmSync(join(base, 'bundle'), { recursive: true, force: true });
  }
}

export const bench: BenchFn = async ({ runs, large, log }) => {
  const rows: BenchRow[] = [];
  for (const { label, fixture } of await inputs(large, log)) {
    const disk = mkdtempSync(join(tmpdir(), 'gooff-bench-install-'));
    try {
      rows.push(await benchOn('disk', disk, fixture, label, runs, log));
    } finally {
      rmSync(disk, { recursive: true, force: true });
    }
    const mnt = mkdtempSync(join(tmpdir(), 'gooff-bench-install-tmpfs-'));
    // the bundle's copy of the archive plus one extracted tree at a time
    const m = mountTmpfs(mnt, fixture.size > 2 ** 30 / 2 ? '5g' : '2g');
    if (m.ok) {
      try {
        rows.push(await benchOn('tmpfs', mnt, fixture, label, runs, log));
      } finally {
        m.unmount();
      }
    } else skip(`install (tmpfs), ${label}`, `cannot mount a tmpfs here (${m.reason})`, log);
    rmSync(mnt, { recursive: true, force: true });
  }
  return rows;
};

/** Kept for callers of the first version: runs the benchmark and prints its table (or JSON). */
export async function benchInstall(opts: { runs: number; json: boolean; large?: boolean }): Promise<BenchRow[]> {
  const log = (s: string) => {
    if (!opts.json) process.stderr.write(s + '\n');
  };
  const rows = await bench({ runs: opts.runs, large: !!opts.large, log });
  if (opts.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else process.stdout.write(`${formatTable(rows)}\n\n${interpret(rows).join('\n')}\n`);
  return rows;
}

if (typeof require !== 'undefined' && require.main === module) {
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
  benchInstall({ runs, json: process.argv.includes('--json'), large: process.argv.includes('--large') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
