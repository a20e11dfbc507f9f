/**
 * Every rule against a real broken state built in a temp HOME / prefix (real binaries of another
 * architecture, real startup files run by the real shells, real read-only and noexec mounts, real
 * modules), and a healthy install that must fire nothing. Windows and macOS rules run on data
 * through the DiagnoseHost interface.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { ensureGoFixture, findDebianGoroot } from '../../../test/support/go-fixture';
import type { DiagnoseReport } from '../../../shared/diagnose';
import type { EnvReport } from '../../../shared/platform';
import { checkEnvironment } from '../platform';
import { runDiagnose, type DiagnoseOptions } from './index';
import { matchErrorText } from './signatures';
import { fixPlanFor, noFixReasonFor } from '../../../shared/diagnose-fixes';
import { createJob } from '../jobs';
import { installFromBundle, installSideBySide } from '../install';
import { makeBundle, makeTgz, tinyGoEntries } from '../install/test-helpers';

const debianGoroot = findDebianGoroot();
let tmp: ReturnType<typeof tempDir>;
let healthyRoot: string; // fixture extracted with GNU tar, never modified
let arm64Bin: string;
let closedUrl: string;
let baseReport: EnvReport;
const isRoot = process.getuid?.() === 0;

function sh(file: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return execFileSync(file, args, { encoding: 'utf8', ...opts });
}

/** A fresh HOME with XDG folders, a temp folder, and an env that points everything there. */
function makeHome(name: string, extra: Record<string, string> = {}) {
  const home = join(tmp.path, `home-${name}`);
  for (const d of ['.config', '.cache', '.local/state', '.local/share', 'tmp']) mkdirSync(join(home, d), { recursive: true });
  const env: Record<string, string> = {
    HOME: home,
    USER: 'tester',
    SHELL: '/bin/bash',
    PATH: '/usr/local/bin:/usr/bin:/bin',
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local/state'),
    XDG_DATA_HOME: join(home, '.local/share'),
    TMPDIR: join(home, 'tmp'),
    GO_OFFLINE_PROBE_URL: closedUrl,
    ...extra,
  };
  return { home, env };
}

/** A correct startup block in the files bash reads, and an offline Go configuration (as the installer writes it). */
function writeHealthyProfile(home: string, goroot: string, proxyDir: string) {
  const block = `\n# >>> go-offline >>>\nexport PATH="$PATH:${goroot}/bin"\n# <<< go-offline <<<\n`;
  writeFileSync(join(home, '.profile'), `# ~/.profile\n${block}`);
  writeFileSync(join(home, '.bashrc'), `# ~/.bashrc\n${block}`);
  mkdirSync(join(home, '.config', 'go'), { recursive: true });
  writeFileSync(join(home, '.config', 'go', 'env'), `GOPROXY=file://${proxyDir},off\nGOTOOLCHAIN=local\n`);
}

function sha256(path: string) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The install record and file list, as the install step keeps them in the state folder. */
function writeInstallRecord(env: Record<string, string>, prefix: string) {
  const goroot = join(prefix, 'go');
  const state = join(env.XDG_STATE_HOME!, 'go-offline');
  mkdirSync(state, { recursive: true });
  const lines: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, r);
      else {
        const st = statSync(p);
        lines.push(JSON.stringify({ path: r, size: st.size, mode: st.mode & 0o777, type: 'file', sha256: /^(bin|pkg\/tool)\//.test(r) ? sha256(p) : undefined }));
      }
    }
  };
  walk(goroot, '');
  writeFileSync(join(state, 'files.jsonl'), lines.join('\n') + '\n');
  const record = {
    schema: 'go-offline/install@1',
    scope: 'user',
    prefix,
    goroot,
    version: 'go1.19.8',
    platform: 'linux-amd64',
    installedAt: new Date().toISOString(),
    archive: { filename: 'go1.19.8.linux-amd64.tar.gz', sha256: '0'.repeat(64), size: 1, verified: true },
    source: '/media/usb/bundle',
    files: lines.length,
    bytes: 0,
    fileListPath: join(state, 'files.jsonl'),
    previous: null,
    moduleProxy: null,
    environment: { vars: {}, pathAdd: [join(goroot, 'bin')], changes: [] },
    auditLog: join(state, 'audit.jsonl'),
  };
  // the install step's state file: records per GOROOT, `current` naming the one in use
  writeFileSync(join(state, 'install-state.json'), JSON.stringify({ schema: 'go-offline/install-state@1', current: goroot, records: { [goroot]: record } }, null, 2));
  writeFileSync(join(state, 'audit.jsonl'), JSON.stringify({ at: new Date().toISOString(), event: 'install.done' }) + '\n');
}

/** A minimal fake GOROOT: bin/go (given), VERSION. Enough for header, settings and version rules. */
function fakeGoroot(name: string, goBinary: string | null, version = 'go1.19.8') {
  const root = join(tmp.path, `fake-${name}`, 'go');
  mkdirSync(join(root, 'bin'), { recursive: true });
  if (goBinary) copyFileSync(goBinary, join(root, 'bin', 'go'));
  writeFileSync(join(root, 'VERSION'), `${version}\ntime 2023-01-01T00:00:00Z\n`);
  return root;
}

function project(name: string, gomod: string | null, gosum = '') {
  const dir = join(tmp.path, `proj-${name}`);
  mkdirSync(dir, { recursive: true });
  if (gomod !== null) writeFileSync(join(dir, 'go.mod'), gomod);
  if (gosum) writeFileSync(join(dir, 'go.sum'), gosum);
  writeFileSync(join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  return dir;
}

async function diag(env: Record<string, string>, opts: DiagnoseOptions = {}): Promise<DiagnoseReport> {
  return runDiagnose({ env, platform: 'linux', probeTimeoutMs: 2000, ...opts });
}

const fired = (r: DiagnoseReport, id: string) => r.results.filter((x) => x.id === id);
/**
 * Findings about this program's own environment (where these tests put the broken setting); a new
 * terminal's shell starts from a clean environment and may rightly find other things (shells.test.ts).
 */
const ownEnv = (r: DiagnoseReport) => r.results.filter((x) => !Array.isArray(x.evidence.shells) || x.evidence.shells.includes('this program'));

beforeAll(async () => {
  tmp = tempDir('gooff-diag-');
  const fixture = await ensureGoFixture();
  const prefix = join(tmp.path, 'healthy-prefix');
  mkdirSync(prefix);
  sh('tar', ['-xzf', fixture.archive, '-C', prefix]);
  healthyRoot = join(prefix, 'go');
  // a real binary of another architecture
  const src = join(tmp.path, 'hello');
  mkdirSync(src);
  writeFileSync(join(src, 'main.go'), 'package main\n\nfunc main() { println("hi") }\n');
  writeFileSync(join(src, 'go.mod'), 'module hello\n\ngo 1.19\n');
  arm64Bin = join(tmp.path, 'hello-arm64');
  sh(join(debianGoroot, 'bin', 'go'), ['build', '-o', arm64Bin, '.'], {
    cwd: src,
    env: { PATH: '/usr/bin:/bin', HOME: tmp.path, GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0', GOCACHE: join(tmp.path, 'gocache'), GOPATH: join(tmp.path, 'gopath'), GOTOOLCHAIN: 'local', GOFLAGS: '' },
  });
  // a loopback port with nothing listening: "no network" without depending on the real one
  const srv = createServer();
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', () => res()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((res) => srv.close(() => res()));
  closedUrl = `http://127.0.0.1:${port}/`;
  baseReport = await checkEnvironment({ env: { ...process.env, PATH: '/usr/bin:/bin' }, probeNetwork: false });
}, 600_000);

afterAll(() => tmp?.remove());

describe('a healthy install', () => {
  it('fires nothing: fixture extracted with GNU tar, correct profile, offline GOPROXY, install record', async () => {
    const { home, env } = makeHome('healthy');
    const proxy = join(tmp.path, 'proxy');
    mkdirSync(proxy, { recursive: true });
    writeHealthyProfile(home, healthyRoot, proxy);
    writeInstallRecord(env, join(tmp.path, 'healthy-prefix'));
    const proj = project('healthy', 'module example.com/hello\n\ngo 1.19\n');
    const r = await diag({ ...env, PATH: `${healthyRoot}/bin:/usr/local/bin:/usr/bin:/bin` }, { projects: [proj] });
    expect(r.goroot).toBe(healthyRoot);
    expect(r.goVersion).toBe('go1.19.8');
    expect(r.network).toEqual({ probed: true, reachable: false });
    expect(r.results).toEqual([]);
    expect(r.healthy).toBe(true);
    // the important rules really ran (not skipped)
    const ran = (id: string) => r.runs.find((x) => x.id === id)?.status;
    for (const id of ['wrong-arch', 'missing-loader', 'glibc-too-old', 'path-not-loaded', 'stale-goroot', 'tree-tampered', 'proxy-offline', 'no-permission', 'noexec-mount', 'toolchain-too-old-local', 'multiple-go', 'no-main-module']) {
      expect(ran(id), id).toBe('ok');
    }
    // and the installed go really works offline in a new login shell
    const out = sh('/bin/bash', ['-lc', 'cd "$1" && go build -o /dev/null . && echo built', 'x', proj], { env: { HOME: home, PATH: '/usr/bin:/bin', XDG_CONFIG_HOME: env.XDG_CONFIG_HOME, GOCACHE: join(home, '.cache', 'go-build'), GOFLAGS: '-mod=mod' } });
    expect(out).toContain('built');
  });
});

describe('binary rules', () => {
  it('wrong-arch: a go that is a script (a shim) or not a program at all is not called "built for another computer"', async () => {
    for (const [name, body] of [['script', '#!/bin/sh\nexec /usr/lib/go-1.19/bin/go "$@"\n'], ['garbage', 'not a program\n']] as const) {
      const root = fakeGoroot(`unknown-${name}`, null);
      writeFileSync(join(root, 'bin', 'go'), body, { mode: 0o755 });
      const { env } = makeHome(`unknown-${name}`);
      const r = await diag(env, { goroot: root, only: ['wrong-arch'], probeNetwork: false });
      expect(fired(r, 'wrong-arch'), name).toEqual([]);
    }
  });

  it('wrong-arch: an arm64 go on an amd64 machine', async () => {
    const root = fakeGoroot('arm64', arm64Bin);
    const run = spawnSync(join(root, 'bin', 'go'), ['version']);
    expect(run.error || run.status !== 0).toBeTruthy(); // really cannot run here
    const { env } = makeHome('arm64');
    const r = await diag(env, { goroot: root, only: ['wrong-arch'], probeNetwork: false });
    const [hit] = fired(r, 'wrong-arch');
    expect(hit?.evidence).toMatchObject({ binary: join(root, 'bin', 'go'), binaryFormat: 'ELF', binaryOs: 'linux', binaryArch: 'arm64', hostOs: 'linux', hostArch: 'amd64' });
    expect(hit?.cause.zh).toContain('arm64');
    expect(r.healthy).toBe(false);
  });

  it('missing-loader: a dynamically linked go whose ELF interpreter does not exist', async () => {
    const root = fakeGoroot('noloader', join(debianGoroot, 'bin', 'go'));
    const bin = join(root, 'bin', 'go');
    const buf = readFileSync(bin);
    const at = buf.indexOf('/lib64/ld-linux-x86-64.so.2\0');
    expect(at).toBeGreaterThan(0);
    const fake = '/lib/ld-gooff-missing-x.so.2';
    expect(fake.length).toBe('/lib64/ld-linux-x86-64.so.2'.length + 1);
    buf.write(fake.slice(0, 27), at, 'latin1');
    writeFileSync(bin, buf, { mode: 0o755 });
    const run = spawnSync(bin, ['version']);
    expect((run.error as NodeJS.ErrnoException | undefined)?.code).toBe('ENOENT'); // "No such file or directory" although it exists
    const { env } = makeHome('noloader');
    const r = await diag(env, { goroot: root, only: ['missing-loader', 'wrong-arch'], probeNetwork: false });
    expect(fired(r, 'missing-loader')[0]?.evidence).toMatchObject({ binary: bin, interpreter: fake.slice(0, 27) });
    expect(fired(r, 'wrong-arch')).toEqual([]);
  });

  it('glibc-too-old: go needs GLIBC_2.99 (a real ELF whose version need was renamed)', async () => {
    const root = fakeGoroot('glibc', join(debianGoroot, 'bin', 'go'));
    const bin = join(root, 'bin', 'go');
    const buf = readFileSync(bin);
    const at = buf.indexOf('GLIBC_2.34\0');
    expect(at).toBeGreaterThan(0);
    buf.write('GLIBC_2.99', at, 'latin1');
    writeFileSync(bin, buf, { mode: 0o755 });
    const run = spawnSync(bin, ['version'], { encoding: 'utf8' });
    expect(run.stderr).toMatch(/GLIBC_2\.99' not found/);
    expect(matchErrorText(run.stderr).map((m) => m.id)).toContain('glibc-too-old');
    const { env } = makeHome('glibc');
    const r = await diag(env, { goroot: root, only: ['glibc-too-old'], probeNetwork: false });
    const [hit] = fired(r, 'glibc-too-old');
    expect(hit?.evidence.highest).toBe('GLIBC_2.99');
    expect(hit?.evidence.needs).toEqual(['GLIBC_2.99']);
    expect(hit?.evidence.hostGlibc).toBe(baseReport.libc.version);
  });

  it('os-too-old: Go 1.24 needs kernel 3.2 (kernel taken from data: this machine cannot be made older)', async () => {
    const root = fakeGoroot('go124', null, 'go1.24.0');
    const { env } = makeHome('oldkernel');
    const report = { ...baseReport, host: { ...baseReport.host, kernel: '2.6.32-754.el6.x86_64' } };
    const r = await diag(env, { goroot: root, only: ['os-too-old'], envReport: report, probeNetwork: false });
    expect(fired(r, 'os-too-old')[0]?.evidence).toMatchObject({ goVersion: 'go1.24.0', needed: 'Linux kernel 3.2' });
    const same = await diag(env, { goroot: root, only: ['os-too-old'], probeNetwork: false });
    expect(fired(same, 'os-too-old')).toEqual([]); // this machine's real kernel is new enough
  });
});

describe('shell rules (the real bash, zsh and fish)', () => {
  it('path-not-loaded: bash ignores ~/.profile because ~/.bash_profile exists', async () => {
    const { home, env } = makeHome('bashprofile');
    writeFileSync(join(home, '.profile'), `export PATH="$PATH:${healthyRoot}/bin"\n`);
    writeFileSync(join(home, '.bash_profile'), '# my own bash profile\nexport EDITOR=vi\n');
    const r = await diag(env, { goroot: healthyRoot, only: ['path-not-loaded'], probeNetwork: false });
    const hits = fired(r, 'path-not-loaded');
    const login = hits.find((h) => h.evidence.mode === 'login');
    expect(login?.evidence).toMatchObject({ shell: '/bin/bash', found: null, withGo: [join(home, '.profile')] });
    expect(login?.evidence.present).toEqual(expect.arrayContaining([join(home, '.profile'), join(home, '.bash_profile')]));
    expect(login?.cause.en).toContain('~/.bash_profile exists');
    expect(login?.cause.zh).toContain('~/.bash_profile');
  });

  it('path-not-loaded: zsh never reads ~/.profile', async () => {
    const { home, env } = makeHome('zsh', { SHELL: '/usr/bin/zsh' });
    writeFileSync(join(home, '.profile'), `export PATH="$PATH:${healthyRoot}/bin"\n`);
    const r = await diag(env, { goroot: healthyRoot, only: ['path-not-loaded'], probeNetwork: false });
    const login = fired(r, 'path-not-loaded').find((h) => h.evidence.mode === 'login');
    expect(login?.evidence.shell).toBe('/usr/bin/zsh');
    expect(login?.cause.en).toContain('zsh never reads ~/.profile');
    expect(login?.fix.en).toContain('.zprofile');
  });

  it('path-not-loaded stays quiet when zsh reads the right file', async () => {
    const { home, env } = makeHome('zshok', { SHELL: '/usr/bin/zsh' });
    writeFileSync(join(home, '.zshenv'), `export PATH="$PATH:${healthyRoot}/bin"\n`);
    const r = await diag(env, { goroot: healthyRoot, only: ['path-not-loaded'], probeNetwork: false });
    expect(r.runs[0]).toEqual({ id: 'path-not-loaded', status: 'ok' });
  });

  it('fish-syntax: bash export lines in config.fish', async () => {
    const { home, env } = makeHome('fish', { SHELL: '/usr/bin/fish' });
    mkdirSync(join(home, '.config', 'fish'), { recursive: true });
    writeFileSync(join(home, '.config', 'fish', 'config.fish'), `set -gx EDITOR vi\nexport PATH=$PATH:${healthyRoot}/bin\n`);
    const r = await diag(env, { goroot: healthyRoot, only: ['fish-syntax', 'path-not-loaded'], probeNetwork: false });
    const [hit] = fired(r, 'fish-syntax');
    expect(hit?.evidence.lines).toEqual([`${join(home, '.config', 'fish', 'config.fish')}:2: export PATH=$PATH:${healthyRoot}/bin`]);
    expect(hit?.fix.en).toContain(`fish_add_path ${healthyRoot}/bin`);
  });

  it('stale-goroot: GOROOT in the environment, a startup file and the go env -w file, all pointing at removed folders', async () => {
    const { home, env } = makeHome('stale', { GOROOT: '/usr/local/opt/go/libexec' });
    writeFileSync(join(home, '.bashrc'), 'export GOROOT=$HOME/old-go\nexport PATH=$PATH:$GOROOT/bin\n');
    mkdirSync(join(home, '.config', 'go'), { recursive: true });
    writeFileSync(join(home, '.config', 'go', 'env'), 'GOROOT=/opt/go-removed\n');
    // the real go says what the user would see
    const real = spawnSync(join(healthyRoot, 'bin', 'go'), ['env', 'GOROOT'], { env: { ...env, GOTOOLCHAIN: 'local' }, encoding: 'utf8' });
    expect(real.stderr).toContain('cannot find GOROOT directory: /usr/local/opt/go/libexec');
    expect(matchErrorText(real.stderr)[0]?.id).toBe('stale-goroot');
    const r = await diag(env, { goroot: healthyRoot, only: ['stale-goroot'], probeNetwork: false });
    const hits = fired(r, 'stale-goroot');
    expect(hits.map((h) => h.evidence.where)).toEqual(['the environment', join(home, '.config', 'go', 'env'), `${join(home, '.bashrc')}:1`]);
    expect(hits[2]?.evidence).toMatchObject({ value: '$HOME/old-go', resolved: join(home, 'old-go'), problem: 'does not exist' });
  });

  it('trimmed-goroot: a go copied out of its tree onto PATH; a link to it is fine', async () => {
    const { home, env } = makeHome('trimmed');
    const bin = join(home, 'bin');
    mkdirSync(bin);
    copyFileSync(join(healthyRoot, 'bin', 'go'), join(bin, 'go'));
    writeFileSync(join(home, '.profile'), `export PATH="${bin}:$PATH"\n`);
    const r = await diag(env, { goroot: healthyRoot, only: ['trimmed-goroot'], probeNetwork: false });
    expect(fired(r, 'trimmed-goroot')[0]?.evidence).toMatchObject({ binary: join(bin, 'go'), suggestBin: join(healthyRoot, 'bin') });
    rmSync(join(bin, 'go'));
    symlinkSync(join(healthyRoot, 'bin', 'go'), join(bin, 'go'));
    const ok = await diag(env, { goroot: healthyRoot, only: ['trimmed-goroot'], probeNetwork: false });
    expect(fired(ok, 'trimmed-goroot')).toEqual([]);
  });

  it('multiple-go: another Go comes first on the login PATH', async () => {
    const { home, env } = makeHome('multi');
    const other = join(home, 'other-bin');
    mkdirSync(other);
    symlinkSync(join(debianGoroot, 'bin', 'go'), join(other, 'go'));
    writeFileSync(join(home, '.profile'), `export PATH="${other}:$PATH:${healthyRoot}/bin"\n`);
    writeFileSync(join(home, '.bashrc'), '');
    const r = await diag(env, { goroot: healthyRoot, only: ['multiple-go'], probeNetwork: false });
    const [hit] = fired(r, 'multiple-go');
    expect(hit?.evidence).toMatchObject({ first: join(other, 'go'), firstIsInstalled: false });
    expect(String(hit?.evidence.others)).toContain(join(healthyRoot, 'bin', 'go'));
  });
});

describe('settings, network and project rules', () => {
  it('toolchain-too-old-local: go.mod needs 1.22.0, Go 1.19 is installed (and the real go says so)', async () => {
    const proj = project('toonew', 'module example.com/new\n\ngo 1.22.0\n');
    const { env } = makeHome('toonew');
    const real = spawnSync(join(healthyRoot, 'bin', 'go'), ['build', './...'], { cwd: proj, env: { ...env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOPROXY: 'off' }, encoding: 'utf8' });
    expect(real.status).not.toBe(0);
    const r = await diag(env, { goroot: healthyRoot, projects: [proj], only: ['toolchain-too-old-local', 'toolchain-download-offline', 'toolchain-unavailable'], probeNetwork: false });
    expect(r.results.map((x) => x.id)).toEqual(['toolchain-too-old-local']);
    expect(r.results[0]!.evidence).toMatchObject({ file: join(proj, 'go.mod'), goLine: '1.22.0', installed: 'go1.19.8', gotoolchain: 'local' });
  });

  it('toolchain-unavailable / -download-offline / -sumdb-off with an installed Go 1.21 and GOTOOLCHAIN=auto', async () => {
    const root = fakeGoroot('go121', null, 'go1.21.0');
    writeFileSync(join(root, 'go.env'), 'GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n');
    const noPatch = project('nopatch', 'module example.com/a\n\ngo 1.22\n');
    const patch = project('patch', 'module example.com/b\n\ngo 1.22.5\n');
    const { env } = makeHome('switch', { GOPROXY: 'off' });
    const ids = ['toolchain-unavailable', 'toolchain-download-offline', 'toolchain-sumdb-off', 'toolchain-too-old-local'];
    const r = await diag(env, { goroot: root, projects: [noPatch, patch], only: ids });
    expect(r.results.map((x) => [x.id, x.evidence.file])).toEqual([
      ['toolchain-unavailable', join(noPatch, 'go.mod')],
      ['toolchain-download-offline', join(patch, 'go.mod')],
    ]);
    expect(r.results[1]!.evidence).toMatchObject({ wanted: '1.22.5', gotoolchain: 'auto', gotoolchainSource: 'GOROOT/go.env' });
    // the advice names the version it needs and the commands that bring it, in both languages
    const un = r.results[0]!;
    expect(un.evidence).toMatchObject({ goLine: '1.22', wanted: '1.22.0', installed: 'go1.21.0', sideBySide: null });
    expect(un.cause.en).toContain('this project needs Go 1.22.0 or newer, and the installed Go is go1.21.0');
    expect(un.cause.en).toContain('No Go 1.22.x is installed on this machine');
    expect(un.fix.en).not.toContain('GOTOOLCHAIN=local');
    expect(un.fix.en).toContain('Bring Go 1.22.0 on the media and install it beside the current Go');
    expect(un.fix.en).toContain('`go-offline bundle create --version 1.22.0 --platform linux-amd64 --out <media>`');
    expect(un.fix.en).toContain('`go-offline bundle update <media> --add-version 1.22.0`');
    expect(un.fix.en).toContain('`go-offline install --bundle <media> --side-by-side --go-version 1.22.0`');
    expect(un.fix.en).toContain(`write \`go 1.22.0\` as the go line of ${join(noPatch, 'go.mod')}`);
    expect(un.cause.zh).toContain('这个项目需要 Go 1.22.0 或更新版本');
    expect(un.fix.zh).toContain('请把 Go 1.22.0 放到安装介质上，并把它并列安装在当前 Go 旁边');
    expect(un.fix.zh).toContain('`go-offline install --bundle <安装介质> --side-by-side --go-version 1.22.0`');
    expect(un.fix.zh).not.toMatch(/\{\w+\}/);
    // no one-click fix, and the registry says why, truthfully: the version is not on this machine
    expect(fixPlanFor(un)).toBeNull();
    expect(noFixReasonFor(un)).toBe('needsGoVersion');
    const off = await diag({ ...env, GOSUMDB: 'off' }, { goroot: root, projects: [patch], only: ids });
    expect(ownEnv(off).map((x) => x.id)).toEqual(['toolchain-sumdb-off']);
    const local = await diag({ ...env, GOTOOLCHAIN: 'local' }, { goroot: root, projects: [patch], only: ids });
    expect(ownEnv(local).map((x) => x.id)).toEqual(['toolchain-too-old-local']);
  });

  it('toolchain-unavailable when that version is already installed side by side: use it (go-offline use, or GOTOOLCHAIN=path with the exact go line)', async () => {
    const { home, env } = makeHome('sidebyside', { GOTOOLCHAIN: 'path', GOPROXY: 'off' });
    const prefix = join(home, 'prefix');
    const bundleOf = (v: string) => {
      const dir = join(tmp.path, `sbs-${v}`);
      mkdirSync(dir, { recursive: true });
      const a = makeTgz(join(dir, `${v}.linux-amd64.tar.gz`), tinyGoEntries(v));
      return makeBundle(join(dir, 'bundle'), [{ archive: a.path, version: v }]).dir;
    };
    await installFromBundle({ bundle: bundleOf('go1.21.0'), scope: 'user', prefix, env, job: createJob(), platform: 'linux' });
    await installSideBySide({ bundle: bundleOf('go1.22.3'), scope: 'user', prefix, env, job: createJob(), platform: 'linux' });
    const proj = project('sbs-nopatch', 'module example.com/s\n\ngo 1.22\n');
    const r = await diag(env, { goroot: join(prefix, 'go'), projects: [proj], only: ['toolchain-unavailable'], probeNetwork: false });
    const hit = fired(r, 'toolchain-unavailable')[0];
    expect(hit?.evidence).toMatchObject({ wanted: '1.22.0', installed: 'go1.21.0', sideBySide: 'go1.22.3' });
    expect(hit!.cause.en).toContain('Go 1.22.3 is already installed beside the default one');
    expect(hit!.fix.en).toContain('Use the Go 1.22.3 that is already installed');
    expect(hit!.fix.en).toContain('`go-offline use go1.22.3`');
    expect(hit!.fix.en).toContain('`go 1.22.3`');
    expect(hit!.fix.en).toContain('GOTOOLCHAIN=path');
    expect(hit!.fix.en).not.toContain('bundle create');
    expect(hit!.fix.zh).toContain('`go-offline use go1.22.3`');
    expect(hit!.fix.zh).toContain('请使用已经安装的 Go 1.22.3');
    expect(noFixReasonFor(hit!)).toBe('useInstalledVersion');
  });

  it('toolchain-not-installed: GOTOOLCHAIN=path and no go1.X.Y on PATH fires (not the download rule); the wrapper on PATH quiets it', async () => {
    const root = fakeGoroot('go121path', null, 'go1.21.0');
    const proj = project('wants1225', 'module example.com/c\n\ngo 1.22.5\n');
    const tc = project('tc1225', 'module example.com/d\n\ngo 1.21\n\ntoolchain go1.22.5\n');
    const { home, env } = makeHome('tcpath', { GOTOOLCHAIN: 'path', GOPROXY: 'off' });
    const ids = ['toolchain-not-installed', 'toolchain-download-offline', 'toolchain-unavailable', 'toolchain-too-old-local'];
    const r = await diag(env, { goroot: root, projects: [proj, tc], only: ids, probeNetwork: false });
    expect(ownEnv(r).map((x) => [x.id, x.evidence.file, x.evidence.wanted])).toEqual([
      ['toolchain-not-installed', join(proj, 'go.mod'), '1.22.5'],
      ['toolchain-not-installed', join(tc, 'go.mod'), '1.22.5'],
    ]);
    const wrappers = join(home, 'sdk', 'bin');
    mkdirSync(wrappers, { recursive: true });
    writeFileSync(join(wrappers, 'go1.22.5'), '#!/bin/sh\n', { mode: 0o755 });
    const quiet = await diag({ ...env, PATH: `${wrappers}:${env.PATH}` }, { goroot: root, projects: [proj, tc], only: ids, probeNetwork: false });
    expect(ownEnv(quiet).map((x) => x.id)).toEqual([]);
  });

  it('proxy-offline: GOPROXY points at a proxy that does not answer; a file proxy is fine', async () => {
    const { home, env } = makeHome('proxy', { GOPROXY: `${closedUrl}mod,direct` });
    const r = await diag(env, { goroot: healthyRoot, only: ['proxy-offline'] });
    const own = ownEnv(r).filter((x) => x.id === 'proxy-offline');
    expect(own[0]?.evidence).toMatchObject({ url: `${closedUrl}mod`, source: 'environment' });
    expect(String(own[0]?.evidence.error)).toMatch(/ECONNREFUSED/);
    mkdirSync(join(home, 'proxy'));
    const ok = await diag({ ...env, GOPROXY: `file://${join(home, 'proxy')},off` }, { goroot: healthyRoot, only: ['proxy-offline', 'proxy-file-missing', 'proxy-file-url'] });
    expect(ownEnv(ok)).toEqual([]);
  });

  it('proxy-file-url and proxy-file-missing', async () => {
    const { env } = makeHome('fileproxy', { GOPROXY: 'file://D:/proxy,file:///nonexistent/gooff-proxy,off' });
    const r = await diag(env, { goroot: healthyRoot, only: ['proxy-file-url', 'proxy-file-missing'], probeNetwork: false });
    expect(fired(r, 'proxy-file-url')[0]?.evidence).toMatchObject({ entry: 'file://D:/proxy', suggest: 'file:///D:/proxy' });
    expect(fired(r, 'proxy-file-missing').map((h) => h.evidence.path)).toContain('/nonexistent/gooff-proxy');
  });

  it('sumdb-offline: go.sum lacks hashes, no network; GOPRIVATE covers internal modules', async () => {
    const proj = project('sum', 'module example.com/s\n\ngo 1.19\n\nrequire (\n\trsc.io/quote v1.5.2\n\tcorp.example/lib v0.1.0\n)\n', 'rsc.io/quote v1.5.2 h1:abc=\n');
    const { env } = makeHome('sum', { GOPROXY: 'off' });
    const r = await diag(env, { goroot: healthyRoot, projects: [proj], only: ['sumdb-offline'] });
    expect(fired(r, 'sumdb-offline')[0]?.evidence).toMatchObject({ missing: ['rsc.io/quote@v1.5.2', 'corp.example/lib@v0.1.0'], count: 2 });
    const priv = await diag({ ...env, GOPRIVATE: 'corp.example' }, { goroot: healthyRoot, projects: [proj], only: ['sumdb-offline'] });
    expect(ownEnv(priv).find((x) => x.id === 'sumdb-offline')?.evidence.missing).toEqual(['rsc.io/quote@v1.5.2']);
  });

  it('goflags-insecure: -insecure in the go env -w file', async () => {
    // Go 1.19 still knows -insecure from GOPATH-mode `go get` and ignores it; newer Go stops with
    // "go: parsing $GOFLAGS: unknown flag -insecure", so the setting is checked, not the fixture's go.
    const { home, env } = makeHome('insecure');
    mkdirSync(join(home, '.config', 'go'), { recursive: true });
    writeFileSync(join(home, '.config', 'go', 'env'), 'GOFLAGS=-insecure\n');
    const r = await diag(env, { goroot: healthyRoot, only: ['goflags-insecure'], probeNetwork: false });
    expect(fired(r, 'goflags-insecure')[0]?.evidence).toMatchObject({ goflags: '-insecure', source: 'go env -w file' });
  });

  it('no-main-module: the project folder has no go.mod', async () => {
    const proj = project('nomod', null);
    const { env } = makeHome('nomod');
    const r = await diag(env, { goroot: healthyRoot, projects: [proj], only: ['no-main-module'], probeNetwork: false });
    expect(fired(r, 'no-main-module')[0]).toMatchObject({ severity: 'warning', evidence: { dir: proj } });
  });

  it('no-permission: GOPATH inside GOROOT', async () => {
    const { env } = makeHome('gopath', { GOPATH: join(healthyRoot, 'gopath') });
    const r = await diag(env, { goroot: healthyRoot, only: ['no-permission'], probeNetwork: false });
    expect(fired(r, 'no-permission')[0]?.evidence).toMatchObject({ setting: 'GOPATH', value: join(healthyRoot, 'gopath'), source: 'environment' });
  });
});

describe('mounts and permissions (real mounts; needs root)', () => {
  const mounted: string[] = [];
  afterAll(() => {
    for (const m of mounted.reverse()) spawnSync('umount', [m]);
  });
  const mount = (opts: string, dir: string) => {
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `${opts},size=4m`, 'tmpfs', dir]);
    mounted.push(dir);
  };

  it.skipIf(!isRoot)('noexec-mount: the temp folder is mounted noexec', async () => {
    const { home, env } = makeHome('noexec');
    const t = join(home, 'noexec-tmp');
    mount('noexec', t);
    const r = await diag({ ...env, TMPDIR: t }, { goroot: healthyRoot, only: ['noexec-mount'], probeNetwork: false });
    expect(fired(r, 'noexec-mount')[0]?.evidence).toMatchObject({ path: t, mountPoint: t, fsType: 'tmpfs', noexec: true, what: 'The temp folder' });
  });

  it.skipIf(!isRoot)('no-permission: GOCACHE on a read-only filesystem', async () => {
    const { home, env } = makeHome('rocache');
    const ro = join(home, 'ro');
    mount('ro', ro);
    const r = await diag({ ...env, GOCACHE: join(ro, 'go-build') }, { goroot: healthyRoot, only: ['no-permission'], probeNetwork: false });
    expect(fired(r, 'no-permission')[0]?.evidence).toMatchObject({ setting: 'GOCACHE', checkedDir: ro });
  });
});

describe('install tree against the recorded file list', () => {
  it('tree-tampered: a missing program, a changed tool and an extra file (another Go extracted over it)', async () => {
    const fixture = await ensureGoFixture();
    const prefix = join(tmp.path, 'tamper-prefix');
    mkdirSync(prefix);
    sh('tar', ['-xzf', fixture.archive, '-C', prefix]);
    const { env } = makeHome('tamper');
    writeInstallRecord(env, prefix);
    const root = join(prefix, 'go');
    const clean = await diag(env, { prefix, only: ['tree-tampered'], probeNetwork: false });
    expect(clean.runs[0]).toEqual({ id: 'tree-tampered', status: 'ok' });
    rmSync(join(root, 'bin', 'gofmt'));
    const vet = join(root, 'pkg', 'tool', 'linux_amd64', 'vet');
    const b = readFileSync(vet);
    b[b.length - 1] = b[b.length - 1]! ^ 0xff; // same size, different content
    writeFileSync(vet, b);
    mkdirSync(join(root, 'src', 'oldpkg'));
    writeFileSync(join(root, 'src', 'oldpkg', 'left.go'), 'package oldpkg\n');
    appendFileSync(join(root, 'VERSION'), '');
    const r = await diag(env, { prefix, only: ['tree-tampered'], probeNetwork: false });
    expect(fired(r, 'tree-tampered')[0]?.evidence).toMatchObject({
      goroot: root,
      missing: ['bin/gofmt'],
      changed: ['pkg/tool/linux_amd64/vet'],
      extra: ['src/oldpkg/left.go'],
      missingCount: 1,
      changedCount: 1,
      extraCount: 1,
    });
  });
});

describe('Windows and macOS rules (on data, through the host interface)', () => {
  const fakeReport = (os: string, osVersion: string): EnvReport => ({ ...baseReport, host: { ...baseReport.host, os, osVersion, platform: `${os}-amd64` } });

  it('win-path: setx truncation at 1024 characters and machine entries copied into the user Path', async () => {
    const goroot = join(tmp.path, 'win', 'Go');
    mkdirSync(join(goroot, 'bin'), { recursive: true });
    writeFileSync(join(goroot, 'bin', 'go.exe'), 'MZ');
    const machine = ['C:\\Windows\\system32', 'C:\\Windows', 'C:\\Windows\\System32\\Wbem', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\', `${goroot}\\bin`];
    let user = [...machine.slice(0, 4)].join(';') + ';';
    while (user.length < 1100) user += 'C:\\Users\\tester\\AppData\\Local\\Programs\\Tool' + user.length + ';';
    user = user.slice(0, 1024);
    const r = await runDiagnose({
      env: { USERPROFILE: 'C:\\Users\\tester', Path: 'C:\\Windows\\system32' },
      platform: 'win32',
      goroot,
      envReport: fakeReport('windows', '10.0.19045'),
      only: ['win-path'],
      probeNetwork: false,
      host: { windowsPath: async () => ({ user: { type: 'REG_EXPAND_SZ', value: user }, machine: { type: 'REG_EXPAND_SZ', value: machine.join(';') } }), exists: (p) => p.endsWith('go.exe') },
    });
    const kinds = r.results.map((x) => x.evidence.kind);
    expect(kinds).toEqual(expect.arrayContaining(['setx-truncation', 'machine-entries-in-user-path']));
    expect(r.results.find((x) => x.evidence.kind === 'setx-truncation')?.evidence.userPathLength).toBe(1024);
  });

  it('win-path: go.exe gone (antivirus) and the console older than the registry', async () => {
    const goroot = join(tmp.path, 'win2', 'Go');
    mkdirSync(join(goroot, 'bin'), { recursive: true });
    const reg = { user: { type: 'REG_EXPAND_SZ', value: `${goroot}/bin;C:\\tools` }, machine: { type: 'REG_EXPAND_SZ', value: 'C:\\Windows' } };
    const base = { env: { Path: 'C:\\Windows' }, platform: 'win32' as const, goroot, envReport: fakeReport('windows', '10.0.19045'), only: ['win-path'], probeNetwork: false };
    const gone = await runDiagnose({ ...base, host: { windowsPath: async () => reg, exists: () => false } });
    expect(gone.results.map((x) => x.evidence.kind)).toEqual(['go-exe-missing']);
    const old = await runDiagnose({ ...base, host: { windowsPath: async () => reg, exists: () => true } });
    expect(old.results.map((x) => x.evidence.kind)).toEqual(['console-older-than-registry']);
    const fine = await runDiagnose({ ...base, env: { Path: `C:\\Windows;${goroot}/bin` }, host: { windowsPath: async () => reg, exists: () => true } });
    expect(fine.results).toEqual([]);
  });

  it('mac-paths-d and mac-quarantine', async () => {
    const { home } = makeHome('mac');
    const zshrc = join(home, '.zshrc');
    writeFileSync(zshrc, 'export PATH=/usr/bin:/bin\n');
    const host = {
      readText: async (p: string) => (p === '/etc/paths.d/go' ? '/usr/local/go/bin\n' : p === zshrc ? readFileSync(zshrc, 'utf8') : null),
      pathHelper: async () => '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin:/usr/local/go/bin',
      probeShell: async () => ({ go: null, path: '/usr/bin:/bin' }),
      quarantine: async () => '0083;65a1b2c3;Safari;',
      exists: (p: string) => p === zshrc || p.endsWith('/bin/go'),
    };
    const r = await runDiagnose({ env: { HOME: home, SHELL: '/bin/zsh' }, platform: 'darwin', goroot: '/usr/local/go', envReport: fakeReport('darwin', '14.5'), only: ['mac-paths-d', 'mac-quarantine'], probeNetwork: false, host });
    expect(fired(r, 'mac-paths-d')[0]?.evidence).toMatchObject({ file: '/etc/paths.d/go', folders: ['/usr/local/go/bin'], suspects: [zshrc] });
    expect(fired(r, 'mac-quarantine')[0]?.evidence).toMatchObject({ binary: '/usr/local/go/bin/go', value: '0083;65a1b2c3;Safari;' });
    const ok = await runDiagnose({ env: { HOME: home, SHELL: '/bin/zsh' }, platform: 'darwin', goroot: '/usr/local/go', envReport: fakeReport('darwin', '14.5'), only: ['mac-paths-d', 'mac-quarantine'], probeNetwork: false, host: { ...host, probeShell: async () => ({ go: '/usr/local/go/bin/go', path: '/usr/bin:/bin:/usr/local/go/bin' }), quarantine: async () => null } });
    expect(ok.results).toEqual([]);
  });
});
