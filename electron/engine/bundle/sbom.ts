/**
 * The bundle's SBOM (sbom.cdx.json, CycloneDX 1.5 JSON), made with the OWASP CycloneDX library:
 * the Go toolchain once per platform archive, every module version in the module proxy with its
 * purl, the zip's SHA-256 and its go.sum `h1:` hash (both computed here from the zip itself), the
 * licence found in the module's LICENSE file ("unknown" when none is found or recognised), and the
 * projects that need it (as components with dependencies, and a property on each module).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { APP_VERSION, CLI_NAME } from '../../../shared/version';
import { parseGoSum, unescapeModulePath } from '../modules/gomod';
import { hashFile } from './io';
import { throwIfCancelled } from '../jobs';
import { pool } from '../pool';
import { LICENCE_FILE, classifyLicence, licenceCandidates, type LicenceId } from './licence';

export const SBOM_NAME = 'sbom.cdx.json';

export interface ProxyModuleEntry {
  path: string;
  version: string;
  /** present when the proxy carries the module's zip (its source); absent for go.mod-only versions */
  zip?: { file: string; sha256: string; h1: string; licence: LicenceId; licenceFile?: string; /** when the file holds several licences */ candidates?: string[] };
}

/**
 * Go's `h1:` hash of a module zip (golang.org/x/mod/sumdb/dirhash Hash1 over the zip's files):
 * SHA-256 over the sorted lines "<sha256 hex>  <name>\n", base64.
 * Also returns the text of the licence file at the module root, if any, and (when the zip was
 * read whole) the SHA-256 of the zip file itself.
 *
 * A zip of up to `inMemoryMax` bytes (most module zips are a few hundred KiB) is read into memory
 * once and its entries inflated there: yauzl reads the central directory from that buffer, and
 * each entry's bytes are taken at its local header and inflated in one call. That is several
 * times faster than a stream per entry (an event-loop and thread-pool round trip for each of a
 * module's many small files); a bigger zip is streamed entry by entry, so memory stays bounded.
 */
export async function zipHash1(zipPath: string, prefix: string, opts: { inMemoryMax?: number } = {}): Promise<{ h1: string; licenceText?: string; licenceFile?: string; sha256?: string }> {
  const max = opts.inMemoryMax ?? IN_MEMORY_MAX;
  const size = (await stat(zipPath)).size;
  if (size <= max) {
    const buf = await readFile(zipPath);
    const yauzl = await import('yauzl');
    const zip = await new Promise<import('yauzl').ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(buf, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (e, z) => (e ? reject(e) : resolve(z!))),
    );
    const files: Array<{ name: string; data: Buffer }> = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: import('yauzl').Entry) => {
        try {
          if (!entry.fileName.endsWith('/')) files.push({ name: entry.fileName, data: entryBytes(buf, entry) });
          zip.readEntry();
        } catch (e) {
          reject(e);
        }
      });
      zip.readEntry();
    });
    return { ...hash1Of(files.map((f) => ({ name: f.name, sha: createHash('sha256').update(f.data).digest('hex'), text: () => f.data.toString('utf8'), size: f.data.length })), prefix), sha256: createHash('sha256').update(buf).digest('hex') };
  }
  const yauzl = await import('yauzl');
  const zip = await new Promise<import('yauzl').ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true, strictFileNames: true, validateEntrySizes: true }, (e, z) => (e ? reject(e) : resolve(z!))),
  );
  const files: Array<{ name: string; sha: string; text: () => string; size: number }> = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: import('yauzl').Entry) => {
      (async () => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        const stream = await new Promise<NodeJS.ReadableStream>((res, rej) => zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s!))));
        const h = createHash('sha256');
        const keep = isLicenceCandidate(entry.fileName, prefix, entry.uncompressedSize);
        const chunks: Buffer[] = [];
        for await (const c of stream) {
          h.update(c as Buffer);
          if (keep) chunks.push(c as Buffer);
        }
        const text = keep ? Buffer.concat(chunks).toString('utf8') : '';
        files.push({ name: entry.fileName, sha: h.digest('hex'), text: () => text, size: entry.uncompressedSize });
        zip.readEntry();
      })().catch(reject);
    });
    zip.readEntry();
  });
  return hash1Of(files, prefix);
}

/** Zips up to this size are read whole (see zipHash1). */
const IN_MEMORY_MAX = 8 * 1024 * 1024;

/** A file at the module root whose name says it is the licence, small enough to read. */
function isLicenceCandidate(name: string, prefix: string, size: number): boolean {
  return name.startsWith(prefix) && LICENCE_FILE.test(name.slice(prefix.length)) && size < 1 << 20;
}

/** The h1 over the files' hashes, and the root licence file (the first by name) among them. */
function hash1Of(files: Array<{ name: string; sha: string; text: () => string; size: number }>, prefix: string): { h1: string; licenceText?: string; licenceFile?: string } {
  const lines = files.map((f) => [f.name, f.sha] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const summary = lines.map(([name, hex]) => `${hex}  ${name}\n`).join('');
  const licence = files
    .filter((f) => isLicenceCandidate(f.name, prefix, f.size))
    .map((f) => f.name.slice(prefix.length))
    .sort()[0];
  const file = licence === undefined ? undefined : files.find((f) => f.name === prefix + licence);
  return { h1: 'h1:' + createHash('sha256').update(summary).digest('base64'), licenceText: file?.text(), licenceFile: licence };
}

/**
 * The uncompressed bytes of one entry of a zip held in `buf`: found at its local header (whose
 * name and extra fields may differ in length from the central directory's), stored or deflated,
 * and refused when it is encrypted, runs past the buffer, or inflates to another size than the
 * directory says (never more than that size is inflated).
 */
function entryBytes(buf: Buffer, entry: import('yauzl').Entry): Buffer {
  const bad = (why: string) => new Error(`${entry.fileName}: ${why}`);
  if (entry.isEncrypted()) throw bad('encrypted entry');
  const off = entry.relativeOffsetOfLocalHeader;
  if (off + 30 > buf.length || buf.readUInt32LE(off) !== 0x04034b50) throw bad('invalid local file header');
  const start = off + 30 + buf.readUInt16LE(off + 26) + buf.readUInt16LE(off + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw bad('entry runs past the end of the file');
  const raw = buf.subarray(start, end);
  let data: Buffer;
  if (entry.compressionMethod === 0) data = raw;
  else if (entry.compressionMethod === 8) data = entry.uncompressedSize === 0 && raw.length <= 2 ? Buffer.alloc(0) : inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  else throw bad(`unsupported compression method ${entry.compressionMethod}`);
  if (data.length !== entry.uncompressedSize) throw bad(`inflated to ${data.length} bytes, expected ${entry.uncompressedSize}`);
  return data;
}

/** How many zips are read at once (the reads and the inflating run on libuv's and zlib's threads). */
const ZIP_SCAN_POOL = 4;

/**
 * Every module version in a proxy tree (`<escaped path>/@v/<version>.{mod,info,zip}`), sorted,
 * each zip with its SHA-256, `h1:` hash and licence, read from the zip itself (several at a time).
 */
export async function scanProxyModules(proxyDir: string, opts: { signal?: AbortSignal } = {}): Promise<ProxyModuleEntry[]> {
  const out: ProxyModuleEntry[] = [];
  const zips: Array<{ entry: ProxyModuleEntry; file: string; rel: string }> = [];
  async function walk(dir: string, rel: string): Promise<void> {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      if (e.name !== '@v') {
        await walk(join(dir, e.name), rel ? `${rel}/${e.name}` : e.name);
        continue;
      }
      const path = unescapeModulePath(rel) ?? rel;
      const files = await readdir(join(dir, '@v'));
      const versions = new Set<string>();
      for (const f of files) {
        const m = /^(.+)\.(mod|info|zip)$/.exec(f);
        if (m) versions.add(m[1]!);
      }
      for (const ev of [...versions].sort()) {
        const version = unescapeModulePath(ev) ?? ev;
        const entry: ProxyModuleEntry = { path, version };
        if (files.includes(`${ev}.zip`)) zips.push({ entry, file: join(dir, '@v', `${ev}.zip`), rel: `${rel}/@v/${ev}.zip` });
        out.push(entry);
      }
    }
  }
  const st = await stat(proxyDir).catch(() => null);
  if (st?.isDirectory()) await walk(proxyDir, '');
  await pool(zips, ZIP_SCAN_POOL, async ({ entry, file, rel }) => {
    if (opts.signal) throwIfCancelled(opts.signal);
    const z = await zipHash1(file, `${entry.path}@${entry.version}/`);
    const sha256 = z.sha256 ?? (await hashFile(file)).sha256;
    const candidates = z.licenceText === undefined ? [] : licenceCandidates(z.licenceText);
    entry.zip = { file: rel, sha256, h1: z.h1, licence: z.licenceText === undefined ? 'unknown' : classifyLicence(z.licenceText), licenceFile: z.licenceFile, ...(candidates.length > 1 ? { candidates } : {}) };
  });
  return out.sort((a, b) => (a.path + '@' + a.version < b.path + '@' + b.version ? -1 : 1));
}

export interface SbomInput {
  createdAt: string;
  /** the Go archives carried (bundle paths) */
  toolchains: Array<{ path: string; version: string; os: string; arch: string; sha256: string }>;
  modules: ProxyModuleEntry[];
  /** bundle path of the proxy (modules/proxy) */
  proxyPath?: string;
  /** the projects the modules were collected for, with their go.sum text when known */
  projects: Array<{ name: string; module: string; goSum?: string; /** instead of goSum: the module versions (path@version) whose zip it pins */ pins?: Set<string> }>;
}

export const PROP = {
  neededBy: 'go-offline:needed-by',
  h1: 'go-offline:go.sum-h1',
  file: 'go-offline:bundle-file',
  content: 'go-offline:content',
  licenceFile: 'go-offline:licence-file',
  /** a licence found in a licence file that holds several (the licence itself is then "unknown") */
  licenceCandidate: 'go-offline:licence-found',
  goos: 'go-offline:goos',
  goarch: 'go-offline:goarch',
} as const;

/** `pkg:golang/<path>@<version>` with each path segment percent-encoded as purl requires. */
export function golangPurl(path: string, version: string): string {
  return `pkg:golang/${path.split('/').map(encodeURIComponent).join('/')}@${encodeURIComponent(version)}`;
}

/** Which projects' go.sum pin this module version's zip (`<path> <version> h1:`). */
export function zipPins(goSum: string | undefined): Set<string> {
  return new Set((goSum ? parseGoSum(goSum) : []).filter((e) => !e.goMod).map((e) => `${e.path}@${e.version}`));
}

/** The SBOM as CycloneDX 1.5 JSON text. */
export function renderSbom(input: SbomInput): string {
  const bom = new Models.Bom({ serialNumber: `urn:uuid:${randomUUID()}` });
  bom.metadata.timestamp = new Date(input.createdAt);
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, CLI_NAME, { version: APP_VERSION }));
  for (const t of input.toolchains) {
    // several versions for one platform: each its own reference
    const several = input.toolchains.filter((o) => o.os === t.os && o.arch === t.arch).length > 1;
    const c = new Models.Component(Enums.ComponentType.Platform, 'go', {
      version: t.version.replace(/^go/, ''),
      bomRef: several ? `toolchain:${t.version}-${t.os}-${t.arch}` : `toolchain:${t.os}-${t.arch}`,
      purl: `pkg:golang/stdlib@${encodeURIComponent(t.version.replace(/^go/, 'v'))}?goarch=${encodeURIComponent(t.arch)}&goos=${encodeURIComponent(t.os)}`,
      description: `The Go toolchain for ${t.os}-${t.arch}`,
    });
    c.hashes.set(Enums.HashAlgorithm['SHA-256'], t.sha256);
    c.properties.add(new Models.Property(PROP.file, t.path));
    c.properties.add(new Models.Property(PROP.goos, t.os));
    c.properties.add(new Models.Property(PROP.goarch, t.arch));
    bom.components.add(c);
  }
  const pins = input.projects.map((p) => ({ name: p.name, pins: p.pins ?? zipPins(p.goSum) }));
  const needs = (m: ProxyModuleEntry) => pins.filter((p) => p.pins.has(`${m.path}@${m.version}`)).map((p) => p.name);
  const moduleRefs = new Map<string, Models.Component>();
  for (const m of input.modules) {
    const purl = golangPurl(m.path, m.version);
    const c = new Models.Component(Enums.ComponentType.Library, m.path, { version: m.version, bomRef: purl, purl });
    if (m.zip) {
      c.hashes.set(Enums.HashAlgorithm['SHA-256'], m.zip.sha256);
      c.properties.add(new Models.Property(PROP.h1, m.zip.h1));
      if (input.proxyPath) c.properties.add(new Models.Property(PROP.file, `${input.proxyPath}/${m.zip.file}`));
      c.licenses.add(m.zip.licence === 'unknown' ? new Models.NamedLicense('unknown') : new Models.SpdxLicense(m.zip.licence));
      if (m.zip.licenceFile) c.properties.add(new Models.Property(PROP.licenceFile, m.zip.licenceFile));
      for (const id of m.zip.candidates ?? []) c.properties.add(new Models.Property(PROP.licenceCandidate, id));
      c.properties.add(new Models.Property(PROP.content, 'source zip'));
    } else {
      // only go.mod is carried (Go needs it to choose versions): no source, so no licence to read
      c.properties.add(new Models.Property(PROP.content, 'go.mod only'));
    }
    for (const p of needs(m)) c.properties.add(new Models.Property(PROP.neededBy, p));
    bom.components.add(c);
    moduleRefs.set(`${m.path}@${m.version}`, c);
  }
  for (const p of input.projects) {
    const c = new Models.Component(Enums.ComponentType.Application, p.module, { bomRef: `project:${p.name}`, description: `Project ${p.name}` });
    for (const m of input.modules) if (m.zip && needs(m).includes(p.name)) c.dependencies.add(moduleRefs.get(`${m.path}@${m.version}`)!.bomRef);
    bom.components.add(c);
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot5));
  return serializer.serialize(bom, { sortLists: true, space: 2 }) + '\n';
}

/**
 * The module versions and "needed by" of an SBOM this tool wrote (renderSbom), so that an update
 * describes the modules it keeps without reading their zips again. Null when the text is not one.
 */
export function readSbomModules(text: string, proxyPath: string): { modules: ProxyModuleEntry[]; pins: Map<string, Set<string>> } | null {
  let bom: { components?: Array<{ type?: string; name?: string; version?: string; purl?: string; hashes?: Array<{ alg?: string; content?: string }>; licenses?: Array<{ license?: { id?: string; name?: string } }>; properties?: Array<{ name?: string; value?: string }> }> };
  try {
    bom = JSON.parse(text) as typeof bom;
  } catch {
    return null;
  }
  if (!Array.isArray(bom.components)) return null;
  const modules: ProxyModuleEntry[] = [];
  const pins = new Map<string, Set<string>>();
  for (const c of bom.components) {
    if (c.type !== 'library' || !c.purl?.startsWith('pkg:golang/') || !c.name || !c.version) continue;
    const props = c.properties ?? [];
    const prop = (n: string) => props.find((p) => p.name === n)?.value;
    const entry: ProxyModuleEntry = { path: c.name, version: c.version };
    if (prop(PROP.content) === 'source zip') {
      const file = prop(PROP.file);
      const sha256 = c.hashes?.find((h) => h.alg === 'SHA-256')?.content;
      const h1 = prop(PROP.h1);
      if (!file || !sha256 || !h1 || !file.startsWith(proxyPath + '/')) return null;
      const lic = c.licenses?.[0]?.license;
      const candidates = props.filter((p) => p.name === PROP.licenceCandidate).map((p) => p.value!) as LicenceId[];
      entry.zip = { file: file.slice(proxyPath.length + 1), sha256, h1, licence: (lic?.id ?? 'unknown') as LicenceId, licenceFile: prop(PROP.licenceFile), ...(candidates.length ? { candidates } : {}) };
      for (const p of props.filter((x) => x.name === PROP.neededBy)) {
        if (!pins.has(p.value!)) pins.set(p.value!, new Set());
        pins.get(p.value!)!.add(`${c.name}@${c.version}`);
      }
    }
    modules.push(entry);
  }
  return { modules: modules.sort((a, b) => (a.path + '@' + a.version < b.path + '@' + b.version ? -1 : 1)), pins };
}
