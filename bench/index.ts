/**
 * `npm run bench` (`-- --json` for machine-readable output, `-- --runs N`, `-- --large` to add the
 * generated 1 GiB archive, `-- --only name,name`): every heavy path beside the standard tool doing
 * the same job on the same data, in one run, alternating ours and theirs.
 */
import { existsSync, mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGoFixture } from '../test/support/go-fixture';
import { buildCli } from '../scripts/build-cli.mjs';
import { compare, formatTable, timeCli, timeProcess, verdict, repoRoot, type BenchRow } from './lib';

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

export type BenchFn = (ctx: { runs: number; large: boolean; log: (s: string) => void }) => Promise<BenchRow[]>;

/** Bundle verification (manifest, sizes, SHA-256 of every file) against `sha256sum -c SHA256SUMS`. */
const benchVerify: BenchFn = async ({ runs, log }) => {
  const f = await ensureGoFixture();
  const work = mkdtempSync(join(tmpdir(), 'gooff-bench-verify-'));
  try {
    const out = join(work, 'bundle');
    log('verify: creating a bundle of the fixture');
    await timeCli(['bundle', 'create', '--version', f.version, '--platform', 'linux-amd64', '--archive', f.archive, '--out', out, '--json']);
    const row = await compare({
      name: 'verify',
      data: `bundle with ${f.filename}`,
      runs,
      goal: 1.1,
      rssGoalMiB: 200,
      theirs: 'sha256sum -c',
      ours: () => timeCli(['bundle', 'verify', out, '--json']),
      theirsFn: () => timeProcess('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: out }),
    });
    return [row];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
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
  for (const name of ['download', 'install', 'export', 'modules']) {
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
  await buildCli();
  const all = { ...(await contributed()), ...builtins };
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
  const machine = { cpus: (await import('node:os')).cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` };
  if (args.json) {
    process.stdout.write(JSON.stringify({ machine, runs: args.runs, rows: rows.map((r) => ({ ...r, verdict: verdict(r) })), rendererBytes }, null, 2) + '\n');
    return;
  }
  console.log(formatTable(rows));
  if (rendererBytes !== null) console.log(`\nrenderer bundle: ${(rendererBytes / 1048576).toFixed(2)} MiB (out/renderer)`);
  const missed = rows.filter((r) => verdict(r) === 'MISSED');
  console.log(
    missed.length
      ? `\n${missed.length} goal(s) missed: ${missed.map((r) => r.name).join(', ')} — see docs/PERFORMANCE.md for where the time goes.`
      : '\nAll goals met on this machine. Ratios below 1 mean ours is faster than the standard tool.',
  );
}

void main();
