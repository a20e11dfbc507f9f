/**
 * Benchmark of step 3: our download of the Go fixture archive (SHA-256, size and magic checks,
 * fsync and rename included) against `curl -o` of the same URL from the same loopback mirror,
 * in the same run, alternating which goes first. Ours runs in a child process so that its peak
 * RSS can be read (it should not grow with file size: the body streams through a fixed buffer).
 *
 *   import { benchDownload } from './bench/download';
 *   const r = await benchDownload({ runs: 5, json: false });   // prints a summary, returns the numbers
 *
 * Times are transfer times measured inside each program (curl's %{time_total}; ours from the
 * call to downloadFiles until the file has its final name), so neither pays for process start.
 * Goal: ratio = median(ours) / median(curl) <= 1.1.
 */
import { execFile } from 'node:child_process';
import { rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGoFixture, repoRoot } from '../test/support/go-fixture';
import { startMirror } from '../test/support/http-server';
import { tempDir } from '../test/support/tmp';

export interface Stats {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median */
  spread: number;
  samples: number[];
}

export interface DownloadBenchResult {
  file: string;
  bytes: number;
  runs: number;
  oursMs: Stats;
  curlMs: Stats;
  /** median(ours) / median(curl) */
  ratio: number;
  /** peak RSS of our child process, highest over the runs (KiB) */
  oursPeakRssKiB: number;
  goal: { maxRatio: number; met: boolean };
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s.at(-1)!, spread: median > 0 ? (s.at(-1)! - s[0]!) / median : 0, samples: xs };
}

function run(file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: repoRoot, maxBuffer: 1 << 20 }, (err, stdout, stderr) => (err ? reject(Object.assign(err, { stderr })) : resolve({ stdout, stderr })));
  });
}

export async function benchDownload(opts: { runs: number; json: boolean }): Promise<DownloadBenchResult> {
  const runs = Math.max(1, Math.floor(opts.runs));
  const fixture = await ensureGoFixture();
  const mirror = await startMirror({ files: { [fixture.filename]: fixture.archive } });
  const tmp = tempDir('gooff-bench-');
  const ours: number[] = [];
  const curl: number[] = [];
  let peak = 0;
  try {
    const url = mirror.baseUrl + fixture.filename;
    const doOurs = async (i: number) => {
      const out = join(tmp.path, `ours-${i}`);
      mkdirSync(out, { recursive: true });
      const r = await run(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'download-child.ts'), mirror.baseUrl, out, fixture.filename, fixture.sha256, String(fixture.size)]);
      const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms: number; maxRssKiB: number };
      ours.push(m.ms);
      peak = Math.max(peak, m.maxRssKiB);
      rmSync(out, { recursive: true, force: true });
    };
    const doCurl = async (i: number) => {
      const out = join(tmp.path, `curl-${i}`);
      const r = await run('curl', ['-s', '-f', '-o', out, '-w', '%{time_total}', url]);
      curl.push(Number(r.stdout.trim()) * 1000);
      rmSync(out, { force: true });
    };
    // one warm-up of each (page cache, tsx compile cache), not counted
    await doCurl(-1);
    await doOurs(-1);
    ours.length = 0;
    curl.length = 0;
    peak = 0;
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        await doOurs(i);
        await doCurl(i);
      } else {
        await doCurl(i);
        await doOurs(i);
      }
    }
  } finally {
    await mirror.close();
    tmp.remove();
  }
  const o = stats(ours);
  const c = stats(curl);
  const ratio = c.median > 0 ? o.median / c.median : Infinity;
  const result: DownloadBenchResult = {
    file: fixture.filename,
    bytes: fixture.size,
    runs,
    oursMs: o,
    curlMs: c,
    ratio,
    oursPeakRssKiB: peak,
    goal: { maxRatio: 1.1, met: ratio <= 1.1 },
  };
  if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const mb = fixture.size / 1048576;
    const line = (name: string, s: Stats) =>
      `${name.padEnd(5)} median ${s.median.toFixed(0)} ms (${(mb / (s.median / 1000)).toFixed(0)} MiB/s), min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)}, spread ${(s.spread * 100).toFixed(0)}%`;
    process.stdout.write(
      `download of ${fixture.filename} (${mb.toFixed(1)} MiB) from loopback, ${runs} runs\n` +
        `${line('ours', o)}\n${line('curl', c)}\n` +
        `ratio ours/curl ${ratio.toFixed(2)} (goal <= 1.10: ${result.goal.met ? 'met' : 'NOT met'}); peak RSS of ours ${(peak / 1024).toFixed(0)} MiB\n`,
    );
  }
  return result;
}

if (process.argv[1] && /bench[\\/]download\.ts$/.test(process.argv[1])) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
  benchDownload({ runs, json: process.argv.includes('--json') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
