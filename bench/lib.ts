/**
 * Benchmark building blocks: run ours and theirs alternately on the same data, several times,
 * and report medians, spread, the ratio ours/theirs and our peak memory. Timing lives here and
 * only here: tests never assert on time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
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
  /** every timed sample, for --json (ms) */
  samples?: { ours: number[]; theirs: number[] };
}

/** A contributed benchmark (bench/<name>.ts exports `bench`): returns its rows. */
export type BenchFn = (ctx: { runs: number; large: boolean; log: (s: string) => void }) => Promise<BenchRow[]>;

export const repoRoot = join(__dirname, '..');
export const cliBundle = join(repoRoot, 'dist', 'cli', 'go-offline.cjs');
const rssReporter = join(__dirname, 'rss-reporter.cjs');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Run a program to completion; rejects on a non-zero exit (a benchmark of a failure is no benchmark). */
export async function timeProcess(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; node?: boolean } = {}): Promise<Sample> {
  const r = opts.node ? await runCapture(process.execPath, ['--require', rssReporter, ...args], opts) : await runCapture(file, args, opts);
  const m = /__BENCH_MAXRSS_KIB=(\d+)/.exec(r.stderr);
  return { ms: r.ms, rssMiB: m ? Number(m[1]) / 1024 : undefined };
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
  const [row] = await compareMany({ ...opts, against: [{ name: opts.name, theirs: opts.theirs, theirsFn: opts.theirsFn, goal: opts.goal, note: opts.note }] });
  return row!;
}

/**
 * One "ours" against several "theirs" in the same interleaved run: every round times ours and
 * each of theirs once (ours first in even rounds, last in odd ones), so that the machine's load
 * falls on all of them alike; one row per "theirs", all sharing ours' samples.
 */
export async function compareMany(opts: {
  data: string;
  runs: number;
  rssGoalMiB?: number | null;
  ours: () => Promise<Sample>;
  against: Array<{ name: string; theirs: string; theirsFn: () => Promise<Sample>; goal: number | null; note?: string }>;
  prepare?: () => Promise<void> | void;
}): Promise<BenchRow[]> {
  const ours: Sample[] = [];
  const theirs: Sample[][] = opts.against.map(() => []);
  for (const a of opts.against) {
    await opts.prepare?.();
    await a.theirsFn();
  }
  await opts.prepare?.();
  await opts.ours();
  for (let i = 0; i < opts.runs; i++) {
    const others = opts.against.map((_, k) => k);
    const order: Array<number | 'ours'> = i % 2 === 0 ? [...others, 'ours'] : ['ours', ...others.reverse()];
    for (const who of order) {
      await opts.prepare?.();
      if (who === 'ours') ours.push(await opts.ours());
      else theirs[who]!.push(await opts.against[who]!.theirsFn());
    }
  }
  const o = ours.map((s) => s.ms);
  const rss = ours.map((s) => s.rssMiB).filter((x): x is number => typeof x === 'number');
  return opts.against.map((a, k) => {
    const t = theirs[k]!.map((s) => s.ms);
    return {
      name: a.name,
      data: opts.data,
      oursMs: median(o),
      theirsMs: median(t),
      oursSpread: [Math.min(...o), Math.max(...o)] as [number, number],
      theirsSpread: [Math.min(...t), Math.max(...t)] as [number, number],
      ratio: median(o) / median(t),
      goal: a.goal,
      theirs: a.theirs,
      peakRssMiB: rss.length ? Math.max(...rss) : null,
      rssGoalMiB: opts.rssGoalMiB ?? null,
      runs: opts.runs,
      note: a.note,
      samples: { ours: o, theirs: t },
    };
  });
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
    `${(r.theirsMs / 1000).toFixed(2)} s [${(r.theirsSpread[0] / 1000).toFixed(2)}–${(r.theirsSpread[1] / 1000).toFixed(2)}] ${r.theirs}`,
    `${r.ratio.toFixed(2)}×`,
    r.goal === null ? '—' : `≤ ${r.goal}×`,
    r.peakRssMiB === null ? '—' : `${r.peakRssMiB.toFixed(0)} MiB${r.rssGoalMiB ? ` (≤ ${r.rssGoalMiB})` : ''}`,
    verdict(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** A program's output and wall time; rejects on a non-zero exit. */
export function runCapture(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ ms: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(file, args, { env: { ...process.env, ...opts.env }, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < 1 << 20) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}

/** Parse the last line of a child's stdout as `{ ms, maxRssKiB }` (the bench/*-child.ts convention). */
export function childSample(stdout: string): Sample {
  const m = JSON.parse(stdout.trim().split('\n').at(-1)!) as { ms: number; maxRssKiB?: number };
  return { ms: m.ms, rssMiB: typeof m.maxRssKiB === 'number' ? m.maxRssKiB / 1024 : undefined };
}

/** Mount a tmpfs on `dir` (needs root, or CAP_SYS_ADMIN); returns why not when it cannot. */
export function mountTmpfs(dir: string, size = '2g'): { ok: true; unmount: () => void } | { ok: false; reason: string } {
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (m.error) return { ok: false, reason: m.error.message };
  if (m.status !== 0) return { ok: false, reason: (m.stderr || m.stdout || `mount exited ${m.status}`).trim() };
  return { ok: true, unmount: () => void spawnSync('umount', [dir]) };
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memGiB: number;
  freeMemGiB: number;
  /** 1, 5 and 15 minute load averages when the run started (other work on the machine) */
  loadavg: number[];
  kernel: string;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
    kernel: release(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * A short reading of the rows: each goal met or missed (by how much), and whether our peak
 * memory stayed flat between the input sizes measured for the same benchmark.
 */
export function interpret(rows: BenchRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const v = verdict(r);
    if (r.goal === null && r.rssGoalMiB === null) {
      out.push(`${r.name} (${r.data}): ${fmtS(r.oursMs)} vs ${fmtS(r.theirsMs)} for ${r.theirs}, no goal${r.note ? ` — ${r.note}` : ''}.`);
      continue;
    }
    const parts: string[] = [];
    if (r.goal !== null) {
      const ok = r.ratio <= r.goal;
      parts.push(`${r.ratio.toFixed(2)}× ${r.theirs} (goal ≤ ${r.goal}×, ${ok ? 'met' : `missed by ${(r.ratio - r.goal).toFixed(2)}×`})`);
    } else parts.push(`${r.ratio.toFixed(2)}× ${r.theirs} (no time goal)`);
    if (r.rssGoalMiB !== null && r.peakRssMiB !== null) {
      parts.push(`peak ${r.peakRssMiB.toFixed(0)} MiB (goal ≤ ${r.rssGoalMiB}, ${r.peakRssMiB <= r.rssGoalMiB ? 'met' : 'missed'})`);
    }
    const overlap = spreadsOverlap(r) ? '; the spreads overlap, so the difference is within this machine\'s noise' : '';
    out.push(`${v === 'ok' ? 'ok    ' : 'MISSED'} ${r.name} (${r.data}): ${parts.join(', ')}${overlap}.`);
  }
  const byName = new Map<string, BenchRow[]>();
  for (const r of rows) if (r.peakRssMiB !== null) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  for (const [name, rs] of byName) {
    if (rs.length < 2) continue;
    const rss = rs.map((r) => r.peakRssMiB!);
    const growth = Math.max(...rss) / Math.min(...rss);
    out.push(
      `memory ${name}: ${rs.map((r) => `${r.peakRssMiB!.toFixed(0)} MiB on ${r.data}`).join(', ')} — ${growth <= 1.25 ? 'flat' : `grows ${growth.toFixed(2)}×`} as the input grows.`,
    );
  }
  return out;
}

/** Whether ours' and theirs' [min, max] ranges overlap (a ratio near 1 inside the noise). */
export function spreadsOverlap(r: BenchRow): boolean {
  return r.oursSpread[0] <= r.theirsSpread[1] && r.theirsSpread[0] <= r.oursSpread[1];
}

/** Benchmarks that could not run here, with the reason (printed, and in --json). */
export const skipped: Array<{ name: string; reason: string }> = [];

export function skip(name: string, reason: string, log: (s: string) => void): void {
  skipped.push({ name, reason });
  log(`${name}: skipped, ${reason}`);
}
