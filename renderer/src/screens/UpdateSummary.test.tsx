/** The update summary says how many module versions a removed project took off the media, in both languages. */
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { initI18n } from '../i18n';
import { useApp } from '../store/app';
import type { BundleManifest, BundleUpdateResult } from '../../../shared/bundle';
import { UpdateSummary } from './UpdateMedia';

const manifest = {
  schema: 'go-offline/bundle',
  schemaVersion: 1,
  createdAt: '2026-12-02T00:00:00.000Z',
  creator: { tool: 'go-offline', version: '0.0.0' },
  go: { versions: ['go1.19.8'] },
  files: [],
  modules: { proxyPath: 'modules/proxy', moduleCount: 2, size: 100, projects: [{ name: 'small', module: 'example.com/small' }] },
  environment: {},
  targets: [],
} as unknown as BundleManifest;

function result(modulesRemoved: string[]): BundleUpdateResult {
  const none = { files: 0, bytes: 0, paths: [] };
  return { dir: '/media/usb', manifest, recovered: null, nothingToDo: false, added: none, changed: none, removed: { files: 9, bytes: 900, paths: [] }, kept: { files: 5, bytes: 500 }, bytesWritten: 10, bytesReadBack: 10, verifiedBytes: 1000, signing: 'unsigned', unsignedReason: null, warnings: [], modulesRemoved, seconds: 1 };
}

afterEach(cleanup);

describe('UpdateSummary', () => {
  it.each([
    ['en', '3: no project left on the media needs them (2 kept)'],
    ['zh', '3 个：剩下的项目都不需要它们（保留 2 个）'],
  ] as const)('%s: the module versions taken off, and how many stay', (lang, words) => {
    initI18n(lang);
    useApp.setState({ lang });
    render(<UpdateSummary result={result(['example.com/Upper/Case@v1.0.0', 'example.com/fork@v1.0.0', 'example.com/testonly@v1.0.0'])} />);
    expect(screen.getByTestId('update-modules-removed').textContent).toBe(words);
  });

  it('says nothing about modules when none were taken off', () => {
    initI18n('en');
    useApp.setState({ lang: 'en' });
    render(<UpdateSummary result={result([])} />);
    expect(screen.queryByTestId('update-modules-removed')).toBeNull();
  });
});
