/**
 * Benchmark of the relay under load: N clients (1, 4, 16) pulling the Go archive at once from
 * `go-offline serve` (the real CLI in its own process: limits, access log, per-client accounting,
 * the link checks on every open) against the same N clients pulling the same file from a plain
 * static file server on the same runtime (test/support/http-server.ts: node:http + a
 * createReadStream pipe, nothing else). The clients are `curl -o /dev/null` on both sides, started
 * together; the time is from starting them until the last one is done.
 *
 * Why that standard: it isolates what the relay adds over serving a file at all (python3's
 * http.server would be slower for reasons of its own and flatter us; a `cp` has no network at
 * all). `--max-transfers` is set to N so no client is refused (curl would not retry a 503): the
 * row measures throughput, the tests prove the limits.
 * Goal: ours / plain ≤ 1.2 at every N; the relay's RSS (VmHWM, read before it stops) ≤ 200 MiB.
 *
 *   npm run bench -- --only relay
 *   npx tsx bench/relay.ts --runs 3
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../test/support/tmp';
import { inputs } from './large';
import { cliBundle, compare, formatTable, interpret, median, runCapture, type BenchFn, type BenchRow, type Sample } from './lib';

/** The plain server: one file, whole, with Content-Length; prints its port. */
const PLAIN = `const http = require('node:http'); const fs = require('node:fs'); const file = process.argv[1];
const server = http.createServer((req, res) => { const st = fs.statSync(file);
  res.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': st.size }); fs.createReadStream(file).pipe(res); });
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port + '/' })));
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });`;

/** A server child that prints `{"url": …}` once it listens. */
async function child(args: string[], env: NodeJS.ProcessEnv): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const c = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((r) => c.once('exit', () => r()));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    c.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      try {
        resolve((JSON.parse(out) as { url: string }).url);
      } catch {
        /* not whole yet */
      }
    });
    void exited.then(() => reject(new Error(`${args[0]} exited before it listened`)));
  });
  return {
    url,
    pid: c.pid!,
    stop: async () => {
      c.kill('SIGTERM');
      await exited;
    },
  };
}

/** `go-offline serve` in a child; resolves with its URL once it listens. */
async function serve(dir: string, home: string, maxTransfers: number): Promise<{ url: string; pid: number; hwmMiB: () => number; stop: () => Promise<void> }> {
  mkdirSync(home, { recursive: true });
  const c = await child([cliBundle, 'serve', dir, '--port', '0', '--json', '--no-verify', '--max-transfers', String(maxTransfers)], { PATH: process.env.PATH ?? '', HOME: home, LANG: 'C' });
  return { ...c, hwmMiB: () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${c.pid}/status`, 'utf8'))![1]) / 1024 };
}

/** CPU time (user + system, ms) a process has used so far. */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/** N curls at once; the wall time until the last is done; adds the server's CPU time to `cpu`. */
async function pull(url: string, n: number, pid: number, cpu: number[]): Promise<Sample> {
  const c0 = cpuMs(pid);
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: n }, () => runCapture('curl', ['-s', '-f', '-o', '/dev/null', url])));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  cpu.push(cpuMs(pid) - c0);
  return { ms };
}

export const bench: BenchFn = async ({ runs, log }) => {
  const rows: BenchRow[] = [];
  const { label, fixture } = (await inputs(false, log))[0]!;
  const tmp = tempDir('gooff-bench-relay-');
  try {
    const bundle = join(tmp.path, 'bundle');
    log(`relay: creating a bundle of ${label}`);
    await runCapture(process.execPath, [cliBundle, 'bundle', 'create', '--version', fixture.version, '--platform', 'linux-amd64', '--archive', fixture.archive, '--out', bundle, '--json'], {
      env: { HOME: join(tmp.path, 'home') },
    });
    const rel = `go/${fixture.filename}`;
    const plain = await child(['-e', PLAIN, join(bundle, rel)], { PATH: process.env.PATH ?? '' });
    try {
      for (const n of [1, 4, 16]) {
        const relay = await serve(bundle, join(tmp.path, `relay-home-${n}`), n);
        try {
          log(`relay: ${n} client(s), ${runs} runs each`);
          const oursCpu: number[] = [];
          const theirsCpu: number[] = [];
          const row = await compare({
            name: `relay ×${n} clients`,
            data: `${label} each`,
            runs,
            goal: 1.2,
            rssGoalMiB: 200,
            theirs: 'plain node:http server',
            ours: () => pull(relay.url + rel, n, relay.pid, oursCpu),
            theirsFn: () => pull(plain.url, n, plain.pid, theirsCpu),
            note: `curl -o /dev/null ×${n} at once on both sides; ours: go-offline serve --max-transfers ${n} (limits, access log, status accounting, link checks)`,
          });
          // wall time on a shared machine favours whichever process the scheduler likes; the
          // servers' own CPU time per sample is the steadier measure of what serving costs
          const perSample = (xs: number[]) => median(xs.slice(1)); // the first is the warm-up
          row.note += `; server CPU per sample (median): ours ${perSample(oursCpu).toFixed(0)} ms, plain ${perSample(theirsCpu).toFixed(0)} ms (${(perSample(oursCpu) / perSample(theirsCpu)).toFixed(2)}×)`;
          log(`relay ×${n}: ${row.note}`);
          row.peakRssMiB = relay.hwmMiB();
          rows.push(row);
        } finally {
          await relay.stop();
        }
      }
    } finally {
      await plain.stop();
    }
  } finally {
    tmp.remove();
  }
  return rows;
};

if (process.argv[1] && /bench[\\/]relay\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 5;
  bench({ runs, large: false, log: (s) => process.stderr.write(s + '\n') }).then(
    (rows) => {
      if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else process.stdout.write(`${formatTable(rows)}\n\n${interpret(rows).join('\n')}\n`);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
