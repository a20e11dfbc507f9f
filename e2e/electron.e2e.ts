/**
 * The real Electron app under Playwright's _electron API. Electron 42+ downloads its binary on
 * first use; where it cannot (no internet here), this test is skipped with the reason printed.
 * Point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron to run it offline.
 */
import { describe, it, expect, vi } from 'vitest';
import { existsSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { root, shot } from './support';

export function electronBinary(): { path: string | null; reason: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const p = join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(p) ? { path: p, reason: '' } : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${p} does not exist` };
  }
  const pkgDir = join(root, 'node_modules', 'electron');
  const pathTxt = join(pkgDir, 'path.txt');
  if (existsSync(pathTxt)) {
    const p = join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
    if (existsSync(p)) return { path: p, reason: '' };
  }
  return {
    path: null,
    reason:
      'no Electron binary: Electron fetches it on first use and this machine cannot download it. ' +
      'Set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron, or run `npx install-electron` where the internet is reachable.',
  };
}

const bin = electronBinary();
if (!bin.path) console.log(`SKIPPED Electron e2e: ${bin.reason}`);

describe.skipIf(!bin.path)('the Electron app', () => {
  it('opens on the journey screen with the security baseline in force', async () => {
    let xvfb: ChildProcess | null = null;
    const env: Record<string, string> = { ...(process.env as Record<string, string>) };
    if (!env.DISPLAY && process.platform === 'linux') {
      xvfb = spawn('Xvfb', [':97', '-screen', '0', '1280x900x24'], { stdio: 'ignore' });
      env.DISPLAY = ':97';
      // ready when its socket exists (not after a guessed delay)
      const x = xvfb;
      await vi.waitFor(() => {
        if (x.exitCode !== null) throw new Error(`Xvfb exited with ${x.exitCode}`);
        expect(existsSync('/tmp/.X11-unix/X97')).toBe(true);
      }, { timeout: 60_000, interval: 20 });
    }
    const home = mkdtempSync(join(tmpdir(), 'gooff-electron-'));
    env.HOME = home;
    env.GO_OFFLINE_PROBE_URL = 'http://127.0.0.1:1/';
    const app = await _electron.launch({ executablePath: bin.path!, args: [root, '--no-sandbox'], env });
    try {
      const win = await app.firstWindow();
      await win.getByRole('heading', { name: 'What would you like to do?' }).waitFor({ timeout: 60_000 });
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        const p = (w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
        return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      // the page has the API but no Node and no ipcRenderer
      const surface = await win.evaluate(() => ({
        api: typeof (window as unknown as { goOffline?: { env?: { check?: unknown } } }).goOffline?.env?.check,
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(surface).toEqual({ api: 'function', require: 'undefined', process: 'undefined' });
      await win.getByRole('button', { name: 'Install Go' }).click();
      await win.getByTestId('fact-platform').waitFor({ timeout: 60_000 });
      await shot(win, 'electron-env-check-en');
    } finally {
      await app.close();
      xvfb?.kill();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
