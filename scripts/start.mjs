// `npm start` (and `npm run dev` with "dev"): build, then launch Electron through electron-vite.
// Electron 42+ downloads its binary the first time `require('electron')` runs; electron-vite only
// looks for an already-downloaded one. So we resolve (and, where the internet is reachable, fetch)
// the binary first, honouring ELECTRON_EXEC_PATH and ELECTRON_OVERRIDE_DIST_PATH, and explain what
// to do when it cannot be had.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryPathFrom, explainNoElectron, failureReason } from './start-message.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] === 'dev' ? 'dev' : 'preview';

function electronBinary() {
  if (process.env.ELECTRON_EXEC_PATH && existsSync(process.env.ELECTRON_EXEC_PATH)) return { path: process.env.ELECTRON_EXEC_PATH, reason: '' };
  // a child process: Electron's package downloads its binary on first use. Its output is kept, not
  // shown, so that a failure is explained by us alone (no stack trace from inside the package)
  const have = existsSync(join(root, 'node_modules', 'electron', 'path.txt')) && existsSync(join(root, 'node_modules', 'electron', 'dist'));
  if (!have && !process.env.ELECTRON_OVERRIDE_DIST_PATH) console.error("Getting Electron's binary (only on the first start)…");
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const path = r.status === 0 ? binaryPathFrom(r.stdout) : '';
  if (path && existsSync(path)) return { path, reason: '' };
  if (r.status === 0) return { path: null, reason: `${path || 'the path it gave'} does not exist` };
  return { path: null, reason: failureReason(r.stderr) };
}

const found = electronBinary();
const bin = found.path;
if (!bin) {
  console.error(explainNoElectron(found.reason));
  process.exit(1);
}
const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), mode], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: bin },
});
process.exit(r.status ?? 1);
