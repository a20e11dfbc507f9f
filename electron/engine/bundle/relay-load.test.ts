/**
 * The relay under load: the real `go-offline serve` in a child process (so its RSS can be read and
 * the clients here do not share its event loop), real clients (our own materializeFile with its
 * 503/Retry-After handling, raw sockets that stop reading, the real go command as a GOPROXY
 * client, real installs). Assertions are on bytes, counts and logged events, never on time; every
 * wait is for an event (a log line, a status change) and bounded.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { stallingClient } from '../../../test/support/stalling-client';
import { request as httpRequest } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { CLI } from '../../../test/support/cli';
import { ensureModuleGraph, writeSampleProject, type ModuleGraph } from '../../../test/support/module-graph';
import { createJob } from '../jobs';
import { AppError } from '../../../shared/errors';
import type { BundleFile } from '../../../shared/bundle';
import type { DownloadedFile } from '../../../shared/releases';
import { exportBundle } from './export';
import { readManifest } from './manifest';
import { openBundleSource, materializeFile } from './source';
import { startRelay } from './relay';
import type { AccessLine, RelayStatus } from './relay-status';
import { installFromBundle } from '../install';
import { fixtureDownload } from './test-helpers';

const execAsync = promisify(execFile);
const ARCHIVE_BYTES = 16 * 1024 * 1024; // larger than loopback socket buffers: a client that stops reading does stall

/** Wait (bounded) until `cond` holds, checking after each short pause: waiting for an event, not for a time. */
async function until<T>(what: string, cond: () => Promise<T | null | undefined | false> | T | null | undefined | false, tries = 1200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await cond();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for: ${what}`);
}

interface ChildRelay {
  url: string;
  goproxy: string | null;
  accessLog: string;
  pid: number;
  /** access-log lines printed so far (stderr under --json) */
  lines: string[];
  status(): Promise<RelayStatus>;
  rssKiB(): number;
  stop(): Promise<number | null>;
}

async function serveChild(dir: string, home: string, args: string[]): Promise<ChildRelay> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', dir, '--port', '0', '--json', '--no-verify', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: join(home, 'tmp'), LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  mkdirSync(join(home, 'tmp'), { recursive: true });
  const lines: string[] = [];
  let err = '';
  let out = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    err += c;
    const parts = err.split('\n');
    err = parts.pop()!;
    lines.push(...parts.filter((l) => /^\d{4}-\d\d-\d\dT/.test(l)));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const doc = await new Promise<{ url: string; goproxy: string | null; accessLog: string }>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      try {
        resolve(JSON.parse(out));
      } catch {
        /* not whole yet */
      }
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return {
    ...doc,
    pid: child.pid!,
    lines,
    status: async () => (await fetch(doc.url + '_status.json')).json() as Promise<RelayStatus>,
    rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]),
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}


const sha256 = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const ended = (line: string) => line.split(' ').at(-1)!;

describe('relay under load (the real serve command)', () => {
  const t = tempDir('relay-load-');
  let bundle: string;
  let archive: BundleFile;
  let graph: ModuleGraph;
  let relay: ChildRelay;

  beforeAll(async () => {
    graph = ensureModuleGraph();
    const src = join(t.path, 'src');
    mkdirSync(join(src, 'go', 'bin'), { recursive: true });
    writeFileSync(join(src, 'go', 'data.bin'), randomBytes(ARCHIVE_BYTES));
    const path = join(t.path, 'go1.99.3.linux-amd64.tar.gz');
    execFileSync('tar', ['-C', src, '-czf', path, 'go']);
    rmSync(src, { recursive: true });
    const sha = sha256(path);
    const size = readFileSync(path).length;
    const dl: DownloadedFile = { file: { filename: 'go1.99.3.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.99.3', sha256: sha, size, kind: 'archive' }, path, sha256: sha, size, signature: 'not-published', url: 'file://' + path };
    bundle = join(t.path, 'bundle');
    await exportBundle({ outDir: bundle, archives: [dl], modules: { proxyDir: graph.proxyDir, moduleCount: 6, size: 0, projects: [] }, split: 'never', job: createJob() });
    archive = (await readManifest(bundle)).manifest.files.find((f) => f.kind === 'archive')!;
    relay = await serveChild(bundle, join(t.path, 'home'), ['--max-transfers', '4', '--stall-timeout', '1']);
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    t.remove();
  });

  it('40 clients at once through 4 archive slots: every one gets the whole file (sha256), the busy ones after a 503 and a retry; RSS stays flat', async () => {
    const fetchOne = async (i: number) => {
      const dest = join(t.path, 'got', `${i}.tar.gz`);
      const r = await materializeFile(await openBundleSource(relay.url, { busyWaitMs: 10 * 60_000 }), archive, dest, { job: createJob() });
      const ok = r.sha256 === archive.sha256 && sha256(dest) === archive.sha256;
      rmSync(dest);
      return ok;
    };
    // warm up (first buffers, JIT), then measure
    expect(await fetchOne(-1)).toBe(true);
    const before = relay.rssKiB();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => fetchOne(i)));
    expect(results.filter(Boolean)).toHaveLength(40);
    const after = relay.rssKiB();
    expect(after - before, `RSS ${before} KiB -> ${after} KiB`).toBeLessThan(64 * 1024);

    const st = await relay.status();
    expect(st.peak.archive).toBe(4);
    expect(st.totals['refused-busy']).toBeGreaterThan(0);
    const mine = st.clients.find((c) => c.client === '127.0.0.1')!;
    const file = mine.files.find((f) => f.path === archive.path)!;
    expect(file.complete).toBe(41);
    expect(file.size).toBe(archive.size);
    // the 503s are in the access log, told apart from the transfers
    const busyLines = relay.lines.filter((l) => ended(l) === 'refused-busy');
    expect(busyLines.length).toBe(st.totals['refused-busy']);
    expect(busyLines.every((l) => l.includes(` GET /${archive.path} 503 0 `))).toBe(true);
    expect(relay.lines.filter((l) => l.includes(` GET /${archive.path} 200 ${archive.size} `) && ended(l) === 'complete')).toHaveLength(41);
  }, 300_000);

  it('keeps answering GOPROXY (a real go mod download) while every archive slot is held', async () => {
    // in process, with a long stall timeout, so the four holders keep their slots throughout
    const held = await startRelay({ dir: bundle, maxTransfers: 4, stallTimeoutMs: 600_000 });
    const holders = await Promise.all([0, 1, 2, 3].map(() => stallingClient(held.url, archive.path)));
    try {
      expect(held.status().active.filter((a) => a.slot === 'archive')).toHaveLength(4);
      // a fifth archive client is told to come back
      const busy = await fetch(held.url + archive.path);
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('2');
      expect(await busy.text()).toContain('繁忙');
      const work = join(t.path, 'gomod');
      writeSampleProject(graph, join(work, 'project'));
      const r = await execAsync(join(graph.goroot, 'bin', 'go'), ['mod', 'download', '-json'], {
        cwd: join(work, 'project'),
        env: { PATH: '/usr/bin:/bin', HOME: work, GOPATH: join(work, 'gopath'), GOMODCACHE: join(work, 'modcache'), GOCACHE: join(work, 'cache'), GOPROXY: held.goproxy!, GOFLAGS: '-mod=mod -modcacherw', GOTOOLCHAIN: 'local', ...graph.env },
        maxBuffer: 16 << 20,
      });
      const mods = JSON.parse(`[${r.stdout.replace(/}\s*{/g, '},{')}]`) as Array<{ Path: string; Error?: string; Zip?: string }>;
      expect(mods.length).toBeGreaterThan(0);
      expect(mods.filter((m) => m.Error)).toEqual([]);
      expect(mods.every((m) => m.Zip && existsSync(m.Zip))).toBe(true);
      const st = held.status();
      expect(st.active.filter((a) => a.slot === 'archive')).toHaveLength(4);
      expect(st.clients[0]!.moduleProxy.requests).toBeGreaterThanOrEqual(mods.length);
      expect(st.totals.error).toBe(0);
    } finally {
      for (const s of holders) s.destroy();
      await held.close();
    }
  }, 120_000);

  it('cuts clients that stop reading (logged as stalled) and gives their slots to the next client', async () => {
    const stalledBefore = relay.lines.filter((l) => ended(l) === 'stalled').length;
    const busyBefore = relay.lines.filter((l) => ended(l) === 'refused-busy').length;
    await until('no transfer running', async () => (await relay.status()).active.length === 0);
    const holders = await Promise.all([0, 1, 2, 3].map(() => stallingClient(relay.url, archive.path)));
    await until('4 archive transfers running', async () => (await relay.status()).active.filter((a) => a.slot === 'archive').length === 4);
    // every slot is held: this client is refused first, waits as told, and gets a freed slot
    const dest = join(t.path, 'after-stall.tar.gz');
    const r = await materializeFile(await openBundleSource(relay.url), archive, dest, { job: createJob() });
    expect(r.sha256).toBe(archive.sha256);
    const lines = relay.lines;
    expect(lines.filter((l) => ended(l) === 'stalled').length - stalledBefore).toBeGreaterThanOrEqual(1);
    expect(lines.filter((l) => ended(l) === 'refused-busy').length - busyBefore).toBeGreaterThanOrEqual(1);
    // the stalled ones are cut short: fewer bytes than the file
    for (const l of lines.filter((x) => ended(x) === 'stalled')) expect(Number(l.split(' ')[5])).toBeLessThan(archive.size);
    await until('all four stalled clients cut', () => relay.lines.filter((l) => ended(l) === 'stalled').length - stalledBefore === 4);
    for (const s of holders) s.destroy();
  }, 120_000);

  it('frees the slot at once when a client goes away mid-file (client-gone)', async () => {
    await until('no transfer running', async () => (await relay.status()).active.length === 0);
    const gone = relay.lines.filter((l) => ended(l) === 'client-gone').length;
    const s = await stallingClient(relay.url, archive.path);
    await until('1 transfer running', async () => (await relay.status()).active.length === 1);
    s.destroy();
    await until('client-gone logged', () => relay.lines.filter((l) => ended(l) === 'client-gone').length === gone + 1);
    expect((await relay.status()).active).toEqual([]);
  }, 60_000);

  it('answers ranges, If-Range and HEAD correctly on the archive', async () => {
    const whole = readFileSync(join(bundle, archive.path));
    const head = await fetch(relay.url + archive.path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(archive.size));
    const etag = head.headers.get('etag')!;
    expect(etag).toBe(`"${archive.sha256}"`);
    const lastModified = head.headers.get('last-modified')!;
    const part = await fetch(relay.url + archive.path, { headers: { range: 'bytes=100-199', 'if-range': etag } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(100, 200))).toBe(true);
    const byDate = await fetch(relay.url + archive.path, { headers: { range: 'bytes=0-9', 'if-range': lastModified } });
    expect(byDate.status).toBe(206);
    await byDate.arrayBuffer();
    // a validator that no longer names this file: the whole file, not a piece of another one
    const stale = await fetch(relay.url + archive.path, { headers: { range: 'bytes=100-199', 'if-range': '"0000"' } });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('content-length')).toBe(String(archive.size));
    await stale.body!.cancel();
    const bad = await fetch(relay.url + archive.path, { headers: { range: `bytes=${archive.size}-` } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${archive.size}`);
  });

  it('status page and status.json agree with the access log and name only files of the bundle', async () => {
    // a developer machine's GOPROXY request, counted apart from the files
    const list = await fetch(relay.goproxy! + 'example.com/greet/@v/list');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('v1.1.0');
    writeFileSync(join(bundle, 'secret.txt'), 'not part of the bundle');
    expect((await fetch(relay.url + 'secret.txt')).status).toBe(404);
    expect((await fetch(relay.url + '..%2fsecret.txt')).status).toBe(404);
    await until('no transfer running', async () => (await relay.status()).active.length === 0);
    const st = await relay.status();
    // the status request itself is logged after it was answered: the first N lines are the N counted
    await until('status request logged', () => relay.lines.length >= st.totals.requests + 1);
    const counted = relay.lines.slice(0, st.totals.requests);
    for (const e of ['complete', 'client-gone', 'stalled', 'refused-busy', 'error'] as const) {
      expect(counted.filter((l) => ended(l) === e).length, e).toBe(st.totals[e]);
    }
    expect(counted.reduce((n, l) => n + Number(l.split(' ')[5]), 0)).toBe(st.totals.bytes);
    expect(st.totals.notInBundle).toBeGreaterThanOrEqual(2);
    const json = JSON.stringify(st);
    expect(json).not.toContain('secret.txt');
    expect(st.clients.map((c) => c.client)).toEqual(['127.0.0.1']);
    expect(st.clients[0]!.moduleProxy.requests).toBe(1);
    const html = await (await fetch(relay.url + '_status')).text();
    expect(html).not.toContain('secret.txt');
    expect(html).not.toContain('<script');
    expect(html).toContain('Who pulled what / 谁下载了什么');
    expect(html).toContain(archive.path);
    expect(html).toContain('模块代理（GOPROXY）');
    // the file log has the same lines as the output
    await relay.stop();
    const file = readFileSync(relay.accessLog, 'utf8').trim().split('\n');
    expect(file).toEqual(relay.lines);
  });
});

describe('serve says where its log and status page are', () => {
  const t = tempDir('relay-words-');
  afterAll(() => t.remove());
  it.each([
    ['en', 'Status page (who pulled what): ', 'Access log: '],
    ['zh', '状态页（谁下载了什么）：', '访问日志：'],
  ])('%s', async (lang, statusWords, logWords) => {
    const bundle = join(t.path, `bundle-${lang}`);
    const src = join(t.path, `a-${lang}`);
    mkdirSync(join(src, 'go'), { recursive: true });
    writeFileSync(join(src, 'go', 'VERSION'), 'go1.99.3\n');
    const path = join(t.path, `go1.99.3.linux-amd64-${lang}.tar.gz`);
    execFileSync('tar', ['-C', src, '-czf', path, 'go']);
    const sha = sha256(path);
    const size = readFileSync(path).length;
    await exportBundle({ outDir: bundle, archives: [{ file: { filename: 'go1.99.3.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.99.3', sha256: sha, size, kind: 'archive' }, path, sha256: sha, size, signature: 'not-published', url: 'file://' + path }], split: 'never', job: createJob() });
    const home = join(t.path, `home-${lang}`);
    mkdirSync(home);
    const child = spawn(process.execPath, [CLI, 'serve', bundle, '--port', '0', '--max-transfers', '3'], { env: { PATH: process.env.PATH ?? '', HOME: home, GO_OFFLINE_LANG: lang }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
    try {
      await until('the startup text', () => /Ctrl-C/.test(out));
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!;
      const logFile = join(home, '.local', 'state', 'go-offline', 'logs', 'relay-access.log');
      expect(out).toContain(`${statusWords}${url}_status`);
      expect(out).toContain(`${url}_status.json`);
      expect(out).toContain(`${logWords}${logFile}`);
      expect(out).toContain(lang === 'zh' ? '同时最多发送 3 个安装包' : 'At most 3 archives are sent at once');
      expect((await fetch(url + 'manifest.json')).status).toBe(200);
      // the access log goes to stdout here
      await until('the access line', () => out.includes(' GET /manifest.json 200 '));
      expect(out).toMatch(/\n\S+Z 127\.0\.0\.1 GET \/manifest\.json 200 \d+ \d+ms complete\n/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});

describe('many installs from one relay at once', () => {
  const t = tempDir('relay-installs-');
  let bundle: string;
  let fxSha: string;
  let fxVersion: string;

  beforeAll(async () => {
    const { fixture, file } = await fixtureDownload();
    fxSha = fixture.sha256;
    fxVersion = fixture.version;
    bundle = join(t.path, 'bundle');
    await exportBundle({ outDir: bundle, archives: [file], split: 'never', job: createJob() });
  }, 300_000);
  const relays: ChildRelay[] = [];
  afterAll(async () => {
    for (const r of relays) await r.stop();
    t.remove();
  });

  /** A relay with one archive slot, held by a client that never reads, while `fn` runs (the stall cut-off in s). */
  async function withHeldSlot(name: string, stallTimeout: string, fn: (relay: ChildRelay, archivePath: string) => Promise<void>): Promise<void> {
    const relay = await serveChild(bundle, join(t.path, name), ['--max-transfers', '1', '--stall-timeout', stallTimeout]);
    relays.push(relay);
    const archivePath = (await readManifest(bundle)).manifest.files.find((f) => f.kind === 'archive')!.path;
    const holder = await stallingClient(relay.url, archivePath);
    try {
      await until('the slot held', async () => (await relay.status()).active.length === 1);
      await fn(relay, archivePath);
    } finally {
      holder.destroy();
    }
  }

  it('install.sh --from the relay waits behind a held slot (curl honours 503 + Retry-After) and installs', async () => {
    await withHeldSlot('relay-home-sh', '2', async (relay, archivePath) => {
      const home = join(t.path, 'sh-home');
      mkdirSync(home);
      const script = join(t.path, 'install.sh');
      writeFileSync(script, Buffer.from(await (await fetch(relay.url + 'install.sh')).arrayBuffer()));
      const r = await execAsync('sh', [script, '--from', relay.url, '--prefix', join(home, 'opt'), '--scope', 'user', '--no-profile'], { env: { HOME: home, PATH: '/usr/bin:/bin' }, maxBuffer: 16 << 20 }).catch((e: { code: number; stdout: string; stderr: string }) => e);
      expect((r as { code?: number }).code ?? 0, r.stderr).toBe(0);
      expect(r.stdout).toContain(`go version ${fxVersion}`);
      const lines = relay.lines.filter((l) => l.includes(` /${archivePath} `));
      expect(lines.filter((l) => ended(l) === 'stalled')).toHaveLength(1);
      expect(lines.filter((l) => ended(l) === 'refused-busy').length).toBeGreaterThanOrEqual(1);
      expect(lines.filter((l) => ended(l) === 'complete' && l.includes(' 200 '))).toHaveLength(1);
    });
  }, 300_000);

  /** A bin folder with every program of /usr/bin but curl, and `wget` as given: install.sh must use wget. */
  function binWithout(name: string, wget: string): string {
    const bin = join(t.path, name);
    mkdirSync(bin);
    for (const f of readdirSync('/usr/bin')) if (f !== 'curl' && f !== 'wget') symlinkSync(join('/usr/bin', f), join(bin, f));
    symlinkSync(wget, join(bin, 'wget'));
    return bin;
  }
  async function installShFrom(relay: ChildRelay, home: string, bin: string, extraEnv: Record<string, string> = {}) {
    mkdirSync(home);
    const script = join(t.path, `install-${relay.pid}.sh`);
    writeFileSync(script, Buffer.from(await (await fetch(relay.url + 'install.sh')).arrayBuffer()));
    const r = await execAsync(join(bin, 'sh'), [script, '--from', relay.url, '--prefix', join(home, 'opt'), '--scope', 'user', '--no-profile'], { env: { HOME: home, PATH: bin, ...extraEnv }, maxBuffer: 16 << 20 })
      .then((x) => ({ code: 0, ...x }))
      .catch((e: { code: number; stdout: string; stderr: string }) => e);
    return r;
  }

  it('install.sh --from the relay with GNU wget (no curl) waits as the 503 Retry-After says, then installs', async () => {
    await withHeldSlot('relay-home-wget', '2', async (relay, archivePath) => {
      const bin = binWithout('bin-gnu-wget', '/usr/bin/wget');
      const home = join(t.path, 'wget-home');
      const r = await installShFrom(relay, home, bin);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`go version ${fxVersion}`);
      // the relay's Retry-After (2 s) is what it waited, said in words
      expect(r.stderr).toContain('go-offline: the relay is busy (all its transfer slots are taken): trying again in 2 s (try 2 of 31)');
      const lines = relay.lines.filter((l) => l.includes(` /${archivePath} `));
      expect(lines.filter((l) => ended(l) === 'stalled')).toHaveLength(1);
      expect(lines.filter((l) => ended(l) === 'refused-busy').length).toBeGreaterThanOrEqual(1);
      expect(lines.filter((l) => ended(l) === 'complete' && l.includes(' 200 '))).toHaveLength(1);
    });
  }, 300_000);

  it('install.sh with GNU wget gives up on a relay that stays busy: the busy message, exit 2, its wait budget kept, nothing installed', async () => {
    await withHeldSlot('relay-home-wget-busy', '600', async (relay, archivePath) => {
      const bin = binWithout('bin-gnu-wget-busy', '/usr/bin/wget');
      const home = join(t.path, 'wget-busy-home');
      // a budget of 3 s: wait 2 s (Retry-After), then the 1 s left, then give up after the third 503
      const r = await installShFrom(relay, home, bin, { GO_OFFLINE_BUSY_WAIT: '3' });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`go-offline: ERROR: the relay at ${relay.url} stayed busy: it kept answering that all its transfer slots were taken; this computer waited 3 s in all and gave up; nothing was changed`);
      expect(r.stderr).toContain(`its status page (${relay.url}_status) shows who is pulling what`);
      expect(r.stderr).toContain('trying again in 2 s (try 2 of 31)');
      expect(r.stderr).toContain('trying again in 1 s (try 3 of 31)');
      expect(existsSync(join(home, 'opt', 'go'))).toBe(false);
      await until('three 503s logged', () => relay.lines.filter((l) => l.includes(` /${archivePath} `) && ended(l) === 'refused-busy').length >= 3);
      expect(relay.lines.filter((l) => l.includes(` /${archivePath} `) && ended(l) === 'refused-busy')).toHaveLength(3);
      expect((await relay.status()).active).toHaveLength(1);
    });
  }, 300_000);

  it('install.sh with curl gives up on a relay that stays busy with the same message and exit 2', async () => {
    await withHeldSlot('relay-home-curl-busy', '600', async (relay, archivePath) => {
      const r = await installShFrom(relay, join(t.path, 'curl-busy-home'), '/usr/bin', { GO_OFFLINE_BUSY_WAIT: '3' });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`go-offline: ERROR: the relay at ${relay.url.replace(/[.]/g, '\\.')} stayed busy: it kept answering that all its transfer slots were taken; this computer waited \\d+ s in all and gave up; nothing was changed`));
      expect(existsSync(join(t.path, 'curl-busy-home', 'opt', 'go'))).toBe(false);
      await until('a retry logged', () => relay.lines.filter((l) => l.includes(` /${archivePath} `) && ended(l) === 'refused-busy').length >= 2);
    });
  }, 300_000);

  it.skipIf(!existsSync('/usr/bin/busybox'))('install.sh with BusyBox wget (no Retry-After to read) tries a fixed few times and says why it gave up (skipped without the Debian busybox package)', async () => {
    await withHeldSlot('relay-home-busybox', '600', async (relay, archivePath) => {
      const bin = binWithout('bin-busybox', '/usr/bin/busybox');
      const home = join(t.path, 'busybox-home');
      // a budget of 3 s: one wait of 3 s (its fixed 10 s, cut to the budget), then the message
      const r = await installShFrom(relay, home, bin, { GO_OFFLINE_BUSY_WAIT: '3' });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('go-offline: this wget (BusyBox) cannot read how long the relay asks to wait: it tries at most 5 times, 10 s apart (curl or GNU wget wait as the relay asks)');
      expect(r.stderr).toContain('trying again in 3 s (try 2 of 5)');
      expect(r.stderr).toContain(`go-offline: ERROR: the relay at ${relay.url} stayed busy: it kept answering that all its transfer slots were taken; this computer waited 3 s in all and gave up (this wget (BusyBox) cannot read how long the relay asks to wait, so it tried 2 times; with curl or GNU wget it waits as the relay asks); nothing was changed`);
      await until('two 503s logged', () => relay.lines.filter((l) => l.includes(` /${archivePath} `) && ended(l) === 'refused-busy').length >= 2);
      expect(relay.lines.filter((l) => l.includes(` /${archivePath} `) && ended(l) === 'refused-busy')).toHaveLength(2);
      expect(existsSync(join(home, 'opt', 'go'))).toBe(false);
    });
  }, 300_000);

  it('3 real installs through 1 archive slot: each verified and working, the relay counts each', async () => {
    const relay = await serveChild(bundle, join(t.path, 'relay-home'), ['--max-transfers', '1']);
    relays.push(relay);
    try {
      const one = async (i: number) => {
        const home = join(t.path, `home${i}`);
        mkdirSync(join(home, 'tmp'), { recursive: true });
        const env = { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: join(home, 'tmp'), SHELL: '/bin/bash' };
        const prefix = join(home, 'opt');
        const r = await installFromBundle({ bundle: relay.url, scope: 'user', prefix, env, job: createJob() });
        expect(r.record.archive.sha256).toBe(fxSha);
        const v = await execAsync(join(prefix, 'go', 'bin', 'go'), ['version'], { env: { PATH: '/usr/bin:/bin', HOME: home, GOTOOLCHAIN: 'local' } });
        expect(v.stdout).toContain(fxVersion);
        return true;
      };
      const results = await Promise.all([0, 1, 2].map(one));
      expect(results).toEqual([true, true, true]);
      const st = await relay.status();
      expect(st.peak.archive).toBe(1);
      const pulled = st.clients.flatMap((c) => c.files).filter((f) => f.path.endsWith('.tar.gz'));
      expect(pulled.reduce((n, f) => n + f.complete, 0)).toBeGreaterThanOrEqual(3);
    } finally {
      await relay.stop();
    }
  }, 600_000);
});

describe('relay limits (in process)', () => {
  it('drops connections over maxConnections at once (logged as refused-busy) and serves again when they close', async () => {
    const t = tempDir('relay-conns-');
    try {
      const path = join(t.path, 'go1.99.3.linux-amd64.tar.gz');
      mkdirSync(join(t.path, 'src', 'go'), { recursive: true });
      writeFileSync(join(t.path, 'src', 'go', 'VERSION'), 'go1.99.3\n');
      execFileSync('tar', ['-C', join(t.path, 'src'), '-czf', path, 'go']);
      const sha = sha256(path);
      const size = readFileSync(path).length;
      const bundle = join(t.path, 'bundle');
      await exportBundle({ outDir: bundle, archives: [{ file: { filename: 'go1.99.3.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.99.3', sha256: sha, size, kind: 'archive' }, path, sha256: sha, size, signature: 'not-published', url: 'file://' + path }], split: 'never', job: createJob() });
      const lines: AccessLine[] = [];
      const relay = await startRelay({ dir: bundle, maxConnections: 2, onAccess: (l) => lines.push(l) });
      try {
        const u = new URL(relay.url);
        const open = () =>
          new Promise<Socket>((resolve) => {
            const s = connect({ host: u.hostname, port: Number(u.port) }, () => resolve(s));
            s.on('error', () => {});
          });
        const idle = [await open(), await open()];
        // the server accepts in the order the connections came: the first two before the third
        const third = await open();
        const closed = await new Promise<boolean>((r) => {
          third.once('close', () => r(true));
          third.write(`GET /manifest.json HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`);
        });
        expect(closed).toBe(true);
        await until('the drop logged', () => lines.some((l) => l.ended === 'refused-busy' && l.method === '-'));
        for (const s of idle) s.destroy();
        // a fresh connection each try (no keep-alive pool that may hold a dropped one)
        const get = () =>
          new Promise<number>((r) => {
            const q = httpRequest({ host: u.hostname, port: u.port, path: '/manifest.json', agent: false }, (res) => {
              res.resume();
              r(res.statusCode ?? 0);
            });
            q.on('error', () => r(0));
            q.end();
          });
        await until('a connection freed', async () => (await get()) === 200);
        expect(relay.status().totals['refused-busy']).toBeGreaterThanOrEqual(1);
      } finally {
        await relay.close();
      }
    } finally {
      t.remove();
    }
  });

  it('a client gives up with BUNDLE_RELAY_BUSY when the relay stays busy past its budget', async () => {
    const t = tempDir('relay-busy-');
    try {
      const src = join(t.path, 'src');
      mkdirSync(join(src, 'go'), { recursive: true });
      writeFileSync(join(src, 'go', 'data.bin'), randomBytes(ARCHIVE_BYTES));
      const path = join(t.path, 'go1.99.3.linux-amd64.tar.gz');
      execFileSync('tar', ['-C', src, '-czf', path, 'go']);
      const sha = sha256(path);
      const size = readFileSync(path).length;
      const bundle = join(t.path, 'bundle');
      await exportBundle({ outDir: bundle, archives: [{ file: { filename: 'go1.99.3.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.99.3', sha256: sha, size, kind: 'archive' }, path, sha256: sha, size, signature: 'not-published', url: 'file://' + path }], split: 'never', job: createJob() });
      const lines: AccessLine[] = [];
      const relay = await startRelay({ dir: bundle, maxTransfers: 1, retryAfterSeconds: 0, onAccess: (l) => lines.push(l) });
      try {
        const archive = relay.manifest.files.find((f) => f.kind === 'archive')!;
        const holder = await stallingClient(relay.url, archive.path);
        const err = (await materializeFile(await openBundleSource(relay.url, { busyWaitMs: 1000 }), archive, join(t.path, 'x'), { job: createJob() }).catch((e: unknown) => e)) as AppError;
        expect(err).toBeInstanceOf(AppError);
        expect(err.code).toBe('BUNDLE_RELAY_BUSY');
        expect(err.message).toContain(relay.url);
        expect(existsSync(join(t.path, 'x'))).toBe(false);
        expect(lines.filter((l) => l.ended === 'refused-busy').length).toBeGreaterThan(1);
        holder.destroy();
        await until('holder logged as gone', () => lines.some((l) => l.ended === 'client-gone'));
        expect(relay.status().active).toEqual([]);
      } finally {
        await relay.close();
      }
    } finally {
      t.remove();
    }
  });
});
