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
import { createHash } from 'node:crypto';
import { mkdir, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { diskEntries, MANIFEST_NAME, type BundleFile, type BundleManifest, type BundleProblem } from '../../../shared/bundle';
import { isUrl, problemParams, materializeFile, readManifest, safeJoin, type BundleSource } from '../bundle';
import { throwIfCancelled, type JobContext } from '../jobs';
import { hostPlatform } from '../platform';
import { refusalFor, signatureNotJudged, verifyBundleSignature, type VerifySignatureOptions } from '../signing';
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

/** Errors that mean the files on the media are not the ones the media was made with. */
export const DAMAGED_FILES = new Set<string>(['INSTALL_ARCHIVE_HASH_MISMATCH', 'BUNDLE_FILE_CORRUPT', 'BUNDLE_TAMPERED', 'BUNDLE_MANIFEST_MISMATCH']);

/**
 * The preparer's signature judged against this machine's trusted keys and policy, before anything
 * is written, but not yet said: a signature over a manifest proves nothing about files that do
 * not match it, so the verdict is audited and shown only once the archive has matched its SHA-256
 * (install says it after `archive.verified`; over damaged files it says `not-judged`). A verdict
 * that refuses the bundle is thrown here, with nothing created, after the archive was proven
 * first: damaged media is reported as damaged (INSTALL_ARCHIVE_HASH_MISMATCH, BUNDLE_TAMPERED,
 * BUNDLE_FILE_CORRUPT), whatever the signature policy would have said.
 */
export async function judgeInstallSignature(from: string, opts: VerifySignatureOptions & { job: JobContext; host: { os: string; arch: string; id: string }; version?: string }): Promise<BundleSignatureCheck> {
  const read = await readManifest(isUrl(from) ? from : await realpath(from).catch(() => from));
  const check = await verifyBundleSignature(read, opts);
  const refusal = refusalFor(check, read.source.location, opts.env);
  if (refusal) {
    const { bundle, archive } = await openInstallBundle(from, opts);
    await proveArchive(bundle, archive, opts.job);
    throw refusal;
  }
  return check;
}

/** What the audit log records of a signature check. */
function signatureAudit(c: BundleSignatureCheck): Record<string, unknown> {
  return { status: c.status, outcome: c.outcome, policy: c.policy, policyFrom: c.policyFrom, signer: c.signer?.fingerprint ?? null, signerNames: c.signer?.userIds ?? [], signedAt: c.signedAt ?? null, clock: c.clock };
}

/**
 * The one `bundle.signature` line of an install: the verdict once the archive has proved
 * (`verdict`), or, when the install failed first because the files are damaged, "not judged"
 * (`failed`); a failure for any other reason before the archive proved says nothing about it.
 */
export function signatureSaying(audit: (event: string, data: Record<string, unknown>) => Promise<void>, opts: VerifySignatureOptions) {
  let said = false;
  return {
    async verdict(c: BundleSignatureCheck): Promise<void> {
      said = true;
      await audit('bundle.signature', signatureAudit(c));
    },
    async failed(e: AppError): Promise<void> {
      if (said || !DAMAGED_FILES.has(e.code)) return;
      said = true;
      await audit('bundle.signature', signatureAudit(await signatureNotJudged(opts)));
    },
  };
}

/**
 * Read the archive (each part of a split one) and compare its SHA-256 with the manifest's and
 * SHA256SUMS' (which readManifest has already found to agree), writing nothing.
 */
async function proveArchive(bundle: InstallBundle, archive: BundleFile, job: JobContext): Promise<void> {
  const source = bundle.source;
  const whole = createHash('sha256');
  for (const piece of diskEntries(archive)) {
    const chunks = await source.stream(piece.path, job.signal, piece.size);
    if (!chunks) throw new AppError('BUNDLE_FILE_CORRUPT', { path: piece.path, source: source.location, problem: 'missing' });
    const h = createHash('sha256');
    for await (const c of chunks) {
      throwIfCancelled(job.signal);
      h.update(c);
      whole.update(c);
    }
    const actual = h.digest('hex');
    if (archive.parts?.length && actual !== piece.sha256) throw new AppError('BUNDLE_FILE_CORRUPT', { path: piece.path, source: source.location, problem: `sha256 ${actual}, expected ${piece.sha256}` });
  }
  const actual = whole.digest('hex');
  if (actual !== archive.sha256) throw new AppError('INSTALL_ARCHIVE_HASH_MISMATCH', { file: basename(archive.path), expected: archive.sha256, actual });
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
