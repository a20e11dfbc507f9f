import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { ensureGoFixture, repoRoot, type GoFixture } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import { treeOf } from '../../../test/support/tree';
import { createJob } from '../jobs';
import { configDir } from '../paths';
import { auditLogPath, installFromBundle, readInstallState, recoverPrefix, rollback, uninstall } from './index';
import { makeBundle, makeTgz, mountTmpfs, tinyGoEntries, type TarEntry } from './test-helpers';
import { exportBundle, startRelay } from '../bundle';
import type { DownloadedFile } from '../../../shared/releases';

const tmp = tempDir('gooff-install-');
afterAll(() => tmp.remove());
const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

let fx: GoFixture;
let realBundle: string;
let oldBundle: string;

function tinyBundle(name: string, entries: TarEntry[], opts: { corruptAfterHash?: boolean; os?: string; arch?: string } = {}): string {
  const dir = join(tmp.path, 'bundles', name);
  mkdirSync(dir, { recursive: true });
  const a = makeTgz(join(dir, `${name}.linux-amd64.tar.gz`), entries);
  const sha = a.sha256;
  if (opts.corruptAfterHash) {
    const buf = readFileSync(a.path);
    const mid = Math.floor(buf.length / 2);
    buf[mid] = buf[mid]! ^ 0xff;
    writeFileSync(a.path, buf);
  }
  const b = join(dir, 'bundle');
  makeBundle(b, [{ archive: a.path, version: name, os: opts.os, arch: opts.arch }], { sha256: { [`${name}.linux-amd64.tar.gz`]: sha } });
  return b;
}

beforeAll(async () => {
  fx = await ensureGoFixture();
  realBundle = makeBundle(join(tmp.path, 'bundles', 'real'), [{ archive: fx.archive, version: fx.version }]).dir;
  oldBundle = tinyBundle('go1.18.0', tinyGoEntries('go1.18.0'));
});

interface Home {
  home: string;
  prefix: string;
  env: Record<string, string>;
  files: string[];
  snapshot(): Record<string, string | null>;
}

function newHome(name: string): Home {
  const base = join(tmp.path, name);
  const home = join(base, 'home');
  const prefix = join(base, 'prefix');
  mkdirSync(home, { recursive: true });
  // a user who already has startup files, one with CRLF, one without a final newline
  writeFileSync(join(home, '.bashrc'), '# ~/.bashrc\nexport EDITOR=vi\nalias ll="ls -l"');
  writeFileSync(join(home, '.zshrc'), 'setopt no_beep\r\nbindkey -e\r\n');
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home, SHELL: '/bin/bash', TERM: 'dumb', LANG: 'C.UTF-8' };
  const files = ['.profile', '.bash_profile', '.bashrc', '.zprofile', '.zshrc', '.config/fish/conf.d/go-offline.fish'].map((f) => join(home, f));
  return {
    home,
    prefix,
    env,
    files,
    snapshot: () => Object.fromEntries(files.map((f) => [f, existsSync(f) ? readFileSync(f, 'latin1') : null])),
  };
}

function sh(h: Home, file: string, args: string[]): string {
  const r = spawnSync(file, args, { env: h.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return (r.stdout ?? '').trim().split('\n').pop() ?? '';
}

function cli(h: Home, args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { env: { ...h.env, GO_OFFLINE_NO_ELEVATE: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function leftovers(prefix: string): string[] {
  return readdirSync(prefix).filter((n) => n.startsWith('.go-offline'));
}

describe('install, shells, twice, rollback, uninstall (real Go archive)', () => {
  const h = newHome('main');
  let before: Record<string, string | null>;

  it('installs over an older Go and every shell finds the new go with GOTOOLCHAIN=local', async () => {
    before = h.snapshot();
    const first = await installFromBundle({ bundle: oldBundle, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    expect(first.record.version).toBe('go1.18.0');
    const r = await installFromBundle({ bundle: realBundle, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    expect(r.record.version).toBe(fx.version);
    expect(r.record.previous?.version).toBe('go1.18.0');
    expect(r.record.archive.sha256).toBe(fx.sha256);
    expect(leftovers(h.prefix)).toEqual([]);
    const goBin = join(h.prefix, 'go', 'bin', 'go');
    expect(sh(h, 'bash', ['-lc', 'command -v go'])).toBe(goBin);
    expect(sh(h, 'bash', ['-ic', 'command -v go'])).toBe(goBin);
    expect(sh(h, 'zsh', ['-lc', 'command -v go'])).toBe(goBin);
    expect(sh(h, 'fish', ['-c', 'command -v go'])).toBe(goBin);
    for (const [file, args] of [['bash', ['-lc']], ['bash', ['-ic']], ['zsh', ['-lc']], ['fish', ['-c']]] as const) {
      expect(sh(h, file, [...args, 'printenv GOTOOLCHAIN'])).toBe('local');
      // the real go runs and agrees about its offline settings (go1.19 predates GOTOOLCHAIN)
      expect(sh(h, file, [...args, 'go env GOPROXY'])).toBe('off');
      expect(sh(h, file, [...args, 'go version'])).toContain(fx.version);
    }
    expect(sh(h, 'bash', ['-lc', 'go env GOROOT'])).toBe(join(h.prefix, 'go'));
    // the record and the audit log
    const st = await readInstallState({ env: h.env });
    expect(st?.current.goroot).toBe(join(h.prefix, 'go'));
    const fileList = readFileSync(st!.current.fileListPath, 'utf8').trim().split('\n');
    expect(fileList.length).toBe(r.record.files);
    const audit = readFileSync(auditLogPath(h.env), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.some((a) => a.event === 'archive.verified' && a.sha256 === fx.sha256)).toBe(true);
    expect(audit.some((a) => a.event === 'env.backup')).toBe(true);
  });

  it('rollback restores the previous version and keeps the environment working', async () => {
    const r = await rollback({ env: h.env, job: createJob() });
    expect(r.restoredVersion).toBe('go1.18.0');
    expect(readFileSync(join(h.prefix, 'go', 'VERSION'), 'utf8')).toBe('go1.18.0\n');
    expect(sh(h, 'bash', ['-lc', 'go version'])).toBe('go version go1.18.0 linux/amd64');
    const err = await rollback({ env: h.env, job: createJob() }).catch((e) => e);
    expect((err as AppError).code).toBe('INSTALL_NO_PREVIOUS');
    expect(leftovers(h.prefix)).toEqual([]);
  });

  it('installing twice writes one block per file (CLI, --json)', async () => {
    for (let i = 0; i < 2; i++) {
      const r = cli(h, ['install', '--bundle', realBundle, '--scope', 'user', '--yes', '--json']);
      expect(r.stderr).not.toMatch(/error/);
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.record.version).toBe(fx.version);
      expect(out.record.prefix).toBe(h.prefix); // remembered, no --prefix given
    }
    for (const f of h.files) {
      if (!existsSync(f)) continue;
      expect(readFileSync(f, 'utf8').split('# >>> go-offline >>>').length, f).toBe(2);
    }
    // a CRLF file keeps its lines; our block is LF, which zsh and bash accept (CR would be part of each line)
    expect(readFileSync(join(h.home, '.zshrc'), 'utf8')).toMatch(/^setopt no_beep\r\nbindkey -e\r\n# >>> go-offline >>>\n[^\r]*$/);
  });

  it('a non-terminal without --yes is refused with exit 2', () => {
    const r = cli(h, ['uninstall']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('CONFIRMATION_NEEDED');
  });

  it('uninstall leaves every startup file byte-for-byte as it was and removes Go', () => {
    const r = cli(h, ['uninstall', '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(h.snapshot()).toEqual(before);
    expect(existsSync(join(h.prefix, 'go'))).toBe(false);
    expect(readdirSync(h.prefix)).toEqual([]);
    expect(sh(h, 'bash', ['-lc', 'command -v go || echo none'])).toBe('none');
  });
});

describe('failures leave the previous install and the profile files as they were', () => {
  const h = newHome('fail');
  let before: Record<string, string | null>;
  beforeAll(async () => {
    await installFromBundle({ bundle: oldBundle, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    before = h.snapshot();
  });
  function unchanged() {
    expect(readFileSync(join(h.prefix, 'go', 'VERSION'), 'utf8')).toBe('go1.18.0\n');
    expect(h.snapshot()).toEqual(before);
    expect(leftovers(h.prefix)).toEqual([]);
  }
  const dirEntry: TarEntry = { name: 'go/', type: '5' };
  it.each([
    ['a corrupt archive (bytes changed after it was listed)', () => tinyBundle('corrupt', tinyGoEntries('go9.0.0'), { corruptAfterHash: true }), ['INSTALL_ARCHIVE_HASH_MISMATCH']],
    ['a tar with ../ entries', () => tinyBundle('dotdot', [dirEntry, { name: 'go/VERSION', body: 'go9\n' }, { name: 'go/../../../evil', body: 'x' }]), ['INSTALL_ARCHIVE_UNSAFE']],
    ['a tar with an absolute path', () => tinyBundle('abs', [dirEntry, { name: '/tmp/gooff-evil-abs', body: 'x' }]), ['INSTALL_ARCHIVE_UNSAFE']],
    ['a symlink out of the tree and a file through it', () => tinyBundle('link', [dirEntry, { name: 'go/l', type: '2', linkname: '../../..' }, { name: 'go/l/evil', body: 'x' }]), ['INSTALL_ARCHIVE_UNSAFE']],
    ['a bundle without an archive for this machine', () => tinyBundle('win', tinyGoEntries('go9.0.0'), { os: 'windows', arch: 'arm64' }), ['INSTALL_NO_ARCHIVE_FOR_HOST']],
  ])('%s', async (_name, make, codes) => {
    const bundle = make();
    const err = await installFromBundle({ bundle, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(codes).toContain((err as AppError).code);
    expect((err as AppError).exit).toBe(2);
    unchanged();
    expect(existsSync('/tmp/gooff-evil-abs')).toBe(false);
    if ((err as AppError).code === 'INSTALL_NO_ARCHIVE_FOR_HOST') {
      expect((err as AppError).params.available).toContain('windows-arm64');
      expect((err as AppError).params.needed).toBe('linux-amd64');
    }
  });

  it('a disk that fills up (20 MB tmpfs) fails with NO_SPACE and keeps the old Go', async (ctx) => {
    const small = join(tmp.path, 'tmpfs');
    if (!mountTmpfs(small, '20m')) return ctx.skip();
    try {
      const h2 = newHome('full');
      const prefix = join(small, 'prefix');
      await installFromBundle({ bundle: oldBundle, scope: 'user', prefix, env: h2.env, job: createJob() });
      const snap = h2.snapshot();
      const err = await installFromBundle({ bundle: realBundle, scope: 'user', prefix, env: h2.env, job: createJob() }).catch((e) => e);
      expect((err as AppError).code).toBe('NO_SPACE');
      expect((err as AppError).exit).toBe(1);
      // the message names where it could not write (not "write to .")
      expect(String((err as AppError).params.path)).toMatch(new RegExp(`^${small}`));
      expect(readFileSync(join(prefix, 'go', 'VERSION'), 'utf8')).toBe('go1.18.0\n');
      expect(leftovers(prefix)).toEqual([]);
      expect(h2.snapshot()).toEqual(snap);
    } finally {
      spawnSync('umount', [small]);
    }
  });

  it('a process killed during extraction (SIGKILL) leaves the old Go; the next run cleans up and installs', async () => {
    const child = spawn(process.execPath, [CLI, 'install', '--bundle', realBundle, '--scope', 'user', '--prefix', h.prefix, '--yes'], {
      env: { ...h.env, GO_OFFLINE_NO_ELEVATE: '1' },
      stdio: 'ignore',
    });
    let gone = false;
    const exited = new Promise<void>((res) =>
      child.on('exit', () => {
        gone = true;
        res();
      }),
    );
    // wait until extraction is under way: the staging tree has files in it
    for (;;) {
      if (gone) throw new Error('the CLI exited before extraction started');
      const staging = readdirSync(h.prefix).find((n) => n.startsWith('.go-offline-staging-'));
      if (staging && existsSync(join(h.prefix, staging, 'go', 'src'))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    expect(readFileSync(join(h.prefix, 'go', 'VERSION'), 'utf8')).toBe('go1.18.0\n');
    expect(h.snapshot()).toEqual(before);
    expect(leftovers(h.prefix).some((n) => n.startsWith('.go-offline-staging-'))).toBe(true);
    const r = cli(h, ['install', '--bundle', realBundle, '--scope', 'user', '--prefix', h.prefix, '--yes', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).record.version).toBe(fx.version);
    expect(leftovers(h.prefix)).toEqual([]);
    const audit = readFileSync(auditLogPath(h.env), 'utf8');
    expect(audit).toContain('"event":"recover"');
  });
});

describe('a run killed during the swap is undone by the next run', () => {
  it('undoes the journal of a dead process', async () => {
    const h = newHome('journal');
    await installFromBundle({ bundle: oldBundle, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    const before = h.snapshot();
    // what a killed run leaves between "old moved aside" and "new renamed into place", with a
    // profile file already changed
    const aside = join(h.prefix, '.go-previous-go1.18.0-x');
    execFileSync('mv', [join(h.prefix, 'go'), aside]);
    const staged = join(h.prefix, '.go-offline-staging-999999-abc', 'go');
    mkdirSync(staged, { recursive: true });
    writeFileSync(join(staged, 'VERSION'), 'go9\n');
    const snapDir = join(tmp.path, 'snap');
    mkdirSync(snapDir);
    writeFileSync(join(snapDir, '0'), before[join(h.home, '.bashrc')]!);
    writeFileSync(join(h.home, '.bashrc'), 'changed by the killed run\n');
    writeFileSync(
      join(h.prefix, '.go-offline-journal.json'),
      JSON.stringify({
        txn: 'dead-txn',
        pid: 999999,
        op: 'install',
        scope: 'user',
        goroot: join(h.prefix, 'go'),
        moves: [{ from: join(h.prefix, 'go'), to: aside }, { from: staged, to: join(h.prefix, 'go') }],
        snapshots: [{ path: join(h.home, '.bashrc'), copy: join(snapDir, '0') }],
      }),
    );
    const done = await recoverPrefix(h.prefix, 'user', h.env);
    expect(done.length).toBeGreaterThan(0);
    expect(readFileSync(join(h.prefix, 'go', 'VERSION'), 'utf8')).toBe('go1.18.0\n');
    expect(h.snapshot()).toEqual(before);
    expect(leftovers(h.prefix)).toEqual([]);
    await uninstall({ env: h.env, job: createJob() });
  });
});

describe('module proxy and system scope', () => {
  it('copies the bundled module proxy and points GOPROXY at it with file:///...,off', async () => {
    const h = newHome('proxy');
    const dir = join(tmp.path, 'bundles', 'withproxy');
    mkdirSync(dir, { recursive: true });
    const a = makeTgz(join(dir, 'go1.18.0.linux-amd64.tar.gz'), tinyGoEntries('go1.18.0'));
    const b = makeBundle(join(dir, 'bundle'), [{ archive: a.path, version: 'go1.18.0' }], { moduleProxy: { 'example.com/m/@v/list': 'v1.0.0\n' } }).dir;
    const r = await installFromBundle({ bundle: b, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    const proxy = join(h.home, '.local', 'share', 'go-offline', 'modules', 'proxy');
    expect(r.record.moduleProxy?.path).toBe(proxy);
    expect(readFileSync(join(proxy, 'example.com/m/@v/list'), 'utf8')).toBe('v1.0.0\n');
    expect(sh(h, 'bash', ['-lc', 'printenv GOPROXY'])).toBe(`file://${proxy},off`);
    await uninstall({ env: h.env, job: createJob() });
    expect(existsSync(proxy)).toBe(false);
  });

  it('system scope (re-rooted) writes /etc/profile.d and the sudo link, remembered for uninstall', async () => {
    const h = newHome('system');
    const root = join(tmp.path, 'sysroot');
    const env = { ...h.env, GO_OFFLINE_SYSTEM_ROOT: root };
    const r = await installFromBundle({ bundle: oldBundle, scope: 'system', env, job: createJob(), environment: { sudoLink: true } });
    expect(r.record.goroot).toBe(join(root, 'usr', 'local', 'go'));
    const out = execFileSync('bash', ['-c', `. ${join(root, 'etc/profile.d/go-offline.sh')}; go version; command -v go`], { env: { PATH: '/usr/bin:/bin', HOME: h.home }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out.trim().split('\n')).toEqual(['go version go1.18.0 linux/amd64', join(root, 'usr/local/go/bin/go')]);
    expect(existsSync(join(root, 'usr/local/bin/go'))).toBe(true);
    expect(existsSync(join(root, 'var/lib/go-offline/install-state.json'))).toBe(true);
    await uninstall({ scope: 'system', env, job: createJob() });
    expect(existsSync(join(root, 'etc/profile.d/go-offline.sh'))).toBe(false);
    expect(existsSync(join(root, 'usr/local/bin/go'))).toBe(false);
    expect(existsSync(join(root, 'usr/local/go'))).toBe(false);
  });
});

/** A DownloadedFile for an archive on disk (what exportBundle takes). */
function downloaded(path: string, version: string, sha256: string, size: number): DownloadedFile {
  const filename = path.split('/').pop()!;
  return { file: { filename, os: 'linux', arch: 'amd64', version, sha256, size, kind: 'archive' }, path, sha256, size, signature: 'not-checked', url: 'file://' + path };
}

describe('bundles made by the bundle engine: split archives (FAT32 media) and relay URLs', () => {
  it('installs the real Go from a bundle whose archive is split into parts, and go runs', async () => {
    const h = newHome('split');
    const out = join(tmp.path, 'bundles', 'split');
    const partSize = 16 * 1024 * 1024;
    const res = await exportBundle({ outDir: out, archives: [downloaded(fx.archive, fx.version, fx.sha256, fx.size)], split: 'always', partSize, job: createJob() });
    const entry = res.manifest.files.find((f) => f.kind === 'archive')!;
    expect(entry.parts!.length).toBe(Math.ceil(fx.size / partSize));
    expect(existsSync(join(out, entry.path))).toBe(false); // only the parts are on the media
    const r = await installFromBundle({ bundle: out, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    expect(r.record.version).toBe(fx.version);
    expect(r.record.archive.sha256).toBe(fx.sha256);
    expect(sh(h, 'bash', ['-lc', 'go version'])).toContain(fx.version);
    expect(leftovers(h.prefix)).toEqual([]);
    const audit = readFileSync(auditLogPath(h.env), 'utf8');
    expect(audit).toContain(`"parts":${entry.parts!.length}`);
  });

  it('a damaged part, a truncated part and an edited manifest are refused (exit 2, naming the file); the old Go stays', async () => {
    const h = newHome('split-bad');
    await installFromBundle({ bundle: oldBundle, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    const before = h.snapshot();
    const a = makeTgz(join(tmp.path, 'go9.1.0.linux-amd64.tar.gz'), tinyGoEntries('go9.1.0'));
    const make = (name: string) => {
      const out = join(tmp.path, 'bundles', name);
      return exportBundle({ outDir: out, archives: [downloaded(a.path, 'go9.1.0', a.sha256, a.size)], split: 'always', partSize: 128, job: createJob() }).then((res) => ({ out, parts: res.manifest.files.find((f) => f.kind === 'archive')!.parts! }));
    };
    const flipped = await make('part-flipped');
    expect(flipped.parts.length).toBeGreaterThan(1);
    const p1 = join(flipped.out, flipped.parts[1]!.path);
    const buf = readFileSync(p1);
    buf[3] = buf[3]! ^ 0xff;
    writeFileSync(p1, buf);
    const truncated = await make('part-truncated');
    const p0 = join(truncated.out, truncated.parts[0]!.path);
    writeFileSync(p0, readFileSync(p0).subarray(0, 100));
    const edited = await make('manifest-edited');
    const mp = join(edited.out, 'manifest.json');
    writeFileSync(mp, readFileSync(mp, 'utf8').replace('"go9.1.0"', '"go9.1.1"'));
    for (const [b, code, names] of [
      [flipped.out, 'BUNDLE_FILE_CORRUPT', flipped.parts[1]!.path],
      [truncated.out, 'BUNDLE_TAMPERED', truncated.parts[0]!.path],
      [edited.out, 'BUNDLE_MANIFEST_MISMATCH', 'manifest.json'],
    ] as const) {
      const err = await installFromBundle({ bundle: b, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }).catch((e) => e);
      expect(err, b).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(code);
      expect((err as AppError).exit).toBe(2);
      expect(JSON.stringify((err as AppError).params)).toContain(names);
      expect(readFileSync(join(h.prefix, 'go', 'VERSION'), 'utf8')).toBe('go1.18.0\n');
      expect(h.snapshot()).toEqual(before);
      expect(leftovers(h.prefix)).toEqual([]);
    }
    // the CLI says so with exit 2 and the file's name
    const r = cli(h, ['install', '--bundle', flipped.out, '--scope', 'user', '--prefix', h.prefix, '--yes']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BUNDLE_FILE_CORRUPT');
    expect(r.stderr).toContain(flipped.parts[1]!.path);
  });

  it('installs from a relay URL (go-offline serve), module proxy included, with the archive split', async () => {
    const h = newHome('relay');
    mkdirSync(join(tmp.path, 'relay-src'), { recursive: true });
    const a = makeTgz(join(tmp.path, 'relay-src', 'go1.18.0.linux-amd64.tar.gz'), tinyGoEntries('go1.18.0'));
    const proxyDir = join(tmp.path, 'relay-proxy');
    mkdirSync(join(proxyDir, 'example.com', 'm', '@v'), { recursive: true });
    writeFileSync(join(proxyDir, 'example.com', 'm', '@v', 'list'), 'v1.0.0\n');
    writeFileSync(join(proxyDir, 'example.com', 'm', '@v', 'v1.0.0.mod'), 'module example.com/m\n');
    const out = join(tmp.path, 'bundles', 'relayed');
    await exportBundle({
      outDir: out,
      archives: [downloaded(a.path, 'go1.18.0', a.sha256, a.size)],
      modules: { proxyDir, moduleCount: 1, size: 0, projects: [] },
      split: 'always',
      partSize: 256,
      job: createJob(),
    });
    const relay = await startRelay({ dir: out, host: '127.0.0.1', port: 0 });
    try {
      const r = await installFromBundle({ bundle: relay.url, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
      expect(r.record.version).toBe('go1.18.0');
      expect(r.record.source).toBe(relay.url);
      const proxy = join(h.home, '.local', 'share', 'go-offline', 'modules', 'proxy');
      expect(readFileSync(join(proxy, 'example.com/m/@v/v1.0.0.mod'), 'utf8')).toBe('module example.com/m\n');
      expect(sh(h, 'bash', ['-lc', 'go version'])).toBe('go version go1.18.0 linux/amd64');
      expect(leftovers(h.prefix)).toEqual([]);
      // the CLI, too (a second install over the first)
      // (asynchronously: the relay runs in this process)
      const c = await new Promise<{ status: number | null; stdout: string; stderr: string }>((res) => {
        const child = spawn(process.execPath, [CLI, 'install', '--bundle', relay.url, '--scope', 'user', '--yes', '--json'], { env: { ...h.env, GO_OFFLINE_NO_ELEVATE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => res({ status, stdout, stderr }));
      });
      expect(c.status, c.stderr).toBe(0);
      expect(JSON.parse(c.stdout).record.source).toBe(relay.url);
    } finally {
      await relay.close();
    }
    // a relay that is gone: BUNDLE_UNREACHABLE, exit 2
    const err = await installFromBundle({ bundle: relay.url, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }).catch((e) => e);
    expect((err as AppError).code).toBe('BUNDLE_UNREACHABLE');
    expect((err as AppError).exit).toBe(2);
  });
});

describe('damaged media: the archive not matching its SHA-256 is the reason, said before any signature verdict', () => {
  const h = newHome('damaged');
  let damaged: string;
  let damagedSha: string;
  const audits = () => readFileSync(auditLogPath(h.env), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { event: string; jobId: string });
  // the machine as it was: the home (audit log aside: it records the attempt) and the prefix
  const machine = () => ({ home: treeOf(h.home, { skip: (p) => p === auditLogPath(h.env) }), prefix: treeOf(h.prefix) });
  beforeAll(async () => {
    await installFromBundle({ bundle: oldBundle, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    // a bundle made by the bundle engine from the real Go archive, then one byte of the archive changed (size kept)
    damaged = join(tmp.path, 'bundles', 'damaged-real');
    const res = await exportBundle({ outDir: damaged, archives: [downloaded(fx.archive, fx.version, fx.sha256, fx.size)], job: createJob() });
    const archive = join(damaged, res.manifest.files.find((f) => f.kind === 'archive')!.path);
    const bytes = readFileSync(archive);
    bytes[bytes.length >> 1]! ^= 0x01;
    writeFileSync(archive, bytes);
    expect(bytes.length).toBe(fx.size);
    damagedSha = createHash('sha256').update(bytes).digest('hex');
  });

  function expectMismatch(err: unknown) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('INSTALL_ARCHIVE_HASH_MISMATCH');
    expect(e.exit).toBe(2);
    expect(e.params).toMatchObject({ file: fx.filename, expected: fx.sha256, actual: damagedSha });
  }

  /** one job's audit lines: started, bundle read, the signature "not judged", failed with the mismatch; nothing verified or accepted */
  function expectAudit(jobId: string) {
    const lines = audits().filter((a) => a.jobId === jobId);
    expect(lines.map((a) => a.event)).toEqual(['install.start', 'bundle.checked', 'bundle.transfer', 'bundle.signature', 'install.failed']);
    expect(lines[3]).toMatchObject({ status: 'not-checked', outcome: 'not-judged', policy: 'warn' });
    expect(lines[4]).toMatchObject({ code: 'INSTALL_ARCHIVE_HASH_MISMATCH', params: { file: fx.filename, expected: fx.sha256, actual: damagedSha } });
  }

  it('the engine: INSTALL_ARCHIVE_HASH_MISMATCH (not "cannot be unpacked"), the signature not judged, nothing installed', async () => {
    const before = machine();
    const job = createJob();
    const err = await installFromBundle({ bundle: damaged, scope: 'user', prefix: h.prefix, env: h.env, job }).catch((e: unknown) => e);
    expectMismatch(err);
    expectAudit(job.jobId);
    expect(machine()).toEqual(before);
  });

  it('the CLI: exit 2, the fingerprint and what to do, "Signature: not checked: the files are damaged", in English and Chinese; nothing installed', () => {
    const before = machine();
    const count = audits().length;
    const en = cli(h, ['install', '--bundle', damaged, '--scope', 'user', '--prefix', h.prefix, '--yes']);
    expect(en.status, en.stderr).toBe(2);
    expect(en.stderr).toContain('error INSTALL_ARCHIVE_HASH_MISMATCH: The Go archive is damaged or was changed');
    expect(en.stderr).toContain(`The file ${fx.filename} on the media does not match its SHA-256 fingerprint recorded when the media was made`);
    expect(en.stderr).toContain('damaged or changed after the media was made');
    expect(en.stderr).toMatch(/make the media again.*"go-offline bundle verify <media>" first: it names every damaged file/);
    expect(en.stderr).toContain('Signature: not checked: the files are damaged');
    expect(en.stderr + en.stdout).not.toMatch(/accepted|cannot be unpacked|INSTALL_ARCHIVE_CORRUPT/i);
    expectAudit(audits()[count]!.jobId);
    const zh = spawnSync(process.execPath, [CLI, 'install', '--bundle', damaged, '--scope', 'user', '--prefix', h.prefix, '--yes'], { env: { ...h.env, GO_OFFLINE_NO_ELEVATE: '1', GO_OFFLINE_LANG: 'zh' }, encoding: 'utf8' });
    expect(zh.status, zh.stderr).toBe(2);
    expect(zh.stderr).toContain('error INSTALL_ARCHIVE_HASH_MISMATCH: Go 压缩包已损坏或被修改');
    expect(zh.stderr).toContain('与制作安装介质时记录的 SHA-256 校验值不符');
    expect(zh.stderr).toContain('签名：未检查，因为文件已损坏');
    expect(zh.stderr).not.toMatch(/接受|无法解压/);
    expect(machine()).toEqual(before);
  });

  it('a signature policy that would refuse the media (require, unsigned): still the damage is the reason, and nothing is written', async () => {
    const policy = join(configDir(h.env), 'settings.json');
    mkdirSync(join(policy, '..'), { recursive: true });
    const hadSettings = existsSync(policy) ? readFileSync(policy) : null;
    writeFileSync(policy, JSON.stringify({ signaturePolicy: 'require' }));
    try {
      const before = machine();
      const count = audits().length;
      const err = await installFromBundle({ bundle: damaged, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }).catch((e: unknown) => e);
      expectMismatch(err);
      expect(audits().length).toBe(count); // refused before anything is written, the audit log included
      expect(machine()).toEqual(before);
      // the undamaged media under the same policy: the signature's refusal, as before
      const good = join(tmp.path, 'bundles', 'undamaged-real');
      await exportBundle({ outDir: good, archives: [downloaded(fx.archive, fx.version, fx.sha256, fx.size)], job: createJob() });
      const refused = await installFromBundle({ bundle: good, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }).catch((e: unknown) => e);
      expect((refused as AppError).code).toBe('BUNDLE_NOT_SIGNED');
      expect(machine()).toEqual(before);
    } finally {
      if (hadSettings) writeFileSync(policy, hadSettings);
      else rmSync(policy);
    }
  });
});
