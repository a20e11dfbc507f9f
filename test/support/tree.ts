/**
 * Every file under a folder with its content hash (folders as "dir", links as their target):
 * what "the machine as it was" compares in tests.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

export function treeOf(root: string, opts: { skip?: (path: string) => boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (opts.skip?.(p)) continue;
      const st = lstatSync(p);
      const rel = relative(root, p);
      if (st.isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(p);
      } else if (st.isSymbolicLink()) out[rel] = `link -> ${readlinkSync(p)}`;
      else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}
