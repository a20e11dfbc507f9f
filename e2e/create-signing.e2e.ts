/**
 * Create media's signing part in Debian's Chromium against the real engine at 1024×640: the
 * Prepare journey from a loopback mirror to the media step. With a key of the user's own (made here
 * by the engine in a temp config) the step offers it and says the media will be signed; the media
 * written carries manifest.json.asc that verifies against the key, and the result says it IS signed
 * (not "will be"). With no key it says the media will not be signed, and the media has no
 * signature. axe, screenshots and no English on the Chinese screens (names and fingerprints aside).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { checkScreen, chromiumMissingReason, launchBrowser, next, openApp } from './support';
import { ensureGoFixture, fixtureListingEntry, type GoFixture } from '../test/support/go-fixture';
import { startMirror, type Mirror } from '../test/support/http-server';
import type { Env } from '../electron/engine/paths';
import { createJob } from '../electron/engine/jobs';
import { checkBundle } from '../electron/engine/bundle/verify';
import { generateOwnKey, trustKeyFile } from '../electron/engine/signing';
import { SIGNATURE_NAME, SIGNER_KEY_NAME, formatFingerprint } from '../shared/signing';

const missing = chromiumMissingReason();
if (missing) console.log(`SKIPPED browser e2e: ${missing}`);




describe.skipIf(!!missing)('Create media: signing (Chromium, real engine, 1024×640)', () => {
  let browser: Browser;
  let fixture: GoFixture;
  let mirror: Mirror;
  let root: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    fixture = await ensureGoFixture();
    mirror = await startMirror({ releases: [fixtureListingEntry(fixture)], files: { [fixture.filename]: fixture.archive } });
    root = mkdtempSync(join(tmpdir(), 'gooff-e2e-create-signing-'));
  });
  afterAll(async () => {
    await browser?.close();
    await mirror?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  const envFor = (name: string): Env => {
    const home = join(root, name);
    const config = join(home, '.config', 'go-offline');
    mkdirSync(config, { recursive: true });
    writeFileSync(join(config, 'settings.json'), JSON.stringify({ mirrors: [mirror.baseUrl], language: 'en' }));
    return { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_STATE_HOME: join(home, '.local', 'state'), SHELL: '/bin/bash', GOROOT: '', GOPATH: '', GO_OFFLINE_PROBE_URL: mirror.baseUrl, GO_OFFLINE_SYSTEM_ROOT: join(root, 'sysroot'), GO_OFFLINE_SYSTEM_CONFIG_DIR: join(home, 'etc') };
  };

  /** Home → Prepare media → environment → version → download → the media step. */
  async function toMediaStep(page: Page) {
    await page.getByRole('button', { name: 'Prepare media' }).click();
    await page.getByTestId('fact-platform').waitFor({ timeout: 60_000 });
    await next(page);
    await page.getByTestId('files-table').waitFor({ timeout: 60_000 });
    await next(page);
    await page.getByTestId('start-download').click();
    await page.getByTestId('download-done').waitFor({ timeout: 120_000 });
    await next(page);
    await page.getByTestId('signing-choice').waitFor({ timeout: 30_000 });
  }

  for (const withKey of [true, false]) {
    it(withKey ? 'a key of one’s own: offered, the media signed with it, and said to be signed' : 'no key: the media will not be signed, said before and after', async () => {
      const env = envFor(withKey ? 'with-key' : 'no-key');
      const key = withKey ? await generateOwnKey({ name: 'Ops Team', email: 'ops@example.test', env }) : null;
      const media = join(root, withKey ? 'signed-media' : 'unsigned-media');
      const s = await openApp(browser, env, { viewport: { width: 1024, height: 640 } });
      try {
        const { page } = s;
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await toMediaStep(page);
        const choice = page.getByTestId('signing-choice');
        if (key) {
          expect(await choice.textContent()).toContain(`Ops Team <ops@example.test> · ${formatFingerprint(key.fingerprint).slice(-19)}`);
          expect(await choice.textContent()).toContain('manifest.json (which lists every file and its SHA-256) will be signed');
        } else {
          expect(await choice.textContent()).toContain('No signing key: the media will not be signed. You can make one in Settings.');
        }
        await page.getByTestId('media-dir').fill(media);
        await choice.scrollIntoViewIfNeeded();
        await checkScreen(page, `create-signing-${withKey ? 'key' : 'nokey'}-before`, {
          zhCheck: async () => expect(await choice.textContent()).toContain(key ? '将对 manifest.json' : '没有签名密钥'),
        });

        await page.getByTestId('create-media').click();
        await page.getByTestId('media-done').waitFor({ timeout: 120_000 });
        const signed = page.getByTestId('media-signed');
        expect(await signed.getAttribute('data-signed')).toBe(key ? 'yes' : 'no');
        const words = (await signed.textContent()) ?? '';
        if (key) {
          expect(words).toContain(`Signed by: Ops Team <ops@example.test> · ${formatFingerprint(key.fingerprint)}`);
          expect(words).toContain('is signed: the signature (manifest.json.asc) and your public key (signer-key.asc) are on the media');
          expect(words).not.toContain('will be');
        } else {
          expect(words).toContain('Not signed');
          expect(words).toContain('The media is not signed');
        }
        // the outcome leads the page: with the window at the top (where the user pressed Create),
        // "ready" and what the signature is are both in view above the Back/Next bar at 1024x640
        await page.evaluate(() => window.scrollTo(0, 0));
        for (const id of ['media-done', 'media-signed']) {
          const box = await page.getByTestId(id).boundingBox();
          expect(box!.y + box!.height, `${id} in view at 1024x640`).toBeLessThanOrEqual(640 - 60);
        }
        await checkScreen(page, `create-signing-${withKey ? 'key' : 'nokey'}-after`, {
          zhCheck: async () => expect(await signed.textContent()).toContain(key ? '已对 manifest.json' : '安装介质没有签名'),
        });
        expect(s.errors).toEqual([]);
      } finally {
        await s.close();
      }

      // what was written: the signature is there (and good for a machine that trusts the key), or not at all
      expect(existsSync(join(media, SIGNATURE_NAME))).toBe(!!key);
      expect(existsSync(join(media, SIGNER_KEY_NAME))).toBe(!!key);
      const target = envFor(withKey ? 'target-trusts' : 'target-plain');
      if (key) await trustKeyFile({ path: join(media, SIGNER_KEY_NAME), scope: 'user', env: target });
      const report = await checkBundle(media, { job: createJob(), env: target });
      expect(report.ok).toBe(true);
      expect(report.signature).toMatchObject(key ? { status: 'verified', outcome: 'accepted', signer: { fingerprint: key.fingerprint } } : { status: 'unsigned', outcome: 'warned' });
    });
  }
});
