/**
 * Install benchmark: our `go-offline install` (bundle check + one-pass verify/extract + swap +
 * environment, in a separate CLI process so its peak RSS is its own) against the manual two-pass
 * way, `sha256sum -c SHA256SUMS` followed by `tar -C <dir> -xzf <archive>`, on the same archive,
 * alternating, on disk and on tmpfs (when a tmpfs can be mounted). Goal: ≤ 1.0×, ≤ 200 MiB.
 * Usage from the harness: `await benchInstall({ runs: 5, json: false })`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGoFixture } from '../test/support/go-fixture';
import { makeBundle } from '../electron/engine/install/test-helpers';
import { compare, formatTable, timeCli, timeProcess, type BenchRow, type Sample } from './lib';

async function sequence(a: () => Promise<Sample>, b: () => Promise<Sample>): Promise<Sample> {
  const x = await a();
  const y = await b();
  return { ms: x.ms + y.ms };
}

async function benchOn(where: 'disk' | 'tmpfs', base: string, runs: number, log: (s: string) => void): Promise<BenchRow> {
  const f = await ensureGoFixture();
  const bundle = makeBundle(join(base, 'bundle'), [{ archive: f.archive, version: f.version, copy: where === 'tmpfs' }]).dir;
  const home = join(base, 'home');
  const prefix = join(base, 'prefix');
  const manual = join(base, 'manual');
  const reset = () => {
    for (const d of [home, prefix, manual]) rmSync(d, { recursive: true, force: true });
    mkdirSync(home, { recursive: true });
    mkdirSync(manual, { recursive: true });
  };
  log(`install: ${where}, ${runs} runs each`);
  return compare({
    name: `install (${where})`,
    data: f.filename,
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
    note: 'ours includes the bundle check, the environment blocks and the swap',
  });
}

export async function benchInstall(opts: { runs: number; json: boolean }): Promise<BenchRow[]> {
  const log = (s: string) => {
    if (!opts.json) process.stderr.write(s + '\n');
  };
  const rows: BenchRow[] = [];
  const disk = mkdtempSync(join(tmpdir(), 'gooff-bench-install-'));
  try {
    rows.push(await benchOn('disk', disk, opts.runs, log));
  } finally {
    rmSync(disk, { recursive: true, force: true });
  }
  const mnt = mkdtempSync(join(tmpdir(), 'gooff-bench-install-tmpfs-'));
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1500m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (m.status === 0) {
    try {
      rows.push(await benchOn('tmpfs', mnt, opts.runs, log));
    } finally {
      spawnSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  } else {
    log(`install (tmpfs): skipped, cannot mount a tmpfs (${m.stderr.trim()})`);
    rmSync(mnt, { recursive: true, force: true });
  }
  if (opts.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else process.stdout.write(formatTable(rows) + '\n');
  return rows;
}

if (typeof require !== 'undefined' && require.main === module) {
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
  benchInstall({ runs, json: process.argv.includes('--json') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
