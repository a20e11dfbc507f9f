/**
 * Signed media in Debian's Chromium against the real engine at 1024×640: the install journey's
 * media step shows the signer, the fingerprint, which list trusts it, this machine's clock and the
 * policy's decision; with the administrator's "require" and an unknown key it is refused and Next
 * stays disabled; a damaged copy says its signature was not judged (never "accepted"); the
 * settings drawer's signing keys section. axe, screenshots and no English on the Chinese screens.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { checkScreen, chromiumMissingReason, launchBrowser, openApp, screenshotsDir, seriousA11yViolations, setLang, settled, shot } from './support';
import { latinLeaks } from './latin';
import type { Env } from '../electron/engine/paths';
import type { DownloadedFile } from '../shared/releases';
import { createJob } from '../electron/engine/jobs';
import { exportBundle } from '../electron/engine/bundle/export';
import { generateOwnKey, setSystemPolicy, trustKeyFile, unlockOwnKey } from '../electron/engine/signing';
import { makeTgz, tinyGoEntries } from '../electron/engine/install/test-helpers';

const missing = chromiumMissingReason();
if (missing) console.log(`SKIPPED browser e2e: ${missing}`);



describe.skipIf(!!missing)('signed media (Chromium, real engine, 1024×640)', () => {
  let browser: Browser;
  let root: string;
  let media: string;
  let unsignedArchive: DownloadedFile;
  beforeAll(async () => {
    browser = await launchBrowser();
    root = mkdtempSync(join(tmpdir(), 'gooff-e2e-signing-'));
    mkdirSync(join(root, 'src'));
    const a = makeTgz(join(root, 'src', 'go1.18.0.linux-amd64.tar.gz'), tinyGoEntries('go1.18.0'));
    const prep = { HOME: join(root, 'prep'), XDG_CONFIG_HOME: join(root, 'prep', '.config') };
    const k = await generateOwnKey({ name: 'Ops Team', email: 'ops@example.test', env: prep });
    media = join(root, 'usb', 'bundle');
    unsignedArchive = { file: { filename: 'go1.18.0.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.18.0', sha256: a.sha256, size: a.size, kind: 'archive' }, path: a.path, sha256: a.sha256, size: a.size, signature: 'not-published', url: 'file://' + a.path };
    await exportBundle({ outDir: media, archives: [unsignedArchive], job: createJob(), sign: { key: await unlockOwnKey(k.fingerprint, undefined, prep) } });
  });
  afterAll(async () => {
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  const envFor = (name: string): Env => {
    const home = join(root, name);
    mkdirSync(home, { recursive: true });
    return { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_STATE_HOME: join(home, '.local', 'state'), SHELL: '/bin/bash', GOROOT: '', GOPATH: '', GO_OFFLINE_PROBE_URL: 'http://127.0.0.1:1/', GO_OFFLINE_SYSTEM_ROOT: join(root, 'sysroot'), GO_OFFLINE_SYSTEM_CONFIG_DIR: join(home, 'etc') };
  };

  async function toMedia(page: Page, from = media) {
    await page.getByText('looks like an offline machine').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Install Go' }).click();
    const next = page.getByTestId('next');
    await expect.poll(async () => (await next.isEnabled()) || (await page.getByTestId('accept-warnings').isVisible()), { timeout: 60_000 }).toBe(true);
    if (!(await next.isEnabled())) await page.getByTestId('accept-warnings').click();
    await next.click();
    await page.getByTestId('media-source').fill(from);
    await page.getByTestId('check-media').click();
    await page.getByTestId('signature-check').waitFor({ timeout: 60_000 });
  }

  it('a trusted signer: accepted, with the signer, fingerprint, list and clock; the settings drawer lists the key', async () => {
    const env = envFor('trusted');
    await trustKeyFile({ path: join(media, 'signer-key.asc'), scope: 'user', env });
    const s = await openApp(browser, env, { viewport: { width: 1024, height: 640 } });
    try {
      const { page } = s;
      await toMedia(page);
      const card = page.getByTestId('signature-check');
      expect(await card.getAttribute('data-outcome')).toBe('accepted');
      expect(await card.textContent()).toContain('Ops Team <ops@example.test>');
      expect(await card.textContent()).toContain('your list');
      await checkScreen(page, 'signing-media-trusted');
      // the drawer covers the language switch: one language per opening
      for (const zh of [false, true]) {
        if (zh) await setLang(page, true);
        await page.getByTestId('open-settings').click();
        await page.getByTestId('keys-section').scrollIntoViewIfNeeded();
        await expect.poll(() => page.getByTestId('keys-section').textContent()).toContain(zh ? '您信任的' : 'trusted by you');
        if (zh) expect(await latinLeaks(page), 'settings: English on the Chinese screen').toEqual([]);
        else expect(await seriousA11yViolations(page), 'settings (en)').toEqual([]);
        await shot(page, `signing-settings-${zh ? 'zh' : 'en'}`);
        await page.keyboard.press('Escape');
        await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });
      }
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('an unknown key under the administrator’s "require": refused, Next disabled', async () => {
    const env = envFor('require');
    mkdirSync(String(env.GO_OFFLINE_SYSTEM_CONFIG_DIR), { recursive: true });
    await setSystemPolicy({ signaturePolicy: 'require' }, env);
    const s = await openApp(browser, env, { viewport: { width: 1024, height: 640 } });
    try {
      const { page } = s;
      await toMedia(page);
      expect(await page.getByTestId('signature-check').getAttribute('data-outcome')).toBe('refused');
      expect(await page.getByTestId('next').isEnabled()).toBe(false);
      await checkScreen(page, 'signing-media-refused');
    } finally {
      await s.close();
    }
  });

  it('a damaged, unsigned copy: the red "damaged" error, and the signature "not checked: the files are damaged", never "accepted"', async () => {
    const env = envFor('damaged');
    const damaged = join(root, 'usb', 'damaged');
    await exportBundle({ outDir: damaged, archives: [unsignedArchive], job: createJob() });
    const file = join(damaged, 'go', 'go1.18.0.linux-amd64.tar.gz');
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(file, bytes);
    const s = await openApp(browser, env, { viewport: { width: 1024, height: 640 } });
    try {
      const { page } = s;
      await toMedia(page, damaged);
      expect(await page.getByTestId('error-panel').getAttribute('data-code')).toBe('BUNDLE_TAMPERED');
      const card = page.getByTestId('signature-check');
      expect(await card.getAttribute('data-outcome')).toBe('not-judged');
      expect(await card.textContent()).toContain('Signature not checked: the files are damaged');
      expect(await card.textContent()).not.toMatch(/accepted/i);
      expect(await page.getByTestId('next').isEnabled()).toBe(false);
      await checkScreen(page, 'signing-media-damaged');
      // the whole page's shot has the sticky Back/Next bar over the card: one more with the card at the top
      const cardShot = async (name: string) => {
        await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await settled(page);
        await page.screenshot({ path: join(screenshotsDir, `${name}.png`) });
      };
      await cardShot('signing-media-damaged-card-en');
      await setLang(page, true);
      expect(await card.textContent()).toContain('未检查签名：文件已损坏');
      expect(await card.textContent()).not.toContain('接受');
      await cardShot('signing-media-damaged-card-zh');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
