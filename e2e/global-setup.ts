import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGoFixture } from '../test/support/go-fixture';
import { buildCli } from '../scripts/build-cli.mjs';
import { isolateProcessEnv } from '../test/support/isolate';

const root = join(__dirname, '..');

function newestMtime(dir: string): number {
  let m = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return m;
}

/**
 * Keep the run off the real HOME and /tmp (see test/support/isolate.ts), then build what the
 * end-to-end tests drive: the renderer, main and preload (electron-vite), the CLI and the Go fixture.
 */
export default async function setup(): Promise<() => void> {
  const teardown = isolateProcessEnv();
  const out = join(root, 'out', 'renderer', 'index.html');
  const sources = Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'shared')), newestMtime(join(root, 'electron')));
  if (!existsSync(out) || statSync(out).mtimeMs < sources || process.env.CI) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  }
  await buildCli();
  await ensureGoFixture();
  return teardown;
}
