/**
 * The wizard's journeys in Debian's Chromium against the real engine (loopback bridge): Prepare
 * against a loopback mirror serving the real Go fixture archive into a temp media folder; Install
 * from that media into a temp HOME and prefix, ending with Verify green; a tampered bundle in both
 * languages; a keyboard-only pass; axe and a screenshot of every screen in English and Chinese.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, appendFileSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissingReason, launchBrowser, openApp, screenshotsDir, seriousA11yViolations, settled, shot } from './support';
import { latinLeaks } from './latin';
import { ensureGoFixture, fixtureListingEntry, type GoFixture } from '../test/support/go-fixture';
import { startMirror, type Mirror } from '../test/support/http-server';
import type { Env } from '../electron/engine/paths';

/** The small screen every page must work on: the next action visible without scrolling. */
const VIEWPORT = { width: 1024, height: 640 };

/** The app at 1024×640 with reduced motion (no screen is checked or captured mid-transition). */
async function open(browser: Browser, env: Env, locale = 'en-US') {
  const s = await openApp(browser, env, { locale, viewport: VIEWPORT });
  await s.page.emulateMedia({ reducedMotion: 'reduce' });
  return s;
}

const missing = chromiumMissingReason();
if (missing) console.log(`SKIPPED browser e2e: ${missing}`);

/** axe's serious and critical findings; asked twice when the first answer comes mid-animation (antd's fades). */
async function a11y(page: Page) {
  const first = await seriousA11yViolations(page);
  if (first.length === 0) return first;
  await settled(page);
  const AxeBuilder = (await import('@axe-core/playwright')).default;
  const r = await new AxeBuilder({ page }).analyze();
  for (const x of r.violations) for (const n of x.nodes) if (x.id === 'color-contrast') console.log('AXE', n.html, n.failureSummary);
  return seriousA11yViolations(page);
}

/**
 * One obvious next action, in view without scrolling: at most one enabled primary button on the
 * screen, inside the 1024×640 window with the page scrolled to the top, and the Back/Next bar
 * (on wizard steps) wholly in view.
 */
async function nextActionInView(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const inView = (b: { x: number; y: number; width: number; height: number } | null) => !!b && b.y >= 0 && b.x >= 0 && b.y + b.height <= VIEWPORT.height && b.x + b.width <= VIEWPORT.width;
  const primaries = [];
  for (const b of await page.locator('#main .ant-btn-primary:not([disabled])').all()) if (await b.isVisible()) primaries.push({ text: (await b.innerText()).trim(), box: await b.boundingBox() });
  expect(primaries.map((p) => p.text), `${name}: at most one primary action`).toHaveLength(Math.min(primaries.length, 1));
  for (const p of primaries) expect(inView(p.box), `${name}: "${p.text}" visible without scrolling (${JSON.stringify(p.box)})`).toBe(true);
  const nav = page.getByTestId('wizard-nav');
  if (await nav.count()) expect(inView(await nav.boundingBox()), `${name}: the Back/Next bar is in view`).toBe(true);
  else expect(primaries.length, `${name}: a screen without the bar has its primary action`).toBe(1);
}

/**
 * What the user sees in the 1024×640 window (`name.png`), and the whole page with the bar in its
 * place at the end (`name-full.png`), to look at.
 */
async function shots(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`) });
  const style = await page.addStyleTag({ content: '.wizard-nav { position: static !important; }' });
  await shot(page, `${name}-full`);
  await style.evaluate((el) => (el as HTMLElement).remove());
}

/**
 * axe (no serious or critical violations), the next action in view (not for overlays) and a
 * screenshot, in English and then in Chinese. For a drawer or dialog (which covers the language
 * switch), `overlay` closes and reopens it.
 */
async function checkScreen(page: Page, name: string, overlay?: { close(): Promise<void>; open(): Promise<void> }, opts: { primary?: boolean } = {}) {
  const primary = opts.primary ?? !overlay;
  const lang = async (label: string, code: string) => {
    if (overlay) await overlay.close();
    await page.locator('header .ant-segmented').getByText(label, { exact: true }).click();
    await page.waitForFunction((c) => document.documentElement.lang === c, code);
    if (overlay) await overlay.open();
    await settled(page);
  };
  await settled(page);
  expect(await a11y(page), `${name} (en)`).toEqual([]);
  if (primary) await nextActionInView(page, `${name} (en)`);
  await shots(page, `${name}-en`);
  await lang('简体中文', 'zh-CN');
  expect(await a11y(page), `${name} (zh)`).toEqual([]);
  if (primary) await nextActionInView(page, `${name} (zh)`);
  expect(await latinLeaks(page), `${name}: English on the Chinese screen`).toEqual([]);
  await shots(page, `${name}-zh`);
  await lang('English', 'en');
}

/** Next, ticking "I have read the warnings" first when the step asks for it. */
async function waitShot(page: Page, testId: string, name: string, timeout: number) {
  await page.getByTestId(testId).waitFor({ timeout }).catch(async (e) => {
    await shot(page, `debug-${name}`);
    throw e;
  });
}

/**
 * Home once this machine's check has finished (`data-env` on the suggestion line), however long
 * the check takes on a busy machine: the event, not a time limit (the test's own timeout bounds it).
 */
async function homeChecked(page: Page) {
  await page.locator('[data-testid="suggestion-why"]:is([data-env="done"], [data-env="error"])').waitFor({ timeout: 0 });
}

/**
 * Save the settings drawer and wait for what closing it depends on: the engine's answer to
 * settings.set (the settings file written and fsynced, which on a busy disk takes as long as it
 * takes; a fixed 30 s wait for Home failed there once), then the drawer gone.
 */
async function saveSettings(page: Page) {
  const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/__bridge/invoke/settings.set', { timeout: 0 });
  await page.getByTestId('settings-save').click();
  await saved;
  await page.getByTestId('settings-mirrors').waitFor({ state: 'hidden' });
  await settled(page);
}

async function next(page: Page) {
  const btn = page.getByTestId('next');
  await expect.poll(async () => (await btn.isEnabled()) || (await page.getByTestId('accept-warnings').isVisible()), { timeout: 60_000 }).toBe(true);
  if (!(await btn.isEnabled())) await page.getByTestId('accept-warnings').click();
  await btn.click();
}

describe.skipIf(!!missing)('the wizard journeys (Chromium, real engine)', () => {
  let browser: Browser;
  let fixture: GoFixture;
  let mirror: Mirror;
  let root: string;
  let media: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    fixture = await ensureGoFixture();
    mirror = await startMirror({ releases: [fixtureListingEntry(fixture)], files: { [fixture.filename]: fixture.archive } });
    root = mkdtempSync(join(tmpdir(), 'gooff-e2e-journeys-'));
    media = join(root, 'media');
  });
  afterAll(async () => {
    await browser?.close();
    await mirror?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  const envFor = (name: string, online: boolean) => {
    const home = join(root, name);
    mkdirSync(home, { recursive: true });
    return { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_STATE_HOME: join(home, '.local', 'state'), SHELL: '/bin/bash', GOROOT: '', GOPATH: '', GO_OFFLINE_PROBE_URL: online ? mirror.baseUrl : 'http://127.0.0.1:1/',
      // system paths (/etc, /usr/local, /var/lib) re-rooted into the temp folder: the real machine is never touched
      GO_OFFLINE_SYSTEM_ROOT: join(root, 'sysroot') };
  };

  it('Prepare: mirror → version → download and verify → media read back → done page', async () => {
    const s = await open(browser, envFor('online-home', true));
    try {
      const { page } = s;
      await homeChecked(page);
      expect(await page.getByTestId('suggestion-why').textContent()).toContain('looks like an online machine');
      await checkScreen(page, 'home');

      // settings: the mirror is kept in the file shared with the CLI
      await page.getByTestId('open-settings').click();
      await checkScreen(page, 'settings', {
        close: () => page.getByRole('button', { name: /Close|关闭/ }).first().click().then(() => page.getByTestId('settings-mirrors').waitFor({ state: 'hidden' })),
        open: () => page.getByTestId('open-settings').click().then(() => page.getByTestId('settings-mirrors').waitFor()),
      });
      await page.getByTestId('settings-mirrors').fill(mirror.baseUrl);
      await saveSettings(page);
      const settings = JSON.parse(readFileSync(join(root, 'online-home', '.config', 'go-offline', 'settings.json'), 'utf8'));
      expect(settings.mirrors).toEqual([mirror.baseUrl]);

      await page.getByRole('button', { name: 'Prepare media' }).click();
      await page.getByTestId('fact-platform').waitFor({ timeout: 30_000 });
      // the stepper shows only this journey's steps
      const stepper = page.getByTestId('stepper');
      expect(await stepper.locator('[data-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).toEqual(['env', 'version', 'download', 'media']);
      await expect.poll(() => page.getByTestId('env-headline').getAttribute('data-sources'), { timeout: 60_000 }).toBe('ok');
      expect(await page.getByTestId('env-headline').textContent()).toContain(mirror.baseUrl);
      await checkScreen(page, 'prepare-1-env');
      await next(page);

      await page.getByTestId('files-table').waitFor({ timeout: 30_000 }).catch(async (e) => {
        await shot(page, 'debug-version');
        console.log('SETTINGS NOW', readFileSync(join(root, 'online-home', '.config', 'go-offline', 'settings.json'), 'utf8'));
        throw e;
      });
      expect(await page.getByTestId('files-table').textContent()).toContain(fixture.filename);
      expect(await page.getByTestId('catalog-source').textContent()).toContain(mirror.baseUrl);
      await checkScreen(page, 'prepare-2-version');
      await next(page);

      await expect.poll(() => page.getByTestId('download-dir').inputValue()).toContain('go-offline-downloads');
      await expect.poll(() => page.getByTestId('next-reason').textContent()).toContain('Download and check the files first');

      // leaving during a download asks first; coming back shows the same job's progress
      mirror.fault(fixture.filename, { kind: 'slow', delayMs: 100, chunkBytes: 16 * 1024 });
      await page.getByTestId('start-download').click();
      await page.getByTestId('progress-file').first().waitFor({ timeout: 60_000 });
      const job = page.getByTestId('download-job');
      const jobId = await job.getAttribute('data-job-id');
      expect(jobId).toBeTruthy();
      expect(await page.getByTestId('progress-panel').getAttribute('data-status')).toBe('running');
      await page.locator('header').getByRole('button', { name: 'Home' }).click();
      const guard = page.getByRole('dialog');
      await guard.waitFor();
      expect(await guard.textContent()).toContain('The download is still running');
      await checkScreen(page, 'prepare-3-leave', {
        close: () => guard.getByTestId('leave-stay').click().then(() => guard.waitFor({ state: 'hidden' })),
        open: () => page.locator('header').getByRole('button', { name: /Home|首页/ }).click().then(() => guard.waitFor()),
      });
      await guard.getByTestId('leave-keep').click();
      await page.getByTestId('job-running').waitFor();
      // the job kept running while away
      await checkScreen(page, 'home-job-running');
      await page.getByTestId('show-running-job').click();
      await page.getByTestId('download-job').waitFor();
      expect(await page.getByTestId('download-job').getAttribute('data-job-id')).toBe(jobId);
      expect(await page.getByTestId('progress-panel').getAttribute('data-status')).toBe('running');
      expect(await page.getByTestId('start-download').isDisabled()).toBe(true);
      await page.getByTestId('cancel-job').click();
      await expect.poll(() => page.getByTestId('progress-panel').getAttribute('data-status'), { timeout: 60_000 }).toBe('cancelled');

      // the slow answer was one request: the next download goes at full speed
      await page.getByTestId('start-download').click();
      await page.getByTestId('download-done').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('progress-panel').getAttribute('data-status')).toBe('done');
      await checkScreen(page, 'prepare-3-download');
      await next(page);

      await page.getByTestId('media-dir').fill(media);
      await page.getByTestId('create-media').click();
      await page.getByTestId('media-done').waitFor({ timeout: 120_000 });
      expect(existsSync(join(media, 'manifest.json'))).toBe(true);
      expect(existsSync(join(media, 'SHA256SUMS'))).toBe(true);
      await checkScreen(page, 'prepare-4-media');
      await next(page);

      await page.getByTestId('prepare-done').waitFor();
      expect(await page.getByTestId('done-folder').textContent()).toContain(media);
      expect(await page.getByTestId('back').count()).toBe(0);
      await checkScreen(page, 'prepare-5-done');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('Prepare where no download source answers: that is the headline, Next waits, and "Set a mirror or proxy" fixes it', async () => {
    const env = envFor('no-source-home', true);
    // the mirror this organisation set answers nothing (a closed port); the public sites are not tried
    mkdirSync(join(env.XDG_CONFIG_HOME, 'go-offline'), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME, 'go-offline', 'settings.json'), JSON.stringify({ mirrors: ['http://127.0.0.1:1/dl/'] }));
    const s = await open(browser, env);
    try {
      const { page } = s;
      await page.getByRole('button', { name: 'Prepare media' }).click();
      const headline = page.getByTestId('env-headline');
      await expect.poll(() => headline.getAttribute('data-sources'), { timeout: 60_000 }).toBe('none');
      expect(await headline.textContent()).toContain('No download source answers');
      // the source tried is named, with its answer
      expect(await page.getByTestId('sources-tried').textContent()).toContain('127.0.0.1:1');
      expect(await page.getByTestId('screen-env').textContent()).not.toContain('ready for Go');
      expect(await page.getByTestId('next').isDisabled()).toBe(true);
      expect(await page.getByTestId('next-reason').textContent()).toContain('Set a mirror or proxy first');
      await checkScreen(page, 'prepare-1-env-no-source');
      await page.getByTestId('set-mirror').click();
      await page.getByTestId('settings-mirrors').fill(mirror.baseUrl);
      await saveSettings(page);
      // closing the settings checks the sources again
      await expect.poll(() => headline.getAttribute('data-sources'), { timeout: 60_000 }).toBe('ok');
      expect(await headline.textContent()).toContain(mirror.baseUrl);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('Install: media → scope (custom prefix, confirmed) → install → environment → verify green → done page', async () => {
    expect(existsSync(join(media, 'manifest.json'))).toBe(true);
    const prefix = join(root, 'prefix');
    const env = envFor('offline-home', false);
    const s = await open(browser, env);
    try {
      const { page } = s;
      await page.getByText('looks like an offline machine').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Install Go' }).click();
      await page.getByTestId('fact-platform').waitFor({ timeout: 30_000 });
      await checkScreen(page, 'install-1-env');
      await next(page);

      await page.getByTestId('media-source').fill(media);
      await checkScreen(page, 'install-2-media-empty');
      await page.getByTestId('check-media').click();
      await page.getByTestId('media-ok').waitFor({ timeout: 60_000 });
      await checkScreen(page, 'install-2-media');
      await next(page);

      await page.getByTestId('what-changes').waitFor({ timeout: 30_000 });
      await page.getByTestId('scope-user').click();
      await page.getByTestId('custom-location').click();
      await page.getByTestId('install-prefix').fill(prefix);
      await expect.poll(() => page.getByTestId('what-changes').textContent()).toContain(join(prefix, 'go'));
      await checkScreen(page, 'install-3-scope');
      await next(page);
      await page.getByRole('dialog').waitFor();
      await checkScreen(page, 'install-3-confirm', {
        close: () => page.getByRole('dialog').getByRole('button', { name: /Cancel|取\s*消/ }).click().then(() => page.getByRole('dialog').waitFor({ state: 'hidden' })),
        open: () => page.getByTestId('next').click().then(() => page.getByRole('dialog').waitFor()),
      });
      await page.getByTestId('confirm-install').click();

      await waitShot(page, 'install-done', 'install', 120_000);
      expect(await page.getByTestId('installed-goroot').textContent()).toBe(join(prefix, 'go'));
      expect(existsSync(join(prefix, 'go', 'bin', 'go'))).toBe(true);
      await checkScreen(page, 'install-4-install');
      await next(page);

      await page.getByTestId('env-written').waitFor();
      // the exact lines arrive from the engine's preview just after the list of files
      await expect.poll(() => page.getByTestId('env-files').textContent(), { timeout: 30_000 }).toContain(join(prefix, 'go'));
      await checkScreen(page, 'install-5-environment');
      await next(page);

      await waitShot(page, 'verify-headline', 'verify', 180_000);
      expect(await page.getByTestId('verify-headline').getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId('check-go.version').getAttribute('data-verdict')).toBe('pass');
      await checkScreen(page, 'install-6-verify');
      await next(page);

      await page.getByTestId('install-finished').waitFor();
      expect(await page.getByTestId('changed-list').textContent()).toContain('.bashrc');
      await checkScreen(page, 'install-7-done');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a tampered bundle is refused with the right message in English and Chinese', async () => {
    const bad = join(root, 'tampered');
    cpSync(media, bad, { recursive: true });
    const archive = readdirSync(bad, { recursive: true }).map(String).find((p) => p.endsWith('.tar.gz'))!;
    appendFileSync(join(bad, archive), 'tampered');
    const s = await open(browser, envFor('tamper-home', false));
    try {
      const { page } = s;
      await page.getByRole('button', { name: 'Install Go' }).click();
      await page.getByTestId('fact-platform').waitFor({ timeout: 30_000 });
      await next(page);
      await page.getByTestId('media-source').fill(bad);
      await page.getByTestId('check-media').click();
      const panel = page.getByTestId('error-panel');
      await waitShot(page, 'error-panel', 'tampered', 60_000);
      expect(await panel.getAttribute('data-code')).toBe('BUNDLE_TAMPERED');
      expect(await page.getByTestId('media-problems').textContent()).toContain(archive.split('/').pop()!);
      expect(await page.getByTestId('error-title').textContent()).toBe('The bundle is damaged or was changed');
      expect(await page.getByTestId('error-cause').textContent()).toContain(archive.split('/').pop()!);
      expect(await page.getByTestId('error-fix').textContent()).toContain('Do not install from this copy');
      expect(await page.getByTestId('next').isDisabled()).toBe(true);
      expect(await page.getByTestId('next-reason').textContent()).toContain('failed its check');
      await checkScreen(page, 'install-2-media-tampered');
      await page.locator('header .ant-segmented').getByText('简体中文', { exact: true }).click();
      await expect.poll(() => page.getByTestId('error-title').textContent()).toBe('离线包已损坏或被改动');
      const causeZh = (await page.getByTestId('error-cause').textContent()) ?? '';
      expect(causeZh).toContain('个文件与离线包的校验和不符');
      // the damaged file is named in Chinese words, no placeholder left unfilled
      expect(causeZh).toContain(`${archive.split('/').pop()!}（`);
      expect(causeZh).not.toMatch(/\{\w+\}/);
    } finally {
      await s.close();
    }
  });

  it('media damaged after its check (one byte, size kept): the install screen says the archive does not match its SHA-256, in English and Chinese; nothing installed', async () => {
    const later = join(root, 'damaged-later');
    cpSync(media, later, { recursive: true });
    const archive = readdirSync(later, { recursive: true }).map(String).find((p) => p.endsWith('.tar.gz'))!;
    const prefix = join(root, 'damaged-prefix');
    const s = await open(browser, envFor('damaged-later-home', false));
    try {
      const { page } = s;
      await page.getByRole('button', { name: 'Install Go' }).click();
      await page.getByTestId('fact-platform').waitFor({ timeout: 30_000 });
      await next(page);
      await page.getByTestId('media-source').fill(later);
      await page.getByTestId('check-media').click();
      await page.getByTestId('media-ok').waitFor({ timeout: 60_000 });
      // the drive goes bad after the check: one byte of the archive changes, its size stays
      const bytes = readFileSync(join(later, archive));
      bytes[bytes.length >> 1]! ^= 0x01;
      writeFileSync(join(later, archive), bytes);
      const actual = createHash('sha256').update(bytes).digest('hex');
      await next(page);
      await page.getByTestId('what-changes').waitFor({ timeout: 30_000 });
      await page.getByTestId('scope-user').click();
      await page.getByTestId('custom-location').click();
      await page.getByTestId('install-prefix').fill(prefix);
      await next(page);
      await page.getByRole('dialog').waitFor();
      await page.getByTestId('confirm-install').click();
      await waitShot(page, 'error-panel', 'damaged-later', 120_000);
      const panel = page.getByTestId('error-panel');
      expect(await panel.getAttribute('data-code')).toBe('INSTALL_ARCHIVE_HASH_MISMATCH');
      expect(await page.getByTestId('error-title').textContent()).toBe('The Go archive is damaged or was changed');
      const cause = (await page.getByTestId('error-cause').textContent()) ?? '';
      expect(cause).toContain(`${archive.split('/').pop()!} on the media does not match its SHA-256 fingerprint`);
      expect(cause).toContain('damaged or changed after the media was made');
      // which fingerprint is which: the file's own first, then the one the media recorded
      expect(cause).toMatch(new RegExp(`\\(the file has ${actual}, the media recorded [0-9a-f]{64}\\)`));
      expect(await page.getByTestId('error-fix').textContent()).toContain('it names every damaged file');
      expect(await page.locator('#main').textContent()).not.toMatch(/cannot be unpacked|accepted/i);
      await checkScreen(page, 'install-4-install-damaged', undefined, { primary: false });
      await page.locator('header .ant-segmented').getByText('简体中文', { exact: true }).click();
      await expect.poll(() => page.getByTestId('error-title').textContent()).toBe('Go 压缩包已损坏或被修改');
      const causeZh = (await page.getByTestId('error-cause').textContent()) ?? '';
      expect(causeZh).toContain('与制作安装介质时记录的 SHA-256 校验值不符');
      expect(causeZh).toMatch(new RegExp(`（实际是 ${actual}，安装介质记录的是 [0-9a-f]{64}）`));
      expect(causeZh).not.toMatch(/\{\w+\}/);
      expect(await page.getByTestId('error-fix').textContent()).toContain('它会列出每个损坏的文件');
      expect(existsSync(join(prefix, 'go'))).toBe(false);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('keyboard only: Diagnose journey, explain an error, and the settings drawer', async () => {
    const s = await open(browser, envFor('keyboard-home', false));
    try {
      const { page } = s;
      await page.getByText('looks like an offline machine').waitFor({ timeout: 30_000 });
      /** Tab until the focused element has this accessible text, then press key. */
      async function tabTo(text: string | RegExp, key = 'Enter', max = 60) {
        for (let i = 0; i < max; i++) {
          await page.keyboard.press('Tab');
          const label = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            return el ? (el.getAttribute('aria-label') || el.innerText || '').trim() : '';
          });
          if (typeof text === 'string' ? label === text : text.test(label)) {
            if (key) await page.keyboard.press(key);
            return;
          }
        }
        throw new Error(`could not reach "${String(text)}" with Tab`);
      }
      await tabTo('Diagnose');
      await page.getByTestId('fact-platform').waitFor({ timeout: 30_000 });
      await tabTo('Next');
      await page.getByTestId('run-diagnose').waitFor();
      await tabTo('Run the checks');
      await waitShot(page, 'diagnose-headline', 'diagnose', 90_000);
      await checkScreen(page, 'diagnose-1-checks');
      // the tabs: arrow keys move between them
      await page.getByRole('tab', { name: 'Check this machine' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.getByTestId('error-text').waitFor();
      await page.getByTestId('error-text').focus();
      await page.keyboard.type('-bash: go: command not found');
      await tabTo('Explain');
      await page.getByTestId('matches').waitFor({ timeout: 30_000 });
      await checkScreen(page, 'diagnose-2-explain');

      await tabTo('Save support bundle');
      await page.getByRole('dialog').waitFor();
      const target = join(root, 'keyboard-home', 'support.tar.gz');
      await checkScreen(page, 'diagnose-3-save-bundle', {
        close: () => page.getByRole('dialog').getByRole('button', { name: /Cancel|取\s*消/ }).click().then(() => page.getByRole('dialog').waitFor({ state: 'hidden' })),
        open: () => page.getByTestId('save-support-bundle').first().click().then(() => page.getByRole('dialog').waitFor()),
      });
      await page.getByTestId('support-path').fill(target);
      await page.getByTestId('support-path').press('Tab');
      await tabTo('Save', 'Enter', 10);
      await expect.poll(() => existsSync(target), { timeout: 60_000 }).toBe(true);

      // open it again, read-only, as support staff would; the closing dialog hands focus back to
      // its button first, so the tab is focused once that has happened (not raced)
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      const explainTab = page.getByRole('tab', { name: 'Explain an error message' });
      await expect.poll(async () => (await explainTab.focus(), await explainTab.evaluate((el) => el === document.activeElement)), { timeout: 30_000 }).toBe(true);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.getByRole('tab', { selected: true, name: /support bundle/i }).waitFor({ timeout: 30_000 }).catch(async (e) => {
        await shot(page, 'debug-open-tab');
        throw e;
      });
      await page.getByTestId('support-bundle-path').fill(target);
      await page.getByTestId('support-bundle-path').press('Enter');
      await page.getByTestId('opened-bundle').waitFor({ timeout: 30_000 });
      await checkScreen(page, 'diagnose-4-open-bundle');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
