/**
 * Benchmark building blocks: run ours and theirs alternately on the same data, several times,
 * and report medians, spread, the ratio ours/theirs and our peak memory. Timing lives here and
 * only here: tests never assert on time.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface Sample {
  ms: number;
  /** peak resident memory of the measured process in MiB, when known */
  rssMiB?: number;
}

export interface BenchRow {
  name: string;
  /** what was measured on, e.g. "fixture 117 MiB" */
  data: string;
  oursMs: number;
  theirsMs: number;
  oursSpread: [number, number];
  theirsSpread: [number, number];
  ratio: number;
  /** goal for the ratio (ours/theirs), or null when there is none */
  goal: number | null;
  theirs: string;
  peakRssMiB: number | null;
  rssGoalMiB: number | null;
  runs: number;
  note?: string;
}

export const repoRoot = join(__dirname, '..');
export const cliBundle = join(repoRoot, 'dist', 'cli', 'go-offline.cjs');
const rssReporter = join(__dirname, 'rss-reporter.cjs');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Run a program to completion; rejects on a non-zero exit (a benchmark of a failure is no benchmark). */
export function timeProcess(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; node?: boolean } = {}): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const fullArgs = opts.node ? ['--require', rssReporter, ...args] : args;
    const start = process.hrtime.bigint();
    const child = spawn(opts.node ? process.execPath : file, opts.node ? fullArgs : fullArgs, {
      env: { ...process.env, ...opts.env },
      cwd: opts.cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) {
        reject(new Error(`${opts.node ? 'node ' + args.join(' ') : file + ' ' + args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      const m = /__BENCH_MAXRSS_KIB=(\d+)/.exec(stderr);
      resolve({ ms, rssMiB: m ? Number(m[1]) / 1024 : undefined });
    });
  });
}

/** Our CLI as a separate Node process, so its time includes start-up and its peak memory is its own. */
export function timeCli(args: string[], env?: NodeJS.ProcessEnv): Promise<Sample> {
  return timeProcess(process.execPath, [cliBundle, ...args], { env, node: true });
}

/**
 * Alternate ours and theirs `runs` times each (after one untimed warm-up of each, so that both
 * see a warm page cache), with `prepare` run untimed before every sample (e.g. to clear a target).
 */
export async function compare(opts: {
  name: string;
  data: string;
  runs: number;
  goal: number | null;
  rssGoalMiB?: number | null;
  theirs: string;
  ours: () => Promise<Sample>;
  theirsFn: () => Promise<Sample>;
  prepare?: () => Promise<void> | void;
  note?: string;
}): Promise<BenchRow> {
  const ours: Sample[] = [];
  const theirs: Sample[] = [];
  await opts.prepare?.();
  await opts.theirsFn();
  await opts.prepare?.();
  await opts.ours();
  for (let i = 0; i < opts.runs; i++) {
    const order = i % 2 === 0 ? (['theirs', 'ours'] as const) : (['ours', 'theirs'] as const);
    for (const who of order) {
      await opts.prepare?.();
      if (who === 'ours') ours.push(await opts.ours());
      else theirs.push(await opts.theirsFn());
    }
  }
  const o = ours.map((s) => s.ms);
  const t = theirs.map((s) => s.ms);
  const rss = ours.map((s) => s.rssMiB).filter((x): x is number => typeof x === 'number');
  return {
    name: opts.name,
    data: opts.data,
    oursMs: median(o),
    theirsMs: median(t),
    oursSpread: [Math.min(...o), Math.max(...o)],
    theirsSpread: [Math.min(...t), Math.max(...t)],
    ratio: median(o) / median(t),
    goal: opts.goal,
    theirs: opts.theirs,
    peakRssMiB: rss.length ? Math.max(...rss) : null,
    rssGoalMiB: opts.rssGoalMiB ?? null,
    runs: opts.runs,
    note: opts.note,
  };
}

export function verdict(r: BenchRow): 'ok' | 'MISSED' | '—' {
  const timeOk = r.goal === null ? null : r.ratio <= r.goal;
  const memOk = r.rssGoalMiB === null || r.peakRssMiB === null ? null : r.peakRssMiB <= r.rssGoalMiB;
  if (timeOk === null && memOk === null) return '—';
  return timeOk === false || memOk === false ? 'MISSED' : 'ok';
}

export function formatTable(rows: BenchRow[]): string {
  const head = ['benchmark', 'data', 'ours (median)', 'theirs (median)', 'ratio', 'goal', 'peak RSS', 'verdict'];
  const body = rows.map((r) => [
    r.name,
    r.data,
    `${(r.oursMs / 1000).toFixed(2)} s [${(r.oursSpread[0] / 1000).toFixed(2)}–${(r.oursSpread[1] / 1000).toFixed(2)}]`,
    `${(r.theirsMs / 1000).toFixed(2)} s ${r.theirs}`,
    `${r.ratio.toFixed(2)}×`,
    r.goal === null ? '—' : `≤ ${r.goal}×`,
    r.peakRssMiB === null ? '—' : `${r.peakRssMiB.toFixed(0)} MiB${r.rssGoalMiB ? ` (≤ ${r.rssGoalMiB})` : ''}`,
    verdict(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
