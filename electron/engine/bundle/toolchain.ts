/**
 * The Go toolchain `bundle create --project` prepares modules with, reused across runs: extracted
 * once to a stable folder keyed by the archive's SHA-256 (`<cache>/toolchains/<sha256>/go`), so
 * Go's build cache (keyed by content and by the toolchain's own files) is hit on the next create
 * instead of paying 14–27 s of extraction and a cold compile each time. The folder is written
 * beside its final place and renamed into it whole (a crash leaves no half tree under the final
 * name), carries `ready.json` (the archive's SHA-256 and the SHA-256 of `bin/go`), and is checked
 * on every reuse; a folder that fails the check is replaced. Only the few most recently used
 * toolchains are kept. Go's build cache for these runs is ours too (`<cache>/gocache`), trimmed
 * when it grows past a bound, so the user's own cache does not grow with every create.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, type BigIntStats } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DownloadedFile } from '../../../shared/releases';
import { extractGoArchive } from '../install/extract';
import type { JobContext } from '../jobs';
import { run } from '../exec';
import { cacheDir, type Env } from '../paths';
import { hashFile } from './io';
import { writeFileAtomic } from '../atomic';

export interface CachedToolchain {
  /** GOROOT to run */
  goroot: string;
  /** how it was had: extracted just now, or reused from an earlier run */
  source: 'extracted' | 'reused';
  sha256: string;
}

interface Ready {
  schema: 'go-offline/toolchain@1';
  sha256: string;
  goBinarySha256: string;
  files: number;
}

const KEEP = 2;

export function toolchainsDir(env: Env = process.env): string {
  return join(cacheDir(env), 'toolchains');
}

/** Our own Go build cache for module preparation (never the user's). */
export function goBuildCacheDir(env: Env = process.env): string {
  return join(cacheDir(env), 'gocache');
}

const goBin = (root: string) => join(root, 'bin', process.platform === 'win32' ? 'go.exe' : 'go');

async function chmodWritable(p: string): Promise<void> {
  if (process.platform !== 'win32') await run('chmod', ['-R', 'u+w', p], { timeoutMs: 120_000 });
}

async function removeTree(p: string): Promise<void> {
  if (!(await lstat(p).then(() => true, () => false))) return;
  await chmodWritable(p).catch(() => {});
  await rm(p, { recursive: true, force: true, maxRetries: 2 });
}

/** The cached tree at `dir`, if it is complete and unchanged; null otherwise. */
async function check(dir: string, sha256: string): Promise<Ready | null> {
  try {
    const ready = JSON.parse(await readFile(join(dir, 'ready.json'), 'utf8')) as Ready;
    if (ready.schema !== 'go-offline/toolchain@1' || ready.sha256 !== sha256) return null;
    const bin = await hashFile(goBin(join(dir, 'go')));
    return bin.sha256 === ready.goBinarySha256 ? ready : null;
  } catch {
    return null;
  }
}

async function writeSynced(path: string, text: string): Promise<void> {
  const fh = await open(path, 'w', 0o644);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * A GOROOT extracted from `archive`, reused when an earlier run left a verified one. The archive's
 * SHA-256 is computed when the caller does not know it (or taken from the note of an earlier run
 * for the very same file, see archiveSha256); extraction checks it again.
 */
export async function cachedToolchain(archive: DownloadedFile, opts: { env?: Env; job: JobContext }): Promise<CachedToolchain> {
  const { job } = opts;
  const sha256 = (archive.sha256 || (await archiveSha256(archive.path, { env: opts.env, signal: job.signal }))).toLowerCase();
  const base = toolchainsDir(opts.env);
  const dir = join(base, sha256);
  await mkdir(base, { recursive: true });
  if (await check(dir, sha256)) {
    const now = new Date();
    await utimes(join(dir, 'ready.json'), now, now).catch(() => {});
    job.log('toolchain.reused', { dir, sha256 });
    return { goroot: join(dir, 'go'), source: 'reused', sha256 };
  }
  const tmp = join(base, `.${sha256.slice(0, 16)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const extracted = await extractGoArchive({ archive: archive.path, expectedSha256: sha256, destDir: tmp, job, hashFiles: false });
    const bin = await hashFile(goBin(extracted.root), { signal: job.signal });
    const ready: Ready = { schema: 'go-offline/toolchain@1', sha256, goBinarySha256: bin.sha256, files: extracted.files };
    await writeSynced(join(tmp, 'ready.json'), JSON.stringify(ready, null, 2) + '\n');
    // a damaged earlier copy goes; a verified one another run just made wins
    if (existsSync(dir)) {
      if (await check(dir, sha256)) {
        await removeTree(tmp);
        return { goroot: join(dir, 'go'), source: 'reused', sha256 };
      }
      await removeTree(dir);
    }
    await rename(tmp, dir);
    job.log('toolchain.extracted', { dir, sha256, files: extracted.files });
  } catch (e) {
    await removeTree(tmp).catch(() => {});
    throw e;
  }
  await prune(base, sha256);
  return { goroot: join(dir, 'go'), source: 'extracted', sha256 };
}

interface HashNote {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  sha256: string;
  used: number;
}
interface HashNotes {
  schema: 'go-offline/archive-hashes@1';
  files: Record<string, HashNote>;
}
const NOTES_KEPT = 32;

/** Where the SHA-256 of archives given as files is noted (beside the toolchains, in our cache). */
export function archiveHashNotes(env: Env = process.env): string {
  return join(cacheDir(env), 'archive-hashes.json');
}

const identity = (st: BigIntStats) => ({ dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs) });
const sameFile = (a: ReturnType<typeof identity>, b: ReturnType<typeof identity>) => a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

async function readNotes(file: string): Promise<HashNotes> {
  try {
    const n = JSON.parse(await readFile(file, 'utf8')) as HashNotes;
    if (n.schema === 'go-offline/archive-hashes@1' && n.files && typeof n.files === 'object') return n;
  } catch {
    /* none yet, or unreadable: start again */
  }
  return { schema: 'go-offline/archive-hashes@1', files: {} };
}

/**
 * The SHA-256 of an archive given as a file (`--archive`), read once per file: the result is
 * noted with the file's identity (device, inode, size, and the modification and change times to
 * the nanosecond), and a later run for the very same, unchanged file takes the note instead of
 * reading 100+ MiB again. Any change to the file (a write, a replacement, even `touch`) changes
 * its change time, which user programs cannot set back, so a stale note is never used. The hash
 * is still checked where it matters: extraction checks it, and the export reads the copy on the
 * media back against it (a mismatch is BUNDLE_SOURCE_CHANGED or BUNDLE_READBACK_FAILED).
 */
export async function archiveSha256(path: string, opts: { env?: Env; signal?: AbortSignal } = {}): Promise<string> {
  const key = resolve(path);
  const notesFile = archiveHashNotes(opts.env);
  const before = identity(await stat(key, { bigint: true }));
  const note = (await readNotes(notesFile)).files[key];
  if (note && sameFile(note, before) && /^[0-9a-f]{64}$/.test(note.sha256)) return note.sha256;
  const { sha256 } = await hashFile(key, { signal: opts.signal });
  // noted only when the file did not change while it was read
  if (sameFile(identity(await stat(key, { bigint: true })), before)) {
    const notes = await readNotes(notesFile);
    notes.files[key] = { ...before, sha256, used: Date.now() };
    const kept = Object.entries(notes.files).sort((a, b) => b[1].used - a[1].used).slice(0, NOTES_KEPT);
    notes.files = Object.fromEntries(kept);
    await writeFileAtomic(notesFile, JSON.stringify(notes, null, 2) + '\n').catch(() => {});
  }
  return sha256;
}

/** Keep the KEEP most recently used toolchains (and `keep`); leftovers of crashed runs go too. */
async function prune(base: string, keep: string): Promise<void> {
  const entries = await readdir(base).catch(() => [] as string[]);
  const trees: Array<{ name: string; used: number }> = [];
  for (const name of entries) {
    const p = join(base, name);
    if (name.endsWith('.tmp')) {
      // another run's extraction in progress is younger than an hour
      const st = await stat(p).catch(() => null);
      if (st && Date.now() - st.mtimeMs > 3600_000) await removeTree(p).catch(() => {});
      continue;
    }
    const st = await stat(join(p, 'ready.json')).catch(() => null);
    trees.push({ name, used: st?.mtimeMs ?? 0 });
  }
  const others = trees.filter((t) => t.name !== keep).sort((a, b) => b.used - a.used);
  for (const t of others.slice(KEEP - 1)) await removeTree(join(base, t.name)).catch(() => {});
}

/** Bytes in a folder tree (files only). */
async function treeSize(dir: string): Promise<number> {
  let n = 0;
  const ents = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of ents) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += await treeSize(p);
    else if (e.isFile()) n += (await stat(p).catch(() => null))?.size ?? 0;
  }
  return n;
}

/**
 * Empty our build cache when it has grown past `maxBytes` (Go itself trims entries unused for
 * days). Measuring means a stat of every entry (tens of thousands in a well-used cache), so it is
 * done at most once per `everyMs` (a day, as often as Go trims its own), noted by the time of
 * `<dir>.checked`; `checked: false` says this call did not measure.
 */
export async function trimGoBuildCache(dir: string, maxBytes = 2 * 1024 ** 3, opts: { everyMs?: number } = {}): Promise<{ size: number | null; trimmed: boolean; checked: boolean }> {
  const every = opts.everyMs ?? 24 * 3600_000;
  const marker = `${dir}.checked`;
  const last = await stat(marker).catch(() => null);
  if (every > 0 && last && Date.now() - last.mtimeMs < every) return { size: null, trimmed: false, checked: false };
  const size = await treeSize(dir);
  await writeFileAtomic(marker, new Date().toISOString() + '\n', { durable: false }).catch(() => {});
  if (size <= maxBytes) return { size, trimmed: false, checked: true };
  await removeTree(dir);
  return { size, trimmed: true, checked: true };
}

/**
 * The host's own Go when it is the release being bundled for this platform (`go` on PATH, asked
 * with GOTOOLCHAIN=local outside any module): no extraction at all, and its build cache paths are
 * stable. Null when there is none or it differs in version, OS or architecture.
 */
export async function hostGoMatching(version: string, platform: string, env: Env = process.env, signal?: AbortSignal): Promise<string | null> {
  const r = await run('go', ['env', 'GOVERSION', 'GOROOT', 'GOOS', 'GOARCH'], { env: { ...env, GOROOT: undefined, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off' }, cwd: tmpdir(), timeoutMs: 30_000, signal }).catch(() => null);
  if (!r || r.code !== 0) return null;
  const [v, root, os, arch] = r.stdout.trim().split('\n').map((l) => l.trim());
  if (!v || !root || v !== version || `${os}-${arch}` !== platform) return null;
  return existsSync(goBin(root)) ? root : null;
}
