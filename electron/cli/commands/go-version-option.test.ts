import { describe, expect, it, afterAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { runCli } from '../../../test/support/cli';

describe('--go-version "" (an unset variable in a script) is refused, never read as "no version given"', () => {
  const t = tempDir('go-version-empty-');
  afterAll(() => t.remove());
  const env = () => {
    const home = join(t.path, 'home');
    mkdirSync(join(t.path, 'tmp'), { recursive: true });
    mkdirSync(home, { recursive: true });
    return { HOME: home, TMPDIR: join(t.path, 'tmp'), XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.local', 'state'), XDG_CACHE_HOME: join(home, '.cache'), GO_OFFLINE_LANG: 'en' };
  };

  it('uninstall --go-version "" --yes: BAD_USAGE (it went on to remove the default Go)', async () => {
    const r = await runCli(['uninstall', '--go-version', '', '--yes', '--scope', 'user'], env());
    expect(r.stderr).toContain('BAD_USAGE');
    expect(r.stderr).not.toContain('INSTALL_NOTHING_INSTALLED');
    expect(r.code).toBe(2);
  });

  it('install --go-version "": BAD_USAGE (it installed the newest)', async () => {
    const r = await runCli(['install', '--bundle', join(t.path, 'no-such-bundle'), '--go-version', '', '--yes', '--scope', 'user'], env());
    expect(r.stderr).toContain('BAD_USAGE');
    expect(r.code).toBe(2);
  });
});
