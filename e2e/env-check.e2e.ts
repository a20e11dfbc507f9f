import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumMissingReason, launchBrowser, openApp, seriousA11yViolations, shot } from './support';

const missing = chromiumMissingReason();
if (missing) console.log(`SKIPPED browser e2e: ${missing}`);

describe.skipIf(!!missing)('step 1 in the real renderer against the real engine (Chromium)', () => {
  let browser: Browser;
  let home: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    home = mkdtempSync(join(tmpdir(), 'gooff-e2e-home-'));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(home, { recursive: true, force: true });
  });
  const env = () => ({ ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), SHELL: '/bin/bash', GO_OFFLINE_PROBE_URL: 'http://127.0.0.1:1/' });

  for (const [lang, locale] of [['en', 'en-US'], ['zh', 'zh-CN']] as const) {
    it(`journey screen and environment check show this machine's real values (${lang})`, async () => {
      const s = await openApp(browser, env(), { locale });
      try {
        const { page } = s;
        const heading = lang === 'zh' ? '您想做什么？' : 'What would you like to do?';
        await page.getByRole('heading', { name: heading }).waitFor();
        // the probe URL is closed, so the machine looks offline and Install is suggested
        await page.getByText(lang === 'zh' ? '这台机器看起来处于离线状态' : 'looks like an offline machine').waitFor({ timeout: 30_000 });
        expect(await seriousA11yViolations(page)).toEqual([]);
        await shot(page, `home-${lang}`);

        await page.getByRole('button', { name: lang === 'zh' ? '安装 Go' : 'Install Go' }).click();
        const platform = page.getByTestId('fact-platform');
        await platform.waitFor({ timeout: 30_000 });
        const machine = execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim();
        const goArch = machine === 'x86_64' ? 'amd64' : machine === 'aarch64' ? 'arm64' : machine;
        expect(await platform.textContent()).toBe(`linux-${goArch}`);
        const glibc = execFileSync('getconf', ['GNU_LIBC_VERSION'], { encoding: 'utf8' }).trim().replace(' ', ' ');
        expect((await page.getByTestId('fact-libc').textContent())?.trim()).toBe(glibc);
        const cpu = page.getByTestId('finding-cpu.arch');
        expect(await cpu.getAttribute('data-verdict')).toBe('pass');
        expect(await cpu.textContent()).toContain(machine);
        expect(await seriousA11yViolations(page)).toEqual([]);
        await shot(page, `env-check-${lang}`);
        expect(s.errors).toEqual([]);
      } finally {
        await s.close();
      }
    });
  }

  it('saves the target profile through the engine and switches language on the fly', async () => {
    const s = await openApp(browser, env(), { locale: 'en-US' });
    try {
      const { page } = s;
      await page.getByRole('button', { name: 'Prepare media' }).click();
      await page.getByTestId('fact-platform').waitFor({ timeout: 30_000 });
      const target = join(home, 'target-profile.json');
      // saving a profile is a side task, folded under its own line
      await page.getByText('Save target profile…').click();
      await page.getByRole('textbox', { name: 'Save the profile to this file' }).fill(target);
      await page.getByTestId('save-profile').click();
      await page.getByText(`Target profile saved to ${target}`).waitFor();
      expect(existsSync(target)).toBe(true);
      expect(JSON.parse(readFileSync(target, 'utf8')).schema).toBe('go-offline/target-profile@1');

      await page.getByText('简体中文').click();
      await page.getByRole('heading', { name: '环境检查' }).waitFor();
      // the choice is kept in the settings file shared with the CLI (written just after the switch)
      const settingsFile = join(home, '.config', 'go-offline', 'settings.json');
      await expect.poll(() => (existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')).language : null), { timeout: 10_000 }).toBe('zh');
    } finally {
      await s.close();
    }
  });
});

describe.skipIf(!!missing)('dark theme (follows the OS)', () => {
  let browser: Browser;
  let home: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    home = mkdtempSync(join(tmpdir(), 'gooff-e2e-dark-'));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('renders the journey and environment screens dark, readable and without serious axe violations', async () => {
    const s = await openApp(browser, { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), SHELL: '/bin/bash', GO_OFFLINE_PROBE_URL: 'http://127.0.0.1:1/' }, { colorScheme: 'dark' });
    try {
      const { page } = s;
      await page.getByRole('heading', { name: 'What would you like to do?' }).waitFor();
      await page.getByText('looks like an offline machine').waitFor({ timeout: 30_000 });
      // the layout background is dark: its luminance is low
      const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.ant-layout')!).backgroundColor);
      const [r, g, b] = (bg.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
      expect(0.2126 * r! + 0.7152 * g! + 0.0722 * b!).toBeLessThan(80);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await shot(page, 'home-dark-en');
      await page.getByRole('button', { name: 'Install Go' }).click();
      await page.getByTestId('fact-platform').waitFor({ timeout: 30_000 });
      expect(await seriousA11yViolations(page)).toEqual([]);
      await shot(page, 'env-check-dark-en');
    } finally {
      await s.close();
    }
  });
});
