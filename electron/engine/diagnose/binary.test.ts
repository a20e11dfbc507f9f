import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { findDebianGoroot } from '../../../test/support/go-fixture';
import { highestGlibc, parseBinary, readBinaryInfo } from './binary';

const goroot = findDebianGoroot();
const goBin = join(goroot, 'bin', 'go');
let tmp: ReturnType<typeof tempDir>;
const built: Record<string, string> = {};

/** Build a tiny Go program for other platforms once (real binaries of other architectures). */
beforeAll(() => {
  tmp = tempDir('gooff-bin-');
  const src = join(tmp.path, 'hello');
  mkdirSync(src);
  writeFileSync(join(src, 'main.go'), 'package main\n\nfunc main() { println("hi") }\n');
  writeFileSync(join(src, 'go.mod'), 'module hello\n\ngo 1.19\n');
  for (const [os, arch] of [['linux', 'arm64'], ['windows', 'amd64'], ['darwin', 'arm64']] as const) {
    const out = join(tmp.path, `hello-${os}-${arch}`);
    execFileSync(goBin, ['build', '-o', out, '.'], {
      cwd: src,
      env: { PATH: '/usr/bin:/bin', HOME: tmp.path, GOOS: os, GOARCH: arch, CGO_ENABLED: '0', GOCACHE: join(tmp.path, 'cache'), GOPATH: join(tmp.path, 'gopath'), GOTOOLCHAIN: 'local', GOFLAGS: '' },
    });
    built[`${os}-${arch}`] = out;
  }
});
afterAll(() => tmp?.remove());

describe('readBinaryInfo', () => {
  it("reads Debian's dynamically linked cmd/go: amd64 ELF, glibc loader and GLIBC needs", async () => {
    const info = await readBinaryInfo(goBin);
    expect(info.format).toBe('elf');
    expect(info.goos).toBe('linux');
    expect(info.goarch).toEqual(['amd64']);
    expect(info.bits).toBe(64);
    expect(info.interpreter).toBe('/lib64/ld-linux-x86-64.so.2');
    expect(info.needed).toContain('libc.so.6');
    expect(info.glibcNeeds).toContain('GLIBC_2.2.5');
    // readelf agrees on the highest version need
    const readelf = execFileSync('readelf', ['-V', goBin], { encoding: 'utf8' });
    const versions = [...readelf.matchAll(/Name: GLIBC_(\d+\.\d+(?:\.\d+)?)/g)].map((m) => m[1]!);
    const max = versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop();
    expect(highestGlibc(info)).toBe(max);
  });

  it('reads a static linux/arm64 Go binary: no interpreter, no glibc needs', async () => {
    const info = await readBinaryInfo(built['linux-arm64']!);
    expect(info).toMatchObject({ format: 'elf', goos: 'linux', goarch: ['arm64'], bits: 64, interpreter: null, glibcNeeds: [] });
  });

  it('reads PE (windows/amd64) and Mach-O (darwin/arm64) headers', async () => {
    expect(await readBinaryInfo(built['windows-amd64']!)).toMatchObject({ format: 'pe', goos: 'windows', goarch: ['amd64'], bits: 64 });
    expect(await readBinaryInfo(built['darwin-arm64']!)).toMatchObject({ format: 'macho', goos: 'darwin', goarch: ['arm64'], bits: 64 });
  });

  it('sees a patched GLIBC_2.99 need in a real ELF, and the loader really refuses it', async () => {
    const copy = join(tmp.path, 'true-glibc299');
    copyFileSync('/bin/true', copy);
    const buf = readFileSync(copy);
    const at = buf.indexOf('GLIBC_2.34\0');
    expect(at).toBeGreaterThan(0);
    buf.write('GLIBC_2.99', at, 'latin1');
    writeFileSync(copy, buf, { mode: 0o755 });
    const info = await readBinaryInfo(copy);
    expect(info.glibcNeeds).toContain('GLIBC_2.99');
    expect(highestGlibc(info)).toBe('2.99');
    let stderr = '';
    try {
      execFileSync(copy, [], { stdio: 'pipe' });
    } catch (e) {
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    expect(stderr).toMatch(/GLIBC_2\.99' not found/);
  });

  it('reports unknown formats with their first bytes (an HTML page saved as a binary)', () => {
    const info = parseBinary(Buffer.from('<a href="https://dl.google.com/go/go1.15.5.linux-amd64.tar.gz">Found</a>.'));
    expect(info.format).toBe('unknown');
    expect(info.magic).toBe(Buffer.from('<a href=').toString('hex'));
  });

  it('survives truncated headers', () => {
    const elf = readFileSync('/bin/true').subarray(0, 60);
    expect(() => parseBinary(elf)).not.toThrow();
    expect(parseBinary(Buffer.alloc(0)).format).toBe('unknown');
  });
});
