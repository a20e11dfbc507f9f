/**
 * Which module versions of a bundle's proxy its projects still need, for `bundle update
 * --remove-project`: each remaining project's own versions (the source zips its go.sum pins, which
 * the SBOM records as "needed by") and, followed to the end, every `require` of their go.mod files
 * in the proxy, as Go walks a module graph to choose versions. That is what `go mod download all`
 * put in the proxy for the project when the media was made (the graph walk may keep a version Go's
 * pruned graph would skip: kept rather than missed).
 */
import { parseGoMod, unescapeModulePath } from '../modules/gomod';

export interface ProxyFileOf {
  /** the module path (unescaped) */
  module: string;
  /** the version, or null for the module's `@v/list` */
  version: string | null;
}

/** Whose module version a file of a GOPROXY tree is, by its path under the proxy root; null for anything else. */
export function proxyFileOf(rel: string): ProxyFileOf | null {
  const i = rel.lastIndexOf('/@v/');
  if (i <= 0) return null;
  const module = unescapeModulePath(rel.slice(0, i));
  const name = rel.slice(i + 4);
  if (!module || name.includes('/')) return null;
  if (name === 'list') return { module, version: null };
  const m = /^(.+)\.(mod|info|zip)$/.exec(name);
  const version = m ? unescapeModulePath(m[1]!) : null;
  return version ? { module, version } : null;
}

export const moduleKey = (module: string, version: string) => `${module}@${version}`;

/**
 * The versions reachable from `roots` (module@version) through the go.mod files `readMod` gives,
 * among the versions the proxy holds (`held`). A version whose go.mod cannot be read is kept with
 * nothing beyond it.
 */
export async function moduleClosure(roots: Iterable<string>, held: ReadonlySet<string>, readMod: (key: string) => Promise<string | null>): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue = [...roots].filter((k) => held.has(k));
  for (const k of queue) seen.add(k);
  while (queue.length > 0) {
    const k = queue.pop()!;
    const text = await readMod(k);
    if (text === null) continue;
    for (const r of parseGoMod(text).require) {
      const next = moduleKey(r.path, r.version);
      if (held.has(next) && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
