/**
 * Words and status a non-specialist can trust, in Debian's Chromium against the real engine at
 * 1024×640: a download that no mirror gives names each mirror and its answer (404, a web page)
 * and asks no other host (every public attempt would reach a recording proxy); Diagnose on a Go
 * built for another CPU shows that cause first; Explain on a real failure text says what the CLI
 * says (the same matches, the same rule confirmed on this machine); the Chinese screens carry no English outside
 * code, paths, commands, product names and units; a received support bundle's report exported to a
 * file (an existing one replaced only after "Replace it"). axe and screenshots in both languages.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { checkScreen, chromiumMissingReason, launchBrowser, next, openApp, screenshotsDir, seriousA11yViolations, setLang, settled, shot, type Session } from './support';
import { latinLeaks } from './latin';
import { ensureGoFixture, findDebianGoroot, fixtureListingEntry, type GoFixture } from '../test/support/go-fixture';
import { startMirror, startProxy, type Mirror, type TestProxy } from '../test/support/http-server';
import { runCli } from '../test/support/cli';
import { stateDir, type Env } from '../electron/engine/paths';
import { runDiagnose } from '../electron/engine/diagnose';
import { writeSupportBundle } from '../electron/engine/diagnose/support-bundle';
import { checkEnvironment } from '../electron/engine/platform';

const missing = chromiumMissingReason();
if (missing) console.log(`SKIPPED browser e2e: ${missing}`);




describe.skipIf(!!missing)('words, errors and status (Chromium, real engine, 1024×640)', () => {
  let browser: Browser;
  let fixture: GoFixture;
  let listingOnly: Mirror;
  let htmlMirror: Mirror;
  let proxy: TestProxy;
  let root: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    fixture = await ensureGoFixture();
    // mirror A has the list of releases but not the file (404); mirror B answers with a web page
    listingOnly = await startMirror({ releases: [fixtureListingEntry(fixture)], files: {} });
    htmlMirror = await startMirror({ releases: [fixtureListingEntry(fixture)], files: { [fixture.filename]: fixture.archive }, faults: { [fixture.filename]: [{ kind: 'html', times: 1000 }] } });
    // every request to a host that is not loopback goes here and is recorded
    proxy = await startProxy();
    root = mkdtempSync(join(tmpdir(), 'gooff-e2e-words-'));
  });
  afterAll(async () => {
    await browser?.close();
    await listingOnly?.close();
    await htmlMirror?.close();
    await proxy?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  const envFor = (name: string, extra: Env = {}): Env => {
    const home = join(root, name);
    mkdirSync(home, { recursive: true });
    return {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_STATE_HOME: join(home, '.local', 'state'),
      SHELL: '/bin/bash',
      GOROOT: '',
      GOPATH: '',
      GO_OFFLINE_PROBE_URL: listingOnly.baseUrl,
      GO_OFFLINE_SYSTEM_ROOT: join(root, 'sysroot'),
      HTTPS_PROXY: proxy.url,
      HTTP_PROXY: proxy.url,
      NO_PROXY: '127.0.0.1,localhost',
      ...extra,
    };
  };

  /** The app at 1024×640 with reduced motion, on the home screen. */
  async function openAt(env: Env): Promise<Session> {
    const s = await openApp(browser, env, { viewport: { width: 1024, height: 640 } });
    await s.page.emulateMedia({ reducedMotion: 'reduce' });
    return s;
  }

  /** The app on the Diagnose journey's checks page (past its environment step). */
  async function openDiagnose(env: Env): Promise<Session> {
    const s = await openAt(env);
    await s.page.getByRole('button', { name: 'Diagnose' }).first().click();
    await s.page.getByTestId('fact-platform').waitFor({ timeout: 30_000 });
    await next(s.page);
    return s;
  }

  it('a download no mirror gives: each mirror named with its answer, Open settings, no other host asked', async () => {
    const env = envFor('mirrors-home');
    const cfg = join(String(env.XDG_CONFIG_HOME), 'go-offline');
    mkdirSync(cfg, { recursive: true });
    writeFileSync(join(cfg, 'settings.json'), JSON.stringify({ mirrors: [listingOnly.baseUrl, htmlMirror.baseUrl], language: 'en' }));
    const s = await openAt(env);
    try {
      const { page } = s;
      await page.getByRole('button', { name: 'Prepare media' }).click();
      await page.getByTestId('fact-platform').waitFor({ timeout: 30_000 });
      await next(page);
      await page.getByTestId('files-table').waitFor({ timeout: 30_000 });
      await next(page);
      await page.getByTestId('start-download').click();
      const panel = page.getByTestId('error-panel');
      await panel.waitFor({ timeout: 120_000 });
      expect(await panel.getAttribute('data-code')).toBe('DOWNLOAD_SOURCES_FAILED');
      const a = new URL(listingOnly.baseUrl).host;
      const b = new URL(htmlMirror.baseUrl).host;
      const cause = (await page.getByTestId('error-cause').textContent()) ?? '';
      expect(cause).toContain(`your mirror ${a}: file not found (404)`);
      expect(cause).toContain(`your mirror ${b}: got a web page instead of the file — a proxy login page?`);
      expect(cause).toContain('the public Go sites: not tried (your settings use only your mirror)');
      expect(cause).not.toMatch(/EAI_AGAIN|ECONNREFUSED|golang\.google\.cn|dl\.google\.com/);
      // the run ended in a failure: said in the panel's header, and no green bar anywhere
      expect(await page.getByTestId('progress-panel').getAttribute('data-status')).toBe('failed');
      expect(await page.locator('.ant-progress-status-success').count()).toBe(0);
      // the failure leads the page: its one action (Open settings) is in view without scrolling
      await page.evaluate(() => window.scrollTo(0, 0));
      const box = await page.getByTestId('error-open-settings').boundingBox();
      expect(box, 'Open settings is shown').not.toBeNull();
      expect(box!.y + box!.height, 'Open settings in view at 1024x640').toBeLessThanOrEqual(640 - 60);
      await checkScreen(page, 'words-download-failed');
      await setLang(page, true);
      const zh = (await page.getByTestId('error-cause').textContent()) ?? '';
      expect(zh).toContain(`您的镜像 ${a}：文件不存在（404）`);
      expect(zh).toContain(`您的镜像 ${b}：收到的是网页而不是文件——可能是代理的登录页？`);
      await setLang(page, false);

      // the main action opens the settings, where the public-site fallback is off
      await page.getByTestId('error-open-settings').click();
      await page.getByTestId('settings-fallback').waitFor();
      expect(await page.getByTestId('settings-fallback').getAttribute('aria-checked')).toBe('false');
      await shot(page, 'words-settings-fallback-en');
      await setLang(page, true).catch(() => undefined);

      // no request left loopback: nothing reached the recording proxy, and the mirrors saw only
      // the listing and the file
      expect(proxy.requests).toEqual([]);
      const paths = [...listingOnly.requests, ...htmlMirror.requests].map((r) => r.path.replace(/\?.*$/, ''));
      expect(new Set(paths)).toEqual(new Set(['/dl/', `/dl/${fixture.filename}`]));
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('Diagnose on a Go built for another CPU shows that cause first, in both languages', async () => {
    const goroot = join(root, 'arm-go', 'go');
    mkdirSync(join(goroot, 'bin'), { recursive: true });
    writeFileSync(join(goroot, 'VERSION'), 'go1.19.8\ntime 2023-01-01T00:00:00Z\n');
    const src = join(root, 'hello-src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'go.mod'), 'module hello\n\ngo 1.19\n');
    writeFileSync(join(src, 'main.go'), 'package main\n\nfunc main() { println("hi") }\n');
    const debian = findDebianGoroot()!;
    const other = process.arch === 'arm64' ? 'amd64' : 'arm64';
    execFileSync(join(debian, 'bin', 'go'), ['build', '-o', join(goroot, 'bin', 'go'), '.'], {
      cwd: src,
      env: { PATH: '/usr/bin:/bin', HOME: root, GOOS: 'linux', GOARCH: other, CGO_ENABLED: '0', GOCACHE: join(root, 'gocache'), GOPATH: join(root, 'gopath'), GOTOOLCHAIN: 'local', GOFLAGS: '', TMPDIR: root },
    });
    const s = await openDiagnose(envFor('arm-home', { GOROOT: goroot, PATH: `${join(goroot, 'bin')}:/usr/bin:/bin` }));
    try {
      const { page } = s;
      await page.getByTestId('run-diagnose').click();
      await page.getByTestId('diagnose-headline').waitFor({ timeout: 120_000 });
      const likely = page.getByTestId('likely-cause');
      expect(await likely.getAttribute('data-rule')).toBe('wrong-arch');
      // the first finding on the page is the cause
      expect(await page.locator('[data-testid^="rule-"]').first().getAttribute('data-testid')).toBe('rule-wrong-arch');
      expect(await likely.textContent()).toContain('Most likely cause');
      expect(await likely.textContent()).toContain(other);
      expect(await likely.textContent()).not.toContain('`');
      await checkScreen(page, 'words-diagnose-wrong-arch');
      await setLang(page, true);
      expect(await likely.textContent()).toContain('最可能的原因');
      await setLang(page, false);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('Explain a real failure text: the same matches and the same rule run here as `go-offline diagnose --explain`, in both languages', async () => {
    const fixture = await ensureGoFixture();
    const prefix = join(root, 'explain-prefix');
    mkdirSync(prefix, { recursive: true });
    execFileSync('tar', ['-xzf', fixture.archive, '-C', prefix]);
    const gone = join(root, 'old-go');
    const env = envFor('explain-home', { GOROOT: gone, PATH: `${join(prefix, 'go', 'bin')}:/usr/bin:/bin` });
    // the real message, from the real go with GOROOT naming a folder that is gone
    const real = spawnSync(join(prefix, 'go', 'bin', 'go'), ['version'], { env, encoding: 'utf8' });
    const text = real.stderr.trim();
    expect(text).toBe(`go: cannot find GOROOT directory: ${gone}`);
    const c = await runCli(['diagnose', '--explain', text, '--no-network', '--json'], Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string')));
    const fromCli = JSON.parse(c.stdout) as { matches: Array<{ id: string }>; confirmations: Array<{ rule: string; status: string }> };
    expect(fromCli.confirmations).toEqual([{ rule: 'stale-goroot', status: 'fired', reason: null }]);
    const s = await openDiagnose(env);
    try {
      const { page } = s;
      await page.getByRole('tab', { name: 'Explain an error message' }).click();
      await page.getByTestId('error-text').fill(text);
      await page.getByTestId('explain').click();
      await page.getByTestId('matches').waitFor({ timeout: 60_000 });
      // the same matches, in the same order, and the same verdict of the rule run on this machine
      expect(await page.locator('[data-testid^="match-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('match-'.length)))).toEqual(fromCli.matches.map((m) => m.id));
      for (const x of fromCli.confirmations) expect(await page.getByTestId(`confirm-${x.rule}`).getAttribute('data-status')).toBe(x.status);
      expect(await page.getByTestId('confirm-stale-goroot').textContent()).toContain('Checked on this machine: this is the cause here.');
      await checkScreen(page, 'words-diagnose-explain');
      await setLang(page, true);
      expect(await page.getByTestId('confirm-stale-goroot').textContent()).toContain('已在本机检查：本机正是这个原因。');
      await setLang(page, false);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('Diagnose fixes a stale GOROOT line with one click: what will change shown first, the checks run again, other findings say why there is no fix', async () => {
    const env = envFor('fix-home');
    const home = String(env.HOME);
    const gone = join(root, 'removed-go');
    writeFileSync(join(home, '.bashrc'), `# mine\nexport GOROOT=${gone}\n`);
    writeFileSync(join(home, '.profile'), '. "$HOME/.bashrc"\n');
    const s = await openDiagnose(env);
    try {
      const { page } = s;
      await page.getByTestId('run-diagnose').click();
      await page.getByTestId('diagnose-headline').waitFor({ timeout: 120_000 });
      await page.getByTestId('fix-stale-goroot').first().click();
      const plan = page.getByTestId('fix-plan');
      await plan.waitFor();
      expect(await plan.textContent()).toContain(`Line 2 of ${join(home, '.bashrc')} sets GOROOT to ${gone}`);
      await settled(page);
      expect(await seriousA11yViolations(page), 'fix dialog (en)').toEqual([]);
      await shot(page, 'words-diagnose-fix-en');
      // the dialog covers the language switch: close, switch, open again
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await setLang(page, true);
      await page.getByTestId('fix-stale-goroot').first().click();
      await plan.waitFor();
      expect(await plan.textContent()).toContain(`${join(home, '.bashrc')} 的第 2 行把 GOROOT 设为 ${gone}`);
      expect(await latinLeaks(page), 'fix dialog: English on the Chinese screen').toEqual([]);
      await shot(page, 'words-diagnose-fix-zh');
      await page.getByTestId('fix-confirm').click();
      await page.getByTestId('fix-done').waitFor({ timeout: 120_000 });
      expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe(`# mine\n# disabled by go-offline (stale GOROOT): export GOROOT=${gone}\n`);
      // the checks ran again: the finding is gone from the new report
      await expect.poll(() => page.getByTestId('rule-stale-goroot').count(), { timeout: 120_000 }).toBe(0);
      await setLang(page, false);
      // what is left (no Go here) has no automatic fix, and says so
      expect(await page.getByTestId('no-fix-go-not-installed').textContent()).toContain('No automatic fix');
      await checkScreen(page, 'words-diagnose-fixed');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a received support bundle: the sender, the failed step and when, the install log as a timeline, files readable in place', async () => {
    // the sender's machine: a real environment check and diagnose, and an install log that ends in a failure
    const senderEnv = envFor('sender-home', { USER: 'alice' });
    const sdir = stateDir(senderEnv);
    mkdirSync(sdir, { recursive: true });
    const t0 = Date.parse('2026-11-30T09:00:00Z');
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    writeFileSync(
      join(sdir, 'audit.jsonl'),
      [
        { at: at(0), event: 'install.start', version: 'go1.19.8', scope: 'user' },
        { at: at(4), event: 'archive.verified', file: 'go1.19.8.linux-amd64.tar.gz' },
        { at: at(5), event: 'bundle.signature', status: 'not-checked', outcome: 'not-judged', policy: 'warn' },
        { at: at(9), event: 'install.failed', code: 'NO_SPACE', reason: 'the disk is full' },
        { at: at(10), event: 'rollback.done' },
        // a line this app does not write (another tool, a newer version): shown as recorded, labelled so
        { at: at(11), event: 'sender.note', note: 'cleaned the disk by hand' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    const envReport = await checkEnvironment({ env: senderEnv, probeNetwork: false });
    const report = await runDiagnose({ env: senderEnv, probeNetwork: false });
    const bundlePath = join(root, 'received.gosupport');
    await writeSupportBundle({ env: senderEnv, out: bundlePath, report, envReport });

    const s = await openDiagnose(envFor('support-home'));
    try {
      const { page } = s;
      await page.getByRole('tab', { name: 'Open a support bundle' }).click();
      await page.getByTestId('support-bundle-path').fill(bundlePath);
      await page.getByTestId('support-bundle-path').press('Enter');
      await page.getByTestId('opened-bundle').waitFor({ timeout: 30_000 });
      const sender = (await page.getByTestId('bundle-sender').textContent()) ?? '';
      expect(sender).toContain(envReport.host.hostname);
      expect(sender).toContain('alice');
      expect(sender).toContain(envReport.host.platform);
      // each step in words beside its name (a name with no words, like rollback.done here, as it is)
      expect(await page.getByTestId('bundle-failed-step').textContent()).toContain('Install failed install.failed');
      const timeline = (await page.getByTestId('bundle-timeline').textContent()) ?? '';
      for (const e of ['Install started install.start', 'Go archive checked archive.verified', 'Install failed install.failed', 'rollback.done']) expect(timeline).toContain(e);
      // a signature that was not checked is not headed "checked"
      expect(timeline).toContain('Signature check bundle.signature');
      expect(timeline).not.toContain('Signature checked');
      // the details of our own steps in words (labels, scope, the error's title, the signature's verdict); the unknown line raw and labelled
      for (const e of ['Version: go1.19.8', 'For: this user only', 'Error: The disk is full NO_SPACE', 'Reason (as recorded): the disk is full', 'What was found: Signature not checked not-checked', 'Decision: not judged: the files are damaged not-judged']) expect(timeline).toContain(e);
      const raw = page.getByTestId('timeline-raw');
      expect(await raw.allTextContents()).toEqual([
        'Raw record (as the sender’s app wrote it, not a step this app knows): {"event":"rollback.done"}',
        'Raw record (as the sender’s app wrote it, not a step this app knows): {"event":"sender.note","note":"cleaned the disk by hand"}',
      ]);
      expect(await page.getByTestId('timeline-detail').count()).toBe(4);
      const zhTimeline = async () => {
        const z = (await page.getByTestId('bundle-timeline').textContent()) ?? '';
        for (const e of ['版本：go1.19.8', '安装给：仅当前用户', '错误：磁盘空间已满 NO_SPACE', '原因（原样记录）：the disk is full', '结论：未判断：文件已损坏']) expect(z).toContain(e);
        expect(await page.getByTestId('timeline-raw').last().textContent()).toBe('原始记录（发送方应用写下的原样内容，不是本应用认识的步骤）：{"event":"sender.note","note":"cleaned the disk by hand"}');
        expect(z).toContain('检查结果：未检查签名');
        for (const e of ['签名检查 bundle.signature', 'Go 压缩包已校验 archive.verified']) expect(z).toContain(e);
        expect(z).not.toContain('签名已检查');
        expect(z).not.toMatch(/Version:|For:|Error:|Raw record/);
      };
      // the support person's actions, not "save your own bundle"
      await page.getByTestId('copy-summary').waitFor();
      expect(await page.getByTestId('save-support-bundle').count()).toBe(0);
      await checkScreen(page, 'words-support-bundle', {
        zhCheck: async () => {
          expect(await page.getByTestId('bundle-failed-step').textContent()).toContain('安装失败 install.failed');
          await zhTimeline();
        },
      });
      // the install log as the support person sees it in the 1024×640 window, in each language
      for (const zh of [false, true]) {
        if (zh) await setLang(page, true);
        await page.getByTestId('bundle-timeline').evaluate((el) => el.closest('.ant-card')!.scrollIntoView({ block: 'start' }));
        await settled(page);
        await page.screenshot({ path: join(screenshotsDir, `words-support-timeline-${zh ? 'zh' : 'en'}.png`) });
      }
      await setLang(page, false);
      // a file inside, read-only
      await page.getByTestId('view-install/audit.jsonl').click();
      await expect.poll(() => page.getByTestId('bundle-file-text').textContent()).toContain('install.failed');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await shot(page, 'words-support-bundle-file-en');
      await page.keyboard.press('Escape');
      await page.getByTestId('bundle-file-text').waitFor({ state: 'hidden' });

      // Export: the report to a file, in each language (the dialog covers the language switch)
      const reportMd = execFileSync('tar', ['-xzOf', bundlePath, 'report.md'], { encoding: 'utf8' });
      const exported = join(root, 'support-home', 'received-report.md');
      for (const zh of [false, true]) {
        if (zh) await setLang(page, true);
        await page.getByTestId('export-report').click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        // the suggested name: the bundle's, in the support person's home
        expect(await page.getByTestId('export-path').inputValue()).toBe(exported);
        await settled(page);
        expect(await seriousA11yViolations(page), `export dialog (${zh ? 'zh' : 'en'})`).toEqual([]);
        if (zh) expect(await latinLeaks(page), 'export dialog: English on the Chinese screen').toEqual([]);
        await shot(page, `words-support-export-${zh ? 'zh' : 'en'}`);
        // the second time the file is there, with the support person's own notes in it
        if (zh) writeFileSync(exported, 'notes of my own');
        await page.getByTestId('export-save').click();
        if (!zh) {
          await page.getByTestId('report-exported').waitFor();
          expect(await page.getByTestId('report-exported').textContent()).toBe(`Report saved to ${exported}`);
          expect(readFileSync(exported, 'utf8')).toBe(reportMd);
          await dialog.waitFor({ state: 'hidden' });
        } else {
          // said, nothing written, and "Replace it" replaces it
          await expect.poll(() => page.getByTestId('error-panel').getAttribute('data-code')).toBe('REPORT_EXISTS');
          expect(readFileSync(exported, 'utf8')).toBe('notes of my own');
          await shot(page, 'words-support-export-exists-zh');
          await page.getByTestId('export-replace').click();
          await dialog.waitFor({ state: 'hidden' });
          expect(readFileSync(exported, 'utf8')).toBe(reportMd);
          await setLang(page, false);
        }
      }
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
