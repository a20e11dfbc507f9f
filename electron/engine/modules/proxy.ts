/**
 * The module cache's `cache/download` tree as a file-based module proxy: copied without lock and
 * temporary files (nor `.ziphash`, which only the cache uses), with a `list` file in every `@v` folder, counted and measured.
 */
import { cp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { compareSemver, unescapeModulePath } from './gomod';
import { writeFileAtomic } from '../atomic';

// .ziphash is the cache's own note of a zip's hash: a proxy does not serve it
const SKIP = /\.(lock|partial|tmp|ziphash)$|\.tmp-\d+$/;

export interface ProxyModule {
  /** the real module path (unescaped) */
  path: string;
  versions: string[];
}

export interface ProxyScan {
  modules: ProxyModule[];
  /** module versions (a .mod, .info or .zip file present) */
  moduleCount: number;
  size: number;
}

/**
 * `<modcache>/cache/download` as `proxyDir`, with the list files. `move: true` (a scratch cache
 * nobody reads again) renames the tree into place and deletes what a proxy does not carry, which
 * is much faster than copying hundreds of small files; otherwise it is copied.
 */
export async function proxyFromCache(modcache: string, proxyDir: string, signal?: AbortSignal, opts: { move?: boolean } = {}): Promise<ProxyScan> {
  const src = join(modcache, 'cache', 'download');
  if (opts.move) {
    await rename(src, proxyDir);
    await prune(proxyDir, signal);
    return writeListFiles(proxyDir);
  }
  await cp(src, proxyDir, {
    recursive: true,
    force: true,
    filter: (p) => {
      if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
      return !SKIP.test(p);
    },
  });
  return writeListFiles(proxyDir);
}

/** Delete lock, partial, temporary and .ziphash files under `dir`. */
async function prune(dir: string, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await prune(p, signal);
    else if (SKIP.test(e.name)) await rm(p, { force: true });
  }
}

/** A module's `@v/list`: its versions sorted as Go sorts them, one a line. */
export function listText(versions: Iterable<string>): string {
  const sorted = [...new Set(versions)].sort(compareSemver);
  return sorted.length ? sorted.join('\n') + '\n' : '';
}

/** Walk a proxy tree, (re)write every `@v/list` from the versions present, and count. */
export async function writeListFiles(proxyDir: string): Promise<ProxyScan> {
  const modules: ProxyModule[] = [];
  let size = 0;
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === '@v') {
          const rel = relative(proxyDir, dir).split(sep).join('/');
          const files = await readdir(p);
          const versions = new Set<string>();
          for (const f of files) {
            const m = /^(.+)\.(mod|info|zip)$/.exec(f);
            if (m) versions.add(unescapeModulePath(m[1]!) ?? m[1]!);
            size += (await stat(join(p, f))).size;
          }
          const sorted = [...versions].sort(compareSemver);
          const text = listText(sorted);
          const listPath = join(p, 'list');
          const old = files.includes('list') ? await readFile(listPath, 'utf8') : null;
          if (old !== text) {
            // the size counted above included the old list; replace it with the new one
            if (old !== null) size -= Buffer.byteLength(old);
            // a scratch proxy: whole for its readers, flushed only with the media it is copied to
            await writeFileAtomic(listPath, text, { durable: false });
            size += Buffer.byteLength(text);
          }
          modules.push({ path: unescapeModulePath(rel) ?? rel, versions: sorted });
        } else {
          await walk(p);
        }
      } else if (e.isFile()) {
        size += (await stat(p)).size;
      }
    }
  }
  await walk(proxyDir);
  modules.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { modules, moduleCount: modules.reduce((n, m) => n + m.versions.length, 0), size };
}
