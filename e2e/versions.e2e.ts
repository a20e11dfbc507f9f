/**
 * Issue 20 in the wizard: a machine with two Go versions (a default and one beside it, installed by
 * the real engine into a temp HOME) shows them on Home; "Make default" switches the default through
 * the install.use job. Screenshots at 1024×640 in English and Chinese, axe, no English words left
 * on the Chinese screen.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { checkScreen, chromiumMissingReason, launchBrowser, openApp } from './support';
import { createJob } from '../electron/engine/jobs';
import { installFromBundle, installSideBySide, listVersions } from '../electron/engine/install';
import { makeBundle, makeTgz, tinyGoEntries } from '../electron/engine/install/test-helpers';

const VIEWPORT = { width: 1024, height: 640 };
const missing = chromiumMissingReason();
if (missing) console.log(`SKIPPED browser e2e: ${missing}`);

describe.skipIf(!!missing)('Go versions in the wizard (Chromium, real engine)', () => {
  let browser: Browser;
  let root: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    root = mkdtempSync(join(tmpdir(), 'gooff-e2e-versions-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  function bundle(version: string): string {
    const dir = join(root, 'bundles', version);
    mkdirSync(dir, { recursive: true });
    const a = makeTgz(join(dir, `${version}.linux-amd64.tar.gz`), tinyGoEntries(version));
    return makeBundle(join(dir, 'bundle'), [{ archive: a.path, version }]).dir;
  }

  it('Home lists the default and the version beside it; Make default switches them', async () => {
    const home = join(root, 'home');
    mkdirSync(home, { recursive: true });
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_STATE_HOME: join(home, '.local', 'state'), SHELL: '/bin/bash', GOROOT: '', GOPATH: '', GO_OFFLINE_PROBE_URL: 'http://127.0.0.1:1/', GO_OFFLINE_SYSTEM_ROOT: join(root, 'sysroot'), GO_OFFLINE_NO_ELEVATE: '1' };
    const prefix = join(home, '.local');
    await installFromBundle({ bundle: bundle('go1.21.0'), scope: 'user', prefix, env, job: createJob(), environment: { shells: ['bash'] } });
    await installSideBySide({ bundle: bundle('go1.22.0'), scope: 'user', prefix, env, job: createJob() });
    const s = await openApp(browser, env, { viewport: VIEWPORT });
    try {
      const { page } = s;
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.getByTestId('go-versions').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('go-version-go1.21.0').textContent()).toContain('default');
      await checkScreen(page, 'versions-1-home');
      await page.getByTestId('use-go1.22.0').click();
      await page.getByTestId('use-go1.21.0').waitFor({ timeout: 60_000 });
      // the outcome is in view where the user pressed the button, above the Back/Next bar
      const done = await page.getByTestId('go-versions-switched').boundingBox();
      expect(done!.y, 'switched alert in view').toBeGreaterThanOrEqual(0);
      expect(done!.y + done!.height, 'switched alert above the bottom bar').toBeLessThanOrEqual(640 - 60);
      expect(await page.getByTestId('go-versions-switched').textContent()).toContain('go1.22.0');
      await checkScreen(page, 'versions-2-switched');
      const r = await listVersions({ scope: 'user', prefix, env });
      expect(r!.versions.map((v) => [v.version, v.isDefault, v.state])).toEqual([
        ['go1.22.0', true, 'ok'],
        ['go1.21.0', false, 'ok'],
      ]);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
