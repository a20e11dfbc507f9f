import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { binaryPathFrom, explainNoElectron, failureReason } from './start-message.mjs';

const root = join(__dirname, '..');
const electronPresent = existsSync(join(root, 'node_modules', 'electron', 'dist'));

describe('npm start without Electron’s binary', () => {
  it('takes the path from the last line the package printed', () => {
    expect(binaryPathFrom('Downloading Electron binary...\n/x/node_modules/electron/dist/electron')).toBe('/x/node_modules/electron/dist/electron');
    expect(binaryPathFrom('Downloading Electron binary...\n')).toBe('');
  });
  it('says why in one line, never with the stack', () => {
    const stderr = 'TypeError: fetch failed\n    at node:internal/deps/undici\n/x/electron/index.js:43\n      throw new Error(\nError: Electron failed to install correctly. Please delete\n    at getElectronPath';
    expect(failureReason(stderr)).toBe('TypeError: fetch failed');
    expect(explainNoElectron('TypeError: fetch failed')).not.toMatch(/\n\s+at /);
  });

  // only where the binary is absent: elsewhere `npm start` would really launch the app
  it.skipIf(electronPresent)('prints our explanation first and alone when the download fails (exit 1)', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs')], {
      cwd: root,
      encoding: 'utf8',
      // a mirror that refuses at once: the download fails the same way on every machine
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:1/', ELECTRON_EXEC_PATH: '', ELECTRON_OVERRIDE_DIST_PATH: '' },
      timeout: 120_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines[0]).toBe("Getting Electron's binary (only on the first start)…");
    expect(lines[1]).toMatch(/^Electron could not be started: its binary is not here and could not be downloaded/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('Electron failed to install correctly');
    expect(r.stdout).toBe('');
  });
});
