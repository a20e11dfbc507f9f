import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { latinLeaks } from './latin';
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startBridge, type Bridge } from '../electron/bridge/server';
import type { Env } from '../electron/engine/paths';

export const root = join(__dirname, '..');
/** Where screenshots go; E2E_SHOTS_DIR sends a review run's shots elsewhere (e.g. /tmp/review-shots). */
export const screenshotsDir = process.env.E2E_SHOTS_DIR ?? join(root, 'test-results', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumMissingReason(): string | null {
  return existsSync(CHROMIUM) ? null : `Chromium not found at ${CHROMIUM} (install Debian's chromium package; .ci/run does)`;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface Session {
  bridge: Bridge;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/** The built renderer in Chromium, wired to the real engine with the given environment (temp HOME). */
export async function openApp(browser: Browser, env: Env, opts: { locale?: string; colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; openExternal?: (url: string) => boolean } = {}): Promise<Session> {
  const bridge = await startBridge({ staticDir: join(root, 'out', 'renderer'), env, openExternal: opts.openExternal });
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1200, height: 860 }, locale: opts.locale ?? 'en-US', colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(bridge.pageUrl);
  return {
    bridge,
    page,
    errors,
    async close() {
      await context.close();
      await bridge.close();
    },
  };
}

/**
 * Wait until the page has settled: no CSS animation or transition running (antd's fades and
 * motion), then two animation frames so the last styles are painted. An event, not a delay.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { polling: 'raf' });
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const path = join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  // E2E_FOLD_SHOTS=1: also what fits in the window (name.fold.png), to judge what is below the fold.
  if (process.env.E2E_FOLD_SHOTS === '1') await page.screenshot({ path: join(screenshotsDir, `${name}.fold.png`) });
  return path;
}

/** axe-core on the current screen; returns serious and critical violations only. */
export async function seriousA11yViolations(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/** Switch the app's language with the header switch and wait until the page says it changed. */
export async function setLang(page: Page, zh: boolean): Promise<void> {
  await page.locator('header .ant-segmented').getByText(zh ? '简体中文' : 'English', { exact: true }).click();
  await page.waitForFunction((c) => document.documentElement.lang === c, zh ? 'zh-CN' : 'en');
  await settled(page);
}

/** Next, ticking "I have read the warnings" first when the step asks for it. */
export async function next(page: Page): Promise<void> {
  const btn = page.getByTestId('next');
  await expect.poll(async () => (await btn.isEnabled()) || (await page.getByTestId('accept-warnings').isVisible()), { timeout: 60_000 }).toBe(true);
  if (!(await btn.isEnabled())) await page.getByTestId('accept-warnings').click();
  await btn.click();
}

/**
 * One screen in both languages: axe (serious and critical) and a screenshot in English, then in
 * Chinese with no English left outside code, names and units (`zhCheck` reads the Chinese screen
 * too), then back to English.
 */
export async function checkScreen(page: Page, name: string, opts: { zhCheck?: () => Promise<void> } = {}): Promise<void> {
  await settled(page);
  expect(await seriousA11yViolations(page), `${name} (en)`).toEqual([]);
  await shot(page, `${name}-en`);
  await setLang(page, true);
  expect(await seriousA11yViolations(page), `${name} (zh)`).toEqual([]);
  expect(await latinLeaks(page), `${name}: English on the Chinese screen`).toEqual([]);
  await opts.zhCheck?.();
  await shot(page, `${name}-zh`);
  await setLang(page, false);
}
