/**
 * updateBundle (`bundle update`): changes a bundle in place, writing only what is new or changed.
 *
 * Order of work, so that a drive pulled out at any moment leaves either the old bundle (which
 * `bundle verify` accepts, reporting the update's leftovers) or a clear refusal
 * (BUNDLE_UPDATE_UNFINISHED), never a mixture that passes for a bundle:
 *  0. an earlier update that was cut is finished (its new manifest.json is in place) or undone;
 *  1. the whole bundle is verified; a damaged one is refused and nothing is changed;
 *  2. the new file set is worked out (archives per version and platform, module proxy merged:
 *     module files are immutable per version, so a path already there is kept, list files merged);
 *  3. new and changed files, the regenerated scripts/README/SBOM/report, manifest.json and
 *     SHA256SUMS are written into `.go-offline-update/` inside the bundle and fsynced, then read back;
 *  4. the plan is written (unfinished.ts), then files the old bundle does not list are moved into
 *     place (verify reports them as leftovers of this update: the old manifest stands);
 *  5. manifest.json is moved into place: the commit point; then manifest.json.asc, SHA256SUMS, the
 *     changed files over the old ones, and the removed files deleted; last the plan and the folder.
 * A file the old manifest lists is never replaced before the new manifest is in place.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, realpath, rename, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import {
  BUNDLE_SCHEMA,
  BUNDLE_SCHEMA_VERSION,
  MANIFEST_NAME,
  SUMS_NAME,
  bundleManifest,
  diskEntries,
  type BundleFile,
  type BundleManifest,
  type BundleUpdateResult,
} from '../../../shared/bundle';
import type { DownloadedFile, ReleaseFile } from '../../../shared/releases';
import type { Finding } from '../../../shared/platform';
import { formatBytes } from '../../../shared/format';
import { SIGNATURE_NAME, SIGNER_KEY_NAME } from '../../../shared/signing';
import { APP_VERSION, CLI_NAME } from '../../../shared/version';
import type * as OpenPGP from 'openpgp';
import { writeFileAtomic } from '../atomic';
import { stepPoint } from '../install/journal';
import { acquireLock } from '../install/lock';
import { SpeedMeter, throwIfCancelled, type JobContext } from '../jobs';
import { compareSemver, prepareModules } from '../modules';
import { cacheDir, stateDir, type Env } from '../paths';
import { hostPlatform } from '../platform';
import { parseArtifactName } from '../packaging';
import { catalogSources, findRelease, loadCatalog, normalizeVersion, selectArchives } from '../releases';
import { downloadFiles } from '../download';
import { signManifest } from '../signing/signature';
import { findOwnKey, unlockOwnKey } from '../signing/keys';
import { describeArchive, walkFiles } from './export';
import { FAT32_MAX_FILE, filesystemOf, freeSpace, isFatType } from './fsinfo';
import { GENERATED_PATHS, compareGoVersions, generatedFiles, goVersions, scriptContext, transferReport } from './generated';
import { CHUNK, copyRange, flushWritten, hashFile, syncDir, writeSynced } from './io';
import { readManifest } from './manifest';
import { problemParams } from '../../../shared/bundle-problems';
import { REPORT_NAME } from './report';
import { SBOM_NAME, readSbomModules, renderSbom, scanProxyModules, zipPins, type ProxyModuleEntry } from './sbom';
import { openBundleSource, safeJoin } from './source';
import { formatSums } from './sums';
import { cachedToolchain, goBuildCacheDir, hostGoMatching, trimGoBuildCache } from './toolchain';
import { PLAN_NAME, PLAN_PATH, STAGED_FILES, UPDATE_DIR, readUpdatePlan, type UpdatePlan } from './unfinished';
import { checkBundle } from './verify';
import { moduleClosure, moduleKey, proxyFileOf } from './module-needs';
import { listText } from '../modules/proxy';

export interface UpdateBundleOptions {
  dir: string;
  /** Go versions to add, for every platform the bundle will carry */
  addVersions?: string[];
  /** platforms to add, for every version the bundle will carry */
  addPlatforms?: string[];
  removeVersions?: string[];
  removePlatforms?: string[];
  /** already-downloaded official archives to add */
  archiveFiles?: string[];
  /** Go projects whose modules to add, or refresh (same name as one in the bundle) */
  projects?: string[];
  removeProjects?: string[];
  vendor?: boolean;
  mirrors?: string[];
  requireSignature?: boolean;
  /**
   * Signing the new manifest: null = do not sign; otherwise the key `fingerprint`, or by default
   * the old signer's key when it is among this computer's own keys, else `defaultKey` (the
   * bundleSigningKey setting). Unlocked once the old bundle is verified.
   */
  sign?: { fingerprint?: string; passphrase?: string; defaultKey?: string | null } | null;
  env?: Env;
  job: JobContext;
}

const OP = 'bundle-update';
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const exists = (p: string) => lstat(p).then(() => true, () => false);
const inBundle = (dir: string, path: string) => join(dir, ...path.split('/'));
const staged = (dir: string, path: string) => join(dir, UPDATE_DIR, STAGED_FILES, ...path.split('/'));
const platformOf = (f: { os?: string; arch?: string }) => `${f.os}-${f.arch}`;
const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Remove now-empty folders from `path`'s folder up to (not including) the bundle root. */
async function pruneEmpty(dir: string, path: string): Promise<void> {
  let d = dirname(path);
  while (d !== '.' && d !== '') {
    const ok = await rmdir(inBundle(dir, d)).then(() => true, () => false);
    if (!ok) return;
    d = dirname(d);
  }
}

/**
 * Finish or undo an update of `dir` that was cut. Returns what was done, or null when there was
 * nothing to do. Idempotent: a cut during recovery is recovered by the next call.
 */
export async function recoverUpdate(dir: string): Promise<'finished' | 'undone' | 'cleaned' | null> {
  const rootSt = await lstat(join(dir, UPDATE_DIR)).catch(() => null);
  if (!rootSt) return null;
  // the folder and its plan come from the media: only paths inside the bundle, never through a link
  const foreign = (what: string, whatZh: string) => new AppError('BUNDLE_UPDATE_FOREIGN', { source: dir, what, whatZh });
  if (!rootSt.isDirectory()) throw foreign('it is a link or a file, not a folder', '它是链接或文件，而不是文件夹');
  const real = await realpath(dir);
  const root = join(real, UPDATE_DIR);
  const plan = await readUpdatePlan(await openBundleSource(real));
  if (!plan) {
    // cut before the plan: nothing outside the folder was touched
    await rm(root, { recursive: true, force: true });
    await syncDir(real);
    return 'cleaned';
  }
  const filesRoot = join(root, STAGED_FILES);
  /** `p` under `base`, or the refusal when it leaves `base` or a folder on its way is a link */
  const inside = async (base: string, p: string): Promise<string> => {
    let full: string;
    try {
      full = safeJoin(base, p);
    } catch {
      throw foreign(`its plan names "${p.slice(0, 200)}", a path outside the bundle`, `其计划中列出了离线包以外的路径“${p.slice(0, 200)}”`);
    }
    // the nearest folder on the way that exists must be reached without links
    let d = dirname(full);
    let r: string | null;
    while ((r = await realpath(d).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : ''))) === null) d = dirname(d);
    if (r !== d) throw foreign(`a folder on the way to "${p.slice(0, 200)}" is a link`, `通往“${p.slice(0, 200)}”的路径上有一个文件夹是链接`);
    return full;
  };
  const moves: Array<{ from: string; to: string }> = [];
  const deletes: Array<{ full: string; p: string }> = [];
  const current = await readFile(join(real, MANIFEST_NAME)).then(sha, () => null);
  let outcome: 'finished' | 'undone';
  if (current === plan.newManifestSha256) {
    for (const p of [...plan.added, MANIFEST_NAME, ...(plan.signed ? [SIGNATURE_NAME] : []), SUMS_NAME, ...plan.changed]) {
      moves.push({ from: await inside(filesRoot, p), to: await inside(real, p) });
    }
    for (const p of plan.removed) deletes.push({ full: await inside(real, p), p });
    outcome = 'finished';
  } else if (current === plan.oldManifestSha256) {
    for (const p of plan.added) deletes.push({ full: await inside(real, p), p });
    outcome = 'undone';
  } else {
    // no update of ours leaves that: "run update again" would only refuse the same way
    throw foreign('its plan is for another manifest.json (neither the one the update started from nor the one it wrote)', '其计划对应的是另一个 manifest.json（既不是更新开始时的，也不是更新写入的）');
  }
  // every path was checked before the first change
  for (const { from, to } of moves) {
    if (await exists(from)) {
      await mkdir(dirname(to), { recursive: true });
      await rename(from, to);
    }
  }
  for (const { full, p } of deletes) {
    await rm(full, { force: true });
    await pruneEmpty(real, p);
  }
  await syncDir(real);
  // the plan goes first: without it the folder is only leftovers
  await rm(join(root, PLAN_NAME), { force: true });
  await rm(root, { recursive: true, force: true });
  await syncDir(real);
  return outcome;
}

interface NewItem {
  path: string;
  kind: BundleFile['kind'];
  src?: string;
  content?: Buffer;
  meta: Partial<BundleFile>;
  size: number;
}

function listMerge(oldText: string, newText: string): string {
  const lines = (t: string) => t.split('\n').map((l) => l.trim()).filter(Boolean);
  return [...new Set([...lines(oldText), ...lines(newText)])].sort(compareSemver).join('\n') + '\n';
}

/** The bundle's archive as a DownloadedFile (for the temporary toolchain of module work). */
function bundleArchive(dir: string, f: BundleFile): DownloadedFile {
  return {
    file: { filename: basename(f.path), os: f.os!, arch: f.arch!, version: f.version!, sha256: f.sha256, size: f.size, kind: 'archive' },
    path: inBundle(dir, f.path),
    sha256: f.sha256,
    size: f.size,
    signature: f.signature?.status ?? 'not-checked',
    url: 'file://' + inBundle(dir, f.path),
  };
}

/**
 * One update of a bundle at a time on this computer: the lock lives in this computer's state folder
 * (named for the bundle's real path), not on the media (FAT and exFAT have no hard links, which the
 * lock needs). Two computers updating one network folder at once are not guarded against.
 */
export async function updateBundle(opts: UpdateBundleOptions): Promise<BundleUpdateResult> {
  const env = opts.env ?? process.env;
  const real = await realpath(resolve(opts.dir)).catch(() => resolve(opts.dir));
  const lockDir = join(stateDir(env), 'bundle-updates', sha(real).slice(0, 32));
  await mkdir(lockDir, { recursive: true });
  const release = await acquireLock(lockDir).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'INSTALL_TARGET_IN_USE') throw new AppError('BUNDLE_UPDATE_BUSY', { path: real, pid: String(e.params.pid ?? '?') });
    throw e;
  });
  try {
    return await updateBundleLocked(opts);
  } finally {
    await release();
  }
}

async function updateBundleLocked(opts: UpdateBundleOptions): Promise<BundleUpdateResult> {
  const started = Date.now();
  const { job } = opts;
  const env = opts.env ?? process.env;
  const dir = resolve(opts.dir);

  // ---- 0. an update that was cut is finished or undone first
  const recovered = await recoverUpdate(dir);
  if (recovered) job.log('bundle.update-recovered', { dir, outcome: recovered });

  // ---- 1. the whole bundle, every byte, before anything changes
  const report = await checkBundle(dir, { job, env });
  if (!report.ok) throw new AppError('BUNDLE_UPDATE_DAMAGED', { path: dir, count: report.problems.length, ...problemParams(report.problems) }, JSON.stringify(report.problems, null, 2));
  if (report.signature.status === 'bad') throw new AppError('BUNDLE_UPDATE_DAMAGED', { path: dir, count: 1, ...problemParams([{ path: SIGNATURE_NAME, problem: 'hash' }]) });
  const read = await readManifest(dir);
  const old = read.manifest;
  const oldByPath = new Map(old.files.map((f) => [f.path, f]));

  // ---- 2. the new file set
  const norm = (vs: string[] | undefined) => (vs ?? []).map(normalizeVersion);
  const rmV = new Set(norm(opts.removeVersions));
  const rmP = new Set(opts.removePlatforms ?? []);
  const addV = norm(opts.addVersions);
  const addP = opts.addPlatforms ?? [];
  const oldArchives = old.files.filter((f) => f.kind === 'archive');
  for (const v of rmV) if (!oldArchives.some((f) => f.version === v)) throw new AppError('BAD_USAGE', { message: `--remove-version ${v}: the bundle has ${goVersions(old.files).join(', ')}` });
  for (const p of rmP) if (!oldArchives.some((f) => platformOf(f) === p)) throw new AppError('BAD_USAGE', { message: `--remove-platform ${p}: the bundle has ${[...new Set(oldArchives.map(platformOf))].join(', ')}` });
  const oldProjects = old.modules?.projects ?? [];
  for (const n of opts.removeProjects ?? []) if (!oldProjects.some((p) => p.name === n)) throw new AppError('BAD_USAGE', { message: `--remove-project ${n}: the bundle has ${oldProjects.map((p) => p.name).join(', ') || 'no projects'}` });

  const keptArchives = oldArchives.filter((f) => !rmV.has(f.version!) && !rmP.has(platformOf(f)));
  const given: DownloadedFile[] = [];
  for (const a of opts.archiveFiles ?? []) given.push(await describeArchive(a, job));
  const versions = [...new Set([...keptArchives.map((f) => f.version!), ...addV, ...given.map((g) => g.file.version)])].filter((v) => !rmV.has(v));
  const platforms = [...new Set([...keptArchives.map(platformOf), ...addP, ...given.map((g) => platformOf(g.file))])].filter((p) => !rmP.has(p));
  const have = (v: string, p: string) => keptArchives.some((f) => f.version === v && platformOf(f) === p) || given.some((g) => g.file.version === v && platformOf(g.file) === p);
  const wanted: Array<{ version: string; platform: string }> = [];
  for (const v of versions) for (const p of platforms) if ((addV.includes(v) || addP.includes(p)) && !have(v, p)) wanted.push({ version: v, platform: p });

  // the host's toolchain for module work: the newest version the bundle will carry
  const needHost = (opts.projects?.length ?? 0) > 0 ? hostPlatform().id : null;
  const newest = [...versions].sort((a, b) => compareGoVersions(a, b)).pop();
  const hostFromBundle = needHost ? keptArchives.filter((f) => platformOf(f) === needHost && f.version === newest && !f.parts?.length)[0] : undefined;
  const hostExtra = needHost && newest && !hostFromBundle && !have(newest, needHost) && !wanted.some((w) => w.version === newest && w.platform === needHost) ? { version: newest, platform: needHost } : null;

  const downloaded: DownloadedFile[] = [];
  let hostArchive: DownloadedFile | undefined = hostFromBundle ? bundleArchive(dir, hostFromBundle) : given.find((g) => g.file.version === newest && platformOf(g.file) === needHost);
  if (wanted.length > 0 || hostExtra) {
    const catalog = await loadCatalog({ mirrors: opts.mirrors, env, signal: job.signal });
    const files: ReleaseFile[] = [];
    for (const v of [...new Set([...wanted.map((w) => w.version), ...(hostExtra ? [hostExtra.version] : [])])]) {
      const ps = [...wanted.filter((w) => w.version === v).map((w) => w.platform), ...(hostExtra && hostExtra.version === v ? [hostExtra.platform] : [])];
      files.push(...selectArchives(findRelease(catalog, v), [...new Set(ps)]));
    }
    const { mirrors, publicSkipped } = await catalogSources({ mirrors: opts.mirrors, env });
    const got = await downloadFiles(files, { outDir: join(cacheDir(env), 'downloads'), baseUrls: mirrors, job, env, publicSkipped, signature: opts.requireSignature ? { mode: 'require' } : undefined });
    for (const g of got) {
      if (wanted.some((w) => w.version === g.file.version && w.platform === platformOf(g.file))) downloaded.push(g);
      if (needHost && g.file.version === newest && platformOf(g.file) === needHost) hostArchive = g;
    }
  }
  const newArchives = [...given, ...downloaded];
  if (opts.requireSignature) {
    const unsigned = newArchives.find((a) => a.signature !== 'verified');
    if (unsigned) throw new AppError('DOWNLOAD_SIGNATURE_MISSING', { filename: unsigned.file.filename });
  }
  if (keptArchives.length + newArchives.length === 0) throw new AppError('BUNDLE_UPDATE_EMPTY', { removed: [...rmV, ...rmP].join(', ') });

  const scratch = await mkdtemp(join(tmpdir(), 'go-offline-update-'));
  const warnings: Finding[] = [];
  try {
    // ---- modules of the added or refreshed projects (as bundle create prepares them)
    let prepared: Awaited<ReturnType<typeof prepareModules>> | undefined;
    let goSums: Array<string | undefined> = [];
    if (opts.projects && opts.projects.length > 0) {
      if (!hostArchive) throw new AppError('BUNDLE_NO_ARCHIVES', { version: newest ?? '?', platforms: `${needHost} (needed to prepare modules on this machine)` });
      job.progress({ phase: 'modules-toolchain', done: 0, total: 1, overallDone: 0, overallTotal: 1, unit: 'items', speed: 0, etaSeconds: null }, true);
      const hostGo = await hostGoMatching(hostArchive.file.version, needHost!, env, job.signal);
      const tc = hostGo ? { goroot: hostGo } : await cachedToolchain(hostArchive, { env, job });
      const gocache = goBuildCacheDir(env);
      prepared = await prepareModules({ projects: opts.projects, goroot: tc.goroot, workDir: join(scratch, 'work'), job, env, vendor: opts.vendor, strict: true, gocache, dryRunBuild: env.GO_OFFLINE_DRY_RUN_BUILD === '1' });
      await trimGoBuildCache(gocache);
      warnings.push(...prepared.warnings);
      goSums = await Promise.all(opts.projects.map((p) => readFile(join(resolve(p), 'go.sum'), 'utf8').catch(() => undefined)));
    }

    const removed = new Set<string>(); // manifest paths
    const items: NewItem[] = []; // new or changed content files
    const kept: BundleFile[] = [];
    // archives (and their .asc)
    for (const f of oldArchives) {
      if (keptArchives.includes(f)) kept.push(f);
      else {
        removed.add(f.path);
        if (f.signature?.file) removed.add(f.signature.file);
      }
    }
    for (const a of newArchives) {
      const path = `go/${a.file.filename}`;
      const o = oldByPath.get(path);
      if (o && o.sha256 === a.sha256 && kept.includes(o)) continue;
      if (o) {
        kept.splice(kept.indexOf(o), 1);
      }
      items.push({ path, kind: 'archive', src: a.path, size: a.size, meta: { os: a.file.os, arch: a.file.arch, version: a.file.version, signature: { status: a.signature, file: a.signaturePath ? `${path}.asc` : undefined, keyFingerprint: a.keyFingerprint } } });
      if (a.signaturePath) items.push({ path: `${path}.asc`, kind: 'signature', src: a.signaturePath, size: (await lstat(a.signaturePath)).size, meta: {} });
    }
    const keptSigs = new Set(kept.map((f) => f.signature?.file).filter(Boolean));
    for (const f of old.files.filter((x) => x.kind === 'signature')) if (keptSigs.has(f.path) && !items.some((i) => i.path === f.path)) kept.push(f);

    // projects
    const removeNames = new Set(opts.removeProjects ?? []);
    const refreshed = new Set(prepared?.projects.map((p) => p.name) ?? []);
    const projects: NonNullable<BundleManifest['modules']>['projects'] = oldProjects.filter((p) => !removeNames.has(p.name) && !refreshed.has(p.name));
    for (const p of oldProjects) if ((removeNames.has(p.name) || refreshed.has(p.name)) && p.vendorArchive) removed.add(p.vendorArchive);
    for (const p of prepared?.projects ?? []) {
      let vendorArchive: string | undefined;
      if (p.vendorArchive) {
        vendorArchive = `modules/vendor/${basename(p.vendorArchive)}`;
        removed.delete(vendorArchive);
        const o = oldByPath.get(vendorArchive);
        const h = await hashFile(p.vendorArchive);
        if (o && o.sha256 === h.sha256) kept.push(o);
        else items.push({ path: vendorArchive, kind: 'vendor', src: p.vendorArchive, size: h.size, meta: {} });
      }
      projects.push({ name: p.name, module: p.module, goVersion: p.goVersion, toolchain: p.toolchain, vendorArchive });
    }
    for (const f of old.files.filter((x) => x.kind === 'vendor')) if (!removed.has(f.path) && !kept.includes(f) && !items.some((i) => i.path === f.path)) kept.push(f);

    // the module proxy: identical paths kept (module files never change for a version), lists merged;
    // after --remove-project, the versions no remaining project needs leave (module-needs.ts)
    const proxyPath = old.modules?.proxyPath ?? 'modules/proxy';
    const oldProxy = old.files.filter((x) => x.kind === 'module-proxy');
    const oldSbomFile = oldByPath.get(SBOM_NAME);
    const oldSbom = oldSbomFile ? readSbomModules(await readFile(inBundle(dir, SBOM_NAME), 'utf8'), proxyPath) : null;
    const dropped = removeNames.size > 0 && oldProxy.length > 0 ? await unneededModules(dir, proxyPath, oldProxy, projects.filter((p) => !refreshed.has(p.name)), oldSbom, prepared?.proxyDir, warnings) : new Set<string>();
    const lists = new Map<string, string>(); // list path -> its text without the dropped versions
    for (const f of oldProxy) {
      const of = proxyFileOf(f.path.slice(proxyPath.length + 1));
      if (of?.version && dropped.has(moduleKey(of.module, of.version))) removed.add(f.path);
      else kept.push(f);
      if (of && !of.version && [...dropped].some((k) => k.startsWith(of.module + '@'))) {
        const left = (await readFile(inBundle(dir, f.path), 'utf8')).split('\n').map((l) => l.trim()).filter((v) => v && !dropped.has(moduleKey(of.module, v)));
        lists.set(f.path, listText(left));
      }
    }
    if (prepared) {
      for (const rel of await walkFiles(prepared.proxyDir)) {
        const path = `${proxyPath}/${rel}`;
        const o = oldByPath.get(path);
        if (!o) {
          items.push({ path, kind: 'module-proxy', src: join(prepared.proxyDir, rel), size: (await lstat(join(prepared.proxyDir, rel))).size, meta: {} });
        } else if (rel.endsWith('/@v/list')) {
          lists.set(path, listMerge(lists.get(path) ?? (await readFile(inBundle(dir, path), 'utf8')), await readFile(join(prepared.proxyDir, rel), 'utf8')));
        }
      }
    }
    for (const [path, text] of lists) {
      const o = oldByPath.get(path)!;
      if (text === '') {
        removed.add(path);
        continue;
      }
      const buf = Buffer.from(text);
      if (sha(buf) !== o.sha256) {
        kept.splice(kept.indexOf(o), 1);
        items.push({ path, kind: 'module-proxy', content: buf, size: buf.length, meta: {} });
      }
    }
    // everything else that is not generated stays (app builds, profiles, other files)
    const generatedSet = new Set(GENERATED_PATHS);
    for (const f of old.files) {
      if (['archive', 'signature', 'vendor', 'module-proxy'].includes(f.kind) || generatedSet.has(f.path)) continue;
      kept.push(f);
    }
    // removed files are not kept
    for (let i = kept.length - 1; i >= 0; i--) if (removed.has(kept[i]!.path)) kept.splice(i, 1);

    const contentChanged = items.length > 0 || removed.size > 0 || removeNames.size > 0;
    if (!contentChanged) {
      job.log('bundle.update-nothing', { dir });
      return summary({ dir, manifest: old, recovered, added: [], changed: [], removed: [], kept: old.files, bytesWritten: 0, bytesReadBack: 0, verifiedBytes: report.checkedBytes, signing: old.signer ? 'kept' : 'unsigned', unsignedReason: null, warnings, nothingToDo: true, modulesRemoved: [], started });
    }

    // FAT32 cannot take a file of 4 GiB or more (a split of a new file is not done by update)
    const filesystem = await filesystemOf(dir);
    for (const it of items) if (isFatType(filesystem) && it.size > FAT32_MAX_FILE) throw new AppError('BUNDLE_FAT32_TOO_LARGE', { path: it.path, size: formatBytes(it.size) });
    const space = await freeSpace(dir);
    const needed = items.reduce((n, i) => n + i.size, 0) + 4 * 1024 * 1024;
    if (space && space.free < needed) throw new AppError('BUNDLE_DEST_NO_SPACE', { needed: formatBytes(needed), free: formatBytes(space.free), path: dir });

    const { key, unsignedReason } = await updateSigner(old.signer, opts.sign, env);

    // ---- 3. stage new and changed files, fsync each
    await mkdir(join(dir, UPDATE_DIR, STAGED_FILES), { recursive: true });
    const buffer = Buffer.allocUnsafe(CHUNK);
    const contentTotal = items.reduce((n, i) => n + i.size, 0);
    const meter = new SpeedMeter();
    let written = 0;
    const stagedList: Array<{ path: string; size: number; sha256: string }> = [];
    // every file and folder written, made durable at once before the read-back (flushWritten)
    const stageRoot = join(dir, UPDATE_DIR);
    const touchedPaths = new Set<string>([stageRoot, join(stageRoot, STAGED_FILES)]);
    const note = (file: string) => {
      touchedPaths.add(file);
      for (let d = dirname(file); d.length > stageRoot.length && !touchedPaths.has(d); d = dirname(d)) touchedPaths.add(d);
    };
    const newFiles: BundleFile[] = [];
    for (const it of items) {
      throwIfCancelled(job.signal);
      const dest = staged(dir, it.path);
      await mkdir(dirname(dest), { recursive: true });
      let sha256: string;
      if (it.content) {
        await writeSynced(dest, it.content, undefined, { sync: false });
        sha256 = sha(it.content);
        written += it.content.length;
      } else {
        const h = createHash('sha256');
        const start = written;
        const n = await copyRange(it.src!, dest, {
          signal: job.signal,
          buffer,
          hashes: [h],
          sync: false,
          onBytes: (b) => {
            written += b;
            meter.sample(written);
            job.progress({ phase: 'copy', file: it.path, done: written - start, total: it.size, overallDone: written, overallTotal: contentTotal, unit: 'bytes', speed: meter.speed(), etaSeconds: meter.eta(written, contentTotal) });
          },
        });
        if (n !== it.size) throw new AppError('BUNDLE_SOURCE_CHANGED', { path: it.src!, problem: `size ${n}, expected ${it.size}` });
        sha256 = h.digest('hex');
        if (it.kind === 'archive') {
          const a = newArchives.find((x) => x.path === it.src);
          if (a?.sha256 && a.sha256 !== sha256) throw new AppError('BUNDLE_SOURCE_CHANGED', { path: it.src!, problem: `sha256 ${sha256}, expected ${a.sha256}` });
        }
      }
      note(dest);
      stagedList.push({ path: it.path, size: it.size, sha256 });
      await stepPoint(OP, 'file staged');
      newFiles.push({ path: it.path, kind: it.kind, size: it.size, sha256, ...it.meta } as BundleFile);
    }
    job.progress({ phase: 'copy', done: contentTotal, total: contentTotal, overallDone: contentTotal, overallTotal: contentTotal, unit: 'bytes', speed: meter.speed(), etaSeconds: 0 }, true);

    // ---- generated files for the new content
    const content = [...kept, ...newFiles].sort(byPath);
    const createdAt = new Date().toISOString();
    const hasModules = content.some((f) => f.kind === 'module-proxy');
    const environment: Record<string, string> = { ...old.environment };
    if (hasModules && environment.GOPROXY === 'off') delete environment.GOPROXY;
    const installers = content
      .filter((f) => f.kind === 'app')
      .flatMap((f) => {
        const a = parseArtifactName(basename(f.path));
        return a ? [{ platform: `${a.os}-${a.arch}`, path: f.path, kind: a.kind }] : [];
      });
    const ctx = scriptContext({ files: content, environment, modulesProxyPath: hasModules ? proxyPath : undefined, createdAt, installers });
    // modules: those kept as the old SBOM describes them (their zips are not read again), and the new ones
    const keptModules: ProxyModuleEntry[] = (oldSbom?.modules ?? (oldProxy.length ? await scanProxyModules(inBundle(dir, proxyPath)) : [])).filter((m) => !dropped.has(moduleKey(m.path, m.version)));
    const have = new Set(keptModules.map((m) => `${m.path}@${m.version}`));
    const addedModules = prepared ? (await scanProxyModules(prepared.proxyDir)).filter((m) => !have.has(`${m.path}@${m.version}`)) : [];
    const modulesList = [...keptModules, ...addedModules].sort((a, b) => (a.path + '@' + a.version < b.path + '@' + b.version ? -1 : 1));
    const pins = new Map<string, Set<string>>();
    for (const p of projects) pins.set(p.name, oldSbom?.pins.get(p.name) ?? new Set());
    (prepared?.projects ?? []).forEach((p, i) => pins.set(p.name, zipPins(prepared!.projects.length === goSums.length ? goSums[i] : undefined)));
    const archivesNow = content.filter((f) => f.kind === 'archive');
    const sbom = renderSbom({
      createdAt,
      toolchains: archivesNow.map((f) => ({ path: f.path, version: f.version!, os: f.os!, arch: f.arch!, sha256: f.sha256 })),
      modules: modulesList,
      proxyPath: hasModules ? proxyPath : undefined,
      projects: projects.map((p) => ({ name: p.name, module: p.module, pins: pins.get(p.name) })),
    });
    const gens = generatedFiles(ctx, sbom, key?.toPublic().armor());
    if (old.signer && !key) removed.add(SIGNER_KEY_NAME);
    const all: BundleFile[] = [...content];
    const stageGenerated = async (path: string, kind: BundleFile['kind'], buf: Buffer, mode?: number) => {
      const h = sha(buf);
      const o = oldByPath.get(path);
      if (o && o.sha256 === h && !o.parts) {
        all.push(o);
        return;
      }
      const dest = staged(dir, path);
      await mkdir(dirname(dest), { recursive: true });
      await writeSynced(dest, buf, mode, { sync: false });
      note(dest);
      written += buf.length;
      stagedList.push({ path, size: buf.length, sha256: h });
      all.push({ path, kind, size: buf.length, sha256: h });
    };
    for (const g of gens) await stageGenerated(g.path, g.kind, Buffer.from(g.text, 'utf8'), g.mode);
    all.sort(byPath);
    const reportHtml = transferReport({
      createdAt,
      tool: `${CLI_NAME} ${APP_VERSION}`,
      signer: key ? { fingerprint: key.getFingerprint().toUpperCase(), userIds: key.getUserIDs() } : undefined,
      archiveSources: archivesNow.map((f) => {
        const a = newArchives.find((x) => `go/${x.file.filename}` === f.path);
        return { file: f.path, url: a ? a.url : `(on the media since ${old.createdAt})` };
      }),
      goproxy: prepared ? (env.GOPROXY ?? null) : null,
      hasModules,
      files: all.map((f) => {
        const a = f.kind === 'archive' ? newArchives.find((x) => `go/${x.file.filename}` === f.path) : undefined;
        return {
          path: f.path,
          size: f.size,
          sha256: f.sha256,
          kind: f.kind,
          ...(a ? { listing: a.url.startsWith('file:') ? ('not-compared' as const) : ('matched' as const), openpgp: { status: a.signature, keyFingerprint: a.keyFingerprint } } : f.kind === 'archive' ? { openpgp: { status: f.signature?.status ?? 'not-checked', keyFingerprint: f.signature?.keyFingerprint } } : {}),
        };
      }),
      modules: modulesList,
      neededBy: (m) => [...pins.entries()].filter(([, s]) => s.has(`${m.path}@${m.version}`)).map(([n]) => n),
      targets: [...old.targets.filter((t) => !rmP.has(t.platform)), ...platforms.filter((p) => !old.targets.some((t) => t.platform === p)).map((platform) => ({ platform }))],
    });
    await stageGenerated(REPORT_NAME, 'doc', Buffer.from(reportHtml, 'utf8'));
    all.sort(byPath);
    for (const p of generatedSet) if (oldByPath.has(p) && !all.some((f) => f.path === p)) removed.add(p);

    const modulesMeta: BundleManifest['modules'] = hasModules || projects.length
      ? { proxyPath, moduleCount: modulesList.length, size: all.filter((f) => f.kind === 'module-proxy').reduce((n, f) => n + f.size, 0), projects }
      : undefined;
    const manifest: BundleManifest = bundleManifest.parse({
      schema: BUNDLE_SCHEMA,
      schemaVersion: BUNDLE_SCHEMA_VERSION,
      createdAt,
      creator: { tool: CLI_NAME, version: APP_VERSION },
      go: { versions: goVersions(all) },
      files: all,
      modules: modulesMeta,
      environment,
      targets: [...old.targets.filter((t) => !rmP.has(t.platform)), ...platforms.filter((p) => !old.targets.some((t) => t.platform === p)).map((platform) => ({ platform }))],
      ...(key ? { signer: { fingerprint: key.getFingerprint().toUpperCase(), userIds: key.getUserIDs(), publicKey: SIGNER_KEY_NAME } } : {}),
    });
    const manifestBuf = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    await writeSynced(staged(dir, MANIFEST_NAME), manifestBuf, undefined, { sync: false });
    note(staged(dir, MANIFEST_NAME));
    written += manifestBuf.length;
    const sumEntries = all.flatMap((f) => diskEntries(f)).map((e) => ({ path: e.path, sha256: e.sha256 }));
    const extra: Array<{ path: string; size: number; sha256: string }> = [{ path: MANIFEST_NAME, size: manifestBuf.length, sha256: sha(manifestBuf) }];
    if (key) {
      const sigBuf = Buffer.from(await signManifest(manifestBuf, key), 'utf8');
      await writeSynced(staged(dir, SIGNATURE_NAME), sigBuf, undefined, { sync: false });
      note(staged(dir, SIGNATURE_NAME));
      written += sigBuf.length;
      extra.push({ path: SIGNATURE_NAME, size: sigBuf.length, sha256: sha(sigBuf) });
    } else if (read.signature !== null) removed.add(SIGNATURE_NAME);
    sumEntries.push(...extra.map((e) => ({ path: e.path, sha256: e.sha256 })));
    const sumsBuf = Buffer.from(formatSums(sumEntries), 'utf8');
    await writeSynced(staged(dir, SUMS_NAME), sumsBuf, undefined, { sync: false });
    note(staged(dir, SUMS_NAME));
    written += sumsBuf.length;
    extra.push({ path: SUMS_NAME, size: sumsBuf.length, sha256: sha(sumsBuf) });
    const flushedBy = await flushWritten(stageRoot, [...touchedPaths], { signal: job.signal });
    job.log('bundle.flushed', { strategy: flushedBy, paths: touchedPaths.size });

    // ---- read back everything written
    const back = [...stagedList, ...extra];
    const backTotal = back.reduce((n, e) => n + e.size, 0);
    let backDone = 0;
    const backMeter = new SpeedMeter();
    for (const e of back) {
      throwIfCancelled(job.signal);
      const got = await hashFile(staged(dir, e.path), {
        signal: job.signal,
        buffer,
        onBytes: (n) => {
          backDone += n;
          backMeter.sample(backDone);
          job.progress({ phase: 'readback', file: e.path, done: 0, total: e.size, overallDone: backDone, overallTotal: backTotal, unit: 'bytes', speed: backMeter.speed(), etaSeconds: backMeter.eta(backDone, backTotal) });
        },
      });
      if (got.size !== e.size || got.sha256 !== e.sha256) throw new AppError('BUNDLE_READBACK_FAILED', { path: e.path, problem: got.size !== e.size ? `size ${got.size}, expected ${e.size}` : `sha256 ${got.sha256}, expected ${e.sha256}` });
    }
    job.progress({ phase: 'readback', done: backTotal, total: backTotal, overallDone: backTotal, overallTotal: backTotal, unit: 'bytes', speed: backMeter.speed(), etaSeconds: 0 }, true);
    await stepPoint(OP, 'staged and read back');

    // ---- 4. the plan, then the files the old bundle does not have
    const oldDisk = new Set(read.expected.keys());
    const newDisk = new Set([...all.flatMap((f) => diskEntries(f)).map((e) => e.path), ...extra.map((e) => e.path)]);
    const plan: UpdatePlan = {
      schema: 'go-offline/bundle-update@1',
      startedAt: new Date(started).toISOString(),
      oldManifestSha256: read.manifestSha256,
      newManifestSha256: sha(manifestBuf),
      added: stagedList.map((e) => e.path).filter((p) => !oldDisk.has(p)),
      changed: stagedList.map((e) => e.path).filter((p) => oldDisk.has(p)),
      removed: [...oldDisk].filter((p) => !newDisk.has(p) && p !== MANIFEST_NAME && p !== SUMS_NAME),
      signed: !!key,
    };
    await writeFileAtomic(join(dir, PLAN_PATH), JSON.stringify(plan), { mkdirs: false });
    await syncDir(join(dir, UPDATE_DIR));
    await stepPoint(OP, 'plan written');
    const touched = new Set<string>();
    for (const [i, p] of plan.added.entries()) {
      await mkdir(dirname(inBundle(dir, p)), { recursive: true });
      await rename(staged(dir, p), inBundle(dir, p));
      touched.add(dirname(inBundle(dir, p)));
      if (i === 0) await stepPoint(OP, 'first new file in place');
    }
    for (const d of touched) await syncDir(d);
    await syncDir(dir);
    await stepPoint(OP, 'new files in place');

    // ---- 5. the commit point, then the rest
    await rename(staged(dir, MANIFEST_NAME), join(dir, MANIFEST_NAME));
    await syncDir(dir);
    await stepPoint(OP, 'manifest in place');
    if (key) await rename(staged(dir, SIGNATURE_NAME), join(dir, SIGNATURE_NAME));
    await rename(staged(dir, SUMS_NAME), join(dir, SUMS_NAME));
    await syncDir(dir);
    await stepPoint(OP, 'sums in place');
    for (const p of plan.changed) await rename(staged(dir, p), inBundle(dir, p));
    await syncDir(dir);
    await stepPoint(OP, 'changed files in place');
    for (const p of plan.removed) {
      await rm(inBundle(dir, p), { force: true });
      await pruneEmpty(dir, p);
    }
    await syncDir(dir);
    await stepPoint(OP, 'removed files deleted');
    await rm(join(dir, PLAN_PATH), { force: true });
    await rm(join(dir, UPDATE_DIR), { recursive: true, force: true });
    await syncDir(dir);
    job.log('bundle.updated', { dir, added: plan.added.length, changed: plan.changed.length, removed: plan.removed.length, written });

    const addedFiles = all.filter((f) => !oldByPath.has(f.path));
    const changedFiles = all.filter((f) => oldByPath.has(f.path) && oldByPath.get(f.path)!.sha256 !== f.sha256);
    const keptFiles = all.filter((f) => oldByPath.get(f.path)?.sha256 === f.sha256);
    const removedFiles = old.files.filter((f) => !all.some((n) => n.path === f.path));
    return summary({
      dir,
      manifest,
      recovered,
      added: addedFiles,
      changed: changedFiles,
      removed: removedFiles,
      kept: keptFiles,
      bytesWritten: written,
      bytesReadBack: backTotal,
      verifiedBytes: report.checkedBytes,
      signing: key ? (old.signer ? 're-signed' : 'signed') : old.signer ? 'now-unsigned' : 'unsigned',
      unsignedReason: key ? null : unsignedReason,
      warnings,
      nothingToDo: false,
      modulesRemoved: [...dropped].sort(),
      started,
    });
  } catch (err) {
    // before the plan, nothing outside the working folder was touched: remove it; after it, the
    // next update finishes (or undoes) what the plan says
    if (!(await exists(join(dir, PLAN_PATH)))) await rm(join(dir, UPDATE_DIR), { recursive: true, force: true }).catch(() => {});
    throw err;
  } finally {
    await rm(scratch, { recursive: true, force: true, maxRetries: 2 }).catch(() => {});
  }
}

/**
 * The module versions of the old proxy that no project left on the media needs: each remaining
 * project's pins (the SBOM's "needed by", from its go.sum) and their go.mod graph (module-needs.ts),
 * and whatever a refreshed project's new proxy holds. Without an SBOM that names what each project
 * needs, nothing is dropped and a note says why.
 */
async function unneededModules(
  dir: string,
  proxyPath: string,
  oldProxy: BundleFile[],
  remaining: Array<{ name: string }>,
  oldSbom: ReturnType<typeof readSbomModules>,
  preparedProxy: string | undefined,
  warnings: Finding[],
): Promise<Set<string>> {
  const held = new Map<string, string>(); // module@version -> its .mod path in the bundle
  const all = new Set<string>();
  for (const f of oldProxy) {
    const of = proxyFileOf(f.path.slice(proxyPath.length + 1));
    if (!of?.version) continue;
    const k = moduleKey(of.module, of.version);
    all.add(k);
    if (f.path.endsWith('.mod')) held.set(k, f.path);
  }
  if (!oldSbom) {
    warnings.push({
      id: 'bundle.update-modules-kept',
      verdict: 'warn',
      title: { en: 'The modules of the removed project were kept', zh: '已移除项目的模块被保留' },
      detail: {
        en: `The bundle's SBOM (${SBOM_NAME}) does not say which modules each project needs, so all ${all.size} module versions were kept.`,
        zh: `离线包的 SBOM（${SBOM_NAME}）没有说明每个项目需要哪些模块，因此全部 ${all.size} 个模块版本都已保留。`,
      },
      fix: { en: 'Make the media again with go-offline bundle create to carry only the modules its projects need.', zh: '如只想携带项目需要的模块，请用 go-offline bundle create 重新制作介质。' },
    });
    return new Set();
  }
  const roots = remaining.flatMap((p) => [...(oldSbom.pins.get(p.name) ?? [])]);
  if (preparedProxy) for (const m of await scanProxyModules(preparedProxy)) roots.push(moduleKey(m.path, m.version));
  const needed = await moduleClosure(roots, all, async (k) => (held.has(k) ? readFile(inBundle(dir, held.get(k)!), 'utf8').catch(() => null) : null));
  return new Set([...all].filter((k) => !needed.has(k)));
}

/** The key that signs the updated manifest, or null with the reason. */
async function updateSigner(
  oldSigner: BundleManifest['signer'],
  sign: UpdateBundleOptions['sign'],
  env: Env,
): Promise<{ key: OpenPGP.PrivateKey | null; unsignedReason: BundleUpdateResult['unsignedReason'] }> {
  if (sign === null) return { key: null, unsignedReason: { reason: 'no-sign' } };
  const ref = sign?.fingerprint ?? oldSigner?.fingerprint ?? sign?.defaultKey ?? null;
  if (!ref) return { key: null, unsignedReason: null };
  const own = await findOwnKey(ref, env).catch(() => null);
  if (!own) {
    if (sign?.fingerprint) throw new AppError('KEY_NOT_FOUND', { key: ref, where: 'your own keys' });
    return { key: null, unsignedReason: { reason: 'key-missing', fingerprint: ref } };
  }
  return { key: await unlockOwnKey(ref, sign?.passphrase, env), unsignedReason: null };
}

function summary(s: {
  dir: string;
  manifest: BundleManifest;
  recovered: 'finished' | 'undone' | 'cleaned' | null;
  added: BundleFile[];
  changed: BundleFile[];
  removed: BundleFile[];
  kept: BundleFile[];
  bytesWritten: number;
  bytesReadBack: number;
  verifiedBytes: number;
  signing: BundleUpdateResult['signing'];
  unsignedReason: BundleUpdateResult['unsignedReason'];
  warnings: Finding[];
  nothingToDo: boolean;
  modulesRemoved: string[];
  started: number;
}): BundleUpdateResult {
  const count = (fs: BundleFile[]) => ({ files: fs.length, bytes: fs.reduce((n, f) => n + f.size, 0), paths: fs.map((f) => f.path) });
  return {
    dir: s.dir,
    manifest: s.manifest,
    recovered: s.recovered,
    nothingToDo: s.nothingToDo,
    added: count(s.added),
    changed: count(s.changed),
    removed: count(s.removed),
    kept: { files: s.kept.length, bytes: s.kept.reduce((n, f) => n + f.size, 0) },
    bytesWritten: s.bytesWritten,
    bytesReadBack: s.bytesReadBack,
    verifiedBytes: s.verifiedBytes,
    signing: s.signing,
    unsignedReason: s.unsignedReason,
    warnings: s.warnings,
    modulesRemoved: s.modulesRemoved,
    seconds: (Date.now() - s.started) / 1000,
  };
}
