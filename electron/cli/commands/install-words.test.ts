/**
 * What install, rollback and uninstall say, through the built CLI with a temp HOME and prefix and a
 * small real bundle: the scope/prefix choice in every confirmation, "nothing to roll back" before
 * any question, and per file what uninstall did plus what it leaves on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import { makeBundle, makeTgz, tinyGoEntries } from '../../engine/install/test-helpers';

const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

describe('install, rollback and uninstall say what they act on and what they did', () => {
  const t = tempDir('gooff-cli-inst-');
  const home = join(t.path, 'home');
  const prefix = join(t.path, 'opt');
  // system locations re-rooted into the temp folder: nothing of this machine is touched, even as root
  const env = { PATH: '/usr/bin:/bin', HOME: home, SHELL: '/bin/bash', LANG: 'C.UTF-8', GO_OFFLINE_LANG: 'en', GO_OFFLINE_NO_ELEVATE: '1', GO_OFFLINE_SYSTEM_ROOT: join(t.path, 'sysroot') };
  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let bundle: string;
  beforeAll(() => {
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, '.bashrc'), '# my bashrc\nalias ll="ls -l"\n');
    const dir = join(t.path, 'bundle');
    mkdirSync(dir, { recursive: true });
    const a = makeTgz(join(dir, 'go1.21.0.linux-amd64.tar.gz'), tinyGoEntries('go1.21.0'));
    bundle = makeBundle(join(t.path, 'media'), [{ archive: a.path, version: 'go1.21.0', copy: true }]).dir;
    const r = cli(['install', '--bundle', bundle, '--scope', 'user', '--prefix', prefix, '--yes']);
    if (r.status !== 0) throw new Error(`install failed: ${r.stderr}`);
  });
  afterAll(() => t.remove());

  it('install without --scope/--prefix acts on the remembered install and says so in its question', () => {
    const r = cli(['install', '--bundle', bundle]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error CONFIRMATION_NEEDED');
    expect(r.stderr).toContain(`Install Go into ${prefix}/go`);
    expect(r.stderr).toContain(`scope user (this user only, remembered from the last install), prefix ${prefix} (remembered from the last install)`);
  });

  it('rollback with nothing to roll back says so before asking anything', () => {
    const r = cli(['rollback']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error INSTALL_NO_PREVIOUS');
    expect(r.stderr).not.toContain('CONFIRMATION_NEEDED');
  });

  it('uninstall asks naming the install, then says per file what happened and what it left on purpose', () => {
    const asked = cli(['uninstall']);
    expect(asked.status).toBe(2);
    expect(asked.stderr).toContain(`Remove the installed Go go1.21.0 (${prefix}/go)`);
    expect(asked.stderr).toContain('scope user (this user only, remembered from the last install)');
    const r = cli(['uninstall', '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(prefix, 'go'))).toBe(false);
    // .bashrc was the user's: our block is gone, the rest is back; .profile was ours: deleted
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe('# my bashrc\nalias ll="ls -l"\n');
    expect(r.stdout).toContain(`restored  ${join(home, '.bashrc')} (our lines removed; the rest is as it was before the install)`);
    expect(existsSync(join(home, '.profile'))).toBe(false);
    expect(r.stdout).toContain(`removed   ${join(home, '.profile')} (the installer had created it)`);
    expect(r.stdout).not.toMatch(/restored\s+\S*\.profile/);
    expect(r.stdout).toContain(`GOPATH ${join(home, 'go')} (your code`);
    expect(r.stdout).toContain('To remove them once you are sure:');
  });

  it('rollback and uninstall after the uninstall say there is nothing, before asking', () => {
    for (const cmd of ['rollback', 'uninstall']) {
      const r = cli([cmd]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('error INSTALL_NOTHING_INSTALLED');
    }
  });
});
