/**
 * One pass over a Go archive: read → sha256 → gunzip → safety check of every tar header →
 * write. The writing is done by the platform's own tar (GNU tar or bsdtar) in a child process,
 * fed only with headers our TarGuard has accepted; node-tar is the fallback when no tar program
 * exists. The archive's hash is compared at the end of the stream; on a mismatch, a hostile
 * entry, a full disk, a cancel or any other failure, everything written is removed. When the
 * archive's bytes fail the unpacking (bad gzip data, a broken or hostile tar header), the rest of
 * the file is hashed before the error is chosen: a file that does not match its SHA-256 is
 * reported as that (INSTALL_ARCHIVE_HASH_MISMATCH), the true reason, not as "cannot be unpacked".
 *
 * Why a child tar and not node-tar: measured on the 117 MiB / 12k-file Go archive, node-tar's
 * async extraction was 1.8x slower than GNU tar with 300+ MB RSS and the sync one 1.24x slower
 * and blocking; GNU tar writes files at disk speed in its own process, so this process only
 * hashes and parses headers (zlib runs on libuv's thread pool) and stays responsive. See
 * docs/notes/install.md and bench/install.ts for the numbers.
 *
 * .zip (Windows archives) goes through yauzl: the hash is checked first (zip needs random
 * access to its central directory), then every entry is checked the same way and written.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readdir, readlink, rm, stat, symlink } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { AppError, toAppError } from '../../../shared/errors';
import type { InstalledFile } from '../../../shared/install';
import { SpeedMeter, throwIfCancelled, type JobContext } from '../jobs';
import { run } from '../exec';
import { CorruptTarError, TarGuard, UnsafeEntryError, checkEntryPath, resolveInTree, type UnsafeReason } from './tar-guard';

export interface ExtractOptions {
  archive: string;
  expectedSha256: string;
  /** staging folder on the same filesystem as the target; the tree lands in destDir/<top> */
  destDir: string;
  job: JobContext;
  /** the one top-level folder of the archive (default "go") */
  expectedTop?: string;
  /** sha256 of each file for the file list (default true) */
  hashFiles?: boolean;
  /** force an extraction engine (tests, benchmark); default: the system tar, else node-tar */
  engine?: 'system-tar' | 'node-tar';
}

export interface ExtractResult {
  root: string;
  files: number;
  bytes: number;
  fileList: InstalledFile[];
  sha256: string;
  engine: 'system-tar' | 'node-tar' | 'zip';
}

const REASONS: Record<UnsafeReason, { en: string; zh: string }> = {
  'absolute-path': { en: 'be written to an absolute path outside the install folder', zh: '写入安装文件夹之外的绝对路径' },
  'parent-directory': { en: 'climb out of the install folder with ".."', zh: '通过 ".." 跳出安装文件夹' },
  'outside-top': { en: 'be written outside the go/ folder', zh: '写入 go/ 文件夹之外' },
  'link-outside': { en: 'create a link pointing outside the install folder', zh: '创建指向安装文件夹之外的链接' },
  'hardlink-outside': { en: 'create a hard link to a file outside the install folder', zh: '创建指向安装文件夹之外文件的硬链接' },
  'through-link': { en: 'write a file through a link made by the archive', zh: '通过压缩包创建的链接写入文件' },
  'device-file': { en: 'create a device file or pipe', zh: '创建设备文件或管道' },
  'unsupported-type': { en: 'use a kind of entry Go archives never contain', zh: '使用 Go 压缩包从不包含的条目类型' },
  'not-accepted': { en: 'end up on disk differently from what its checked header said', zh: '在磁盘上的结果与其已检查的头部信息不一致' },
  'type-name-mismatch': { en: 'be read as a folder although its header says it is a file, hiding further entries inside it', zh: '虽然其头部声明为文件，却会被当作文件夹读取，从而在其中藏入更多条目' },
  'bad-name': { en: 'use a file name that is not allowed', zh: '使用不允许的文件名' },
};

export function unsafeError(file: string, e: UnsafeEntryError): AppError {
  const r = REASONS[e.reason];
  // the catalog text takes one {reason}; give the English one and keep both in detail
  return new AppError('INSTALL_ARCHIVE_UNSAFE', { entry: e.entry.slice(0, 200), file, reason: r.en }, `${e.message} | ${r.zh}`);
}

let tarFlavor: Promise<'gnu' | 'bsd' | null> | null = null;
/** Which tar program this machine has (cached). */
export function systemTarFlavor(): Promise<'gnu' | 'bsd' | null> {
  tarFlavor ??= run('tar', ['--version'], { timeoutMs: 10_000 }).then((r) => {
    if (r.spawnError || r.code !== 0) return null;
    if (/GNU tar/.test(r.stdout)) return 'gnu';
    if (/bsdtar|libarchive/.test(r.stdout)) return 'bsd';
    return null;
  });
  return tarFlavor;
}

function fileName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** Hash and count the compressed bytes as they go by; report progress. */
class HashTap extends Transform {
  readonly hash = createHash('sha256');
  done = 0;
  private meter = new SpeedMeter();
  constructor(
    private readonly job: JobContext,
    private readonly total: number,
    private readonly file: string,
  ) {
    super({ highWaterMark: 1 << 20 });
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback) {
    this.hash.update(chunk);
    this.done += chunk.length;
    this.meter.sample(this.done);
    this.job.progress({
      phase: 'extract',
      file: this.file,
      done: this.done,
      total: this.total,
      overallDone: this.done,
      overallTotal: this.total,
      unit: 'bytes',
      speed: this.meter.speed(),
      etaSeconds: this.meter.eta(this.done, this.total),
    }, this.done === this.total);
    cb(null, chunk);
  }
}

/** A writable that feeds a tar child's stdin and finishes when the child has exited. */
function systemTarSink(flavor: 'gnu' | 'bsd', dest: string, signal: AbortSignal): { sink: Writable; done: Promise<void> } {
  const args =
    flavor === 'gnu'
      ? ['-x', '-f', '-', '-C', dest, '--no-same-owner', '--warning=no-unknown-keyword', '--warning=no-timestamp']
      : ['-x', '-f', '-', '-C', dest, '--no-same-owner'];
  const child = spawn('tar', args, { stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, signal, windowsHide: true });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 64 * 1024) stderr += d;
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e) => reject(e));
    child.on('close', (code, sig) => {
      if (code === 0) resolve();
      else {
        const err = new Error(`tar exited with ${code ?? sig}: ${stderr.trim()}`) as Error & { code?: string; path?: string };
        if (/No space left on device|Disk quota exceeded/i.test(stderr)) {
          err.code = 'ENOSPC';
          err.path = dest;
        } else if (/Permission denied/i.test(stderr)) {
          err.code = 'EACCES';
          err.path = dest;
        }
        reject(err);
      }
    });
  });
  // the child closing stdin early (it failed) must not surface as EPIPE before its real error
  child.stdin!.on('error', () => {});
  const sink = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _e, cb) {
      if (child.stdin!.destroyed) return cb();
      if (child.stdin!.write(chunk)) cb();
      else child.stdin!.once('drain', () => cb());
    },
    final(cb) {
      child.stdin!.end();
      done.then(() => cb(), (e) => cb(e));
    },
    destroy(err, cb) {
      if (err && child.exitCode === null) child.kill('SIGKILL');
      cb(err);
    },
  });
  // if the child dies first, fail the pipeline with its error
  done.catch((e) => sink.destroy(e));
  return { sink, done };
}

async function nodeTarSink(dest: string): Promise<{ sink: Writable; done: Promise<void> }> {
  const tar = await import('tar');
  const unpack = new tar.Unpack({ cwd: dest, strict: true, preserveOwner: false, processUmask: 0o022 }) as unknown as Writable;
  const done = new Promise<void>((resolve, reject) => {
    unpack.on('close', () => resolve());
    unpack.on('finish', () => resolve());
    unpack.on('error', reject);
  });
  return { sink: unpack, done };
}

function mapError(err: unknown, archive: string, dest: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof UnsafeEntryError) return unsafeError(fileName(archive), err);
  if (err instanceof CorruptTarError) return new AppError('INSTALL_ARCHIVE_CORRUPT', { file: fileName(archive), reason: err.reason }, err.stack);
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'Z_DATA_ERROR' || e?.code === 'Z_BUF_ERROR' || e?.code === 'TAR_BAD_ARCHIVE' || /unexpected end of file|incorrect header check/i.test(e?.message ?? '')) {
    return new AppError('INSTALL_ARCHIVE_CORRUPT', { file: fileName(archive), reason: e.message }, e.stack);
  }
  if (e?.code === 'ENOENT' && e.path === archive) return new AppError('FILE_NOT_READABLE', { path: archive }, e.stack);
  const app = toAppError(err);
  if (app.code === 'INTERNAL') return new AppError('INSTALL_EXTRACT_FAILED', { path: dest, reason: e?.message ?? String(err) }, e?.stack);
  return app;
}

/**
 * Verify and unpack a Go archive in one pass into `destDir/<top>`. The caller commits the tree
 * (renames it into place) only after this resolved. See the module comment.
 */
export async function extractGoArchive(opts: ExtractOptions): Promise<ExtractResult> {
  const top = opts.expectedTop ?? 'go';
  const { archive, destDir, job } = opts;
  const expected = opts.expectedSha256.toLowerCase();
  throwIfCancelled(job.signal);
  let size: number;
  try {
    size = (await stat(archive)).size;
  } catch (e) {
    throw new AppError('FILE_NOT_READABLE', { path: archive }, (e as Error).message);
  }
  const root = join(destDir, top);
  const destExisted = await lstat(destDir).then(() => true, () => false);
  if (await lstat(root).then(() => true, () => false)) {
    throw new AppError('INSTALL_TARGET_NOT_OURS', { path: root }, 'refusing to extract over an existing tree');
  }
  await mkdir(destDir, { recursive: true });
  const cleanup = async () => {
    await rm(destExisted ? root : destDir, { recursive: true, force: true }).catch(() => {});
  };
  try {
    const isZip = /\.zip$/i.test(archive);
    if (isZip) {
      const r = await extractZip(opts, top, size);
      return { ...r, root };
    }
    const flavor = opts.engine === 'node-tar' ? null : await systemTarFlavor();
    const tap = new HashTap(job, size, fileName(archive));
    const guard = new TarGuard({ top, hashFiles: opts.hashFiles });
    const { sink, done } = flavor ? systemTarSink(flavor, destDir, job.signal) : await nodeTarSink(destDir);
    await Promise.all([
      pipeline(
        createReadStream(archive, { highWaterMark: 1 << 20 }),
        tap,
        createGunzip({ chunkSize: 256 * 1024 }),
        guard,
        sink,
        { signal: job.signal },
      ),
      done,
    ]);
    const actual = tap.hash.digest('hex');
    if (actual !== expected) {
      throw new AppError('INSTALL_ARCHIVE_HASH_MISMATCH', { file: fileName(archive), expected, actual });
    }
    if (!guard.ended) throw new CorruptTarError('the archive has no end marker');
    if (!(await lstat(root).then((s) => s.isDirectory(), () => false))) throw new CorruptTarError(`the archive has no ${top}/ folder`);
    await checkExtractedTree(root, top, guard);
    job.log('archive.extracted', { archive, sha256: actual, files: guard.fileCount, bytes: guard.byteCount, engine: flavor ? `${flavor}-tar` : 'node-tar' });
    return { root, files: guard.fileCount, bytes: guard.byteCount, fileList: guard.files, sha256: actual, engine: flavor ? 'system-tar' : 'node-tar' };
  } catch (err) {
    await cleanup();
    if (job.signal.aborted) throw new AppError('CANCELLED', {}, (err as Error)?.message);
    const mapped = mapError(err, archive, destDir);
    // an archive that fails while unpacking may simply be damaged: its fingerprint is the true
    // reason ("does not match", copy again), not "cannot be unpacked" or "dangerous"
    if (CONTENT_FAILURES.has(mapped.code)) {
      const actual = await hashFile(archive, job, size).catch(() => null);
      if (actual && actual !== expected) throw new AppError('INSTALL_ARCHIVE_HASH_MISMATCH', { file: fileName(archive), expected, actual }, `${mapped.code}: ${mapped.message}`);
    }
    throw mapped;
  }
}

/** Failures that come from the archive's bytes (as opposed to the disk, rights or a cancel). */
const CONTENT_FAILURES = new Set<string>(['INSTALL_ARCHIVE_CORRUPT', 'INSTALL_ARCHIVE_UNSAFE', 'INSTALL_EXTRACT_FAILED']);

/**
 * The extracted tree must be exactly what the guard accepted: every entry on disk is one it
 * passed, of the same kind (a link with the same target, a file of the same size, no set-id or
 * group/other write bits beyond what it allowed), nothing else (no devices, fifos, sockets), and
 * the programs in bin/ have the content that was hashed. Folders tar made on its own get the
 * write bits for group and others cleared.
 */
export async function checkExtractedTree(root: string, top: string, guard: TarGuard): Promise<void> {
  const byPath = new Map(guard.files.map((f) => [f.path, f]));
  const dirs = new Set<string>(['']);
  for (const d of guard.dirs) dirs.add(d.split('/').slice(1).join('/'));
  for (const p of [...byPath.keys(), ...dirs]) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const seen = new Set<string>();
  const bad = (rel: string): never => {
    throw new UnsafeEntryError(`${top}/${rel}`, 'not-accepted');
  };
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(rel ? join(root, rel) : root)) {
      const r = rel ? `${rel}/${name}` : name;
      const st = await lstat(join(root, r));
      if (st.isDirectory()) {
        if (!dirs.has(r)) bad(r);
        if (st.mode & 0o7022) await chmod(join(root, r), st.mode & 0o755);
        await walk(r);
        continue;
      }
      const rec = byPath.get(r);
      if (!rec) bad(r);
      seen.add(r);
      if (st.isSymbolicLink()) {
        if (rec!.type !== 'symlink' || (await readlink(join(root, r))) !== rec!.linkTarget) bad(r);
      } else if (st.isFile()) {
        if (rec!.type === 'symlink') bad(r);
        if (rec!.type === 'file' && st.size !== rec!.size) bad(r);
        if (st.mode & 0o7022 || (rec!.type === 'file' && st.mode & 0o777 & ~rec!.mode)) bad(r);
        if (rec!.type === 'file' && rec!.sha256 && /^bin\/[^/]+$/.test(r)) {
          const h = createHash('sha256');
          await pipeline(createReadStream(join(root, r)), new Writable({ write: (c: Buffer, _e, cb) => (h.update(c), cb()) }));
          if (h.digest('hex') !== rec!.sha256) bad(r);
        }
      } else bad(r); // device, fifo, socket
    }
  };
  await walk('');
  for (const p of byPath.keys()) if (!seen.has(p)) bad(p);
}

async function hashFile(path: string, job: JobContext, size: number): Promise<string> {
  const tap = new HashTap(job, size, fileName(path));
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), tap, new Writable({ write: (_c, _e, cb) => cb() }), { signal: job.signal });
  return tap.hash.digest('hex');
}

async function extractZip(opts: ExtractOptions, top: string, size: number): Promise<Omit<ExtractResult, 'root'>> {
  const { archive, destDir, job } = opts;
  const actual = await hashFile(archive, job, size);
  if (actual !== opts.expectedSha256.toLowerCase()) {
    throw new AppError('INSTALL_ARCHIVE_HASH_MISMATCH', { file: fileName(archive), expected: opts.expectedSha256.toLowerCase(), actual });
  }
  const yauzl = await import('yauzl');
  const zip = await new Promise<import('yauzl').ZipFile>((resolve, reject) =>
    yauzl.open(archive, { lazyEntries: true, autoClose: true, strictFileNames: true, validateEntrySizes: true }, (e, z) => (e ? reject(e) : resolve(z!))),
  );
  const files: InstalledFile[] = [];
  let bytes = 0;
  const links = new Set<string>();
  const linkTargets = new Map<string, string>();
  {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: import('yauzl').Entry) => {
        (async () => {
          throwIfCancelled(job.signal);
          const name = entry.fileName;
          const parts = checkEntryPath(name, top);
          for (let i = 1; i <= parts.length; i++) if (links.has(parts.slice(0, i).join('/'))) throw new UnsafeEntryError(name, 'through-link');
          const out = join(destDir, ...parts);
          const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
          const fmt = unixMode & 0o170000;
          const isDir = name.endsWith('/') || fmt === 0o040000;
          if (fmt && fmt !== 0o100000 && fmt !== 0o040000 && fmt !== 0o120000) throw new UnsafeEntryError(name, 'device-file');
          if (isDir) {
            await mkdir(out, { recursive: true });
          } else {
            await mkdir(dirname(out), { recursive: true });
            const stream = await new Promise<NodeJS.ReadableStream>((res, rej) => zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s!))));
            if (fmt === 0o120000) {
              const chunks: Buffer[] = [];
              for await (const c of stream) chunks.push(c as Buffer);
              const target = Buffer.concat(chunks).toString('utf8');
              const clean = parts.join('/');
              const resolved = posix.normalize(posix.join(posix.dirname(clean), target));
              if (!target || target.startsWith('/') || target.includes('\\') || (resolved !== top && !resolved.startsWith(top + '/'))) {
                throw new UnsafeEntryError(name, 'link-outside');
              }
              links.add(clean);
              linkTargets.set(clean, target);
              for (const l of linkTargets.keys()) if (!resolveInTree(l, linkTargets, top)) throw new UnsafeEntryError(l === clean ? name : l, 'link-outside');
              await symlink(target, out);
              files.push({ path: parts.slice(1).join('/'), size: 0, mode: 0o777, type: 'symlink', linkTarget: target });
            } else {
              const h = createHash('sha256');
              const hasher = new Transform({ transform(c: Buffer, _e, cb) { h.update(c); cb(null, c); } });
              const mode = unixMode & 0o777 ? unixMode & 0o777 : 0o644;
              await pipeline(stream, hasher, createWriteStream(out, { flags: 'wx', mode }));
              await chmod(out, mode);
              bytes += entry.uncompressedSize;
              files.push({ path: parts.slice(1).join('/'), size: entry.uncompressedSize, mode, type: 'file', sha256: h.digest('hex') });
            }
          }
          zip.readEntry();
        })().catch((e) => {
          zip.close();
          reject(e);
        });
      });
      zip.readEntry();
    });
  }
  return { files: files.length, bytes, fileList: files, sha256: actual, engine: 'zip' };
}
