import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, chmodSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../App';
import { initI18n } from '../i18n';
import { useApp } from '../store/app';
import { useEnv } from '../store/env';
import { installEngineApi } from '../../test/engine-api';

let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'gooff-ui-'));
  // a Go that cannot run, and a GOROOT that points nowhere: real broken states
  mkdirSync(join(home, 'sdk', 'go1.0.0', 'bin'), { recursive: true });
  writeFileSync(join(home, 'sdk', 'go1.0.0', 'bin', 'go'), 'garbage\n');
  chmodSync(join(home, 'sdk', 'go1.0.0', 'bin', 'go'), 0o755);
  installEngineApi({ ...process.env, HOME: home, SHELL: '/bin/bash', PATH: '/usr/bin:/bin', GOROOT: join(home, 'gone'), GO_OFFLINE_PROBE_URL: 'http://127.0.0.1:1/' });
});
afterAll(() => rmSync(home, { recursive: true, force: true }));
beforeEach(() => {
  initI18n('en');
  useApp.setState({ lang: 'en', screen: 'home', journey: null });
  useEnv.setState({ report: null, status: 'idle', error: null });
});

describe('home screen', () => {
  it('offers the three journeys and suggests diagnose for a broken Go setup', async () => {
    render(<App />);
    expect(screen.getByRole('heading', { name: 'What would you like to do?' })).toBeInTheDocument();
    for (const name of ['Prepare media', 'Install Go', 'Diagnose']) expect(screen.getByRole('button', { name })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('suggestion-why')).toHaveTextContent('does not work'), { timeout: 20_000 });
    expect(within(screen.getByTestId('journey-diagnose').parentElement!).getByText('Suggested for this machine')).toBeInTheDocument();
  });
});

describe('environment check screen', () => {
  it('shows real facts of this machine and the failing GOROOT with its fix, in both languages', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Install Go' }));
    await waitFor(() => expect(screen.getByTestId('fact-platform')).toBeInTheDocument(), { timeout: 20_000 });
    expect(screen.getByTestId('fact-platform')).toHaveTextContent(/^linux-(amd64|arm64)$/);
    const goroot = screen.getByTestId('finding-go.goroot-env');
    expect(goroot).toHaveAttribute('data-verdict', 'fail');
    expect(goroot).toHaveTextContent('GOROOT points to a missing folder');
    expect(goroot).toHaveTextContent('What to do');
    expect(screen.getByTestId('env-headline')).toHaveTextContent('Some problems must be fixed');
    const broken = screen.getAllByTestId('finding-go.existing').find((e) => e.textContent?.includes('go1.0.0'));
    expect(broken).toHaveAttribute('data-verdict', 'warn');

    await user.click(screen.getByText('简体中文'));
    await waitFor(() => expect(screen.getByRole('heading', { name: '环境检查' })).toBeInTheDocument());
    expect(screen.getByTestId('finding-go.goroot-env')).toHaveTextContent('GOROOT 指向不存在的文件夹');
    expect(screen.getByTestId('env-headline')).toHaveTextContent('安装 Go 之前必须先解决一些问题');
  });

  it('saves a target profile through the engine and reports an unwritable path as an error', async () => {
    const user = userEvent.setup();
    useApp.setState({ screen: 'env', journey: 'prepare' });
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('fact-platform')).toBeInTheDocument(), { timeout: 20_000 });
    const target = join(home, 'profiles', 'target.json');
    // saving a profile is a side task: folded under its own line
    await user.click(screen.getByText('Save target profile…'));
    // pasted, not typed key by key: a long path typed into antd's input re-renders once per key
    const input = screen.getByRole('textbox', { name: 'Save the profile to this file' });
    await user.click(input);
    await user.paste(target);
    await user.click(screen.getByTestId('save-profile'));
    // the profile is written atomically: once it exists it is whole
    await waitFor(() => expect(existsSync(target)).toBe(true), { timeout: 20_000 });
    expect(JSON.parse(readFileSync(target, 'utf8')).schema).toBe('go-offline/target-profile@1');

    // a path below a regular file cannot be created: a typed error is shown, not a crash
    await user.clear(input);
    await user.paste(join(target, 'below-a-file.json'));
    await user.click(screen.getByTestId('save-profile'));
    await waitFor(() => expect(screen.getByTestId('error-panel')).toBeInTheDocument(), { timeout: 20_000 });
    expect(screen.getByTestId('error-fix').textContent?.length).toBeGreaterThan(10);
  });
});

describe('a support bundle opened from the file manager', () => {
  it('goes straight to its read-only report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gooff-sb-'));
    try {
      const env = { ...process.env, HOME: dir, SHELL: '/bin/bash', PATH: '/usr/bin:/bin', GO_OFFLINE_PROBE_URL: 'http://127.0.0.1:1/' };
      const opened: string[] = [];
      const d = installEngineApi(env, opened);
      const bundle = join(dir, 'from-a-customer.gosupport');
      const saved = await d.dispatch('diagnose.saveSupportBundle', { jobId: crypto.randomUUID(), path: bundle });
      expect(saved.ok).toBe(true);
      opened.push(bundle);
      render(<App />);
      await waitFor(() => expect(screen.getByRole('tab', { selected: true })).toHaveTextContent(/support bundle/i), { timeout: 30_000 });
      await waitFor(() => expect(screen.getByDisplayValue(bundle)).toBeInTheDocument());
      // the report inside the bundle is shown (its headline says how many rules ran), and the file was taken once
      const view = await screen.findByTestId('opened-bundle', {}, { timeout: 20_000 });
      expect(within(view).getByTestId('diagnose-headline')).toHaveTextContent(/rules|checks/i);
      expect(opened).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      installEngineApi({ ...process.env, HOME: home, SHELL: '/bin/bash', PATH: '/usr/bin:/bin', GOROOT: join(home, 'gone'), GO_OFFLINE_PROBE_URL: 'http://127.0.0.1:1/' });
    }
  });
});
