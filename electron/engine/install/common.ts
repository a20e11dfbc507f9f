/**
 * Small pieces install, side-by-side versions, rollback and uninstall share: the Go a tree holds,
 * whether it runs, and errors worded for the scope.
 */
import { lstat, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError, toAppError } from '../../../shared/errors';
import type { BundleFile, BundleManifest } from '../../../shared/bundle';
import type { InstallScope, InstalledFile, InstalledTree } from '../../../shared/install';
import { writeFileAtomic } from '../atomic';
import { homeDir, type Env } from '../paths';
import { run } from '../exec';

export const exists = (p: string) => lstat(p).then(() => true, () => false);

export function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export async function readVersion(goroot: string): Promise<string | null> {
  const t = await readFile(join(goroot, 'VERSION'), 'utf8').catch(() => null);
  return t ? t.split(/\r?\n/)[0]!.trim() || null : null;
}

/**
 * Run `go version` from an unpacked tree (before it is put in place): a tree that does not run
 * must not replace a working Go. Outside any module, the toolchain pinned, no user settings.
 */
export async function goVersionOf(goroot: string, env: Env, platform: NodeJS.Platform, signal: AbortSignal): Promise<{ ok: true; output: string } | { ok: false; reason: string }> {
  const exe = join(goroot, 'bin', platform === 'win32' ? 'go.exe' : 'go');
  const r = await run(exe, ['version'], {
    cwd: goroot,
    env: { PATH: env.PATH, HOME: env.HOME, USERPROFILE: env.USERPROFILE, SYSTEMROOT: env.SYSTEMROOT, TMPDIR: env.TMPDIR, TEMP: env.TEMP, TMP: env.TMP, GOTOOLCHAIN: 'local', GOENV: 'off', LC_ALL: 'C' },
    timeoutMs: 120_000,
    signal,
  });
  if (signal.aborted) throw new AppError('CANCELLED');
  const out = r.stdout.trim();
  if (r.spawnError) return { ok: false, reason: r.spawnError.code === 'ENOENT' ? 'there is no bin/go in it' : `it cannot be started (${r.spawnError.code ?? r.spawnError.message})` };
  if (r.timedOut) return { ok: false, reason: 'it did not answer within 2 minutes' };
  if (r.code !== 0) return { ok: false, reason: `it exited with ${r.code ?? r.signal}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]!.slice(0, 200)}` : ''}` };
  if (!/^go version go\S+ \S+/.test(out)) return { ok: false, reason: `it printed "${out.slice(0, 120)}" instead of a Go version` };
  return { ok: true, output: out };
}

export async function looksLikeGo(goroot: string): Promise<boolean> {
  return (await exists(join(goroot, 'VERSION'))) || (await exists(join(goroot, 'bin', 'go'))) || (await exists(join(goroot, 'bin', 'go.exe'))) || (await exists(join(goroot, 'src', 'runtime')));
}

export function wrapPermission(err: unknown, scope: InstallScope, path: string): AppError {
  const e = toAppError(err);
  if (e.code === 'NO_PERMISSION' && scope === 'system') return new AppError('INSTALL_NEEDS_ADMIN', { path }, e.detail);
  // a write() that hit a full disk carries no path: name the folder being changed, never "."
  if ((e.code === 'NO_SPACE' || e.code === 'NO_PERMISSION') && !e.params.path) return new AppError(e.code, { ...e.params, path }, e.detail);
  return e;
}

/**
 * The transfer report's facts as this machine sees them, for the audit log: when and by what the
 * bundle was made, its targets, the signer, and every file the manifest pins (size and SHA-256)
 * with what install itself does to check it. The preparer's transfer-report.html lists the same
 * files and hashes, so support staff can compare the two ends line by line.
 */
export function transferFacts(manifest: BundleManifest, archive: BundleFile, sourceKind: string): Record<string, unknown> {
  const checkedHere = (f: BundleFile): string => {
    if (f.path === archive.path) return 'sha256-while-extracting';
    if (f.kind === 'module-proxy') return 'sha256-while-copying';
    return sourceKind === 'dir' ? 'size-only' : 'listed-only';
  };
  const pinned = (name: string) => manifest.files.find((f) => f.path === name)?.sha256 ?? null;
  return {
    createdAt: manifest.createdAt,
    creator: manifest.creator,
    goVersions: manifest.go.versions,
    targets: manifest.targets.map((t) => t.platform),
    signer: manifest.signer?.fingerprint ?? null,
    report: pinned('transfer-report.html'),
    sbom: pinned('sbom.cdx.json'),
    files: manifest.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, checkedHere: checkedHere(f) })),
  };
}

/** Where versions beside the default one go: `~/sdk` (user) or `<prefix>/go-versions` (system). */
export function versionsDir(scope: InstallScope, env: Env, prefix: string, platform: NodeJS.Platform = process.platform): string {
  return scope === 'user' ? join(homeDir(env, platform), 'sdk') : join(prefix, 'go-versions');
}

/** The folder of the `go1.X.Y` wrappers. */
export function wrappersDir(scope: InstallScope, env: Env, prefix: string, platform: NodeJS.Platform = process.platform): string {
  return join(versionsDir(scope, env, prefix, platform), 'bin');
}

/**
 * The installed-file list of a tree just placed, written (atomically) where its record will point,
 * and what every install record (the default's and a side version's) says of that tree.
 */
export async function recordPlacedTree(o: {
  fileListPath: string;
  extracted: { fileList: InstalledFile[]; sha256: string; files: number; bytes: number };
  archive: { path: string; size: number };
  source: string;
  platform: string;
  auditLog: string;
}): Promise<InstalledTree> {
  await mkdir(dirname(o.fileListPath), { recursive: true });
  await writeFileAtomic(o.fileListPath, o.extracted.fileList.map((f) => JSON.stringify(f)).join('\n') + '\n');
  return {
    platform: o.platform,
    installedAt: new Date().toISOString(),
    archive: { filename: o.archive.path.split('/').pop()!, sha256: o.extracted.sha256, size: o.archive.size, verified: true },
    source: o.source,
    files: o.extracted.files,
    bytes: o.extracted.bytes,
    fileListPath: o.fileListPath,
    auditLog: o.auditLog,
  };
}
