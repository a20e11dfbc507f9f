import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { checkEnvironment, machineToGoArch, parseLibc, parseOsRelease, parseMountInfo, mountFor, parseGoVersionOutput, nodeArchToGoArch } from './index';
import { tempDir } from '../../../test/support/tmp';
import { findDebianGoroot } from '../../../test/support/go-fixture';

describe('arch mapping', () => {
  it.each([
    ['x86_64', 'amd64'],
    ['aarch64', 'arm64'],
    ['arm64', 'arm64'],
    ['armv7l', 'armv6l'],
    ['armv6l', 'armv6l'],
    ['i686', '386'],
    ['i386', '386'],
    ['ppc64le', 'ppc64le'],
    ['s390x', 's390x'],
    ['riscv64', 'riscv64'],
    ['loongarch64', 'loong64'],
    ['AMD64', 'amd64'],
  ])('%s → %s', (m, go) => expect(machineToGoArch(m)).toBe(go));
  it('unknown machines map to null', () => expect(machineToGoArch('vax')).toBeNull());
  it('maps node arch names', () => {
    expect(nodeArchToGoArch('x64')).toBe('amd64');
    expect(nodeArchToGoArch('ia32')).toBe('386');
  });
});

describe('parsers', () => {
  it('parses os-release with quotes and escapes', () => {
    const o = parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n# comment\nX=\'a b\'\n');
    expect(o).toMatchObject({ ID: 'debian', VERSION_ID: '12', PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)', X: 'a b' });
  });
  it('parses Alpine os-release', () => {
    const o = parseOsRelease('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n');
    expect(o.ID).toBe('alpine');
    expect(o.VERSION_ID).toBe('3.19.1');
  });
  it('recognises glibc from getconf and ldd', () => {
    expect(parseLibc('glibc 2.36\n')).toEqual({ family: 'glibc', version: '2.36' });
    expect(parseLibc('ldd (Debian GLIBC 2.36-9+deb12u4) 2.36\nCopyright (C) 2022 Free Software Foundation, Inc.\n')).toEqual({ family: 'glibc', version: '2.36' });
    expect(parseLibc('ldd (GNU libc) 2.17\nCopyright (C) 2012 Free Software Foundation, Inc.\n')).toEqual({ family: 'glibc', version: '2.17' });
  });
  it('recognises musl from its ldd (which prints to stderr)', () => {
    expect(parseLibc('musl libc (x86_64)\nVersion 1.2.4\nDynamic Program Loader\nUsage: ldd [options] [--] pathname\n')).toEqual({ family: 'musl', version: '1.2.4' });
  });
  it('parses go version output', () => {
    expect(parseGoVersionOutput('go version go1.22.5 linux/amd64\n')).toEqual({ version: 'go1.22.5', os: 'linux', arch: 'amd64' });
    expect(parseGoVersionOutput('go version go1.21rc2 X:nocoverageredesign darwin/arm64')).toEqual({ version: 'go1.21rc2', os: 'darwin', arch: 'arm64' });
    expect(parseGoVersionOutput('bash: go: not found')).toBeNull();
  });
  it('finds the mount of a path and its noexec flag', () => {
    const mounts = parseMountInfo(
      '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n' +
        '30 22 0:25 / /tmp rw,nosuid,nodev,noexec shared:5 - tmpfs tmpfs rw,size=100k\n' +
        '31 22 0:26 / /media/usb\\040stick rw,nosuid - vfat /dev/sdb1 rw,showexec\n',
    );
    expect(mountFor('/tmp/x/y', mounts)?.options).toContain('noexec');
    expect(mountFor('/home/a', mounts)?.mountPoint).toBe('/');
    expect(mountFor('/media/usb stick/go', mounts)?.fsType).toBe('vfat');
  });
});

describe('checkEnvironment on this machine', () => {
  const home = tempDir('gooff-home-');
  const bin = join(home.path, 'bin');
  let server: Server;
  let url = '';
  beforeAll(async () => {
    mkdirSync(bin);
    // a real Go toolchain reached through PATH, and a broken "go" hidden behind it
    symlinkSync(join(findDebianGoroot(), 'bin', 'go'), join(bin, 'go'));
    mkdirSync(join(home.path, 'sdk', 'go1.0.0', 'bin'), { recursive: true });
    writeFileSync(join(home.path, 'sdk', 'go1.0.0', 'bin', 'go'), 'not a program\n');
    chmodSync(join(home.path, 'sdk', 'go1.0.0', 'bin', 'go'), 0o755);
    writeFileSync(join(home.path, '.bashrc'), '# user bashrc\n');
    server = createServer((_req, res) => res.end('[]'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/dl/?mode=json`;
  });
  afterAll(() => {
    server.close();
    home.remove();
  });

  const env = () => ({ ...process.env, HOME: home.path, SHELL: '/bin/bash', PATH: `${bin}:/usr/bin:/bin`, GOROOT: '/nonexistent/go-old' });

  it('reports the real CPU, libc and OS of this machine', async () => {
    const r = await checkEnvironment({ env: env(), probeUrl: url });
    const unameM = execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim();
    expect(r.host.machine).toBe(unameM);
    expect(r.host.arch).toBe(machineToGoArch(unameM));
    expect(r.host.platform).toBe(`linux-${machineToGoArch(unameM)}`);
    const glibc = execFileSync('getconf', ['GNU_LIBC_VERSION'], { encoding: 'utf8' }).trim().split(' ')[1];
    expect(r.libc).toEqual({ family: 'glibc', version: glibc });
    const osr = parseOsRelease(readFileSync('/etc/os-release', 'utf8'));
    expect(r.host.distro?.id).toBe(osr.ID);
    expect(r.schema).toBe('go-offline/target-profile@1');
  });

  it('finds the Go on PATH with its version and GOROOT, and reports a broken one', async () => {
    const r = await checkEnvironment({ env: env(), probeNetwork: false });
    const debianVersion = readFileSync(join(findDebianGoroot(), 'VERSION'), 'utf8').split('\n')[0];
    const onPath = r.goInstalls.find((g) => g.binary === join(bin, 'go'));
    expect(onPath).toMatchObject({ version: debianVersion, goroot: findDebianGoroot(), firstOnPath: true, foundBy: 'path' });
    const broken = r.goInstalls.find((g) => g.binary.includes('go1.0.0'));
    expect(broken?.error).toBeTruthy();
    expect(r.findings.some((f) => f.id === 'go.existing' && f.verdict === 'warn' && f.title.en.includes('go1.0.0'))).toBe(true);
  });

  it('flags a GOROOT that points nowhere, and lists the shell startup files', async () => {
    const r = await checkEnvironment({ env: env(), probeNetwork: false });
    const g = r.findings.find((f) => f.id === 'go.goroot-env');
    expect(g?.verdict).toBe('fail');
    expect(g?.detail.zh).toContain('/nonexistent/go-old');
    expect(r.user.shellName).toBe('bash');
    const bashrc = r.user.startupFiles.find((s) => s.path === join(home.path, '.bashrc'));
    expect(bashrc?.exists).toBe(true);
    expect(r.user.startupFiles.find((s) => s.path === join(home.path, '.bash_profile'))?.exists).toBe(false);
  });

  it('checks install locations in the temp HOME', async () => {
    const r = await checkEnvironment({ env: env(), probeNetwork: false });
    const user = r.locations.find((l) => l.scope === 'user');
    expect(user?.goroot).toBe(join(home.path, '.local', 'go'));
    expect(user?.writable).toBe(true);
    expect(user?.freeBytes).toBeGreaterThan(0);
  });

  it('suggests online when the download site answers and offline when it does not', async () => {
    const online = await checkEnvironment({ env: env(), probeUrl: url });
    expect(online.network.reachable).toBe(true);
    expect(online.suggestion).toBe('online');
    const offline = await checkEnvironment({ env: env(), probeUrl: 'http://127.0.0.1:1/', probeTimeoutMs: 2000 });
    expect(offline.network.reachable).toBe(false);
    expect(offline.suggestion).toBe('offline');
  });
});
