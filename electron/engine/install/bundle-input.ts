/**
 * Reading a bundle for installation: the manifest (shared/bundle.ts), SHA256SUMS cross-checked
 * against it, every file present with its size, and every small file hashed. The archive that
 * will be installed is hashed during extraction (the one pass), not here. Relay URLs: the
 * manifest, sums, the chosen archive and the module proxy files are fetched into the cache first.
 *
 * Seam: once the bundle step's `verifyBundle`/`materializeFile` (electron/engine/bundle) is
 * committed, `openInstallBundle` should delegate to them.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { arch as osArch, machine } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/errors';
import { bundleManifest, type BundleFile, type BundleManifest } from '../../../shared/bundle';
import { throwIfCancelled, type JobContext } from '../jobs';
import { cacheDir, type Env } from '../paths';
import { machineToGoArch, nodeArchToGoArch, nodePlatformToGoOS } from '../platform/parse';

export interface InstallBundle {
  /** local folder holding the files (the bundle itself, or the cache copy of a relay URL) */
  dir: string;
  source: string;
  manifest: BundleManifest;
}

function invalid(bundle: string, reason: string): AppError {
  return new AppError('INSTALL_BUNDLE_INVALID', { bundle, reason });
}

export function bundlePath(dir: string, rel: string): string {
  const full = resolve(dir, ...rel.split('/'));
  if (!full.startsWith(resolve(dir) + sep)) throw invalid(dir, `the path ${rel} leaves the bundle`);
  return full;
}

function parseSums(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t) continue;
    const r = t.match(/^([0-9a-fA-F]{64})\s+\*?(.+)$/);
    if (r) m.set(r[2]!, r[1]!.toLowerCase());
  }
  return m;
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

/** This machine in Go's names, e.g. linux-amd64. */
export function hostPlatform(platform: NodeJS.Platform = process.platform): { os: string; arch: string; id: string } {
  const os = nodePlatformToGoOS(platform);
  let a: string | null = null;
  try {
    a = machineToGoArch(machine());
  } catch {
    a = null;
  }
  a ??= nodeArchToGoArch(osArch()) ?? osArch();
  return { os, arch: a, id: `${os}-${a}` };
}

/** Pick the archive for this host; explain which platforms the bundle has when none fits. */
export function pickArchive(manifest: BundleManifest, host: { os: string; arch: string; id: string }, version?: string): BundleFile {
  const archives = manifest.files.filter((f) => f.kind === 'archive');
  const fits = archives.filter((f) => f.os === host.os && f.arch === host.arch && (!version || f.version === version || f.version === `go${version}`));
  if (!fits.length) {
    const available = [...new Set(archives.map((f) => `${f.os}-${f.arch}${f.version ? ` (${f.version})` : ''}`))].join(', ') || 'no Go archives';
    throw new AppError('INSTALL_NO_ARCHIVE_FOR_HOST', { needed: host.id, available });
  }
  const preferZip = host.os === 'windows';
  fits.sort((x, y) => {
    const zx = x.path.endsWith('.zip') === preferZip ? 0 : 1;
    const zy = y.path.endsWith('.zip') === preferZip ? 0 : 1;
    if (zx !== zy) return zx - zy;
    return compareGoVersions(y.version ?? '', x.version ?? '');
  });
  return fits[0]!;
}

export function compareGoVersions(a: string, b: string): number {
  const pa = a.replace(/^go/, '').split(/[.a-z]+/).map((x) => Number(x) || 0);
  const pb = b.replace(/^go/, '').split(/[.a-z]+/).map((x) => Number(x) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

async function fetchTo(url: string, dest: string, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { signal });
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
  await mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.part`;
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(tmp), { signal });
  await rename(tmp, dest);
}

/**
 * Open and check a bundle folder (or fetch from a relay URL). Checks everything except the
 * archive's hash, which `extractGoArchive` proves in its one pass.
 */
export async function openInstallBundle(source: string, opts: { env: Env; job: JobContext; host: { os: string; arch: string; id: string }; version?: string }): Promise<{ bundle: InstallBundle; archive: BundleFile }> {
  const { job } = opts;
  let dir = source;
  const isUrl = /^https?:\/\//i.test(source);
  if (isUrl) {
    const base = source.endsWith('/') ? source : source + '/';
    dir = join(cacheDir(opts.env), 'relay', createHash('sha256').update(base).digest('hex').slice(0, 16));
    try {
      await fetchTo(base + 'manifest.json', join(dir, 'manifest.json'), job.signal);
      await fetchTo(base + 'SHA256SUMS', join(dir, 'SHA256SUMS'), job.signal);
    } catch (e) {
      throw invalid(source, `the relay did not answer (${(e as Error).message})`);
    }
  } else {
    dir = resolve(source);
  }
  let manifest: BundleManifest;
  try {
    const raw = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    const parsed = bundleManifest.safeParse(raw);
    if (!parsed.success) throw invalid(source, `manifest.json is not valid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 3).join('; ')})`);
    manifest = parsed.data;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw invalid(source, `manifest.json cannot be read (${(e as Error).message})`);
  }
  let sums: Map<string, string>;
  try {
    sums = parseSums(await readFile(join(dir, 'SHA256SUMS'), 'utf8'));
  } catch {
    throw invalid(source, 'SHA256SUMS is missing');
  }
  for (const f of manifest.files) {
    const s = sums.get(f.path);
    if (s !== f.sha256) throw invalid(source, `SHA256SUMS and manifest.json disagree about ${f.path}`);
  }
  const archive = pickArchive(manifest, opts.host, opts.version);
  const proxyPrefix = manifest.modules ? manifest.modules.proxyPath.replace(/\/?$/, '/') : null;
  const needed = manifest.files.filter((f) => f === archive || (proxyPrefix && f.path.startsWith(proxyPrefix)) || f.kind === 'module-proxy');
  for (const f of manifest.files) {
    throwIfCancelled(job.signal);
    const p = bundlePath(dir, f.path);
    if (isUrl && !needed.includes(f)) continue;
    if (isUrl) {
      try {
        const have = await stat(p).then((s) => s.size === f.size, () => false);
        if (!have || (f !== archive && (await sha256(p)) !== f.sha256)) await fetchTo(new URL(f.path, source.endsWith('/') ? source : source + '/').href, p, job.signal);
      } catch (e) {
        throw invalid(source, `${f.path} could not be fetched (${(e as Error).message})`);
      }
    }
    const st = await stat(p).catch(() => null);
    if (!st || !st.isFile()) {
      if (f.parts?.length) continue; // split files are joined by the bundle step; not needed here
      throw invalid(source, `${f.path} is missing`);
    }
    if (st.size !== f.size) throw invalid(source, `${f.path} has ${st.size} bytes instead of ${f.size}`);
    if (f.kind !== 'archive') {
      const h = await sha256(p);
      if (h !== f.sha256) throw new AppError('INSTALL_ARCHIVE_HASH_MISMATCH', { file: f.path, expected: f.sha256, actual: h });
    }
  }
  return { bundle: { dir, source, manifest }, archive };
}
