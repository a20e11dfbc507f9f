/**
 * `npm run bench` (`-- --json` for machine-readable output, `-- --runs N`, `-- --large` to add the
 * generated 1 GiB archive, `-- --only name,name`): every heavy path beside the standard tool doing
 * the same job on the same data, in one run, alternating ours and theirs.
 */
import { existsSync, mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../scripts/build-cli.mjs';
import { inputs } from './large';
import { compare, formatTable, interpret, machineInfo, skipped, timeCli, timeProcess, verdict, repoRoot, type BenchFn, type BenchRow } from './lib';

interface Args {
  json: boolean;
  runs: number;
  large: boolean;
  only: string[] | null;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { json: false, runs: 5, large: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]!;
    if (v === '--json') a.json = true;
    else if (v === '--large') a.large = true;
    else if (v === '--runs') a.runs = Math.max(1, Number(argv[++i]));
    else if (v === '--only') a.only = argv[++i]!.split(',');
  }
  return a;
}

function dirSize(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? dirSize(p) : statSync(p).size;
  }
  return n;
}

export type { BenchFn } from './lib';

/** Bundle verification (manifest, sizes, SHA-256 of every file) against `sha256sum -c SHA256SUMS`. */
const benchVerify: BenchFn = async ({ runs, large, log }) => {
  const rows: BenchRow[] = [];
  for (const { label, fixture: f } of await inputs(large, log)) {
    const work = mkdtempSync(join(tmpdir(), 'gooff-bench-verify-'));
    try {
      const out = join(work, 'bundle');
      log(`verify: creating a bundle of ${label}`);
      await timeCli(['bundle', 'create', '--version', f.version, '--platform', 'linux-amd64', '--archive', f.archive, '--out', out, '--json']);
      log(`verify: ${label}, ${runs} runs each`);
      rows.push(
        await compare({
          name: 'verify',
          data: label,
          runs,
          goal: 1.1,
          rssGoalMiB: 200,
          theirs: 'sha256sum -c',
          ours: () => timeCli(['bundle', 'verify', out, '--json']),
          theirsFn: () => timeProcess('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: out }),
          note: 'whole commands (process start included); ours also checks the manifest and sizes',
        }),
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return rows;
};

/** CLI cold start: `go-offline --version` against a bare `node -e 0` (the floor any Node CLI pays). */
const benchColdStart: BenchFn = async ({ runs }) => [
  await compare({
    name: 'cli cold start',
    data: 'go-offline --version',
    runs: Math.max(runs, 10),
    goal: null,
    theirs: 'node -e 0',
    ours: () => timeCli(['--version']),
    theirsFn: () => timeProcess(process.execPath, ['-e', '0']),
    note: 'a floor, not a competitor: the difference is our bundle load time',
  }),
];

const builtins: Record<string, BenchFn> = { verify: benchVerify, 'cold-start': benchColdStart };

/** Benchmarks contributed per area (bench/<name>.ts exporting `bench`). */
async function contributed(): Promise<Record<string, BenchFn>> {
  const out: Record<string, BenchFn> = {};
  for (const name of ['download', 'install', 'export', 'update', 'modules', 'relay', 'fleet']) {
    const file = join(__dirname, `${name}.ts`);
    if (!existsSync(file)) continue;
    const mod = (await import(file)) as { bench?: BenchFn };
    if (typeof mod.bench === 'function') out[name] = mod.bench;
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const log = (s: string) => process.stderr.write(s + '\n');
  const machine = machineInfo();
  const startedAt = new Date().toISOString();
  const t0 = Date.now();
  await buildCli();
  const found = { ...(await contributed()), ...builtins };
  const order = ['download', 'verify', 'install', 'export', 'update', 'modules', 'relay', 'cold-start'];
  const all = Object.fromEntries(Object.entries(found).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
  const rows: BenchRow[] = [];
  for (const [name, fn] of Object.entries(all)) {
    if (args.only && !args.only.includes(name)) continue;
    log(`== ${name}`);
    try {
      rows.push(...(await fn({ runs: args.runs, large: args.large, log })));
    } catch (e) {
      log(`${name} failed: ${(e as Error).message}`);
      process.exitCode = 1;
    }
  }
  const rendererDir = join(repoRoot, 'out', 'renderer');
  const rendererBytes = existsSync(rendererDir) ? dirSize(rendererDir) : null;
  const notes = interpret(rows);
  if (args.json) {
    process.stdout.write(
      JSON.stringify({ machine, startedAt, seconds: (Date.now() - t0) / 1000, runs: args.runs, large: args.large, rows: rows.map((r) => ({ ...r, verdict: verdict(r) })), skipped, rendererBytes, interpretation: notes }, null, 2) + '\n',
    );
    return;
  }
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB, load ${machine.loadavg.join(' ')} at start, Linux ${machine.kernel}, Node ${machine.node}; ${args.runs} runs each (alternating, after one warm-up each)\n`);
  console.log(formatTable(rows));
  for (const s of skipped) console.log(`skipped: ${s.name} — ${s.reason}`);
  console.log(rendererBytes !== null ? `\nrenderer bundle: ${(rendererBytes / 1048576).toFixed(2)} MiB (out/renderer)` : '\nrenderer bundle: not built (run `npm run build` first)');
  console.log('\n' + notes.join('\n'));
  const missed = rows.filter((r) => verdict(r) === 'MISSED');
  console.log(
    missed.length
      ? `\n${missed.length} goal(s) missed: ${missed.map((r) => r.name).join(', ')} — see docs/PERFORMANCE.md for where the time goes.`
      : '\nAll goals met on this machine. Ratios below 1 mean ours is faster than the standard tool.',
  );
}

void main();
