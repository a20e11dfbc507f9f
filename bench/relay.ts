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
import { startMirror } from '../test/support/http-server';
import { tempDir } from '../test/support/tmp';
import { inputs } from './large';
import { cliBundle, compare, formatTable, interpret, runCapture, type BenchFn, type BenchRow, type Sample } from './lib';

/** `go-offline serve` in a child; resolves with its URL once it listens. */
async function serve(dir: string, home: string, maxTransfers: number): Promise<{ url: string; hwmMiB: () => number; stop: () => Promise<void> }> {
  mkdirSync(home, { recursive: true });
  const child = spawn(process.execPath, [cliBundle, 'serve', dir, '--port', '0', '--json', '--no-verify', '--max-transfers', String(maxTransfers)], {
    env: { PATH: process.env.PATH ?? '', HOME: home, LANG: 'C' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      try {
        resolve((JSON.parse(out) as { url: string }).url);
      } catch {
        /* not whole yet */
      }
    });
    void exited.then(() => reject(new Error('serve exited before it listened')));
  });
  return {
    url,
    hwmMiB: () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** N curls at once; the wall time until the last is done. */
async function pull(url: string, n: number): Promise<Sample> {
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: n }, () => runCapture('curl', ['-s', '-f', '-o', '/dev/null', url])));
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6 };
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
    const mirror = await startMirror({ files: { [fixture.filename]: join(bundle, rel) } });
    try {
      for (const n of [1, 4, 16]) {
        const relay = await serve(bundle, join(tmp.path, `relay-home-${n}`), n);
        try {
          log(`relay: ${n} client(s), ${runs} runs each`);
          const row = await compare({
            name: `relay ×${n} clients`,
            data: `${label} each`,
            runs,
            goal: 1.2,
            rssGoalMiB: 200,
            theirs: 'plain node:http file server',
            ours: () => pull(relay.url + rel, n),
            theirsFn: () => pull(mirror.baseUrl + encodeURIComponent(fixture.filename), n),
            note: `curl -o /dev/null ×${n} at once on both sides; ours: go-offline serve --max-transfers ${n} (limits, access log, status accounting, link checks)`,
          });
          row.peakRssMiB = relay.hwmMiB();
          rows.push(row);
        } finally {
          await relay.stop();
        }
      }
    } finally {
      await mirror.close();
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
