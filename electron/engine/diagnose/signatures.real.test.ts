/**
 * The matcher on error texts produced by the real Go (Debian's Go 1.19, which the fixture is built
 * from) in broken states made here, plus a table of recorded texts for what cannot be made on this
 * machine (a wrong clock). Each text must get the right explanation, filled from the text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createServer as createTls } from 'node:https';
import { createServer } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { findDebianGoroot } from '../../../test/support/go-fixture';
import { describeErrorText, matchErrorText } from './signatures';

const goBin = join(findDebianGoroot(), 'bin', 'go');
let tmp: ReturnType<typeof tempDir>;
let closedPort: number;
const isRoot = process.getuid?.() === 0;

function goEnv(extra: Record<string, string> = {}) {
  return { HOME: tmp.path, PATH: '/usr/bin:/bin', GOTOOLCHAIN: 'local', LC_ALL: 'C', GOCACHE: join(tmp.path, 'cache'), GOPATH: join(tmp.path, 'gopath'), GOFLAGS: '', GOPROXY: 'off', GOSUMDB: 'off', TMPDIR: tmp.path, CGO_ENABLED: '0', ...extra };
}

/** Run the real go in `dir` and return what it printed (it must fail). */
function goFails(dir: string, args: string[], extra: Record<string, string> = {}): string {
  const r = spawnSync(goBin, args, { cwd: dir, env: goEnv(extra), encoding: 'utf8', timeout: 300_000 });
  expect(r.status, `${args.join(' ')} should fail`).not.toBe(0);
  return `${r.stdout}${r.stderr}`;
}

function project(name: string, gomod: string, main: string): string {
  const dir = join(tmp.path, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), gomod);
  writeFileSync(join(dir, 'main.go'), main);
  return dir;
}

const ids = (text: string) => matchErrorText(text).map((m) => m.id);

beforeAll(async () => {
  tmp = tempDir('gooff-sig-');
  const srv = createServer();
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', () => res()));
  closedPort = (srv.address() as { port: number }).port;
  await new Promise<void>((res) => srv.close(() => res()));
});
afterAll(() => tmp?.remove());

describe('texts produced by the real Go', () => {
  const withDep = 'module example.com/a\n\ngo 1.19\n\nrequire example.com/dep v1.2.3\n';
  const importsDep = 'package main\n\nimport _ "example.com/dep"\n\nfunc main() {}\n';

  it('missing go.sum entry: names the package', () => {
    const text = goFails(project('sum', withDep, importsDep), ['build', '.']);
    const m = matchErrorText(text);
    expect(m.map((x) => x.id)).toEqual(['missing-go-sum']);
    expect(m[0]!.cause.en).toContain('example.com/dep');
    expect(m[0]!.rule).toBe('project-offline');
  });

  it('module lookup disabled by GOPROXY=off; a refused proxy names its host', () => {
    const dir = project('lookup', withDep, importsDep);
    writeFileSync(join(dir, 'go.sum'), 'example.com/dep v1.2.3 h1:abc=\nexample.com/dep v1.2.3/go.mod h1:abc=\n');
    const off = goFails(dir, ['build', '.']);
    expect(ids(off)).toEqual(['proxy-off-missing']);
    const refused = goFails(dir, ['build', '.'], { GOPROXY: `http://127.0.0.1:${closedPort}` });
    const m = matchErrorText(refused);
    expect(m.map((x) => x.id)).toEqual(['network-unreachable']);
    expect(m[0]!.cause.en).toContain('127.0.0.1');
    expect(m[0]!.cause.en).toContain('connection refused');
  });

  it('a go.mod directive Go 1.19 cannot read: file, line and directive', () => {
    const dir = project('directive', 'module example.com/b\n\ngo 1.19\n\ntoolchain go1.21.0\n', 'package main\n\nfunc main() {}\n');
    const m = matchErrorText(goFails(dir, ['build', '.']));
    expect(m.map((x) => x.id)).toEqual(['unknown-directive']);
    expect(m[0]!.cause.en).toContain(`${join(dir, 'go.mod')} line 5 uses the "toolchain" directive`);
  });

  it('settings Go rejects: an unknown GOFLAGS flag, GOCACHE=off, a missing TMPDIR, a GOROOT that is gone', () => {
    const dir = project('settings', 'module example.com/c\n\ngo 1.19\n', 'package main\n\nfunc main() {}\n');
    const flags = matchErrorText(goFails(dir, ['build', '.'], { GOFLAGS: '-nosuchflag' }));
    expect(flags.map((x) => x.id)).toEqual(['goflags-unknown']);
    expect(flags[0]!.fix.en).toContain('Remove -nosuchflag from GOFLAGS');
    expect(ids(goFails(dir, ['build', '.'], { GOCACHE: 'off' }))).toEqual(['gocache-off']);
    const work = matchErrorText(goFails(dir, ['build', '.'], { TMPDIR: join(tmp.path, 'no-such-tmp') }));
    expect(work.map((x) => x.id)).toEqual(['work-dir']);
    expect(work[0]!.cause.en).toContain(join(tmp.path, 'no-such-tmp'));
    const root = matchErrorText(goFails(dir, ['build', '.'], { GOROOT: join(tmp.path, 'gone', 'go') }));
    expect(root[0]!.id).toBe('stale-goroot');
    expect(root[0]!.cause.en).toContain(join(tmp.path, 'gone', 'go'));
  });

  it('a package looked for only in GOROOT; a C library the linker cannot find', () => {
    const dir = project('pkg', 'module example.com/d\n\ngo 1.19\n', 'package main\n\nimport "notexist/pkg"\n\nfunc main() { pkg.X() }\n');
    const m = matchErrorText(goFails(dir, ['build', '.']));
    expect(m.map((x) => x.id)).toEqual(['package-not-in-goroot']);
    expect(m[0]!.cause.en).toContain('notexist/pkg');
    if (spawnSync('gcc', ['--version']).status === 0) {
      const c = project('cgo', 'module example.com/e\n\ngo 1.19\n', 'package main\n\n// #cgo LDFLAGS: -lnosuchlib\n// void f(void);\nimport "C"\n\nfunc main() { C.f() }\n');
      const l = matchErrorText(goFails(c, ['build', '.'], { CGO_ENABLED: '1' }));
      expect(l.map((x) => x.id)).toContain('linker-missing-lib');
      expect(l.find((x) => x.id === 'linker-missing-lib')!.cause.en).toContain('"nosuchlib"');
    }
  });

  it.runIf(isRoot)('fork/exec … permission denied from a noexec temp folder: one explanation, not two', () => {
    const mnt = join(tmp.path, 'noexec');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'noexec,size=64m', 'tmpfs', mnt]);
    try {
      const dir = project('run', 'module example.com/f\n\ngo 1.19\n', 'package main\n\nfunc main() { println("hi") }\n');
      const text = goFails(dir, ['run', '.'], { TMPDIR: mnt });
      expect(text).toMatch(/permission denied/);
      expect(ids(text)).toEqual(['usb-noexec']);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });

  it('a proxy whose certificate no one here trusts: add the CA (the clock is fine)', async () => {
    const key = join(tmp.path, 'k.pem');
    const cert = join(tmp.path, 'c.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const srv = createTls({ key: readFileSync(key), cert: readFileSync(cert) }, (_q, s) => s.writeHead(404).end());
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', () => res()));
    try {
      const port = (srv.address() as { port: number }).port;
      const dir = project('tls', withDep, importsDep);
      writeFileSync(join(dir, 'go.sum'), 'example.com/dep v1.2.3 h1:abc=\nexample.com/dep v1.2.3/go.mod h1:abc=\n');
      const r = await new Promise<string>((res) => {
        execFile(goBin, ['build', '.'], { cwd: dir, env: goEnv({ GOPROXY: `https://127.0.0.1:${port}` }) }, (_e, out, err) => res(`${out}${err}`));
      });
      const m = matchErrorText(r);
      expect(m.map((x) => x.id)).toEqual(['x509-unknown-authority']);
      expect(m[0]!.cause.en).toContain('127.0.0.1');
    } finally {
      await new Promise<void>((res) => srv.close(() => res()));
    }
  });
});

describe('recorded texts', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it.each([
    ['an expired certificate on a machine whose clock is years behind: check the clock', 'go: example.com/m@v1.0.0: Get "https://goproxy.corp.example/example.com/m/@v/v1.0.0.mod": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2019-03-01T10:00:00Z is after 2019-02-01T00:00:00Z', ['clock-wrong']],
    ['a certificate not yet valid (the clock is behind): check the clock', 'Get "https://proxy.corp.example/x/@v/list": x509: certificate has expired or is not yet valid: current time 2026-06-01T11:00:00Z is before 2026-06-02T00:00:00Z', ['clock-wrong']],
    ['an expired certificate, clock right: the server must renew', 'Get "https://proxy.corp.example/x/@v/list": x509: certificate has expired or is not yet valid: current time 2026-06-01T11:59:00Z is after 2026-05-01T00:00:00Z', ['certificate-expired']],
    ['a bare permission denied: one cautious explanation', 'permission denied', ['permission-denied']],
    ['open … permission denied: only the write-permission explanation', 'go: open /usr/local/go/pkg/linux_amd64/runtime.a: permission denied', ['no-permission']],
    ['compiler and go tool from two installs', 'compile: version "go1.21.5" does not match go tool version "go1.19.8"', ['compile-version-mismatch']],
    ['no C compiler', 'cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH', ['cgo-no-compiler']],
    ['disk full', 'go: writing /home/u/.cache/go-build/ab/abc-d: no space left on device', ['no-space']],
    ['read-only cache', 'go: mkdir /mnt/ro/go-build/ab: read-only file system', ['read-only-fs']],
  ])('%s', (_name, text, want) => {
    expect(matchErrorText(text, now).map((m) => m.id)).toEqual(want);
  });

  it('fills the advice from the text: the clock message names the time it saw', () => {
    const m = matchErrorText('x509: certificate has expired or is not yet valid: current time 2019-03-01T10:00:00Z is after 2019-02-01T00:00:00Z', new Date('2026-06-01T12:00:00Z'))[0]!;
    expect(m.cause.en).toContain('2019-03-01T10:00:00Z');
    expect(m.fix.en).toMatch(/clock/);
    expect(m.fix.en).not.toMatch(/company CA/);
  });

  it('unknown text says what it could tell and offers a support bundle', () => {
    const text = 'go: example.com/weird@v0.3.1: something nobody has seen before';
    expect(matchErrorText(text)).toEqual([]);
    const d = describeErrorText(text);
    expect(d.facts).toMatchObject({ module: 'example.com/weird', version: 'v0.3.1' });
    expect(d.told.en).toContain('module example.com/weird@v0.3.1');
    expect(d.told.en).toContain('--support-bundle');
    expect(d.told.zh).toMatch(/支持包/);
    expect(describeErrorText('it broke').told.en).toContain('support bundle');
  });
});
