/** The installed Go versions card: the default, the others with their command, switching the default, what each project gets. */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { initI18n } from '../i18n';
import { useApp } from '../store/app';
import type { VersionsResult } from '../../../shared/install';
import { GoVersionsCard } from './GoVersions';

function listing(def: string, other: string): VersionsResult {
  const v = (version: string, isDefault: boolean) => ({ version, goroot: isDefault ? '/home/u/.local/go' : `/home/u/sdk/${version}`, isDefault, wrapper: isDefault ? null : `/home/u/sdk/bin/${version}`, state: 'ok' as const, problems: [] as string[], problemsZh: [] as string[], files: 10, installedAt: '2026-12-01T00:00:00Z' });
  return { scope: 'user', prefix: '/home/u/.local', wrappersDir: '/home/u/sdk/bin', onPath: true, gotoolchain: 'path', versions: [v(def, true), v(other, false)] };
}

let current: VersionsResult;
const calls: Array<{ name: string; args: unknown }> = [];
beforeEach(() => {
  initI18n('en');
  useApp.setState({ lang: 'en' });
  current = listing('go1.21.13', 'go1.22.12');
  calls.length = 0;
  (window as unknown as { goOffline: unknown }).goOffline = {
    install: {
      versions: async (args: unknown) => (calls.push({ name: 'versions', args }), { ok: true, value: current }),
      use: async (args: { version: string }) => {
        calls.push({ name: 'use', args });
        current = listing(args.version, 'go1.21.13');
        return { ok: true, value: { version: args.version, goroot: '/home/u/.local/go', previousDefault: null, changed: true, environment: [] } };
      },
    },
    jobs: { cancel: async () => ({ ok: true, value: null }) },
    onProgress: () => () => {},
  };
});
afterEach(() => {
  delete (window as unknown as { goOffline?: unknown }).goOffline;
});

describe('Go versions card', () => {
  it('lists the default and the version beside it, says what each project gets, and switches the default', async () => {
    render(<GoVersionsCard projects={[{ name: 'a', goVersion: '1.21' }, { name: 'b', goVersion: '1.22.12' }, { name: 'c', goVersion: '1.23.4' }]} />);
    await screen.findByTestId('go-versions');
    expect(screen.getByTestId('go-version-go1.21.13')).toHaveTextContent('default');
    expect(screen.getByTestId('go-version-go1.22.12')).toHaveTextContent('/home/u/sdk/go1.22.12');
    const projects = screen.getByTestId('project-versions').textContent ?? '';
    expect(projects).toContain('a — built by the default Go go1.21.13');
    expect(projects).toContain('b — asks for go1.22.12: built by go1.22.12');
    expect(projects).toContain('c — asks for go1.23.4, which is not installed');
    fireEvent.click(screen.getByTestId('use-go1.22.12'));
    await waitFor(() => expect(screen.queryByTestId('use-go1.22.12')).toBeNull());
    expect(screen.getByTestId('use-go1.21.13')).toBeTruthy();
    expect(calls.find((c) => c.name === 'use')?.args).toMatchObject({ version: 'go1.22.12', scope: 'user', prefix: '/home/u/.local' });
    expect(screen.getByText('go1.22.12 is now the default Go.')).toBeTruthy();
  });

  it('in Chinese, and hidden where fewer versions than asked are installed', async () => {
    initI18n('zh');
    useApp.setState({ lang: 'zh' });
    const { unmount } = render(<GoVersionsCard projects={[{ name: 'b', goVersion: '1.22.12' }]} />);
    await screen.findByTestId('go-versions');
    expect(screen.getByTestId('go-versions')).toHaveTextContent('本机的 Go 版本');
    expect(screen.getByTestId('project-versions')).toHaveTextContent('要求 go1.22.12：由 go1.22.12 构建');
    unmount();
    current = { ...current, versions: current.versions.slice(0, 1) };
    const { container } = render(<GoVersionsCard minVersions={2} />);
    await waitFor(() => expect(calls.filter((c) => c.name === 'versions').length).toBe(2));
    expect(container.textContent).toBe('');
  });

  it('says what is wrong with a version in the language of the screen', async () => {
    const broken = listing('go1.21.13', 'go1.22.12');
    Object.assign(broken.versions[1]!, { state: 'changed', problems: ['its wrapper /home/u/sdk/bin/go1.22.12 is missing'], problemsZh: ['它的命令文件 /home/u/sdk/bin/go1.22.12 不见了'] });
    current = broken;
    initI18n('zh');
    useApp.setState({ lang: 'zh' });
    const { unmount } = render(<GoVersionsCard />);
    await screen.findByTestId('go-versions');
    expect(screen.getByTestId('go-version-go1.22.12')).toHaveTextContent('它的命令文件 /home/u/sdk/bin/go1.22.12 不见了');
    expect(screen.getByTestId('go-version-go1.22.12')).not.toHaveTextContent('is missing');
    unmount();
    initI18n('en');
    useApp.setState({ lang: 'en' });
    render(<GoVersionsCard />);
    await screen.findByTestId('go-versions');
    expect(screen.getByTestId('go-version-go1.22.12')).toHaveTextContent('its wrapper /home/u/sdk/bin/go1.22.12 is missing');
  });

  it('one version: the command to add another names this Go\'s scope and prefix and says what to put for BUNDLE', async () => {
    current = { ...listing('go1.19.8', 'go1.22.12'), onPath: false, gotoolchain: null };
    current.versions = current.versions.slice(0, 1);
    render(<GoVersionsCard />);
    await screen.findByTestId('go-versions');
    const card = screen.getByTestId('go-versions').textContent ?? '';
    expect(card).toContain('go-offline install --bundle BUNDLE --side-by-side --go-version 1.X.Y --scope user --prefix "/home/u/.local"');
    expect(card).toContain('put the folder of media that carries it for BUNDLE');
    expect(card).toContain('it always builds with itself, whatever a go.mod asks for.');
    expect(card).not.toContain('Run another version by its command');
  });
});
