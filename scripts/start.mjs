// `npm start` (and `npm run dev` with "dev"): build, then launch Electron through electron-vite.
// Electron 42+ downloads its binary the first time `require('electron')` runs; electron-vite only
// looks for an already-downloaded one. So we resolve (and, where the internet is reachable, fetch)
// the binary first, honouring ELECTRON_EXEC_PATH and ELECTRON_OVERRIDE_DIST_PATH, and explain what
// to do when it cannot be had.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] === 'dev' ? 'dev' : 'preview';

function electronBinary() {
  if (process.env.ELECTRON_EXEC_PATH && existsSync(process.env.ELECTRON_EXEC_PATH)) return process.env.ELECTRON_EXEC_PATH;
  // a child process, so that the package's first-use download prints its own progress
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const path = r.status === 0 ? r.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

const bin = electronBinary();
if (!bin) {
  console.error(
    '\nElectron could not be started: its binary is not here and could not be downloaded.\n' +
      '  - On a machine with internet access, run `npx install-electron` once, then `npm start`.\n' +
      '  - Offline, point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron 45 folder (or ELECTRON_EXEC_PATH at its binary).\n' +
      '  - To look at the app without Electron: `npm run preview:web` (the real UI in your browser, wired to the real engine).\n',
  );
  process.exit(1);
}
const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), mode], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: bin },
});
process.exit(r.status ?? 1);
