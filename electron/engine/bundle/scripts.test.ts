/**
 * The generated install.sh with hostile paths and startup files as users have them: run by the
 * real sh on a small bundle (a tiny Go tree and a module proxy), then read by real login shells
 * (sh, bash, zsh, fish). Values round-trip exactly and nothing in them runs; a CRLF .profile still
 * works; a linked ~/.bashrc stays a link; a fifo or a folder as ~/.profile is refused at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tmp';
import { makeBundle, makeTgz, tinyGoEntries } from '../install/test-helpers';
import { findDebianGoroot } from '../../../test/support/go-fixture';
import { shQuote } from '../quote';
import { renderInstallSh } from './scripts';

const tmp = tempDir('gooff-installsh-');
afterAll(() => tmp.remove());
const pwned = join(tmp.path, 'pwned');
const HOSTILE_SETTING = `corp.example/*,o'brien $(touch ${pwned}) \`touch ${pwned}\` "$HOME" \\x`;
let bundle: string;

beforeAll(() => {
  const src = join(tmp.path, 'src');
  mkdirSync(src);
  const a = makeTgz(join(src, 'go1.18.0.linux-amd64.tar.gz'), tinyGoEntries('go1.18.0'));
  bundle = makeBundle(join(tmp.path, 'bundle'), [{ archive: a.path, version: 'go1.18.0' }], { moduleProxy: { 'example.com/m/@v/list': 'v1.0.0\n', 'example.com/m/@v/v1.0.0.info': '{"Version":"v1.0.0","Time":"2020-01-01T00:00:00Z"}\n' } }).dir;
  const script = renderInstallSh({
    goVersion: 'go1.18.0',
    archives: [{ platform: 'linux-amd64', os: 'linux', arch: 'amd64', path: 'go/go1.18.0.linux-amd64.tar.gz', sha256: a.sha256, size: a.size }],
    environment: { GOPRIVATE: HOSTILE_SETTING },
    modulesProxyPath: 'modules/proxy',
    createdAt: '2026-01-01T00:00:00Z',
  });
  writeFileSync(join(bundle, 'install.sh'), script);
});

let n = 0;
function newHome(name: string) {
  const base = join(tmp.path, `h${++n}`);
  const home = join(base, name);
  mkdirSync(home, { recursive: true });
  const env = { HOME: home, PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', TERM: 'dumb', TMPDIR: base };
  return { base, home, env };
}

function installSh(env: Record<string, string>, prefix: string) {
  // the timeout only keeps a hanging script from stalling the suite; the assertions are on the result
  return spawnSync('sh', [join(bundle, 'install.sh'), '--prefix', prefix, '--scope', 'user'], { env, encoding: 'utf8', timeout: 120_000 });
}

function last(file: string, args: string[], env: Record<string, string>): string {
  const r = spawnSync(file, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(r.stderr, `${file} ${args.join(' ')}`).not.toMatch(/syntax error|unexpected|parse error/i);
  return r.stdout.trim().split('\n').pop() ?? '';
}

describe('install.sh: hostile paths are quoted for each shell', () => {
  it("HOME /home/o'brien, an XDG_DATA_HOME and a prefix holding '$(touch …)', backticks, quotes and $", () => {
    const h = newHome("o'brien");
    const data = join(h.base, `data '$(touch ${pwned})' \`touch ${pwned}\` "q" $x ,y|z %41 #f ?q 中文`);
    const prefix = join(h.base, `pre fix $(touch ${pwned})`, "'q'");
    const env = { ...h.env, XDG_DATA_HOME: data };
    const r = installSh(env, prefix);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('go version go1.18.0');
    // percent-encoded where a URL or GOPROXY's list would read the character otherwise
    const proxyUrl = 'file://' + join(data, 'go-offline', 'modules', 'proxy').replace(/%/g, '%25').replace(/ /g, '%20').replace(/#/g, '%23').replace(/\?/g, '%3F').replace(/,/g, '%2C').replace(/\|/g, '%7C');
    for (const [shell, flag] of [['sh', '-lc'], ['bash', '-lc'], ['zsh', '-lc'], ['fish', '-lc']] as const) {
      expect(last(shell, [flag, 'command -v go'], env), shell).toBe(join(prefix, 'go', 'bin', 'go'));
      expect(last(shell, [flag, 'go version'], env), shell).toBe('go version go1.18.0 linux/amd64');
      expect(last(shell, [flag, 'printenv GOPROXY'], env), shell).toBe(`${proxyUrl},off`);
      expect(last(shell, [flag, 'printenv GOPRIVATE'], env), shell).toBe(HOSTILE_SETTING);
      expect(last(shell, [flag, 'printenv GOTOOLCHAIN'], env), shell).toBe('local');
    }
    // the real Go reads the module from that folder through the URL (one GOPROXY entry, decoded back)
    const goBin = join(findDebianGoroot(), 'bin', 'go');
    const listed = spawnSync('bash', ['-lc', `cd / && ${shQuote(goBin)} list -m -f '{{.Version}}' example.com/m@latest`], { env: { ...env, GOCACHE: join(h.base, 'gocache'), GOPATH: join(h.base, 'gopath') }, encoding: 'utf8' });
    expect(listed.stdout.trim(), listed.stderr).toBe('v1.0.0');
    expect(existsSync(pwned)).toBe(false);
  });

  it('a prefix with a line break is refused before any startup file is written', () => {
    const h = newHome('nl');
    const r = installSh(h.env, join(h.base, 'a\nb'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('contains a line break');
    expect(existsSync(join(h.home, '.profile'))).toBe(false);
  });
});

describe('install.sh: startup files as users have them', () => {
  it('a CRLF ~/.profile: bash -lc go version works; the rest of the file is kept byte for byte', () => {
    const h = newHome('crlf');
    const original = '# my profile\r\nexport EDITOR=vi\r\n';
    writeFileSync(join(h.home, '.profile'), original);
    for (let i = 0; i < 2; i++) expect(installSh(h.env, join(h.base, 'prefix')).status).toBe(0);
    const text = readFileSync(join(h.home, '.profile'), 'utf8');
    expect(text.startsWith(original)).toBe(true);
    expect(text.split('# >>> go-offline >>>').length).toBe(2);
    expect(text.slice(original.length)).not.toContain('\r');
    const r = spawnSync('bash', ['-lc', 'go version'], { env: h.env, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/syntax error/);
    expect(r.stdout.trim()).toBe('go version go1.18.0 linux/amd64');
  });

  it('a linked ~/.bashrc (dotfile manager): the link stays a link, its target gets the block', () => {
    const h = newHome('dotfiles');
    mkdirSync(join(h.home, 'dotfiles'));
    writeFileSync(join(h.home, 'dotfiles', 'bashrc'), 'alias ll="ls -l"\n');
    symlinkSync('dotfiles/bashrc', join(h.home, '.bashrc'));
    expect(installSh(h.env, join(h.base, 'prefix')).status).toBe(0);
    expect(lstatSync(join(h.home, '.bashrc')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(h.home, '.bashrc'))).toBe('dotfiles/bashrc');
    expect(readFileSync(join(h.home, 'dotfiles', 'bashrc'), 'utf8')).toMatch(/^alias ll="ls -l"\n# >>> go-offline >>>\n/);
  });

  it.each([
    ['a fifo', (p: string) => spawnSync('mkfifo', [p]), 'is a special file'],
    ['a folder', (p: string) => mkdirSync(p), 'is a folder'],
  ])('%s as ~/.profile is refused at once, and no startup file is changed', (_name, make, words) => {
    const h = newHome('odd');
    make(join(h.home, '.profile'));
    writeFileSync(join(h.home, '.bashrc'), '# mine\n');
    const r = installSh(h.env, join(h.base, 'prefix'));
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(h.home, '.profile')} ${words}`);
    expect(readFileSync(join(h.home, '.bashrc'), 'utf8')).toBe('# mine\n');
  });
});
