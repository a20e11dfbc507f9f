/**
 * exportBundle: writes a self-checking bundle to a folder (a USB drive or any directory).
 *
 * Order of work, so that a read-only, full, failing or removed destination never leaves something
 * that could pass for a good bundle:
 *  1. check inputs, free space and the FAT32 4 GiB limit (split large files, or refuse);
 *  2. copy everything into a hidden staging folder inside the destination (big files one at a
 *     time, a known hash's by the system's own copy; small files eight at a time), while the
 *     SBOM's scan of the module zips reads the source;
 *  3. generate scripts, README, manifest.json and SHA256SUMS there; then make every byte staged
 *     durable at once (one syncfs of the drive on Linux, else a parallel fsync of every file and
 *     folder: see flushWritten; an fsync per file cost 3 s for 282 proxy files under load);
 *  4. read every byte back and compare with the manifest; then wait for `beforeCommit` (the
 *     modules' offline dry run in `bundle create --project`), whose failure is the export's;
 *  5. only then move the files into place, content first and the folder fsynced, then
 *     manifest.json and SHA256SUMS, and fsync the folder again.
 * Any failure removes the staging folder and whatever was already moved.
 */
import { createHash } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import { access, lstat, mkdir, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError, toAppError } from '../../../shared/errors';
import {
  BUNDLE_SCHEMA,
  BUNDLE_SCHEMA_VERSION,
  MANIFEST_NAME,
  SUMS_NAME,
  bundleManifest,
  diskEntries,
  type BundleExportResult,
  type BundleFile,
  type BundleManifest,
} from '../../../shared/bundle';
import type { DownloadedFile } from '../../../shared/releases';
import { formatBytes } from '../../../shared/format';
import { APP_VERSION, CLI_NAME } from '../../../shared/version';
import { SpeedMeter, throwIfCancelled, type JobContext } from '../jobs';
import { pool } from '../pool';
import { CHUNK, copyRange, copyWhole, flushWritten, hashFile, syncDir, writeSynced, type FlushStrategy } from './io';
import { formatSums } from './sums';
import { renderSbom, scanProxyModules, zipPins } from './sbom';
import { REPORT_NAME } from './report';
import { generatedFiles, goVersions, scriptContext, transferReport } from './generated';
import type * as OpenPGP from 'openpgp';
import { SIGNATURE_NAME, SIGNER_KEY_NAME } from '../../../shared/signing';
import { signManifest } from '../signing/signature';
import { DEFAULT_PART_SIZE, FAT32_MAX_FILE, filesystemOf, freeSpace, isFatType } from './fsinfo';
import type { ScriptContext } from './scripts';

export type BundleFileKind = BundleFile['kind'];

export interface ExportModules {
  /** folder in GOPROXY layout (a module cache's cache/download, or prepareModules' proxyDir) */
  proxyDir: string;
  moduleCount: number;
  size: number;
  projects: Array<{ name: string; module: string; goVersion?: string; toolchain?: string; vendorArchive?: string; /** the project's go.sum text: which modules it needs, in the SBOM */ goSum?: string }>;
}

export interface ExportOptions {
  outDir: string;
  archives: DownloadedFile[];
  modules?: ExportModules;
  extraFiles?: Array<{ src: string; path: string; kind: BundleFileKind }>;
  /** builds of this app among extraFiles (kind 'app'), named in README.txt with how to run each */
  installers?: ScriptContext['installers'];
  /** recommended settings on the offline machine; GOTOOLCHAIN=local is always added */
  environment?: Record<string, string>;
  targets?: Array<{ platform: string; hostname?: string }>;
  /** 'auto' (default): split files of 4 GiB or more only on FAT filesystems; 'never': refuse there */
  split?: 'auto' | 'never' | 'always';
  /** size of split parts (default just under 4 GiB; tests use small values) */
  partSize?: number;
  /** the destination's filesystem type when known (e.g. from the drive list); detected otherwise */
  filesystem?: string | null;
  job: JobContext;
  /** sign manifest.json with this unlocked key of the preparer's (manifest.json.asc, signer-key.asc) */
  sign?: { key: OpenPGP.PrivateKey };
  /** GOPROXY the modules were downloaded through (the transfer report's source), null when unset */
  goproxy?: string | null;
  /** testing seam: runs after everything is staged and flushed, before the read-back */
  beforeReadBack?: (stagingDir: string) => Promise<void>;
  /**
   * Awaited after the read-back, before anything is moved into place: work that must succeed for
   * the bundle to exist (`bundle create --project` runs the modules' offline dry run meanwhile).
   * A rejection removes everything staged and is the export's error.
   */
  beforeCommit?: () => Promise<void>;
  /** how the staged files are made durable ('auto': syncfs on Linux, parallel fsync elsewhere) */
  flush?: FlushStrategy | 'auto';
}

interface PlanItem {
  src: string | null;
  content?: Buffer;
  path: string;
  kind: BundleFileKind;
  size: number;
  /** known in advance (downloaded archives); otherwise computed while copying */
  sha256?: string;
  meta: Partial<BundleFile>;
  split: boolean;
}

/** files up to this size are copied several at a time, each read whole (see step 2) */
const SMALL_FILE = 1024 * 1024;
const SMALL_FILE_POOL = 8;

const ARCHIVE_NAME = /^(go[0-9][0-9A-Za-z.]*)\.([a-z0-9]+)-([a-z0-9]+)\.(tar\.gz|zip)$/;

/**
 * Describe an already-downloaded official archive from its name (for --archive FILE). With
 * `hash: false` the SHA-256 is left empty and exportBundle computes it while copying (one read
 * of the source instead of two).
 */
export async function describeArchive(path: string, job?: JobContext, opts: { hash?: boolean } = {}): Promise<DownloadedFile> {
  const abs = resolve(path);
  const m = ARCHIVE_NAME.exec(basename(abs));
  if (!m) throw new AppError('BUNDLE_ARCHIVE_UNRECOGNISED', { path: abs });
  const st = await stat(abs).catch(() => null);
  if (!st || !st.isFile()) throw new AppError('FILE_NOT_READABLE', { path: abs });
  const { sha256, size } = opts.hash === false ? { sha256: '', size: st.size } : await hashFile(abs, { signal: job?.signal });
  return {
    file: { filename: basename(abs), os: m[2]!, arch: m[3]!, version: m[1]!, sha256, size, kind: 'archive' },
    path: abs,
    sha256,
    size,
    signature: 'not-checked',
    url: 'file://' + abs,
  };
}

export async function walkFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    const ents = await readdir(dir, { withFileTypes: true });
    for (const e of ents) {
      if (e.isDirectory()) await walk(join(dir, e.name), prefix + e.name + '/');
      else if (e.isFile()) out.push(prefix + e.name);
    }
  }
  await walk(root, '');
  return out.sort();
}

function partName(path: string, i: number): string {
  return `${path}.part${String(i).padStart(3, '0')}`;
}

const OS_FOLDERS = /^(System Volume Information|\$RECYCLE\.BIN|\.Trashes|\.Spotlight-V100|\.fseventsd|lost\+found|\.DS_Store)$/;

/**
 * Can a bundle be written to `outDir`? It must be an empty folder (a drive's own system folders
 * aside) or not exist yet below a folder we can write in, with room for `neededBytes`. Creates and
 * changes nothing, so `bundle create` can ask before it downloads anything.
 */
export async function checkDestination(outDir: string, neededBytes = 0): Promise<void> {
  const st = await lstat(outDir).catch(() => null);
  if (st && !st.isDirectory()) throw new AppError('BUNDLE_DEST_NOT_EMPTY', { path: outDir, entries: 'it is a file' });
  if (st) {
    const entries = (await readdir(outDir)).filter((n) => !OS_FOLDERS.test(n));
    if (entries.length > 0) throw new AppError('BUNDLE_DEST_NOT_EMPTY', { path: outDir, entries: entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '') });
  }
  // the folder itself, or the nearest one above it that exists: we must be able to write there
  let existing = outDir;
  while (!(await lstat(existing).catch(() => null))) {
    const up = dirname(existing);
    if (up === existing) break;
    existing = up;
  }
  const est = await stat(existing).catch((e: unknown) => {
    throw destError(e, outDir, neededBytes);
  });
  if (!est.isDirectory()) throw new AppError('BUNDLE_DEST_NOT_WRITABLE', { path: outDir, reason: `${existing} is a file` });
  try {
    await access(existing, fsc.W_OK);
  } catch (e) {
    throw destError(Object.assign(e as object, { path: outDir }), outDir, neededBytes);
  }
  if (neededBytes > 0) {
    const space = await freeSpace(existing);
    if (space && space.free < neededBytes) throw new AppError('BUNDLE_DEST_NO_SPACE', { needed: formatBytes(neededBytes), free: formatBytes(space.free), path: outDir });
  }
}

function destError(err: unknown, outDir: string, needed: number): AppError {
  if (err instanceof AppError) return err;
  const e = err as NodeJS.ErrnoException;
  const inDest = typeof e?.path === 'string' ? resolve(e.path).startsWith(outDir) : true;
  if (e && inDest) {
    if (e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'EFBIG') {
      return new AppError('BUNDLE_DEST_NO_SPACE', { needed: formatBytes(needed), free: e.code === 'EFBIG' ? 'less (a file was too large for the drive)' : 'less', path: outDir }, e.stack);
    }
    if (e.code === 'EROFS' || e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EIO' || e.code === 'ENODEV' || e.code === 'ENXIO') {
      const reason = { EROFS: 'the drive is read-only', EACCES: 'permission denied', EPERM: 'permission denied', EIO: 'input/output error', ENODEV: 'the drive disappeared', ENXIO: 'the drive disappeared' }[e.code];
      return new AppError('BUNDLE_DEST_NOT_WRITABLE', { path: outDir, reason }, e.stack);
    }
  }
  return toAppError(err);
}

/** Write a verified bundle to `outDir` (see the module comment for the order of work). */
export async function exportBundle(opts: ExportOptions): Promise<BundleExportResult> {
  const started = Date.now();
  const { job } = opts;
  const outDir = resolve(opts.outDir);
  if (opts.archives.length === 0) throw new AppError('BUNDLE_NO_ARCHIVES', { version: '?', platforms: '?' });

  // ---- 1. plan
  const plan: PlanItem[] = [];
  for (const a of opts.archives) {
    const st = await stat(a.path).catch(() => null);
    if (!st || !st.isFile()) throw new AppError('FILE_NOT_READABLE', { path: a.path });
    if (st.size !== a.size) throw new AppError('BUNDLE_SOURCE_CHANGED', { path: a.path, problem: `size ${st.size}, expected ${a.size}` });
    const path = `go/${a.file.filename}`;
    plan.push({
      src: a.path,
      path,
      kind: 'archive',
      size: a.size,
      sha256: a.sha256 || undefined,
      split: false,
      meta: {
        os: a.file.os,
        arch: a.file.arch,
        version: a.file.version,
        signature: { status: a.signature, file: a.signaturePath ? `${path}.asc` : undefined, keyFingerprint: a.keyFingerprint },
      },
    });
    if (a.signaturePath) {
      const s = await stat(a.signaturePath);
      plan.push({ src: a.signaturePath, path: `${path}.asc`, kind: 'signature', size: s.size, split: false, meta: {} });
    }
  }
  let modulesMeta: BundleManifest['modules'];
  if (opts.modules) {
    const proxyPath = 'modules/proxy';
    const rels = await walkFiles(opts.modules.proxyDir);
    const sizes = await pool(rels, 16, async (rel) => (await stat(join(opts.modules!.proxyDir, rel))).size);
    let proxySize = 0;
    for (const [i, rel] of rels.entries()) {
      proxySize += sizes[i]!;
      plan.push({ src: join(opts.modules.proxyDir, rel), path: `${proxyPath}/${rel}`, kind: 'module-proxy', size: sizes[i]!, split: false, meta: {} });
    }
    const projects = [];
    for (const p of opts.modules.projects) {
      let vendorArchive: string | undefined;
      if (p.vendorArchive) {
        vendorArchive = `modules/vendor/${basename(p.vendorArchive)}`;
        const s = await stat(p.vendorArchive);
        plan.push({ src: p.vendorArchive, path: vendorArchive, kind: 'vendor', size: s.size, split: false, meta: {} });
      }
      projects.push({ name: p.name, module: p.module, goVersion: p.goVersion, toolchain: p.toolchain, vendorArchive });
    }
    modulesMeta = { proxyPath, moduleCount: opts.modules.moduleCount, size: proxySize, projects };
  }
  for (const x of opts.extraFiles ?? []) {
    const s = await stat(x.src);
    plan.push({ src: x.src, path: x.path, kind: x.kind, size: s.size, split: false, meta: {} });
  }
  const seen = new Set<string>();
  for (const item of plan) {
    if (seen.has(item.path)) throw new AppError('INTERNAL', { message: `two files would be written to ${item.path}` });
    seen.add(item.path);
  }

  // ---- destination checks
  const outStat = await lstat(outDir).catch(() => null);
  if (outStat && !outStat.isDirectory()) throw new AppError('BUNDLE_DEST_NOT_EMPTY', { path: outDir, entries: 'it is a file' });
  if (outStat) {
    const entries = (await readdir(outDir)).filter((n) => !OS_FOLDERS.test(n));
    if (entries.length > 0) throw new AppError('BUNDLE_DEST_NOT_EMPTY', { path: outDir, entries: entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '') });
  }
  const filesystem = opts.filesystem !== undefined ? opts.filesystem : await filesystemOf(outDir);
  const fat = isFatType(filesystem);
  const partSize = opts.partSize ?? DEFAULT_PART_SIZE;
  const splitPaths: string[] = [];
  for (const item of plan) {
    const tooBig = fat && item.size > FAT32_MAX_FILE;
    if (opts.split === 'always' ? item.size > partSize : tooBig) {
      if (opts.split === 'never') throw new AppError('BUNDLE_FAT32_TOO_LARGE', { path: item.path, size: formatBytes(item.size) });
      item.split = true;
      splitPaths.push(item.path);
    }
  }
  const contentBytes = plan.reduce((a, i) => a + i.size, 0);

  let created = false;
  if (!outStat) {
    try {
      await mkdir(outDir, { recursive: true });
      created = true;
    } catch (err) {
      // recursive mkdir reports ENOENT on a read-only filesystem; a plain mkdir tells the truth
      const real = await mkdir(outDir).then(() => err, (e: unknown) => e);
      throw destError(real, outDir, contentBytes);
    }
  }
  const space = await freeSpace(outDir);
  const block = space?.blockSize ?? 4096;
  const needed = plan.reduce((a, i) => a + Math.ceil(i.size / block) * block + (i.split ? block : 0), 0) + 2 * 1024 * 1024 + plan.length * block;
  if (space && space.free < needed) {
    if (created) await rmdir(outDir).catch(() => {});
    throw new AppError('BUNDLE_DEST_NO_SPACE', { needed: formatBytes(needed), free: formatBytes(space.free), path: outDir });
  }

  const staging = join(outDir, `.go-offline-staging-${randomBytes(4).toString('hex')}`);
  const moved: string[] = [];
  let scanning: Promise<Awaited<ReturnType<typeof scanProxyModules>>> = Promise.resolve([]);
  try {
    await mkdir(staging);
    // every file and folder written in staging, for the flush before anything is moved into place
    const written = new Set<string>([staging]);
    const note = (file: string) => {
      written.add(file);
      for (let d = dirname(file); d.length > staging.length && !written.has(d); d = dirname(d)) written.add(d);
    };
    // ---- 2. copy with progress (made durable all at once in step 3)
    // meanwhile the SBOM's scan of the module zips (h1, licence) reads the source proxy; each
    // zip's SHA-256 it finds must be the one computed while copying it (see step 3)
    scanning = modulesMeta ? scanProxyModules(opts.modules!.proxyDir, { signal: job.signal }) : Promise.resolve([]);
    scanning.catch(() => {});
    const files: BundleFile[] = [];
    const meter = new SpeedMeter();
    let done = 0;
    const buffer = Buffer.allocUnsafe(CHUNK);
    /** progress of one file's copy (its own counts: the small files are copied several at a time) */
    const progressFor = (file: string, size: number) => {
      let fileDone = 0;
      return (n: number) => {
        done += n;
        fileDone += n;
        meter.sample(done);
        job.progress({ phase: 'copy', file, done: fileDone, total: size, overallDone: done, overallTotal: contentBytes, unit: 'bytes', speed: meter.speed(), etaSeconds: meter.eta(done, contentBytes) });
      };
    };
    const copiedHash = new Map<string, string>();
    const made = new Set<string>();
    const folderFor = async (dest: string) => {
      const d = dirname(dest);
      if (made.has(d)) return;
      await mkdir(d, { recursive: true });
      made.add(d);
    };
    // in plan order, whichever way each file was copied
    const copied: BundleFile[] = new Array(plan.length);
    const small = (item: PlanItem) => !item.split && !item.sha256 && item.size <= SMALL_FILE;
    // big files one at a time, with progress within each
    for (const [index, item] of plan.entries()) {
      if (small(item)) continue;
      throwIfCancelled(job.signal);
      const onBytes = progressFor(item.path, item.size);
      const dest = join(staging, ...item.path.split('/'));
      await folderFor(dest);
      if (item.split) {
        const whole = createHash('sha256');
        const parts: NonNullable<BundleFile['parts']> = [];
        for (let i = 0, off = 0; off < item.size || (item.size === 0 && i === 0); i++, off += partSize) {
          const len = Math.min(partSize, item.size - off);
          const partHash = createHash('sha256');
          const pn = partName(item.path, i);
          await copyRange(item.src!, join(staging, ...pn.split('/')), { offset: off, length: len, signal: job.signal, onBytes, buffer, hashes: [whole, partHash], sync: false });
          note(join(staging, ...pn.split('/')));
          parts.push({ path: pn, size: len, sha256: partHash.digest('hex') });
          if (item.size === 0) break;
        }
        const wholeSha = whole.digest('hex');
        if (item.sha256 && wholeSha !== item.sha256) throw new AppError('BUNDLE_SOURCE_CHANGED', { path: item.src!, problem: `sha256 ${wholeSha}, expected ${item.sha256}` });
        copied[index] = { path: item.path, kind: item.kind, size: item.size, sha256: wholeSha, parts, ...item.meta } as BundleFile;
      } else if (item.sha256) {
        // the hash is known (the listing's, checked when it was downloaded, or the toolchain
        // step's): the system copies it, and the read-back below compares the copy with it
        const n = await copyWhole(item.src!, dest, { signal: job.signal, onBytes });
        note(dest);
        if (n !== item.size) throw new AppError('BUNDLE_SOURCE_CHANGED', { path: item.src!, problem: `size ${n}, expected ${item.size}` });
        copied[index] = { path: item.path, kind: item.kind, size: item.size, sha256: item.sha256, ...item.meta } as BundleFile;
      } else {
        const h = createHash('sha256');
        const n = await copyRange(item.src!, dest, { signal: job.signal, onBytes, buffer, hashes: [h], sync: false });
        note(dest);
        if (n !== item.size) throw new AppError('BUNDLE_SOURCE_CHANGED', { path: item.src!, problem: `size ${n}, expected ${item.size}` });
        const sha = h.digest('hex');
        copiedHash.set(item.path, sha);
        copied[index] = { path: item.path, kind: item.kind, size: item.size, sha256: sha, ...item.meta } as BundleFile;
      }
    }
    // small files (a module proxy's hundreds of .mod, .info, list and zip files) several at a
    // time, each read once whole: one at a time, the round trips cost more than the bytes
    await pool([...plan.entries()].filter(([, item]) => small(item)), SMALL_FILE_POOL, async ([index, item]) => {
      throwIfCancelled(job.signal);
      const dest = join(staging, ...item.path.split('/'));
      await folderFor(dest);
      const bytes = await readFile(item.src!);
      if (bytes.length !== item.size) throw new AppError('BUNDLE_SOURCE_CHANGED', { path: item.src!, problem: `size ${bytes.length}, expected ${item.size}` });
      await writeSynced(dest, bytes, undefined, { sync: false });
      note(dest);
      const sha = createHash('sha256').update(bytes).digest('hex');
      copiedHash.set(item.path, sha);
      copied[index] = { path: item.path, kind: item.kind, size: item.size, sha256: sha, ...item.meta } as BundleFile;
      progressFor(item.path, item.size)(item.size);
    });
    files.push(...copied);
    job.progress({ phase: 'copy', done: contentBytes, total: contentBytes, overallDone: contentBytes, overallTotal: contentBytes, unit: 'bytes', speed: meter.speed(), etaSeconds: 0 }, true);

    // ---- 3. generated files, manifest, sums
    const createdAt = new Date().toISOString();
    const versions = goVersions(files);
    const environment: Record<string, string> = { GOTOOLCHAIN: 'local', ...(modulesMeta ? {} : { GOPROXY: 'off' }), ...(opts.environment ?? {}) };
    const ctx = scriptContext({ files, environment, modulesProxyPath: modulesMeta?.proxyPath, createdAt, installers: opts.installers });
    // the SBOM describes the module zips the media carries: the scan read the source, so each
    // zip's SHA-256 must be the one computed while copying it (which the read-back checks)
    const proxyModules = await scanning;
    for (const m of proxyModules) {
      if (!m.zip) continue;
      const copiedSha = copiedHash.get(`${modulesMeta!.proxyPath}/${m.zip.file}`);
      if (copiedSha !== m.zip.sha256) throw new AppError('BUNDLE_SOURCE_CHANGED', { path: join(opts.modules!.proxyDir, ...m.zip.file.split('/')), problem: `sha256 ${copiedSha ?? 'not copied'} when copied, ${m.zip.sha256} when scanned` });
    }
    const sbomProjects = (opts.modules?.projects ?? []).map((p) => ({ name: p.name, module: p.module, goSum: p.goSum }));
    const sbom = renderSbom({
      createdAt,
      toolchains: files.filter((f) => f.kind === 'archive').map((f) => ({ path: f.path, version: f.version!, os: f.os!, arch: f.arch!, sha256: f.sha256 })),
      modules: proxyModules,
      proxyPath: modulesMeta?.proxyPath,
      projects: sbomProjects,
    });
    const generated = generatedFiles(ctx, sbom, opts.sign?.key.toPublic().armor());
    for (const g of generated) {
      if (seen.has(g.path)) continue; // a caller-supplied file of that name wins
      const buf = Buffer.from(g.text, 'utf8');
      await mkdir(join(staging, ...g.path.split('/'), '..'), { recursive: true });
      await writeSynced(join(staging, ...g.path.split('/')), buf, g.mode, { sync: false });
      note(join(staging, ...g.path.split('/')));
      files.push({ path: g.path, kind: g.kind, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // the transfer report: every file so far (it cannot hold its own hash; SHA256SUMS does)
    if (!seen.has(REPORT_NAME)) {
      const pins = sbomProjects.map((p) => ({ name: p.name, pins: zipPins(p.goSum) }));
      const html = transferReport({
        createdAt,
        tool: `${CLI_NAME} ${APP_VERSION}`,
        signer: opts.sign ? { fingerprint: opts.sign.key.getFingerprint().toUpperCase(), userIds: opts.sign.key.getUserIDs() } : undefined,
        archiveSources: opts.archives.map((a) => ({ file: `go/${a.file.filename}`, url: a.url })),
        goproxy: opts.goproxy ?? null,
        hasModules: !!modulesMeta,
        files: files.map((f) => {
          const src = f.kind === 'archive' ? opts.archives.find((a) => `go/${a.file.filename}` === f.path) : undefined;
          return {
            path: f.path,
            size: f.size,
            sha256: f.sha256,
            kind: f.kind,
            ...(src ? { listing: src.url.startsWith('file:') ? ('not-compared' as const) : ('matched' as const), openpgp: { status: src.signature, keyFingerprint: src.keyFingerprint } } : {}),
          };
        }),
        modules: proxyModules,
        neededBy: (m) => pins.filter((p) => p.pins.has(`${m.path}@${m.version}`)).map((p) => p.name),
        targets: opts.targets ?? [],
      });
      const buf = Buffer.from(html, 'utf8');
      await writeSynced(join(staging, REPORT_NAME), buf, undefined, { sync: false });
      note(join(staging, REPORT_NAME));
      files.push({ path: REPORT_NAME, kind: 'doc', size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
      files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    }
    const manifest: BundleManifest = bundleManifest.parse({
      schema: BUNDLE_SCHEMA,
      schemaVersion: BUNDLE_SCHEMA_VERSION,
      createdAt,
      creator: { tool: CLI_NAME, version: APP_VERSION },
      go: { versions },
      files,
      modules: modulesMeta,
      environment,
      targets: opts.targets ?? [],
      ...(opts.sign ? { signer: { fingerprint: opts.sign.key.getFingerprint().toUpperCase(), userIds: opts.sign.key.getUserIDs(), publicKey: SIGNER_KEY_NAME } } : {}),
    });
    const manifestBuf = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    await writeSynced(join(staging, MANIFEST_NAME), manifestBuf, undefined, { sync: false });
    note(join(staging, MANIFEST_NAME));
    const sigEntries: Array<{ path: string; size: number; sha256: string }> = [];
    if (opts.sign) {
      const sigBuf = Buffer.from(await signManifest(manifestBuf, opts.sign.key), 'utf8');
      await writeSynced(join(staging, SIGNATURE_NAME), sigBuf, undefined, { sync: false });
      note(join(staging, SIGNATURE_NAME));
      sigEntries.push({ path: SIGNATURE_NAME, size: sigBuf.length, sha256: createHash('sha256').update(sigBuf).digest('hex') });
    }
    const sumEntries = files.flatMap((f) => diskEntries(f)).map((e) => ({ path: e.path, sha256: e.sha256 }));
    for (const e of sigEntries) sumEntries.push({ path: e.path, sha256: e.sha256 });
    sumEntries.push({ path: MANIFEST_NAME, sha256: createHash('sha256').update(manifestBuf).digest('hex') });
    const sumsBuf = Buffer.from(formatSums(sumEntries), 'utf8');
    await writeSynced(join(staging, SUMS_NAME), sumsBuf, undefined, { sync: false });
    note(join(staging, SUMS_NAME));
    // every staged byte durable before anything is moved into place (the commit point is the rename
    // of SHA256SUMS below); a write-back error (a drive gone, full, failing) fails the export here
    const flushStarted = Date.now();
    const flushedBy = await flushWritten(staging, [...written], { strategy: opts.flush, signal: job.signal });
    job.log('bundle.flushed', { strategy: flushedBy, paths: written.size, ms: Date.now() - flushStarted });

    // ---- 4. read every byte back
    if (opts.beforeReadBack) await opts.beforeReadBack(staging);
    const expected = [
      ...files.flatMap((f) => diskEntries(f)),
      ...sigEntries,
      { path: MANIFEST_NAME, size: manifestBuf.length, sha256: sumEntries[sumEntries.length - 1]!.sha256 },
      { path: SUMS_NAME, size: sumsBuf.length, sha256: createHash('sha256').update(sumsBuf).digest('hex') },
    ];
    const totalBack = expected.reduce((a, e) => a + e.size, 0);
    const back = new SpeedMeter();
    let backDone = 0;
    const readBack = (file: string, size: number) => (n: number) => {
      backDone += n;
      back.sample(backDone);
      job.progress({ phase: 'readback', file, done: 0, total: size, overallDone: backDone, overallTotal: totalBack, unit: 'bytes', speed: back.speed(), etaSeconds: back.eta(backDone, totalBack) });
    };
    const compare = async (e: (typeof expected)[number], got: { sha256: string; size: number }) => {
      if (got.size === e.size && got.sha256 === e.sha256) return;
      const problem = got.size !== e.size ? `size ${got.size}, expected ${e.size}` : `sha256 ${got.sha256}, expected ${e.sha256}`;
      // tell a changed source apart from a bad destination
      const item = plan.find((p) => p.path === e.path);
      if (item?.src && item.sha256) {
        const src = await hashFile(item.src, { buffer }).catch(() => null);
        if (src && src.sha256 !== item.sha256) throw new AppError('BUNDLE_SOURCE_CHANGED', { path: item.src, problem: `sha256 ${src.sha256}, expected ${item.sha256}` });
      }
      throw new AppError('BUNDLE_READBACK_FAILED', { path: e.path, problem });
    };
    const readError = (err: unknown) => {
      throw destError(err, outDir, needed);
    };
    // big files one at a time with progress, the many small ones several at a time
    for (const e of expected.filter((x) => x.size > SMALL_FILE)) {
      throwIfCancelled(job.signal);
      const got = await hashFile(join(staging, ...e.path.split('/')), { signal: job.signal, buffer, onBytes: readBack(e.path, e.size) }).catch(readError);
      await compare(e, got);
    }
    await pool(
      expected.filter((x) => x.size <= SMALL_FILE),
      SMALL_FILE_POOL,
      async (e) => {
        throwIfCancelled(job.signal);
        const bytes = await readFile(join(staging, ...e.path.split('/'))).catch(readError);
        await compare(e, { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
        readBack(e.path, e.size)(bytes.length);
      },
    );
    job.progress({ phase: 'readback', done: totalBack, total: totalBack, overallDone: totalBack, overallTotal: totalBack, unit: 'bytes', speed: back.speed(), etaSeconds: 0 }, true);

    if (opts.beforeCommit) await opts.beforeCommit();

    // ---- 5. move into place: content first, manifest.json and SHA256SUMS last
    const top = (await readdir(staging)).filter((n) => n !== MANIFEST_NAME && n !== SUMS_NAME && n !== SIGNATURE_NAME).sort();
    for (const name of top) {
      await rename(join(staging, name), join(outDir, name));
      moved.push(name);
    }
    // the content's names are durable in the folder before the lists that name them appear
    await syncDir(outDir);
    for (const name of [...sigEntries.map((e) => e.path), MANIFEST_NAME, SUMS_NAME]) {
      await rename(join(staging, name), join(outDir, name));
      moved.push(name);
    }
    await rmdir(staging);
    await syncDir(outDir);
    job.log('bundle.exported', { outDir, files: files.length, bytes: contentBytes, readBack: true });
    // counted as `bundle verify` counts: the files listed in SHA256SUMS (manifest.json among them);
    // SHA256SUMS itself was read back too, but it is the list, not one of its entries
    return {
      outDir,
      manifest,
      files: expected.length - 1,
      bytes: totalBack - sumsBuf.length,
      readBack: true,
      split: splitPaths,
      filesystem,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (err) {
    await scanning.catch(() => {});
    // never leave anything that could pass for a good bundle: SHA256SUMS goes first
    for (const name of [...moved].reverse()) await rm(join(outDir, name), { recursive: true, force: true }).catch(() => {});
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    if (created) await rm(outDir, { recursive: true, force: true }).catch(() => {});
    throw destError(err, outDir, needed);
  }
}

/** True when `child` is inside `parent` (both absolute). */
export function isInside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}
