/**
 * Reading a bundle for installation, through the bundle engine (electron/engine/bundle), which
 * owns the format and its checks:
 *
 * - `readManifest` (folder or relay URL): manifest.json against SHA256SUMS, both parsed and
 *   cross-checked (BUNDLE_NOT_FOUND / BUNDLE_MANIFEST_MISMATCH / BUNDLE_MANIFEST_INVALID /
 *   BUNDLE_TOO_NEW, all exit 2);
 * - folders: every file listed (parts of split files included) present with its size, a cheap
 *   check that catches truncated copies before anything is written (BUNDLE_TAMPERED naming each);
 * - every file that install uses is proven by SHA-256 while it is read: a plain archive in a
 *   folder in extraction's one pass (INSTALL_ARCHIVE_HASH_MISMATCH), a split archive or anything
 *   from a relay by `materializeFile`, which checks each part and the whole (BUNDLE_FILE_CORRUPT
 *   naming the part or file), module proxy files by `materializeFile` while they are copied.
 *
 * Files install does not use (scripts, README, other platforms' archives) are not hashed here:
 * `go-offline bundle verify` checks every byte.
 */
import { mkdir, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { MANIFEST_NAME, type BundleFile, type BundleManifest, type BundleProblem } from '../../../shared/bundle';
import { isUrl, problemParams, materializeFile, readManifest, safeJoin, type BundleSource } from '../bundle';
import { throwIfCancelled, type JobContext } from '../jobs';
import { hostPlatform } from '../platform';
import { enforceBundleSignature, type VerifySignatureOptions } from '../signing';
import type { BundleSignatureCheck } from '../../../shared/signing';

export { hostPlatform };

export interface InstallBundle {
  source: BundleSource;
  manifest: BundleManifest;
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

/**
 * Open a bundle folder or relay URL for installation: its description checked by the bundle
 * engine, the archive for this host picked, and (folders) every listed file present with its size.
 */
export async function openInstallBundle(from: string, opts: { job: JobContext; host: { os: string; arch: string; id: string }; version?: string }): Promise<{ bundle: InstallBundle; archive: BundleFile }> {
  // a link to a bundle folder is the user's own choice: follow it (links inside stay refused)
  const read = await readManifest(isUrl(from) ? from : await realpath(from).catch(() => from));
  const archive = pickArchive(read.manifest, opts.host, opts.version);
  if (read.source.kind === 'dir') {
    const problems: BundleProblem[] = [];
    for (const [path, exp] of read.expected) {
      throwIfCancelled(opts.job.signal);
      if (path === MANIFEST_NAME) continue;
      const size = await read.source.size(path);
      if (size === null) problems.push({ path, problem: 'missing' });
      else if (size < 0) problems.push({ path, problem: 'not-a-file' });
      else if (size !== exp.size) problems.push({ path, problem: 'size', expected: String(exp.size), actual: String(size) });
    }
    if (problems.length) throw new AppError('BUNDLE_TAMPERED', { count: problems.length, ...problemParams(problems) }, JSON.stringify(problems, null, 2));
  }
  return { bundle: { source: read.source, manifest: read.manifest }, archive };
}

/**
 * The preparer's signature checked against this machine's trusted keys and policy, before
 * anything is written: a refusal (changed after signing, unknown or revoked key, unsigned under
 * "require") throws with nothing created.
 */
export async function checkInstallSignature(from: string, opts: VerifySignatureOptions): Promise<BundleSignatureCheck> {
  const read = await readManifest(isUrl(from) ? from : await realpath(from).catch(() => from));
  return enforceBundleSignature(read, opts);
}

/**
 * A local path of the archive to extract. A whole file in a folder is used in place (extraction
 * hashes it in its one pass); a split file, or one on a relay, is fetched into `scratchDir` by
 * `materializeFile`, which joins the parts and proves each part and the whole first.
 */
export async function localArchive(bundle: InstallBundle, archive: BundleFile, scratchDir: string, job: JobContext): Promise<string> {
  if (bundle.source.kind === 'dir' && !archive.parts?.length) return safeJoin(bundle.source.location, archive.path);
  const dest = join(scratchDir, basename(archive.path));
  await materializeFile(bundle.source, archive, dest, { job });
  return dest;
}

/** Copy the bundle's module proxy into `dest`, proving every file's SHA-256 as it is copied. */
export async function copyModuleProxy(bundle: InstallBundle, dest: string, job: JobContext): Promise<number> {
  const proxyPath = bundle.manifest.modules?.proxyPath.replace(/\/+$/, '');
  if (!proxyPath) return 0;
  // a project without dependencies has an empty proxy: the folder must exist all the same
  await mkdir(dest, { recursive: true });
  const files = bundle.manifest.files.filter((f) => f.path.startsWith(proxyPath + '/'));
  for (const f of files) {
    throwIfCancelled(job.signal);
    await materializeFile(bundle.source, f, safeJoin(dest, f.path.slice(proxyPath.length + 1)), { job });
  }
  return files.length;
}
