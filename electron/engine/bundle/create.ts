/**
 * `bundle create` as one engine call shared by the CLI and the UI: target profile → catalog →
 * archives (downloaded into the cache, or given as files) → module proxy for --project (built
 * with a toolchain for this host, extracted to a temp folder) → exportBundle.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extract as tarExtract } from 'tar';
import { AppError } from '../../../shared/errors';
import type { BundleExportResult } from '../../../shared/bundle';
import type { DownloadedFile, ReleaseFile } from '../../../shared/releases';
import type { Finding } from '../../../shared/platform';
import { cacheDir, type Env } from '../paths';
import type { JobContext } from '../jobs';
import { catalogSources, findRelease, loadCatalog, normalizeVersion, selectArchives } from '../releases';
import { downloadFiles } from '../download';
import { prepareModules } from '../modules';
import { describeArchive, exportBundle, type ExportModules } from './export';

export interface CreateBundleOptions {
  version?: string;
  platforms: string[];
  mirrors?: string[];
  /** already-downloaded official archives */
  archiveFiles?: string[];
  projects?: string[];
  vendor?: boolean;
  /** a target profile saved by `go-offline env --save-profile` */
  profile?: string;
  outDir: string;
  env?: Env;
  split?: 'auto' | 'never' | 'always';
  partSize?: number;
  job: JobContext;
}

export interface CreateBundleResult extends BundleExportResult {
  warnings: Finding[];
}

export function hostPlatform(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'armv6l', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${os}-${arch}`;
}

/** Read a target profile (EnvReport) and return the platform and host it describes. */
export async function readTargetProfile(path: string): Promise<{ platform: string; hostname?: string }> {
  const abs = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(abs, 'utf8'));
  } catch (err) {
    throw new AppError('BUNDLE_PROFILE_INVALID', { path: abs, message: (err as Error).message });
  }
  const r = raw as { schema?: string; host?: { platform?: string; hostname?: string } };
  if (!r || r.schema !== 'go-offline/target-profile@1' || typeof r.host?.platform !== 'string' || !/^[a-z0-9]+-[a-z0-9]+$/.test(r.host.platform)) {
    throw new AppError('BUNDLE_PROFILE_INVALID', { path: abs, message: 'schema go-offline/target-profile@1 with host.platform expected' });
  }
  return { platform: r.host.platform, hostname: r.host.hostname };
}

const platformOf = (f: ReleaseFile) => `${f.os}-${f.arch}`;

export async function createBundle(opts: CreateBundleOptions): Promise<CreateBundleResult> {
  const { job } = opts;
  const env = opts.env ?? process.env;
  const targets: Array<{ platform: string; hostname?: string }> = [];
  const platforms = [...opts.platforms];
  if (opts.profile) {
    const t = await readTargetProfile(opts.profile);
    targets.push(t);
    if (!platforms.includes(t.platform)) platforms.push(t.platform);
  }
  for (const p of platforms) if (!targets.some((t) => t.platform === p)) targets.push({ platform: p });
  const version = opts.version ? normalizeVersion(opts.version) : undefined;

  const archives: DownloadedFile[] = [];
  for (const a of opts.archiveFiles ?? []) {
    const d = await describeArchive(a, job, { hash: false });
    if (version && d.file.version !== version) throw new AppError('BUNDLE_NO_ARCHIVES', { version, platforms: `${platformOf(d.file)} (${a} is ${d.file.version})` });
    archives.push(d);
    if (!targets.some((t) => t.platform === platformOf(d.file))) targets.push({ platform: platformOf(d.file) });
  }
  const needHost = (opts.projects?.length ?? 0) > 0 ? hostPlatform() : null;
  const missing = platforms.filter((p) => !archives.some((a) => platformOf(a.file) === p));
  const extraForHost = needHost && ![...platforms, ...archives.map((a) => platformOf(a.file))].includes(needHost) ? [needHost] : [];
  let hostArchive: DownloadedFile | undefined;
  if (missing.length + extraForHost.length > 0) {
    if (!version) throw new AppError('BUNDLE_NO_ARCHIVES', { version: '(none given)', platforms: missing.join(', ') || extraForHost.join(', ') });
    const catalog = await loadCatalog({ mirrors: opts.mirrors, env, signal: job.signal });
    const release = findRelease(catalog, version);
    const files = selectArchives(release, [...missing, ...extraForHost]);
    const { mirrors } = await catalogSources({ mirrors: opts.mirrors, env });
    const got = await downloadFiles(files, { outDir: join(cacheDir(env), 'downloads'), baseUrls: mirrors, job, env });
    for (const g of got) {
      if (extraForHost.includes(platformOf(g.file))) hostArchive = g;
      else archives.push(g);
    }
  }
  if (archives.length === 0) throw new AppError('BUNDLE_NO_ARCHIVES', { version: version ?? '?', platforms: platforms.join(', ') || '(none given)' });

  let modules: ExportModules | undefined;
  let warnings: Finding[] = [];
  let scratch: string | undefined;
  try {
    if (opts.projects && opts.projects.length > 0) {
      const toolchain = hostArchive ?? archives.find((a) => platformOf(a.file) === needHost);
      if (!toolchain) throw new AppError('BUNDLE_NO_ARCHIVES', { version: version ?? '?', platforms: `${needHost} (needed to prepare modules on this machine)` });
      scratch = await mkdtemp(join(tmpdir(), 'go-offline-create-'));
      job.progress({ phase: 'extract', file: toolchain.file.filename, done: 0, total: 0, overallDone: 0, overallTotal: 0, unit: 'bytes', speed: 0, etaSeconds: null }, true);
      await tarExtract({ file: toolchain.path, cwd: scratch, strict: true });
      const prepared = await prepareModules({ projects: opts.projects, goroot: join(scratch, 'go'), workDir: join(scratch, 'work'), job, env, vendor: opts.vendor, strict: true });
      warnings = prepared.warnings;
      modules = { proxyDir: prepared.proxyDir, moduleCount: prepared.moduleCount, size: prepared.size, projects: prepared.projects };
    }
    const result = await exportBundle({ outDir: opts.outDir, archives, modules, targets, split: opts.split, partSize: opts.partSize, job });
    return { ...result, warnings };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true, maxRetries: 2 }).catch(() => {});
  }
}
