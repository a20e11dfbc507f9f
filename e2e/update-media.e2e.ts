/**
 * "Update existing media" (Prepare, step 4) in Chromium through the bridge, with the real engine:
 * a bundle already on the "drive" gets the version downloaded in this journey; what it has is
 * shown, the update runs with progress, and the summary (added / kept, bytes written and read
 * back) is on the media step and the done page, in English and Chinese at 1024×640.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissingReason, launchBrowser, openApp, screenshotsDir, settled, shot } from './support';
import { latinLeaks } from './latin';
import { ensureGoFixture, fixtureListingEntry, type GoFixture } from '../test/support/go-fixture';
import { startMirror, type Mirror } from '../test/support/http-server';
import { exportBundle } from '../electron/engine/bundle';
import { createJob } from '../electron/engine/jobs';
import { describeArchive } from '../electron/engine/bundle/export';

const VIEWPORT = { width: 1024, height: 640 };
const missing = chromiumMissingReason();

describe.skipIf(!!missing)('Update existing media (Chromium, real engine)', () => {
  let browser: Browser;
  let fixture: GoFixture;
  let mirror: Mirror;
  let root: string;
  let usb: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    fixture = await ensureGoFixture();
    mirror = await startMirror({ releases: [fixtureListingEntry(fixture)], files: { [fixture.filename]: fixture.archive } });
    root = mkdtempSync(join(tmpdir(), 'gooff-e2e-update-'));
    // last month's stick: an older Go (small archive of the official layout)
    const src = join(root, 'src');
    mkdirSync(join(src, 'go', 'bin'), { recursive: true });
    writeFileSync(join(src, 'go', 'VERSION'), 'go1.18.10\n');
    writeFileSync(join(src, 'go', 'payload.bin'), randomBytes(64 * 1024));
    const archive = join(root, 'go1.18.10.linux-amd64.tar.gz');
    execFileSync('tar', ['-C', src, '-czf', archive, 'go']);
    usb = join(root, 'usb', 'go-offline');
    await exportBundle({ outDir: usb, archives: [await describeArchive(archive)], job: createJob({}) });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await mirror?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('adds the downloaded version to the bundle on the drive; the summary says what was added and kept', async () => {
    const home = join(root, 'home');
    mkdirSync(home, { recursive: true });
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_STATE_HOME: join(home, '.local', 'state'), SHELL: '/bin/bash', GOROOT: '', GOPATH: '', GO_OFFLINE_PROBE_URL: mirror.baseUrl, GO_OFFLINE_SYSTEM_ROOT: join(root, 'sysroot') };
    mkdirSync(join(home, '.config', 'go-offline'), { recursive: true });
    writeFileSync(join(home, '.config', 'go-offline', 'settings.json'), JSON.stringify({ mirrors: [mirror.baseUrl] }));
    const s = await openApp(browser, env, { locale: 'en-US', viewport: VIEWPORT });
    const { page } = s;
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const both = async (name: string) => {
      await settled(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(screenshotsDir, `${name}-en.png`) });
      await page.locator('header .ant-segmented').getByText('简体中文', { exact: true }).click();
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
      await settled(page);
      expect(await latinLeaks(page), `${name}: English on the Chinese screen`).toEqual([]);
      await page.screenshot({ path: join(screenshotsDir, `${name}-zh.png`) });
      await page.locator('header .ant-segmented').getByText('English', { exact: true }).click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
    };
    const next = async () => {
      const btn = page.getByTestId('next');
      await expect.poll(async () => (await btn.isEnabled()) || (await page.getByTestId('accept-warnings').isVisible()), { timeout: 60_000 }).toBe(true);
      if (!(await btn.isEnabled())) await page.getByTestId('accept-warnings').click();
      await btn.click();
    };
    try {
      await page.getByRole('button', { name: 'Prepare media' }).click();
      await expect.poll(() => page.getByTestId('env-headline').getAttribute('data-sources'), { timeout: 60_000 }).toBe('ok');
      await next();
      await page.getByTestId('files-table').waitFor({ timeout: 30_000 });
      await next();
      await page.getByTestId('start-download').click();
      await page.getByTestId('download-done').waitFor({ timeout: 120_000 });
      await next();

      await page.getByTestId('media-mode').getByText('Update existing media').click();
      await page.getByTestId('update-dir').fill(usb);
      await page.getByTestId('update-read').click();
      await page.getByTestId('update-has').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('update-has').textContent()).toContain('go1.18.10');
      expect(await page.getByTestId('update-adds').textContent()).toContain(fixture.filename);
      expect(await page.getByTestId('next').isEnabled()).toBe(false);
      await both('update-1-read');
      // the step's one action is in view where the user pressed "Read the bundle", above the Back/Next bar at 1024x640
      const run = await page.getByTestId('update-run').boundingBox();
      expect(run!.y, 'update button in view').toBeGreaterThanOrEqual(0);
      expect(run!.y + run!.height, 'update button above the Back/Next bar').toBeLessThanOrEqual(640 - 60);

      await page.getByTestId('update-run').click();
      await page.getByTestId('update-done').waitFor({ timeout: 180_000 }).catch(async (e) => {
        await shot(page, 'debug-update');
        throw e;
      });
      const summary = await page.getByTestId('update-summary').textContent();
      expect(summary).toMatch(/Added\s*1 file, 117 MiB/);
      expect(summary).toMatch(/Removed\s*0 files/);
      const m = JSON.parse(readFileSync(join(usb, 'manifest.json'), 'utf8')) as { go: { versions: string[] } };
      expect(m.go.versions).toEqual(['go1.18.10', fixture.version]);
      expect(summary).toContain(`go1.18.10, ${fixture.version}`);
      // the step says what it does, and that the media is (still) not signed
      expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Update existing media');
      expect(await page.getByTestId('update-not-signed').textContent()).toContain('The media is not signed');
      await both('update-2-done');
      await next();
      await page.getByTestId('update-done').waitFor();
      expect(await page.getByTestId('done-folder').textContent()).toContain(usb);
      await both('update-3-prepare-done');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  }, 400_000);
});
