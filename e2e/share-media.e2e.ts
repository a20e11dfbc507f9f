/**
 * Sharing checked media from the app (Install, "Find and check the media"): the real engine serves
 * the bundle as a relay; the screen shows the address, the status page (copyable, opened through
 * system.openExternal, never in the app window) and live counts that agree with the relay's own
 * /_status.json, while a real client holds the only transfer place and another is told to wait.
 * English and Chinese at 1024×640. Waits are for events (page text, the relay's numbers).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import type { Socket } from 'node:net';
import { stallingClient } from '../test/support/stalling-client';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkScreen, chromiumMissingReason, launchBrowser, next, openApp, screenshotsDir, settled, setLang } from './support';
import { latinLeaks } from './latin';
import { exportBundle } from '../electron/engine/bundle';
import { createJob } from '../electron/engine/jobs';
import { describeArchive } from '../electron/engine/bundle/export';

const VIEWPORT = { width: 1024, height: 640 };
const missing = chromiumMissingReason();


describe.skipIf(!!missing)('Share the media with other machines (Chromium, real engine)', () => {
  let browser: Browser;
  let root: string;
  let usb: string;
  const archiveName = 'go1.99.7.linux-amd64.tar.gz';
  beforeAll(async () => {
    browser = await launchBrowser();
    root = mkdtempSync(join(tmpdir(), 'gooff-e2e-share-'));
    // larger than loopback socket buffers, so a client that stops reading does hold its place
    const src = join(root, 'src');
    mkdirSync(join(src, 'go', 'bin'), { recursive: true });
    writeFileSync(join(src, 'go', 'VERSION'), 'go1.99.7\n');
    writeFileSync(join(src, 'go', 'payload.bin'), randomBytes(16 * 1024 * 1024));
    const archive = join(root, archiveName);
    execFileSync('tar', ['-C', src, '-czf', archive, 'go']);
    usb = join(root, 'usb', 'go-offline');
    await exportBundle({ outDir: usb, archives: [await describeArchive(archive)], job: createJob({}) });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('shares the checked media: address, status page (opened outside the app), live counts equal to /_status.json, in both languages; Stop and leaving the step end it', async () => {
    const home = join(root, 'home');
    mkdirSync(join(home, '.config', 'go-offline'), { recursive: true });
    // one archive at a time, so a second machine is told to wait
    writeFileSync(join(home, '.config', 'go-offline', 'settings.json'), JSON.stringify({ relayMaxTransfers: 1 }));
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_STATE_HOME: join(home, '.local', 'state'), SHELL: '/bin/bash', GOROOT: '', GOPATH: '', GO_OFFLINE_PROBE_URL: 'http://127.0.0.1:1/', GO_OFFLINE_SYSTEM_ROOT: join(root, 'sysroot') };
    const opened: string[] = [];
    const s = await openApp(browser, env, { locale: 'en-US', viewport: VIEWPORT, openExternal: (url) => (opened.push(url), true) });
    const { page } = s;
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const holders: Socket[] = [];
    /** the share card in the 1024×640 window, in English and Chinese */
    const both = async (name: string) => {
      for (const zh of [false, true]) {
        if (zh) await setLang(page, true);
        await page.getByTestId('share-card').scrollIntoViewIfNeeded();
        await settled(page);
        if (zh) expect(await latinLeaks(page), `${name}: English on the Chinese screen`).toEqual([]);
        await page.screenshot({ path: join(screenshotsDir, `${name}-${zh ? 'zh' : 'en'}.png`) });
      }
      await setLang(page, false);
    };
    try {
      await page.getByRole('button', { name: 'Install Go' }).click();
      await page.getByTestId('fact-platform').waitFor({ timeout: 30_000 });
      await next(page);
      await page.getByTestId('media-source').fill(usb);
      await page.getByTestId('check-media').click();
      await page.getByTestId('media-ok').waitFor({ timeout: 60_000 });
      await page.getByTestId('share-card').waitFor();
      await both('share-1-offer');

      // this computer only, any free port (the machine is shared: 8080 may be taken)
      await page.locator('#share-port').fill('0');
      await page.getByTestId('share-start').click();
      await page.getByTestId('share-on').waitFor({ timeout: 60_000 });
      const statusUrl = (await page.getByTestId('share-status-url').textContent())!.trim();
      const base = (await page.getByTestId('share-url').first().textContent())!.trim();
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(statusUrl).toBe(`${base}_status`);
      expect(await page.getByTestId('share-command').textContent()).toBe(`curl -fsSO ${base}install.sh && sh install.sh --from ${base}`);
      const page0 = await (await fetch(statusUrl)).text();
      expect(page0).toContain('_status.json');

      // one machine holds the only archive place; a second is told to wait; a third takes the manifest
      holders.push(await stallingClient(base, `go/${archiveName}`));
      expect((await fetch(`${base}go/${archiveName}`)).status).toBe(503);
      expect((await fetch(`${base}manifest.json`)).status).toBe(200);
      await expect.poll(() => page.getByTestId('share-sending').textContent(), { timeout: 30_000 }).toBe('1 Go archive (at most 1 at once)');
      await expect.poll(() => page.getByTestId('share-waiting').textContent(), { timeout: 30_000 }).toMatch(/^1 request, when every transfer slot was taken/);
      // the same numbers as the relay's own status (counted as they ended; the page reads every second)
      const json = (await (await fetch(`${base}_status.json`)).json()) as { totals: { requests: number; complete: number; "refused-busy": number }; active: unknown[]; clients: unknown[] };
      expect(json.totals['refused-busy']).toBe(1);
      expect(json.active).toHaveLength(1);
      await expect.poll(() => page.getByTestId('share-machines').textContent(), { timeout: 30_000 }).toBe(String(json.clients.length));
      // and the status.json request itself, counted once it ended
      await expect.poll(async () => (await page.getByTestId('share-sent').textContent()) ?? '', { timeout: 30_000 }).toMatch(new RegExp(`in ${json.totals.requests + 1} requests \\(${json.totals.complete + 1} files sent whole\\)$`));
      await checkScreen(page, 'share-2-serving-full');
      await both('share-2-serving');

      // the status page opens in the system browser; the app window stays where it is
      const here = page.url();
      await page.getByTestId('share-open-status').click();
      await expect.poll(() => opened).toEqual([statusUrl]);
      expect(page.url()).toBe(here);
      expect(await page.getByTestId('share-not-opened').count()).toBe(0);

      // Stop: the relay is gone, the offer is back
      holders.splice(0).forEach((h) => h.destroy());
      await page.getByTestId('share-stop').click();
      await page.getByTestId('share-start').waitFor();
      expect(await fetch(statusUrl).then(() => 'answered', () => 'refused')).toBe('refused');

      // leaving the step ends sharing too, as the card says
      await page.getByTestId('share-start').click();
      await page.getByTestId('share-on').waitFor({ timeout: 60_000 });
      const again = (await page.getByTestId('share-status-url').textContent())!.trim();
      expect((await fetch(again)).status).toBe(200);
      await page.getByTestId('back').click();
      await page.getByTestId('fact-platform').waitFor();
      await expect.poll(() => fetch(again).then(() => 'answered', () => 'refused'), { timeout: 30_000 }).toBe('refused');
      expect(s.errors).toEqual([]);
    } finally {
      holders.forEach((h) => h.destroy());
      await s.close();
    }
  }, 300_000);
});
