import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { repoRoot } from '../../../test/support/go-fixture';
import { createJob } from '../jobs';
import { AppError } from '../../../shared/errors';
import type { DownloadedFile } from '../../../shared/releases';
import type { Progress } from '../../../shared/progress';
import { exportBundle } from './export';
import { checkBundle, verifyBundle } from './verify';
import { readManifest } from './manifest';
import { openBundleSource, materializeFile } from './source';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A small but real Go-like archive (tar.gz with go/VERSION and go/bin/go) of about `kib` KiB. */
function smallArchive(dir: string, version: string, os: string, arch: string, kib = 64): DownloadedFile {
  const src = join(dir, `src-${os}-${arch}`);
  mkdirSync(join(src, 'go', 'bin'), { recursive: true });
  writeFileSync(join(src, 'go', 'VERSION'), version + '\n');
  writeFileSync(join(src, 'go', 'bin', 'go'), '#!/bin/sh\necho "go version ' + version + ' ' + os + '/' + arch + '"\n', { mode: 0o755 });
  // incompressible payload so that size (and splitting) is predictable
  writeFileSync(join(src, 'go', 'payload.bin'), randomBytes(kib * 1024));
  const filename = `${version}.${os}-${arch}.tar.gz`;
  const path = join(dir, filename);
  execFileSync('tar', ['-C', src, '-czf', path, 'go']);
  const buf = readFileSync(path);
  return { file: { filename, os, arch, version, sha256: sha(buf), size: buf.length, kind: 'archive' }, path, sha256: sha(buf), size: buf.length, signature: 'not-published', url: 'file://' + path };
}

function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'resolved',
    (e) => (e instanceof AppError ? e.code : `other: ${String(e)}`),
  );
}

describe('exportBundle + verifyBundle (small real archives)', () => {
  const t = tempDir('bundle-export-');
  let archives: DownloadedFile[];
  let proxyDir: string;
  beforeAll(() => {
    archives = [smallArchive(t.path, 'go1.99.1', 'linux', 'amd64'), smallArchive(t.path, 'go1.99.1', 'linux', 'arm64')];
    proxyDir = join(t.path, 'proxy');
    mkdirSync(join(proxyDir, 'example.com', 'm', '@v'), { recursive: true });
    writeFileSync(join(proxyDir, 'example.com', 'm', '@v', 'list'), 'v1.0.0\n');
    writeFileSync(join(proxyDir, 'example.com', 'm', '@v', 'v1.0.0.mod'), 'module example.com/m\n');
  });
  afterAll(() => t.remove());

  async function makeBundle(name: string, extra: Partial<Parameters<typeof exportBundle>[0]> = {}) {
    const out = join(t.path, name);
    const events: Progress[] = [];
    const res = await exportBundle({
      outDir: out,
      archives,
      modules: { proxyDir, moduleCount: 1, size: 0, projects: [{ name: 'm', module: 'example.com/m', goVersion: '1.21' }] },
      job: createJob({ onProgress: (p) => events.push(p), intervalMs: 0 }),
      ...extra,
    });
    return { out, res, events };
  }

  it('writes a bundle that sha256sum -c and verifyBundle accept, with nothing left over', async () => {
    const { out, res, events } = await makeBundle('good');
    expect(res.readBack).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['README.txt', 'SHA256SUMS', 'ansible', 'go', 'install.ps1', 'install.sh', 'manifest.json', 'modules', 'sbom.cdx.json', 'transfer-report.html']);
    const r = spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('manifest.json: OK');
    expect(r.stdout).toContain('modules/proxy/example.com/m/@v/list: OK');
    const report = await verifyBundle(out, { job: createJob() });
    expect(report.ok).toBe(true);
    expect(report.extraFilesChecked).toBe(true);
    const m = res.manifest;
    expect(m.go.versions).toEqual(['go1.99.1']);
    expect(m.environment.GOTOOLCHAIN).toBe('local');
    expect(m.modules?.proxyPath).toBe('modules/proxy');
    const arch = m.files.find((f) => f.path === 'go/go1.99.1.linux-arm64.tar.gz')!;
    expect(arch).toMatchObject({ kind: 'archive', os: 'linux', arch: 'arm64', version: 'go1.99.1', sha256: archives[1]!.sha256, signature: { status: 'not-published' } });
    expect(events.some((e) => e.phase === 'copy')).toBe(true);
    expect(events.some((e) => e.phase === 'readback' && e.overallDone === e.overallTotal)).toBe(true);
  });

  it('catches and names every kind of tampering', async () => {
    const { out: good } = await makeBundle('pristine');
    const cases: Array<[string, (d: string) => void, string, RegExp]> = [
      ['flipped byte', (d) => { const p = join(d, 'go/go1.99.1.linux-amd64.tar.gz'); const b = readFileSync(p); b[100] = b[100]! ^ 1; writeFileSync(p, b); }, 'BUNDLE_TAMPERED', /go1\.99\.1\.linux-amd64\.tar\.gz \(checksum mismatch\)/],
      ['truncated', (d) => truncateSync(join(d, 'go/go1.99.1.linux-arm64.tar.gz'), 10), 'BUNDLE_TAMPERED', /linux-arm64\.tar\.gz \(wrong size\)/],
      ['missing', (d) => rmSync(join(d, 'install.sh')), 'BUNDLE_TAMPERED', /install\.sh \(missing\)/],
      ['extra', (d) => writeFileSync(join(d, 'go', 'evil.sh'), 'rm -rf /\n'), 'BUNDLE_TAMPERED', /go\/evil\.sh \(extra file\)/],
      ['edited module file', (d) => appendFileSync(join(d, 'modules/proxy/example.com/m/@v/list'), 'v9.9.9\n'), 'BUNDLE_TAMPERED', /@v\/list \(wrong size\)/],
      ['manifest edited', (d) => { const p = join(d, 'manifest.json'); writeFileSync(p, readFileSync(p, 'utf8').replace('"GOTOOLCHAIN": "local"', '"GOTOOLCHAIN": "auto"')); }, 'BUNDLE_MANIFEST_MISMATCH', /manifest\.json/],
      ['sums line removed', (d) => { const p = join(d, 'SHA256SUMS'); writeFileSync(p, readFileSync(p, 'utf8').split('\n').filter((l) => !l.endsWith('install.ps1')).join('\n')); }, 'BUNDLE_MANIFEST_MISMATCH', /install\.ps1 \(not in SHA256SUMS\)/],
      ['sums hash changed', (d) => { const p = join(d, 'SHA256SUMS'); writeFileSync(p, readFileSync(p, 'utf8').replace(/^[0-9a-f]{64}( {2}README\.txt)$/m, '0'.repeat(64) + '$1')); }, 'BUNDLE_MANIFEST_MISMATCH', /README\.txt \(manifest\.json and SHA256SUMS disagree\)/],
      ['sums garbage', (d) => appendFileSync(join(d, 'SHA256SUMS'), 'not a line\n'), 'BUNDLE_SUMS_INVALID', /line \d+/],
      ['manifest deleted', (d) => rmSync(join(d, 'manifest.json')), 'BUNDLE_NOT_FOUND', /manifest\.json/],
    ];
    for (const [name, tamper, code, named] of cases) {
      const d = join(t.path, 'tamper-' + name.replace(/ /g, '-'));
      cpSync(good, d, { recursive: true });
      tamper(d);
      const err = await verifyBundle(d, { job: createJob() }).then(() => null, (e: unknown) => e);
      expect(err, name).toBeInstanceOf(AppError);
      expect((err as AppError).code, name).toBe(code);
      expect((err as AppError).message, name).toMatch(named);
      expect((err as AppError).exit, name).toBe(2);
    }
    // OS litter on removable media is tolerated but reported
    const d = join(t.path, 'litter');
    cpSync(good, d, { recursive: true });
    mkdirSync(join(d, 'System Volume Information'));
    writeFileSync(join(d, 'System Volume Information', 'IndexerVolumeGuid'), 'x');
    writeFileSync(join(d, '.DS_Store'), 'x');
    const rep = await checkBundle(d, { job: createJob() });
    expect(rep.ok).toBe(true);
    expect(rep.ignored.sort()).toEqual(['.DS_Store', 'System Volume Information/IndexerVolumeGuid']);
  });

  it('splits large files into parts and joins them again (sha256sum -c, verify, materializeFile)', async () => {
    const { out, res } = await makeBundle('split', { split: 'always', partSize: 20_000 });
    expect(res.split).toEqual(expect.arrayContaining(['go/go1.99.1.linux-amd64.tar.gz']));
    const f = res.manifest.files.find((x) => x.path === 'go/go1.99.1.linux-amd64.tar.gz')!;
    expect(f.parts!.length).toBeGreaterThan(1);
    expect(existsSync(join(out, f.path))).toBe(false);
    expect(existsSync(join(out, f.parts![0]!.path))).toBe(true);
    expect(spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: out }).status).toBe(0);
    await verifyBundle(out, { job: createJob() });
    const dest = join(t.path, 'joined.tar.gz');
    await materializeFile(await openBundleSource(out), f, dest, { job: createJob() });
    expect(readFileSync(dest).equals(readFileSync(archives[0]!.path))).toBe(true);
    // a missing part is named, and materializeFile leaves nothing behind
    rmSync(join(out, f.parts![1]!.path));
    const err = (await verifyBundle(out, { job: createJob() }).catch((e: unknown) => e)) as AppError;
    expect(err.message).toContain(`${f.parts![1]!.path} (missing)`);
    const dest2 = join(t.path, 'joined2.tar.gz');
    expect(await codeOf(materializeFile(await openBundleSource(out), f, dest2, { job: createJob() }))).toBe('BUNDLE_FILE_CORRUPT');
    expect(readdirSync(t.path).filter((n) => n.startsWith('joined2'))).toEqual([]);
  });

  it('refuses a FAT32 destination with a 4 GiB file when splitting is not allowed', async () => {
    // a sparse 4 GiB file costs no disk space
    const big = join(t.path, 'go1.99.2.linux-amd64.tar.gz');
    writeFileSync(big, '');
    truncateSync(big, 4 * 1024 ** 3);
    const dl: DownloadedFile = { ...archives[0]!, path: big, size: 4 * 1024 ** 3, file: { ...archives[0]!.file, filename: 'go1.99.2.linux-amd64.tar.gz', size: 4 * 1024 ** 3 } };
    const out = join(t.path, 'fat');
    const err = (await exportBundle({ outDir: out, archives: [dl], filesystem: 'vfat', split: 'never', job: createJob() }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('BUNDLE_FAT32_TOO_LARGE');
    expect(existsSync(out)).toBe(false);
    rmSync(big);
  });

  it('never leaves a bundle behind when the read-back fails, and refuses a non-empty folder', async () => {
    const out = join(t.path, 'readback');
    const err = (await exportBundle({
      outDir: out,
      archives,
      job: createJob(),
      beforeReadBack: async (staging) => {
        const p = join(staging, 'go', 'go1.99.1.linux-arm64.tar.gz');
        const b = readFileSync(p);
        b[b.length - 1] = b[b.length - 1]! ^ 0xff;
        writeFileSync(p, b);
      },
    }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('BUNDLE_READBACK_FAILED');
    expect(err.message).toContain('go/go1.99.1.linux-arm64.tar.gz');
    expect(existsSync(out)).toBe(false);

    const busy = join(t.path, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'holiday.jpg'), 'x');
    expect(await codeOf(exportBundle({ outDir: busy, archives, job: createJob() }))).toBe('BUNDLE_DEST_NOT_EMPTY');
    expect(readdirSync(busy)).toEqual(['holiday.jpg']);
  });

  it('reads every copy back against the hash it was given or computed: a damaged proxy file, and a source that is not what its known hash says', async () => {
    // a small module-proxy file (copied several at a time, read back several at a time)
    const out = join(t.path, 'readback-proxy');
    const err = (await exportBundle({
      outDir: out,
      archives,
      modules: { proxyDir, moduleCount: 1, size: 0, projects: [{ name: 'm', module: 'example.com/m' }] },
      job: createJob(),
      beforeReadBack: async (staging) => {
        writeFileSync(join(staging, 'modules', 'proxy', 'example.com', 'm', '@v', 'v1.0.0.mod'), 'module example.com/evil\n');
      },
    }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('BUNDLE_READBACK_FAILED');
    expect(err.message).toContain('modules/proxy/example.com/m/@v/v1.0.0.mod');
    expect(existsSync(out)).toBe(false);
    // an archive copied without hashing (its SHA-256 given, e.g. noted by an earlier run) whose
    // bytes changed since: the read-back tells the changed source apart from a bad drive
    const changed = join(t.path, 'changed.tar.gz');
    copyFileSync(archives[0]!.path, changed);
    appendFileSync(changed, 'more');
    const out2 = join(t.path, 'readback-source');
    const err2 = (await exportBundle({ outDir: out2, archives: [{ ...archives[0]!, path: changed, size: statSync(changed).size }], job: createJob() }).catch((e: unknown) => e)) as AppError;
    expect(err2.code).toBe('BUNDLE_SOURCE_CHANGED');
    expect(existsSync(out2)).toBe(false);
  });

  it('cancels cleanly', async () => {
    const out = join(t.path, 'cancelled');
    const ac = new AbortController();
    ac.abort();
    expect(await codeOf(exportBundle({ outDir: out, archives, job: createJob({ signal: ac.signal }) }))).toBe('CANCELLED');
    expect(existsSync(out)).toBe(false);
  });

  it('gives a clear error and leaves no partial bundle on a full or read-only drive', async (ctx) => {
    const mnt = join(t.path, 'mnt');
    mkdirSync(mnt);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { encoding: 'utf8' });
    if (m.status !== 0) {
      console.log(`skipped: cannot mount a small tmpfs here (${(m.stderr || m.error?.message || '').trim()})`);
      ctx.skip();
    }
    try {
      const full = await exportBundle({ outDir: join(mnt, 'b'), archives: [...archives, ...archives.map((a) => ({ ...a }))].slice(0, 2), job: createJob(), modules: { proxyDir: t.path, moduleCount: 0, size: 0, projects: [] } }).catch((e: unknown) => e);
      expect((full as AppError).code).toBe('BUNDLE_DEST_NO_SPACE');
      expect((full as AppError).exit).toBe(1);
      expect(readdirSync(mnt)).toEqual([]);
      execFileSync('mount', ['-o', 'remount,ro', mnt]);
      const ro = (await exportBundle({ outDir: join(mnt, 'b'), archives, job: createJob() }).catch((e: unknown) => e)) as AppError;
      expect(ro.code, ro.stack).toBe('BUNDLE_DEST_NOT_WRITABLE');
      expect(ro.message).toContain('read-only');
      expect(readdirSync(mnt)).toEqual([]);
      // the manifest reader sees no bundle there
      expect(await codeOf(readManifest(mnt))).toBe('BUNDLE_NOT_FOUND');
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

/**
 * What reaches the drive, in which order, seen from outside: the export runs in a child process
 * under strace, which records every fsync, syncfs and rename with the paths involved. The promise:
 * every staged byte is made durable (one syncfs, or an fsync of each file and folder) before the
 * first file leaves the staging folder; the content's names are made durable in the bundle folder
 * (fsync of the folder) before manifest.json and SHA256SUMS are renamed into place, SHA256SUMS
 * last, and the folder is fsynced again after.
 */
describe('exportBundle durability order (strace of a child process)', () => {
  const t = tempDir('bundle-durable-');
  const child = join(repoRoot, 'test', 'support', 'export-child.ts');
  let archive: DownloadedFile;
  let proxyDir: string;
  const straceOk = spawnSync('strace', ['-f', '-o', '/dev/null', 'true']).status === 0;
  beforeAll(() => {
    archive = smallArchive(t.path, 'go1.99.1', 'linux', 'amd64');
    proxyDir = join(t.path, 'proxy');
    for (const v of ['v1.0.0', 'v1.1.0']) {
      mkdirSync(join(proxyDir, 'example.com', 'm', '@v'), { recursive: true });
      writeFileSync(join(proxyDir, 'example.com', 'm', '@v', `${v}.mod`), 'module example.com/m\n');
      writeFileSync(join(proxyDir, 'example.com', 'm', '@v', `${v}.info`), `{"Version":"${v}"}\n`);
    }
    writeFileSync(join(proxyDir, 'example.com', 'm', '@v', 'list'), 'v1.0.0\nv1.1.0\n');
  });
  afterAll(() => t.remove());

  type Call = { name: string; args: string[]; ok: boolean };
  function traced(name: string, flush: string, env: NodeJS.ProcessEnv = process.env) {
    const out = join(t.path, name);
    const log = join(t.path, `${name}.strace`);
    const r = spawnSync('strace', ['-f', '-y', '-qq', '-e', 'trace=fsync,fdatasync,syncfs,rename,renameat,renameat2', '-o', log, process.execPath, '--import', 'tsx', child, out, archive.path, proxyDir, flush], { cwd: repoRoot, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ok: boolean; code?: string; logs: Array<{ event: string; data?: Record<string, unknown> }> };
    const calls: Call[] = [];
    // a call interrupted by another thread's prints as `name(args <unfinished ...>`, then
    // `<... name resumed>rest) = 0`: a call is recorded where it returned
    const pending = new Map<string, string>();
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      const u = /^(\d+)\s+(\w+)\((.*) <unfinished \.\.\.>$/.exec(line);
      if (u) {
        pending.set(u[1]!, u[3]!);
        continue;
      }
      const m = /^(\d+)\s+(?:<\.\.\. )?(fsync|fdatasync|syncfs|rename|renameat|renameat2)(?: resumed>|\()(.*)\)\s+=\s+(-?\d+)/.exec(line);
      if (!m) continue;
      const text = line.includes(' resumed>') ? (pending.get(m[1]!) ?? '') + m[3]! : m[3]!;
      pending.delete(m[1]!);
      // fd arguments print as 3</path>; paths as "..."
      const args = [...text.matchAll(/<([^>]*)>|"([^"]*)"/g)].map((x) => x[1] ?? x[2]!);
      calls.push({ name: m[2]!, args, ok: m[4] === '0' });
    }
    const sums = existsSync(join(out, 'SHA256SUMS')) ? readFileSync(join(out, 'SHA256SUMS'), 'utf8').trim().split('\n').map((l) => l.replace(/^[0-9a-f]{64} [ *]/, '')) : [];
    return { out, res, calls, sums };
  }
  const isRename = (c: Call) => c.name.startsWith('rename');
  const stagingOf = (out: string) => (p: string) => p.startsWith(join(out, '.go-offline-staging-'));
  function checkCommitOrder(out: string, calls: Call[]) {
    const renames = calls.map((c, i) => ({ c, i })).filter(({ c }) => isRename(c) && c.ok && stagingOf(out)(c.args[0]!));
    expect(renames.length).toBeGreaterThan(3);
    const to = renames.map(({ c }) => c.args[1]);
    // manifest.json then SHA256SUMS, after every content rename
    expect(to.slice(-2)).toEqual([join(out, 'manifest.json'), join(out, 'SHA256SUMS')]);
    const firstList = renames[renames.length - 2]!.i;
    const lastContent = renames[renames.length - 3]!.i;
    const folderSyncs = calls.map((c, i) => ({ c, i })).filter(({ c }) => c.name === 'fsync' && c.ok && c.args[0] === out).map(({ i }) => i);
    expect(folderSyncs.some((i) => i > lastContent && i < firstList), 'the bundle folder is fsynced between the content and the lists').toBe(true);
    expect(folderSyncs.some((i) => i > renames[renames.length - 1]!.i), 'and after SHA256SUMS').toBe(true);
    return renames[0]!.i;
  }

  it('Linux default: one syncfs of the drive before anything leaves staging, no fsync per file, lists last', (ctx) => {
    if (!straceOk || process.platform !== 'linux') {
      console.log('skipped: strace cannot trace here');
      ctx.skip();
    }
    const { out, res, calls, sums } = traced('auto', 'auto');
    expect(res).toMatchObject({ ok: true });
    expect(res.logs.find((l) => l.event === 'bundle.flushed')?.data).toMatchObject({ strategy: 'syncfs' });
    const firstMove = checkCommitOrder(out, calls);
    const syncfs = calls.map((c, i) => ({ c, i })).filter(({ c }) => c.name === 'syncfs');
    expect(syncfs).toHaveLength(1);
    expect(syncfs[0]!.c.ok).toBe(true);
    expect(stagingOf(out)(syncfs[0]!.c.args[0]!)).toBe(true);
    expect(syncfs[0]!.i).toBeLessThan(firstMove);
    // the cost that was cut: no fsync of a staged file
    expect(calls.filter((c) => c.name === 'fsync' && stagingOf(out)(c.args[0]!))).toEqual([]);
    expect(sums).toContain('modules/proxy/example.com/m/@v/v1.1.0.mod');
  });

  it('parallel fsync (other systems, and when sync -f fails): every staged file and folder before anything leaves staging', (ctx) => {
    if (!straceOk) {
      console.log('skipped: strace cannot trace here');
      ctx.skip();
    }
    // a `sync` that fails: the export falls back to fsync of each path and still succeeds
    const bin = join(t.path, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'sync'), '#!/bin/sh\necho "sync: error syncing: Input/output error" >&2\nexit 1\n', { mode: 0o755 });
    for (const [name, flush, env] of [
      ['parallel', 'parallel', process.env],
      ['fallback', 'auto', { ...process.env, PATH: `${bin}:${process.env.PATH}` }],
    ] as const) {
      const { out, res, calls, sums } = traced(name, flush, env);
      expect(res, name).toMatchObject({ ok: true });
      expect(res.logs.find((l) => l.event === 'bundle.flushed')?.data, name).toMatchObject({ strategy: 'parallel' });
      const firstMove = checkCommitOrder(out, calls);
      expect(calls.filter((c) => c.name === 'syncfs')).toEqual([]);
      const staging = calls[firstMove]!.args[0]!.slice(0, join(out, '.go-offline-staging-xxxxxxxx').length);
      const synced = new Set(calls.slice(0, firstMove).filter((c) => c.name === 'fsync' && c.ok).map((c) => c.args[0]));
      expect(sums.length).toBeGreaterThan(8);
      for (const f of sums) expect(synced.has(join(staging, f)), `${name}: ${f} fsynced before the first move`).toBe(true);
      for (const d of ['', 'go', 'modules', 'modules/proxy/example.com/m/@v']) expect(synced.has(join(staging, d)), `${name}: folder ${d || '.'}`).toBe(true);
    }
  });
});
