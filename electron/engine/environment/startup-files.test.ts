/**
 * Startup files as users have them (issue 13, item 9), with the real shells that read them:
 * a CRLF ~/.profile (bash must still find go; uninstall gives the file back byte for byte), a
 * file in another encoding, a ~/.bashrc that is a link (dotfile managers: the target is edited,
 * the link stays), a link to nothing, a fifo and a folder in place of ~/.profile (refused at once
 * with a clear error, nothing written; install neither hangs nor says INTERNAL).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { findDebianGoroot } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { installFromBundle, uninstall } from '../install';
import { makeBundle, makeTgz, tinyGoEntries } from '../install/test-helpers';
import { applyEnvironment, planEnvironment, removeEnvironment, snapshotPaths } from './index';

const tmp = tempDir('gooff-startup-');
afterAll(() => tmp.remove());
let n = 0;

function setup(files: Record<string, string | Buffer> = {}) {
  const dir = join(tmp.path, `c${++n}`);
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  for (const [f, body] of Object.entries(files)) {
    mkdirSync(join(home, f, '..'), { recursive: true });
    writeFileSync(join(home, f), body);
  }
  // the real Go, reached through the install folder's bin/go
  const goroot = join(dir, 'prefix', 'go');
  mkdirSync(join(goroot, 'bin'), { recursive: true });
  symlinkSync(join(findDebianGoroot(), 'bin', 'go'), join(goroot, 'bin', 'go'));
  const env = { PATH: '/usr/bin:/bin', HOME: home, TERM: 'dumb', LANG: 'C.UTF-8', SHELL: '/bin/bash', GOCACHE: join(dir, 'gocache'), GOPATH: join(dir, 'gopath') };
  const plan = planEnvironment({ scope: 'user', goroot, env, platform: 'linux', choices: { shells: ['bash', 'zsh'] } });
  const bytes = (f: string) => (existsSync(join(home, f)) ? readFileSync(join(home, f)) : null);
  return { dir, home, goroot, env, plan, bytes, backupDir: join(dir, 'backups') };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('line endings and encodings', () => {
  it.each([
    ['CRLF', '# ~/.profile\r\nexport EDITOR=vi\r\numask 022\r\n'],
    ['CRLF without a final line break', '# ~/.profile\r\nexport EDITOR=vi'],
    ['CR at the very end', 'export EDITOR=vi\r'],
  ])('%s ~/.profile: bash -lc "go version" works, uninstall gives the file back byte for byte', async (_name, original) => {
    const s = setup({ '.profile': original });
    const changes = await applyEnvironment(s.plan, { backupDir: s.backupDir });
    const r = spawnSync('bash', ['-lc', 'go version'], { env: s.env, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/syntax error|unexpected/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^go version go1\.\d+/);
    expect(spawnSync('sh', ['-lc', 'printenv GOTOOLCHAIN'], { env: s.env, encoding: 'utf8' }).stdout).toBe('local\n');
    // applied again: one block, still nothing else changed
    const again = await applyEnvironment(s.plan, { backupDir: s.backupDir, prior: changes });
    expect(readFileSync(join(s.home, '.profile'), 'latin1').split('# >>> go-offline >>>').length).toBe(2);
    await removeEnvironment(again);
    expect(s.bytes('.profile')!.equals(Buffer.from(original))).toBe(true);
  });

  it('a ~/.bashrc in Latin-1 (not UTF-8) comes back byte for byte', async () => {
    const original = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(' \xff\r\nalias ll="ls -l"\n', 'latin1')]);
    const s = setup({ '.bashrc': original });
    const changes = await applyEnvironment(s.plan, { backupDir: s.backupDir });
    expect(s.bytes('.bashrc')!.subarray(0, original.length).equals(original)).toBe(true);
    await removeEnvironment(changes);
    expect(s.bytes('.bashrc')!.equals(original)).toBe(true);
  });
});

describe('a linked ~/.bashrc (dotfile managers)', () => {
  it('edits the target, keeps the link as a link, and uninstall restores the target exactly', async () => {
    const s = setup({ 'dotfiles/bashrc': '# managed by stow\nalias ll="ls -l"' });
    symlinkSync('dotfiles/bashrc', join(s.home, '.bashrc'));
    const events: Array<[string, Record<string, unknown>]> = [];
    const changes = await applyEnvironment(s.plan, { backupDir: s.backupDir, audit: (e, d) => events.push([e, d]) });
    expect(lstatSync(join(s.home, '.bashrc')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(s.home, '.bashrc'))).toBe('dotfiles/bashrc');
    expect(readFileSync(join(s.home, 'dotfiles/bashrc'), 'utf8')).toMatch(/^# managed by stow\nalias ll="ls -l"\n# >>> go-offline >>>\n/);
    expect(events.find(([e, d]) => e === 'env.write' && d.path === join(s.home, '.bashrc'))?.[1].linkTo).toBe(join(s.home, 'dotfiles/bashrc'));
    const backup = changes.find((c) => c.target === join(s.home, '.bashrc'))!.backup!;
    expect(readFileSync(backup, 'utf8')).toBe('# managed by stow\nalias ll="ls -l"');
    expect(spawnSync('bash', ['-ic', 'command -v go'], { env: s.env, encoding: 'utf8' }).stdout.trim().split('\n').pop()).toBe(join(s.goroot, 'bin', 'go'));
    await removeEnvironment(changes);
    expect(lstatSync(join(s.home, '.bashrc')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(s.home, '.bashrc'))).toBe('dotfiles/bashrc');
    expect(readFileSync(join(s.home, 'dotfiles/bashrc'), 'utf8')).toBe('# managed by stow\nalias ll="ls -l"');
  });

  it('crash-undo snapshots take the real file behind a link (restored there, link kept), the sudo link as itself', async () => {
    const s = setup({ 'dotfiles/bashrc': '# managed\n' });
    symlinkSync(join(s.home, 'dotfiles/bashrc'), join(s.home, '.bashrc'));
    symlinkSync('dotfiles/missing', join(s.home, '.zshrc'));
    const paths = await snapshotPaths([join(s.home, '.profile'), join(s.home, '.bashrc'), join(s.home, '.zshrc')], ['/usr/local/bin/go']);
    expect(paths).toEqual([join(s.home, '.profile'), realpathSync(join(s.home, 'dotfiles/bashrc')), join(s.home, '.zshrc'), '/usr/local/bin/go']);
  });

  it('a link to a file that does not exist is refused, naming both, and nothing is written', async () => {
    const s = setup({ '.bashrc': '# mine\n' });
    symlinkSync('dotfiles/missing', join(s.home, '.profile'));
    const e = await refusal(applyEnvironment(s.plan, { backupDir: s.backupDir }));
    expect(e.code).toBe('ENV_FILE_LINK_BROKEN');
    expect(e.toData().cause.en).toContain(`${join(s.home, '.profile')} is a symbolic link to dotfiles/missing`);
    expect(e.toData().cause.zh).toContain('符号链接');
    expect(readlinkSync(join(s.home, '.profile'))).toBe('dotfiles/missing');
    expect(s.bytes('.bashrc')!.toString()).toBe('# mine\n');
    expect(existsSync(join(s.home, '.zshrc'))).toBe(false);
    expect(existsSync(s.backupDir)).toBe(false);
  });
});

describe('a fifo or a folder where a startup file should be', () => {
  it.each([
    ['a fifo', (p: string) => spawnSync('mkfifo', [p]), 'ENV_FILE_NOT_REGULAR', '特殊文件'],
    ['a folder', (p: string) => mkdirSync(p), 'ENV_FILE_IS_FOLDER', '文件夹'],
  ])('%s as ~/.profile: refused at once in both languages, nothing written', async (_name, make, code, zh) => {
    const s = setup({ '.bashrc': '# mine\n' });
    make(join(s.home, '.profile'));
    const e = await refusal(applyEnvironment(s.plan, { backupDir: s.backupDir }));
    expect(e.code).toBe(code);
    expect(e.exit).toBe(2);
    const d = e.toData();
    expect(d.cause.en).toContain(join(s.home, '.profile'));
    expect(d.cause.zh).toContain(zh);
    expect(d.fix.zh.length).toBeGreaterThan(0);
    expect(s.bytes('.bashrc')!.toString()).toBe('# mine\n');
    for (const f of ['.zprofile', '.zshrc', '.config/go/env']) expect(existsSync(join(s.home, f)), f).toBe(false);
  });

  it('uninstall with a fifo where a written file was: refused without hanging, the other files untouched', async () => {
    const s = setup({ '.bashrc': '# mine\n' });
    const changes = await applyEnvironment(s.plan, { backupDir: s.backupDir });
    const zshrc = s.bytes('.zshrc');
    const { rmSync } = await import('node:fs');
    rmSync(join(s.home, '.profile'));
    spawnSync('mkfifo', [join(s.home, '.profile')]);
    const e = await refusal(removeEnvironment(changes));
    expect(e.code).toBe('ENV_FILE_NOT_REGULAR');
    expect(s.bytes('.zshrc')!.equals(zshrc!)).toBe(true);
    expect(s.bytes('.bashrc')!.toString()).toMatch(/# >>> go-offline >>>/);
  });
});

describe('through install and uninstall (the engine as the CLI and app call it)', () => {
  let bundle: string;
  beforeAll(() => {
    const src = join(tmp.path, 'src');
    mkdirSync(src, { recursive: true });
    const a = makeTgz(join(src, 'go1.18.0.linux-amd64.tar.gz'), tinyGoEntries('go1.18.0'));
    bundle = makeBundle(join(tmp.path, 'bundle'), [{ archive: a.path, version: 'go1.18.0' }]).dir;
  });

  it.each([
    ['a fifo', (p: string) => spawnSync('mkfifo', [p]), 'ENV_FILE_NOT_REGULAR'],
    ['a folder', (p: string) => mkdirSync(p), 'ENV_FILE_IS_FOLDER'],
  ])('%s as ~/.profile: install refuses (not INTERNAL, no hang) and leaves no Go and no file behind', async (_name, make, code) => {
    const s = setup({ '.bashrc': '# mine\n' });
    make(join(s.home, '.profile'));
    const prefix = join(s.dir, 'target');
    const e = await refusal(installFromBundle({ bundle, scope: 'user', prefix, env: s.env, job: createJob() }));
    expect(e.code).toBe(code);
    expect(existsSync(join(prefix, 'go'))).toBe(false);
    expect(s.bytes('.bashrc')!.toString()).toBe('# mine\n');
  });

  it('CRLF ~/.profile and a linked ~/.bashrc: install, login shells find go, uninstall restores both exactly', async () => {
    const profile = '# ~/.profile\r\nexport EDITOR=vi\r\n';
    const s = setup({ '.profile': profile, 'dotfiles/bashrc': 'alias ll="ls -l"\n' });
    symlinkSync(join(s.home, 'dotfiles/bashrc'), join(s.home, '.bashrc'));
    const prefix = join(s.dir, 'target');
    await installFromBundle({ bundle, scope: 'user', prefix, env: s.env, job: createJob() });
    const r = spawnSync('bash', ['-lc', 'go version'], { env: s.env, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/syntax error/);
    expect(r.stdout.trim()).toBe('go version go1.18.0 linux/amd64');
    expect(lstatSync(join(s.home, '.bashrc')).isSymbolicLink()).toBe(true);
    await uninstall({ env: s.env, job: createJob() });
    expect(s.bytes('.profile')!.toString('latin1')).toBe(profile);
    expect(lstatSync(join(s.home, '.bashrc')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(s.home, 'dotfiles/bashrc'), 'utf8')).toBe('alias ll="ls -l"\n');
  });
});

describe('through install with hostile paths (prefix, HOME, XDG_DATA_HOME with the module proxy)', () => {
  it("installs, every login shell finds go and the proxy, the printed activate line runs nothing, uninstall restores", async () => {
    const dir = join(tmp.path, `hostile${++n}`);
    const pwned = join(dir, 'pwned');
    const home = join(dir, "home/o'brien");
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, '.bashrc'), '# mine\n');
    const data = join(dir, `data '$(touch ${pwned})' "$HOME" \`touch ${pwned}\`,x`);
    const prefix = join(dir, `pre fix $(touch ${pwned})`);
    const src = join(dir, 'src');
    mkdirSync(src, { recursive: true });
    const a = makeTgz(join(src, 'go1.18.0.linux-amd64.tar.gz'), tinyGoEntries('go1.18.0'));
    const b = makeBundle(join(dir, 'bundle'), [{ archive: a.path, version: 'go1.18.0' }], { moduleProxy: { 'example.com/m/@v/list': 'v1.0.0\n' } }).dir;
    const env = { PATH: '/usr/bin:/bin', HOME: home, TERM: 'dumb', LANG: 'C.UTF-8', SHELL: '/bin/bash', XDG_DATA_HOME: data };
    const r = await installFromBundle({ bundle: b, scope: 'user', prefix, env, job: createJob(), environment: { shells: ['bash', 'zsh', 'fish'] } });
    const proxyUrl = `${pathToFileURL(join(data, 'go-offline', 'modules', 'proxy')).href.replace(/,/g, '%2C')},off`;
    for (const [shell, flag] of [['sh', '-lc'], ['bash', '-lc'], ['bash', '-ic'], ['zsh', '-lc'], ['fish', '-lc']] as const) {
      const out = spawnSync(shell, [flag, 'command -v go; go version; printenv GOPROXY'], { env, encoding: 'utf8' });
      expect(out.stderr, shell).not.toMatch(/syntax error|unexpected|parse error/i);
      expect(out.stdout.trim().split('\n').slice(-3), `${shell} ${flag}`).toEqual([join(prefix, 'go', 'bin', 'go'), 'go version go1.18.0 linux/amd64', proxyUrl]);
    }
    // the line the CLI and the app print for "use it in this terminal"
    const hint = spawnSync('sh', ['-c', `${r.activateHint}; command -v go`], { env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    expect(hint.stdout.trim()).toBe(join(prefix, 'go', 'bin', 'go'));
    expect(existsSync(pwned)).toBe(false);
    await uninstall({ env, job: createJob() });
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe('# mine\n');
    for (const f of ['.profile', '.zprofile', '.zshrc', '.config/go/env', '.config/fish/conf.d/go-offline.fish']) expect(existsSync(join(home, f)), f).toBe(false);
    expect(existsSync(pwned)).toBe(false);
  });
});
