/** The install done page says whether the bundled modules are ready (the module cache filled after install). */
import { describe, it, expect, beforeEach } from 'vitest';
import { render, screen } from '@testing-library/react';
import { initI18n } from '../i18n';
import { useApp } from '../store/app';
import { useWizard } from '../store/wizard';
import type { InstallResult, ModuleCacheFill } from '../../../shared/install';
import { InstallDone } from './InstallDone';

function result(modules?: ModuleCacheFill): InstallResult {
  return {
    record: {
      schema: 'go-offline/install@1',
      scope: 'user',
      prefix: '/home/u/sdk',
      goroot: '/home/u/sdk/go',
      version: 'go1.19.8',
      platform: 'linux-amd64',
      installedAt: '2026-12-01T00:00:00Z',
      archive: { filename: 'go1.19.8.linux-amd64.tar.gz', sha256: 'a'.repeat(64), size: 1, verified: true },
      source: '/media/usb',
      files: 1,
      bytes: 1,
      fileListPath: '/x',
      previous: null,
      moduleProxy: { path: '/home/u/.local/share/go-offline/modules/proxy', url: 'file:///home/u/.local/share/go-offline/modules/proxy' },
      environment: { vars: {}, pathAdd: ['/home/u/sdk/go/bin'], changes: [] },
      auditLog: '/x.log',
    },
    timings: { extractSeconds: 1, swapSeconds: 0, totalSeconds: 1 },
    staleGoroot: [],
    notes: [],
    activateHint: '',
    ...(modules ? { modules } : {}),
  } as InstallResult;
}

beforeEach(() => {
  initI18n('en');
  useApp.setState({ lang: 'en' });
});

describe('install done page and the bundled modules', () => {
  it('says the modules are ready, in both languages', () => {
    useWizard.setState({ install: { ...useWizard.getState().install, result: result({ gomodcache: '/home/u/go/pkg/mod', total: 69, ready: 69, failed: [] }) } });
    const { unmount } = render(<InstallDone />);
    expect(screen.getByTestId('modules-ready')).toHaveTextContent('all 69 module versions are ready in /home/u/go/pkg/mod');
    expect(screen.getByTestId('modules-ready')).toHaveTextContent('will not download anything');
    unmount();
    initI18n('zh');
    useApp.setState({ lang: 'zh' });
    render(<InstallDone />);
    expect(screen.getByTestId('modules-ready')).toHaveTextContent('全部 69 个模块版本已就绪');
  });

  it('names a damaged module instead, and says nothing about modules when none were bundled', () => {
    useWizard.setState({ install: { ...useWizard.getState().install, result: result({ gomodcache: '/m', total: 3, ready: 2, failed: [{ module: 'example.com/x@v1.0.0', message: 'zip: not a valid zip file' }] }) } });
    const { unmount } = render(<InstallDone />);
    expect(screen.getByTestId('modules-ready')).toHaveTextContent('2 of 3 module versions are ready');
    expect(screen.getByTestId('modules-ready')).toHaveTextContent('example.com/x@v1.0.0 (zip: not a valid zip file)');
    unmount();
    useWizard.setState({ install: { ...useWizard.getState().install, result: result() } });
    render(<InstallDone />);
    expect(screen.queryByTestId('modules-ready')).toBeNull();
  });
});
