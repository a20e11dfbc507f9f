import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { findDebianGoroot } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import {
  applyEnvironment,
  computeVariables,
  disableGorootLines,
  fileProxyUrl,
  FakeRegistry,
  findStaleGoroot,
  planEnvironment,
  removeBlock,
  removeEnvironment,
  upsertBlock,
  WINDOWS_KEYS,
} from './index';

const tmp = tempDir('gooff-env-');
afterAll(() => tmp.remove());
let n = 0;
const fresh = () => {
  const d = join(tmp.path, `c${++n}`);
  mkdirSync(d, { recursive: true });
  return d;
};

describe('marked blocks', () => {
  const body = ['export GOTOOLCHAIN=local'];
  it.each([
    ['empty', ''],
    ['LF with final newline', 'a=1\nb=2\n'],
    ['LF without final newline', 'a=1\nb=2'],
    ['CRLF', 'a=1\r\nb=2\r\n'],
    ['CRLF without final newline', 'a=1\r\nb=2'],
  ])('%s: written once, removed byte-for-byte', (_name, original) => {
    const first = upsertBlock(original, body);
    const second = upsertBlock(first.text, body);
    expect(second.text).toBe(first.text);
    expect(second.changed).toBe(false);
    expect(first.text.split('# >>> go-offline >>>').length).toBe(2);
    // the block is LF even in a CRLF file (shells read CR as part of the line)
    expect(first.text.slice(first.text.indexOf('# >>> go-offline >>>'))).not.toContain('\r');
    expect(removeBlock(second.text, first.addedLeadingNewline).text).toBe(original);
  });
  it('a CRLF block an older version wrote: replaced by an LF block, and uninstall still gives the file back exactly', () => {
    const original = 'a=1\r\nb=2';
    const old = original + '\r\n# >>> go-offline >>>\r\nexport X=1\r\n# <<< go-offline <<<\r\n';
    expect(removeBlock(old, true).text).toBe(original);
    const now = upsertBlock(old, ['export X=2'], true);
    expect(now.text).toBe(original + '\n# >>> go-offline >>>\nexport X=2\n# <<< go-offline <<<\n');
    expect(removeBlock(now.text, true).text).toBe(original);
  });
  it('replaces the block in place when the settings change', () => {
    const a = upsertBlock('x\n', ['one']).text + 'after\n';
    const b = upsertBlock(a, ['two']).text;
    expect(b).toBe('x\n# >>> go-offline >>>\ntwo\n# <<< go-offline <<<\nafter\n');
  });
});

describe('variables', () => {
  it('never sets GOROOT, pins GOTOOLCHAIN and uses the local proxy', () => {
    const v = computeVariables('/opt/x/go', 'linux', {}, 'file:///home/u/proxy');
    expect(v.vars).toEqual({ GOTOOLCHAIN: 'local', GOPROXY: 'file:///home/u/proxy,off' });
    expect(v.pathAdd).toEqual(['/opt/x/go/bin']);
    const w = computeVariables('C:\\Program Files\\Go', 'win32', { goproxy: 'off', gosumdbOff: true, goprivate: 'corp.example/*' });
    expect(w.vars).toEqual({ GOTOOLCHAIN: 'local', GOPROXY: 'off', GOPRIVATE: 'corp.example/*', GOSUMDB: 'off' });
    expect(w.pathAdd).toEqual(['C:\\Program Files\\Go\\bin']);
  });
  it('a default Go that switches toolchains (1.21+): GOTOOLCHAIN=path and the wrappers folder on PATH', () => {
    const v = computeVariables('/opt/x/go', 'linux', {}, null, '/home/u/sdk/bin');
    expect(v.vars.GOTOOLCHAIN).toBe('path');
    expect(v.pathAdd).toEqual(['/opt/x/go/bin', '/home/u/sdk/bin']);
    expect(() => computeVariables('/opt/x/go', 'linux', {}, null, '/home/u/sdk\nbin')).toThrow();
  });
  it('refuses values that would break out of the quotes', () => {
    const e = (() => {
      try {
        computeVariables('/opt/go', 'linux', { goprivate: "x'; rm -rf ~; '" });
      } catch (err) {
        return err as AppError;
      }
    })();
    expect(e?.code).toBe('ENV_INVALID_VALUE');
  });
});

function fakeGoroot(dir: string): string {
  const goroot = join(dir, 'prefix', 'go');
  mkdirSync(join(goroot, 'bin'), { recursive: true });
  writeFileSync(join(goroot, 'bin', 'go'), '#!/bin/sh\necho fake-go\n');
  chmodSync(join(goroot, 'bin', 'go'), 0o755);
  return goroot;
}

function shellEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home, TERM: 'dumb', LANG: 'C.UTF-8' };
}

describe('Linux user scope, real shells', () => {
  it('bash (login and interactive), zsh and fish find go; uninstall restores every file', async () => {
    const dir = fresh();
    const home = join(dir, 'home');
    mkdirSync(home);
    // an existing .bashrc without final newline, and a CRLF .zshrc
    writeFileSync(join(home, '.bashrc'), '# my bashrc\nalias ll="ls -l"');
    writeFileSync(join(home, '.zshrc'), 'setopt no_beep\r\n');
    const goroot = fakeGoroot(dir);
    const env = { ...shellEnv(home), SHELL: '/bin/bash' };
    const plan = planEnvironment({ scope: 'user', goroot, env, platform: 'linux' });
    expect(plan.targets.map((t) => t.path.slice(home.length))).toEqual(['/.profile', '/.bashrc', '/.zprofile', '/.zshrc', '/.config/fish/conf.d/go-offline.fish', '/.config/go/env']);
    const events: string[] = [];
    const changes = await applyEnvironment(plan, { backupDir: join(dir, 'backups'), audit: (e) => events.push(e) });
    const again = await applyEnvironment(plan, { backupDir: join(dir, 'backups'), prior: changes });
    expect(again.map((c) => c.created)).toEqual(changes.map((c) => c.created));
    for (const t of plan.targets) expect(readFileSync(t.path, 'utf8').split('# >>> go-offline >>>').length).toBe(2);
    expect(readFileSync(join(home, '.zshrc'), 'utf8')).toMatch(/^setopt no_beep\r\n# >>> go-offline >>>\n/);
    expect(events).toContain('env.backup');

    const want = join(goroot, 'bin', 'go');
    const sh = (file: string, args: string[]) => execFileSync(file, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop();
    expect(sh('bash', ['-lc', 'command -v go'])).toBe(want);
    expect(sh('bash', ['-ic', 'command -v go'])).toBe(want);
    expect(sh('zsh', ['-lc', 'command -v go'])).toBe(want);
    expect(sh('fish', ['-c', 'command -v go'])).toBe(want);
    expect(sh('bash', ['-lc', 'printenv GOTOOLCHAIN'])).toBe('local');
    expect(sh('zsh', ['-lc', 'printenv GOTOOLCHAIN'])).toBe('local');
    expect(sh('fish', ['-c', 'printenv GOTOOLCHAIN'])).toBe('local');
    expect(sh('bash', ['-lc', 'printenv GOPROXY'])).toBe('off');
    // $GOPATH/bin is on PATH too, once
    expect(sh('bash', ['-lc', 'echo "$PATH"'])!.split(':').filter((p) => p === join(home, 'go', 'bin')).length).toBe(1);
    expect(sh('fish', ['-c', 'string join : $PATH'])!.split(':')).toContain(join(home, 'go', 'bin'));
    // GOROOT is not set
    expect(execFileSync('bash', ['-lc', 'echo "[${GOROOT-unset}]"'], { env, encoding: 'utf8' }).trim()).toBe('[unset]');
    // a program not started from a shell (an IDE, cron) gets Go's settings from Go's own file:
    // the real go, with no GOPROXY in its environment, reads ours
    const realGo = join(findDebianGoroot(), 'bin', 'go');
    const bare = { HOME: home, PATH: '/usr/bin:/bin', GOCACHE: join(dir, 'gocache') };
    expect(execFileSync(realGo, ['env', 'GOPROXY'], { env: bare, encoding: 'utf8' }).trim()).toBe('off');

    await removeEnvironment(again);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe('# my bashrc\nalias ll="ls -l"');
    expect(readFileSync(join(home, '.zshrc'), 'utf8')).toBe('setopt no_beep\r\n');
    expect(existsSync(join(home, '.profile'))).toBe(false);
    expect(existsSync(join(home, '.zprofile'))).toBe(false);
    expect(existsSync(join(home, '.config', 'fish', 'conf.d', 'go-offline.fish'))).toBe(false);
    expect(existsSync(join(home, '.config', 'go', 'env'))).toBe(false);
    expect(execFileSync(realGo, ['env', 'GOPROXY'], { env: bare, encoding: 'utf8' }).trim()).toBe('https://proxy.golang.org,direct');
  });

  it('uses ~/.bash_profile instead of ~/.profile when it exists (bash ignores .profile then)', () => {
    const dir = fresh();
    const home = join(dir, 'home');
    mkdirSync(home);
    writeFileSync(join(home, '.bash_profile'), '');
    const plan = planEnvironment({ scope: 'user', goroot: '/x/go', env: { HOME: home, PATH: '/usr/bin:/bin' }, platform: 'linux', choices: { shells: ['bash'] } });
    expect(plan.targets.map((t) => t.path)).toEqual([join(home, '.bash_profile'), join(home, '.bashrc'), join(home, '.config', 'go', 'env')]);
  });

  it('reports a stale GOROOT and can comment it out, and uninstall puts it back', async () => {
    const dir = fresh();
    const f = join(dir, '.bashrc');
    const original = 'export GOROOT=/usr/local/opt/go/libexec\nexport EDITOR=vi\n';
    writeFileSync(f, original);
    const found = await findStaleGoroot({ GOROOT: '/old' }, [f]);
    expect(found.map((s) => s.value)).toEqual(['/old', '/usr/local/opt/go/libexec']);
    const change = await disableGorootLines(f, () => {});
    expect(change).not.toBeNull();
    expect(execFileSync('bash', ['-c', `. ${f}; echo "[\${GOROOT-unset}]"`], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] }).trim()).toBe('[unset]');
    await removeEnvironment([change!]);
    expect(readFileSync(f, 'utf8')).toBe(original);
  });
});

describe('Linux system scope (re-rooted /etc)', () => {
  it('writes /etc/profile.d and the zsh/fish system files, and the sudo link', async () => {
    const dir = fresh();
    const root = join(dir, 'root');
    mkdirSync(join(root, 'etc', 'zsh'), { recursive: true });
    writeFileSync(join(root, 'etc', 'zsh', 'zprofile'), '# system zprofile\n');
    const goroot = fakeGoroot(dir);
    const plan = planEnvironment({ scope: 'system', goroot, env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' }, platform: 'linux', systemRoot: root, choices: { sudoLink: true } });
    expect(plan.targets.map((t) => t.path.slice(root.length))).toEqual(['/etc/profile.d/go-offline.sh', '/etc/zsh/zprofile', '/etc/fish/conf.d/go-offline.fish']);
    const changes = await applyEnvironment(plan, { backupDir: join(dir, 'b') });
    const out = execFileSync('bash', ['-c', `. ${join(root, 'etc/profile.d/go-offline.sh')}; command -v go; printenv GOTOOLCHAIN`], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out.trim().split('\n')).toEqual([join(goroot, 'bin', 'go'), 'local']);
    expect(readlinkSync(join(root, 'usr/local/bin/go'))).toBe(join(goroot, 'bin', 'go'));
    await removeEnvironment(changes);
    expect(readFileSync(join(root, 'etc', 'zsh', 'zprofile'), 'utf8')).toBe('# system zprofile\n');
    expect(existsSync(join(root, 'etc/profile.d/go-offline.sh'))).toBe(false);
    expect(existsSync(join(root, 'usr/local/bin/go'))).toBe(false);
  });
});

describe('macOS writer (re-rooted files)', () => {
  it('system scope: /etc/paths.d plus the zsh and bash system files', async () => {
    const dir = fresh();
    const root = join(dir, 'root');
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc', 'zprofile'), '# System-wide profile for interactive zsh(1) login shells.\nif [ -x /usr/libexec/path_helper ]; then\n\teval `/usr/libexec/path_helper -s`\nfi\n');
    const before = readFileSync(join(root, 'etc', 'zprofile'), 'utf8');
    const plan = planEnvironment({ scope: 'system', goroot: '/usr/local/go', env: { HOME: '/Users/a', PATH: '/usr/bin' }, platform: 'darwin', systemRoot: root });
    const changes = await applyEnvironment(plan, { backupDir: join(dir, 'b') });
    expect(readFileSync(join(root, 'etc/paths.d/go-offline'), 'utf8')).toBe('/usr/local/go/bin\n');
    expect(readFileSync(join(root, 'etc/zprofile'), 'utf8')).toContain("export GOTOOLCHAIN='local'");
    await removeEnvironment(changes);
    expect(existsSync(join(root, 'etc/paths.d/go-offline'))).toBe(false);
    expect(readFileSync(join(root, 'etc', 'zprofile'), 'utf8')).toBe(before);
    expect(existsSync(join(root, 'etc/profile'))).toBe(false);
  });
  it('user scope: ~/.zprofile, ~/.zshrc and ~/.bash_profile', () => {
    const plan = planEnvironment({ scope: 'user', goroot: '/Users/a/.local/go', env: { HOME: '/Users/a', PATH: '/usr/bin', SHELL: '/bin/zsh' }, platform: 'darwin', choices: { shells: ['zsh', 'bash'] } });
    expect(plan.targets.map((t) => t.path)).toEqual(['/Users/a/.bash_profile', '/Users/a/.bashrc', '/Users/a/.zprofile', '/Users/a/.zshrc', '/Users/a/Library/Application Support/go/env']);
  });
});

describe('Windows writer (recording registry backend)', () => {
  it('adds to Path keeping REG_EXPAND_SZ, sets the variables, broadcasts, and undoes exactly', async () => {
    const reg = new FakeRegistry();
    const key = WINDOWS_KEYS.user;
    await reg.set(key, 'Path', { type: 'REG_EXPAND_SZ', value: '%USERPROFILE%\\AppData\\Local\\Microsoft\\WindowsApps;C:\\Tools' });
    await reg.set(key, 'GOPROXY', { type: 'REG_SZ', value: 'https://proxy.golang.org' });
    reg.ops.length = 0;
    const goroot = 'C:\\Users\\a\\AppData\\Local\\Programs\\Go';
    const plan = planEnvironment({ scope: 'user', goroot, env: { USERPROFILE: 'C:\\Users\\a' }, platform: 'win32', choices: { goproxy: 'off' } });
    expect(plan.registryKey).toBe(key);
    const changes = await applyEnvironment(plan, { backupDir: 'unused', registry: reg });
    expect(await reg.get(key, 'Path')).toEqual({ type: 'REG_EXPAND_SZ', value: `%USERPROFILE%\\AppData\\Local\\Microsoft\\WindowsApps;C:\\Tools;${goroot}\\bin;%USERPROFILE%\\go\\bin` });
    expect(await reg.get(key, 'GOTOOLCHAIN')).toEqual({ type: 'REG_SZ', value: 'local' });
    expect(await reg.get(key, 'GOROOT')).toBeNull();
    expect(reg.ops.at(-1)).toBe('broadcast');
    expect(reg.ops.some((o) => /setx/i.test(o))).toBe(false);
    // twice: nothing duplicated
    const again = await applyEnvironment(plan, { backupDir: 'unused', registry: reg, prior: changes });
    expect((await reg.get(key, 'Path'))!.value.split(';').filter((p) => p === `${goroot}\\bin`).length).toBe(1);
    await removeEnvironment(again, { registry: reg });
    expect(await reg.get(key, 'Path')).toEqual({ type: 'REG_EXPAND_SZ', value: '%USERPROFILE%\\AppData\\Local\\Microsoft\\WindowsApps;C:\\Tools' });
    expect(await reg.get(key, 'GOPROXY')).toEqual({ type: 'REG_SZ', value: 'https://proxy.golang.org' });
    expect(await reg.get(key, 'GOTOOLCHAIN')).toBeNull();
    expect(reg.broadcasts).toBe(3);
  });
  it('system scope writes the machine key', () => {
    const plan = planEnvironment({ scope: 'system', goroot: 'C:\\Program Files\\Go', env: {}, platform: 'win32' });
    expect(plan.registryKey).toBe(WINDOWS_KEYS.system);
  });
});

describe('hostile paths: every value quoted for its shell, then read by the real login shells', () => {
  it("HOME /home/o'brien and an XDG_DATA_HOME holding '$(touch …)', spaces, $, backticks and quotes", async () => {
    const dir = fresh();
    const pwned = join(dir, 'pwned');
    const home = join(dir, "home/o'brien");
    const data = join(dir, `data '$(touch ${pwned})' \`touch ${pwned}\` "$HOME" $(x),y|z %41 #`);
    mkdirSync(home, { recursive: true });
    // go is the real Go 1.19, reached through a link in an install folder under that home
    const goroot = join(home, '.local', 'go');
    mkdirSync(join(goroot, 'bin'), { recursive: true });
    symlinkSync(join(findDebianGoroot(), 'bin', 'go'), join(goroot, 'bin', 'go'));
    // a module proxy folder with one module, where install would copy it
    const proxy = join(data, 'go-offline', 'modules', 'proxy');
    mkdirSync(join(proxy, 'example.com', 'm', '@v'), { recursive: true });
    writeFileSync(join(proxy, 'example.com', 'm', '@v', 'list'), 'v1.0.0\n');
    writeFileSync(join(proxy, 'example.com', 'm', '@v', 'v1.0.0.info'), '{"Version":"v1.0.0","Time":"2020-01-01T00:00:00Z"}\n');
    const env = { ...shellEnv(home), SHELL: '/bin/bash', XDG_DATA_HOME: data, GOCACHE: join(dir, 'gocache'), GOPATH: join(dir, 'gopath') };
    const url = fileProxyUrl(proxy, 'linux');
    const plan = planEnvironment({ scope: 'user', goroot, env, platform: 'linux', choices: { shells: ['bash', 'zsh', 'fish'] }, moduleProxyUrl: url });
    expect(plan.variables.vars.GOPROXY).toBe(`${url},off`);
    const changes = await applyEnvironment(plan, { backupDir: join(dir, 'backups') });

    const out = (file: string, args: string[]) => {
      const r = spawnSync(file, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(r.stderr, `${file} ${args.join(' ')}`).not.toMatch(/syntax error|unexpected|parse error|Unexpected/i);
      return r.stdout.trim().split('\n').pop();
    };
    for (const [shell, flags] of [['sh', '-lc'], ['bash', '-lc'], ['bash', '-ic'], ['zsh', '-lc'], ['zsh', '-ic'], ['fish', '-lc']] as const) {
      expect(out(shell, [flags, 'command -v go']), `${shell} ${flags}`).toBe(join(goroot, 'bin', 'go'));
      expect(out(shell, [flags, 'go version']), `${shell} ${flags}`).toMatch(/^go version go1\.\d+/);
      expect(out(shell, [flags, 'printenv GOPROXY']), `${shell} ${flags}`).toBe(`${url},off`);
      expect(out(shell, [flags, 'printenv GOTOOLCHAIN']), `${shell} ${flags}`).toBe('local');
    }
    // the URL is one GOPROXY entry that Go decodes back to the folder: it lists the module from there
    expect(out('bash', ['-lc', 'cd / && go list -m -json example.com/m@latest'])).toBe('}');
    const listed = spawnSync('bash', ['-lc', 'cd / && go list -m -f "{{.Version}}" example.com/m@latest'], { env, encoding: 'utf8' });
    expect(listed.stdout.trim()).toBe('v1.0.0');
    // and Go's own settings file says the same to a go started without a shell
    const bare = { HOME: home, PATH: '/usr/bin:/bin', GOCACHE: env.GOCACHE };
    expect(execFileSync(join(goroot, 'bin', 'go'), ['env', 'GOPROXY'], { env: bare, encoding: 'utf8' }).trim()).toBe(`${url},off`);
    // nothing ran
    expect(existsSync(pwned)).toBe(false);
    await removeEnvironment(changes);
    for (const f of ['.profile', '.bashrc', '.zprofile', '.zshrc', '.config/go/env', '.config/fish/conf.d/go-offline.fish']) expect(existsSync(join(home, f)), f).toBe(false);
  });

  it('a line break in a path is refused before anything is written', () => {
    const e = (() => {
      try {
        planEnvironment({ scope: 'user', goroot: '/home/a\nb/go', env: { HOME: '/home/a', PATH: '/usr/bin' }, platform: 'linux' });
      } catch (err) {
        return err as AppError;
      }
    })();
    expect(e?.code).toBe('ENV_VALUE_LINE_BREAK');
    expect(e?.params.value).toBe('/home/a\\nb/go');
    expect(() => computeVariables('/opt/go', 'linux', {}, fileProxyUrl('/home/a\nb', 'linux'))).not.toThrow(); // percent-encoded: %0A
  });
});
