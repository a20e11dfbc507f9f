/**
 * `bundle create` as one engine call shared by the CLI and the UI: target profile → catalog →
 * archives (downloaded into the cache, or given as files) → module proxy for --project (built
 * with a toolchain for this host, extracted once into our cache and reused, see toolchain.ts)
 * → exportBundle.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import { hostPlatform, readTargetProfile as readEnvReport } from '../platform';
import type { BundleExportResult } from '../../../shared/bundle';
import type { DownloadedFile, ReleaseFile } from '../../../shared/releases';
import type { Finding } from '../../../shared/platform';
import { cacheDir, dataDir, type Env } from '../paths';
import { diskScratch, saysNoSpace, scratchPlace } from '../scratch';
import { writeFileAtomic } from '../atomic';
import { REPORT_NAME } from './report';
import type { JobContext } from '../jobs';
import { catalogSources, findRelease, loadCatalog, normalizeVersion, selectArchives } from '../releases';
import { downloadFiles } from '../download';
import { collectModules } from '../modules';
import { findInstallerBuilds, pickInstallerFor, type InstallerBuild } from '../packaging';
import { checkDestination, describeArchive, exportBundle, type ExportModules, type ExportOptions } from './export';
import { compareGoVersions } from './generated';
import { cachedToolchain, goBuildCacheDir, hostGoMatching, trimGoBuildCache } from './toolchain';

export interface CreateBundleOptions {
  version?: string;
  /** several Go versions (each for every platform); `version` is the one-version form */
  versions?: string[];
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
  /** a folder with builds of this app (electron-builder artifacts, `--installers DIR`) */
  installersDir?: string;
  /** the packaged app's resources folder: its own builds are looked for in and next to the app */
  resourcesPath?: string;
  /** fail when an archive has no verified OpenPGP signature (setting requireSignature, --require-signature) */
  requireSignature?: boolean;
  /** sign manifest.json with this unlocked key of the preparer's (see docs/BUNDLE.md, Signature) */
  sign?: ExportOptions['sign'];
  job: JobContext;
}

export interface CreateBundleResult extends BundleExportResult {
  warnings: Finding[];
  /** the preparer's own copy of the transfer report (the one on the media is the checked one) */
  reportCopy: string;
}

/** Read a target profile (the step-1 report saved on the offline machine): the platform and host it describes. */
export async function readTargetProfile(path: string): Promise<{ platform: string; hostname?: string }> {
  const r = await readEnvReport(resolve(path));
  return { platform: r.host.platform, hostname: r.host.hostname };
}

const platformOf = (f: ReleaseFile) => `${f.os}-${f.arch}`;

/**
 * The app's builds to carry under installers/: for each target platform the one build
 * `pickInstallerFor` prefers (each file once). A platform without a build is a warning; an
 * explicit folder with no build for any target is an error (BUNDLE_NO_INSTALLERS).
 */
export async function installersForTargets(opts: { platforms: string[]; installersDir?: string; resourcesPath?: string; env?: Env }): Promise<{ picked: Array<{ platform: string; build: InstallerBuild }>; warnings: Finding[] }> {
  if (!opts.installersDir && !opts.resourcesPath) return { picked: [], warnings: [] };
  const builds = await findInstallerBuilds({ searchDirs: opts.installersDir ? [resolve(opts.installersDir)] : [], resourcesPath: opts.resourcesPath, env: opts.env });
  const picked: Array<{ platform: string; build: InstallerBuild }> = [];
  const missing: string[] = [];
  for (const platform of [...new Set(opts.platforms)]) {
    const build = pickInstallerFor(builds, platform);
    if (build) picked.push({ platform, build });
    else missing.push(platform);
  }
  const where = opts.installersDir ? resolve(opts.installersDir) : `${opts.resourcesPath} (the installers/ folders in and next to the app)`;
  if (opts.installersDir && picked.length === 0) throw new AppError('BUNDLE_NO_INSTALLERS', { dir: where, platforms: missing.join(', ') || '(no platforms)' });
  const warnings: Finding[] = missing.length
    ? [
        {
          id: 'bundle.installers',
          verdict: 'warn',
          title: { en: 'The app is not carried for every platform', zh: '并非每个平台都附带了本应用' },
          detail: {
            en: `No build of Go Offline Installer for ${missing.join(', ')} was found in ${where}; those machines can still install with install.sh / install.ps1 from the media.`,
            zh: `在 ${where} 中没有找到适用于 ${missing.join(', ')} 的 Go 离线安装器；这些机器仍可使用介质上的 install.sh / install.ps1 安装。`,
          },
          fix: { en: 'Build the app for those platforms ("npm run dist" on each OS) and put the files in that folder.', zh: '请为这些平台构建应用（在各操作系统上运行 "npm run dist"），并把生成的文件放到该文件夹。' },
          evidence: { missing: missing.join(', '), searched: where },
        },
      ]
    : [];
  return { picked, warnings };
}

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
  const versions = [...new Set([...(opts.versions ?? []), ...(opts.version ? [opts.version] : [])].map(normalizeVersion))].sort(compareGoVersions);
  const version = versions[versions.length - 1]; // the newest: the one module work uses
  // a destination that cannot take the bundle is said before anything is downloaded
  await checkDestination(resolve(opts.outDir));

  const archives: DownloadedFile[] = [];
  for (const a of opts.archiveFiles ?? []) {
    const d = await describeArchive(a, job, { hash: false });
    if (versions.length && !versions.includes(d.file.version)) throw new AppError('BUNDLE_NO_ARCHIVES', { version: versions.join(', '), platforms: `${platformOf(d.file)} (${a} is ${d.file.version})` });
    archives.push(d);
    if (!targets.some((t) => t.platform === platformOf(d.file))) targets.push({ platform: platformOf(d.file) });
  }
  const needHost = (opts.projects?.length ?? 0) > 0 ? hostPlatform().id : null;
  const has = (v: string | undefined, p: string) => archives.some((a) => platformOf(a.file) === p && (v === undefined || a.file.version === v));
  // every version for every platform asked (an --archive covers its own version and platform)
  const wanted: Array<{ version: string | undefined; platform: string }> = [];
  for (const p of platforms) for (const v of versions.length ? versions : [undefined]) if (!has(v, p)) wanted.push({ version: v, platform: p });
  const hostVersion = version ?? archives.find((a) => platformOf(a.file) === needHost)?.file.version;
  const extraForHost = needHost && !has(hostVersion, needHost) && !wanted.some((w) => w.platform === needHost && w.version === hostVersion) ? [needHost] : [];
  let hostArchive: DownloadedFile | undefined;
  if (wanted.length + extraForHost.length > 0) {
    if (!version) throw new AppError('BUNDLE_NO_ARCHIVES', { version: '(none given)', platforms: wanted.map((w) => w.platform).join(', ') || extraForHost.join(', ') });
    const catalog = await loadCatalog({ mirrors: opts.mirrors, env, signal: job.signal });
    const files: ReleaseFile[] = [];
    for (const v of versions) {
      const ps = [...wanted.filter((w) => w.version === v).map((w) => w.platform), ...(v === version ? extraForHost : [])];
      if (ps.length) files.push(...selectArchives(findRelease(catalog, v), [...new Set(ps)]));
    }
    const isExtra = (f: ReleaseFile) => extraForHost.includes(platformOf(f)) && f.version === version && !wanted.some((w) => w.platform === platformOf(f) && w.version === f.version);
    // the listed sizes must fit (the host's archive for module work is not copied)
    await checkDestination(resolve(opts.outDir), files.filter((f) => !isExtra(f)).reduce((n, f) => n + f.size, 0) + archives.reduce((n, a) => n + a.size, 0));
    const { mirrors, publicSkipped } = await catalogSources({ mirrors: opts.mirrors, env });
    const got = await downloadFiles(files, { outDir: join(cacheDir(env), 'downloads'), baseUrls: mirrors, job, env, publicSkipped, signature: opts.requireSignature ? { mode: 'require' } : undefined });
    for (const g of got) {
      if (isExtra(g.file)) hostArchive = g;
      else archives.push(g);
    }
  }
  if (opts.requireSignature) {
    const unsigned = archives.find((a) => a.signature !== 'verified');
    if (unsigned) throw new AppError('DOWNLOAD_SIGNATURE_MISSING', { filename: unsigned.file.filename });
  }
  if (archives.length === 0) throw new AppError('BUNDLE_NO_ARCHIVES', { version: version ?? '?', platforms: platforms.join(', ') || '(none given)' });

  const carried = await installersForTargets({ platforms: targets.map((t) => t.platform), installersDir: opts.installersDir, resourcesPath: opts.resourcesPath, env });

  let modules: ExportModules | undefined;
  let warnings: Finding[] = [];
  let scratch: string | undefined;
  let dryRun: { stop(): Promise<void>; beforeCommit(): Promise<void> } | undefined;
  let dryRunFailure: { error: unknown } | undefined;
  const stopExport = new AbortController();
  try {
    if (opts.projects && opts.projects.length > 0) {
      const toolchain = hostArchive ?? archives.find((a) => platformOf(a.file) === needHost && (!hostVersion || a.file.version === hostVersion)) ?? archives.find((a) => platformOf(a.file) === needHost);
      if (!toolchain) throw new AppError('BUNDLE_NO_ARCHIVES', { version: version ?? '?', platforms: `${needHost} (needed to prepare modules on this machine)` });
      // the module work's scratch: in RAM when there is room (see scratch.ts)
      const place = await scratchPlace(env);
      scratch = await mkdtemp(join(place.dir, 'go-offline-create-'));
      job.log('modules.scratch', { dir: place.dir, ram: place.ram });
      // the same guarded, hash-checked extraction the install uses, once per archive
      job.progress({ phase: 'modules-toolchain', done: 0, total: 1, overallDone: 0, overallTotal: 1, unit: 'items', speed: 0, etaSeconds: null }, true);
      // the host's own Go when it is exactly this release, else ours extracted once per archive
      const hostGo = await hostGoMatching(toolchain.file.version, needHost!, env, job.signal);
      if (hostGo) job.log('toolchain.host', { goroot: hostGo, version: toolchain.file.version });
      const tc = hostGo ? { goroot: hostGo } : await cachedToolchain(toolchain, { env, job });
      // the toolchain step knows the archive's SHA-256 now: the export copies it without hashing
      // it again, and reads the copy on the media back against it
      const at = archives.indexOf(toolchain);
      if ('sha256' in tc && at >= 0 && !toolchain.sha256) archives[at] = { ...toolchain, sha256: tc.sha256 };
      const gocache = goBuildCacheDir(env);
      const collect = (dir: string) => collectModules({ projects: opts.projects!, goroot: tc.goroot, workDir: join(dir, 'work'), job, env, vendor: opts.vendor, strict: true, gocache, dryRunBuild: env.GO_OFFLINE_DRY_RUN_BUILD === '1' });
      let collected;
      try {
        collected = await collect(scratch);
      } catch (e) {
        if (!place.ram || !saysNoSpace(e)) throw e;
        // more modules than the memory folder holds: the same work again on the disk
        job.log('modules.scratch-full', { dir: place.dir });
        await rm(scratch, { recursive: true, force: true, maxRetries: 2 }).catch(() => {});
        scratch = await mkdtemp(join(diskScratch(env).dir, 'go-offline-create-'));
        collected = await collect(scratch);
      }
      // the offline dry run proves the proxy while the media is written: the export commits only
      // once it passed (a failure removes everything staged), and waits for it if it is not done
      const stopDryRun = new AbortController();
      let proven = false;
      const proof = collected.dryRun({ signal: stopDryRun.signal, background: true }).then((p) => {
        proven = true;
        return p;
      });
      // a failed dry run stops the export at once (its error, not "cancelled", is the result)
      proof.catch((e: unknown) => {
        dryRunFailure = { error: e };
        stopExport.abort();
      });
      dryRun = {
        stop: async () => {
          stopDryRun.abort();
          await proof.catch(() => {});
        },
        beforeCommit: async () => {
          // the media is written and read back: what is left is the dry run, said as such
          if (!proven) collected.report('modules-dry-run');
          warnings = (await proof).warnings;
          collected.report('modules-done');
        },
      };
      warnings = collected.warnings;
      // each project's go.sum says which modules it needs (the SBOM's "needed by"); collected.projects follows opts.projects' order
      const goSums = await Promise.all(opts.projects.map((p) => readFile(join(resolve(p), 'go.sum'), 'utf8').catch(() => undefined)));
      const projects = collected.projects.map((p, i) => ({ ...p, goSum: collected.projects.length === goSums.length ? goSums[i] : undefined }));
      modules = { proxyDir: collected.proxyDir, moduleCount: collected.moduleCount, size: collected.size, projects };
    }
    const extraFiles: NonNullable<ExportOptions['extraFiles']> = [];
    const installers: Array<{ platform: string; path: string; kind: string }> = [];
    for (const { platform, build } of carried.picked) {
      const path = `installers/${build.file}`;
      if (!extraFiles.some((x) => x.path === path)) extraFiles.push({ src: build.path, path, kind: 'app' });
      installers.push({ platform, path, kind: build.kind });
    }
    const exportJob: JobContext = { jobId: job.jobId, signal: AbortSignal.any([job.signal, stopExport.signal]), progress: (p, force) => job.progress(p, force), log: (e, d) => job.log(e, d) };
    const result = await exportBundle({ outDir: opts.outDir, archives, modules, extraFiles, installers, targets, split: opts.split, partSize: opts.partSize, sign: opts.sign, goproxy: modules ? (env.GOPROXY ?? null) : null, job: exportJob, beforeCommit: dryRun?.beforeCommit }).catch((e: unknown) => {
      throw dryRunFailure ? dryRunFailure.error : e;
    });
    if (modules) {
      // the dry run is over (it used the cache): bound our build cache's size
      const gocache = goBuildCacheDir(env);
      job.log('modules.gocache', { dir: gocache, ...(await trimGoBuildCache(gocache)) });
    }
    // the preparer keeps a copy of the transfer report (the one on the media is the checked one)
    const keep = join(dataDir(env), 'reports', `transfer-report-${result.manifest.createdAt.replace(/[:.]/g, '-')}.html`);
    await mkdir(dirname(keep), { recursive: true });
    await writeFileAtomic(keep, await readFile(join(result.outDir, REPORT_NAME)));
    job.log('bundle.report-saved', { path: keep });
    return { ...result, warnings: [...warnings, ...carried.warnings], reportCopy: keep };
  } finally {
    // a failed or cancelled export stops the dry run before its folder goes
    await dryRun?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true, maxRetries: 2 }).catch(() => {});
  }
}
