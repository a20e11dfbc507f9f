/**
 * Test helpers of the install area: hand-made tar archives (including hostile ones no tar
 * program would write) and minimal bundle folders around an archive. Used by tests and the bench.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleManifest, type BundleManifest } from '../../../shared/bundle';

export interface TarEntry {
  name: string;
  /** '0' file (default), '5' dir, '2' symlink, '1' hard link, '3'/'4'/'6' devices/fifo, 'x' pax */
  type?: string;
  linkname?: string;
  body?: string | Buffer;
  mode?: number;
}

function header(e: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  const type = e.type ?? '0';
  h.write(e.name.slice(0, 100), 0, 100, 'utf8');
  h.write(((e.mode ?? (type === '5' ? 0o755 : 0o644)) & 0o7777).toString(8).padStart(7, '0') + '\0', 100, 8, 'ascii');
  h.write('0000000\0', 108, 8, 'ascii');
  h.write('0000000\0', 116, 8, 'ascii');
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 12, 'ascii');
  h.write('14000000000\0', 136, 12, 'ascii');
  h.write(type, 156, 1, 'ascii');
  if (e.linkname) h.write(e.linkname.slice(0, 100), 157, 100, 'utf8');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.fill(32, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += h[i]!;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

/** A raw tar (uncompressed) exactly as described, hostile entries included. */
export function makeTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = e.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(e.body) ? e.body : Buffer.from(e.body);
    if (e.type === 'x' || e.type === undefined || e.type === '0') {
      parts.push(header(e, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
    } else {
      parts.push(header(e, 0));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function paxRecord(key: string, value: string): string {
  let len = key.length + value.length + 3;
  len += String(len).length;
  if (String(len).length !== String(len - String(len).length).length) len++;
  return `${len} ${key}=${value}\n`;
}

export function makeTgz(path: string, entries: TarEntry[]): { path: string; sha256: string; size: number } {
  const data = gzipSync(makeTar(entries));
  writeFileSync(path, data);
  return { path, sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A small but real-looking Go tree archive: go/VERSION, go/bin/go (a shell script), go/src/x.go. */
export function tinyGoEntries(version: string): TarEntry[] {
  return [
    { name: 'go/', type: '5' },
    { name: 'go/VERSION', body: `${version}\n` },
    { name: 'go/bin/', type: '5' },
    { name: 'go/bin/go', body: `#!/bin/sh\necho "go version ${version} linux/amd64"\n`, mode: 0o755 },
    { name: 'go/src/', type: '5' },
    { name: 'go/src/x.go', body: 'package x\n' },
  ];
}

export interface BundleArchive {
  archive: string;
  os?: string;
  arch?: string;
  version: string;
  /** link (default) or copy the archive into the bundle */
  copy?: boolean;
}

/**
 * A minimal bundle folder: manifest.json (validated by shared/bundle.ts), SHA256SUMS and the
 * archives under go/. Hashes are computed unless given.
 */
export function makeBundle(dir: string, archives: BundleArchive[], extra: { moduleProxy?: Record<string, string>; sha256?: Record<string, string> } = {}): { dir: string; manifest: BundleManifest } {
  mkdirSync(join(dir, 'go'), { recursive: true });
  const files: BundleManifest['files'] = [];
  for (const a of archives) {
    const rel = `go/${basename(a.archive)}`;
    const dest = join(dir, rel);
    try {
      if (a.copy) copyFileSync(a.archive, dest);
      else linkSync(a.archive, dest);
    } catch {
      copyFileSync(a.archive, dest);
    }
    files.push({ path: rel, kind: 'archive', size: statSync(dest).size, sha256: extra.sha256?.[basename(a.archive)] ?? sha256Of(dest), os: a.os ?? 'linux', arch: a.arch ?? 'amd64', version: a.version });
  }
  let modules: BundleManifest['modules'];
  if (extra.moduleProxy) {
    for (const [rel, content] of Object.entries(extra.moduleProxy)) {
      const p = join(dir, 'modules', 'proxy', rel);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, content);
      files.push({ path: `modules/proxy/${rel}`, kind: 'module-proxy', size: Buffer.byteLength(content), sha256: createHash('sha256').update(content).digest('hex') });
    }
    modules = { proxyPath: 'modules/proxy', moduleCount: Object.keys(extra.moduleProxy).length, size: 0, projects: [] };
  }
  const manifest = bundleManifest.parse({
    schema: 'go-offline/bundle',
    schemaVersion: 1,
    createdAt: new Date().toISOString(),
    creator: { tool: 'go-offline-test', version: '0' },
    go: { versions: [...new Set(archives.map((a) => a.version))] },
    files,
    modules,
    environment: { GOTOOLCHAIN: 'local' },
    targets: [],
  });
  const manifestText = JSON.stringify(manifest, null, 2);
  writeFileSync(join(dir, 'manifest.json'), manifestText);
  // docs/BUNDLE.md: SHA256SUMS lists every file, manifest.json included, sorted by path
  const lines = [...files.map((f) => ({ sha256: f.sha256, path: f.path })), { sha256: createHash('sha256').update(manifestText).digest('hex'), path: 'manifest.json' }];
  lines.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const sums = lines.map((f) => `${f.sha256}  ${f.path}`).join('\n') + '\n';
  writeFileSync(join(dir, 'SHA256SUMS'), sums);
  return { dir, manifest };
}

/**
 * A copy of the fixture archive re-packed as another version (different VERSION file and name),
 * made with GNU tar from an extracted tree; cached next to the fixture.
 */
export function repackFixtureAs(fixtureArchive: string, version: string, workDir: string): string {
  const out = join(workDir, `${version}.linux-amd64.tar.gz`);
  try {
    statSync(out);
    return out;
  } catch {
    /* build */
  }
  const tree = join(workDir, `tree-${version}`);
  mkdirSync(tree, { recursive: true });
  execFileSync('tar', ['-C', tree, '-xzf', fixtureArchive]);
  writeFileSync(join(tree, 'go', 'VERSION'), `${version}\ntime 2024-01-01T00:00:00Z\n`);
  execFileSync('tar', ['-C', tree, '-czf', `${out}.tmp`, 'go']);
  execFileSync('mv', [`${out}.tmp`, out]);
  execFileSync('rm', ['-rf', tree]);
  return out;
}

/**
 * Mount a small tmpfs at `dir` (a full disk on demand). Returns false, saying why, where mounting
 * is not allowed; unmount with `spawnSync('umount', [dir])`.
 */
export function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (m.status !== 0) console.log(`skipped: cannot mount a tmpfs here (${(m.stderr ?? '').trim()})`);
  return m.status === 0;
}

/** A bundle folder with one tiny Go tree (`tinyGoEntries`) of `version`, made once under `root`. */
export function tinyGoBundle(root: string, version: string, extra: { moduleProxy?: Record<string, string> } = {}): string {
  const dir = join(root, version);
  if (existsSync(join(dir, 'bundle'))) return join(dir, 'bundle');
  mkdirSync(dir, { recursive: true });
  const a = makeTgz(join(dir, `${version}.linux-amd64.tar.gz`), tinyGoEntries(version));
  return makeBundle(join(dir, 'bundle'), [{ archive: a.path, version }], extra).dir;
}
