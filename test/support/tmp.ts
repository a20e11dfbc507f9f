import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** A fresh temp folder; remove() makes everything writable first (module caches are read-only). */
export function tempDir(prefix = 'gooff-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    remove() {
      try {
        execFileSync('chmod', ['-R', 'u+w', path]);
      } catch {
        try {
          chmodSync(path, 0o755);
        } catch {
          /* ignore */
        }
      }
      rmSync(path, { recursive: true, force: true });
    },
  };
}
