import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { ensureGoFixture, type GoFixture } from '../../../test/support/go-fixture';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { extractGoArchive, type ExtractResult } from './extract';
import { makeTgz, paxRecord, sha256Of, tinyGoEntries, type TarEntry } from './test-helpers';

const tmp = tempDir('gooff-extract-');
afterAll(() => tmp.remove());

let n = 0;
function caseDir(): string {
  const d = join(tmp.path, `case-${++n}`);
  mkdirSync(d, { recursive: true });
  return d;
}

async function expectRejected(entries: TarEntry[], code: string, engine?: 'system-tar' | 'node-tar') {
  const dir = caseDir();
  const a = makeTgz(join(dir, 'evil.tar.gz'), entries);
  const dest = join(dir, 'staging');
  const outside = join(dir, 'outside');
  mkdirSync(outside);
  const err = await extractGoArchive({ archive: a.path, expectedSha256: a.sha256, destDir: dest, job: createJob(), engine }).catch((e) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  // nothing left behind, nothing written outside
  expect(existsSync(dest)).toBe(false);
  expect(readdirSync(outside)).toEqual([]);
  expect(readdirSync(dir).sort()).toEqual(['evil.tar.gz', 'outside']);
  return err as AppError;
}

describe.each(['system-tar', 'node-tar'] as const)('hostile archives are refused (%s)', (engine) => {
  it('refuses ../ entries', async () => {
    const e = await expectRejected([{ name: 'go/', type: '5' }, { name: 'go/../../outside/pwned', body: 'x' }], 'INSTALL_ARCHIVE_UNSAFE', engine);
    expect(e.exit).toBe(2);
    expect(e.params.entry).toBe('go/../../outside/pwned');
  });
  it('refuses absolute paths', async () => {
    await expectRejected([{ name: 'go/', type: '5' }, { name: '/tmp/gooff-abs-pwned', body: 'x' }], 'INSTALL_ARCHIVE_UNSAFE', engine);
    expect(existsSync('/tmp/gooff-abs-pwned')).toBe(false);
  });
  it('refuses a symlink out of the tree followed by a file written through it', async () => {
    const e = await expectRejected(
      [{ name: 'go/', type: '5' }, { name: 'go/escape', type: '2', linkname: '../outside' }, { name: 'go/escape/pwned', body: 'x' }],
      'INSTALL_ARCHIVE_UNSAFE',
      engine,
    );
    expect(e.params.entry).toBe('go/escape');
  });
  it('refuses writing through an in-tree symlink (link chains)', async () => {
    const e = await expectRejected(
      [{ name: 'go/', type: '5' }, { name: 'go/a', type: '2', linkname: '.' }, { name: 'go/a/b', type: '2', linkname: '..' }],
      'INSTALL_ARCHIVE_UNSAFE',
      engine,
    );
    expect(e.params.entry).toBe('go/a/b');
  });
  it('refuses hard links to outside, devices and fifos, and entries outside go/', async () => {
    await expectRejected([{ name: 'go/', type: '5' }, { name: 'go/h', type: '1', linkname: '/etc/passwd' }], 'INSTALL_ARCHIVE_UNSAFE', engine);
    await expectRejected([{ name: 'go/', type: '5' }, { name: 'go/h', type: '1', linkname: 'go/../../outside/x' }], 'INSTALL_ARCHIVE_UNSAFE', engine);
    await expectRejected([{ name: 'go/', type: '5' }, { name: 'go/null', type: '3' }], 'INSTALL_ARCHIVE_UNSAFE', engine);
    await expectRejected([{ name: 'go/', type: '5' }, { name: 'go/fifo', type: '6' }], 'INSTALL_ARCHIVE_UNSAFE', engine);
    await expectRejected([{ name: 'go/', type: '5' }, { name: 'notgo/x', body: 'x' }], 'INSTALL_ARCHIVE_UNSAFE', engine);
  });
  it('refuses a pax header that renames an innocent entry to ../', async () => {
    const pax = paxRecord('path', 'go/../../outside/pwned');
    await expectRejected([{ name: 'go/', type: '5' }, { name: 'go/PaxHeader', type: 'x', body: pax }, { name: 'go/innocent', body: 'x' }], 'INSTALL_ARCHIVE_UNSAFE', engine);
  });
});

describe('damaged archives', () => {
  it('a damaged archive (one byte changed, size kept) is reported as not matching its SHA-256, not as "cannot be unpacked", and leaves nothing', async () => {
    const dir = caseDir();
    const a = makeTgz(join(dir, 'go.tar.gz'), tinyGoEntries('go1.0.0'));
    const buf = readFileSync(a.path);
    const mid = Math.floor(buf.length / 2);
    buf[mid] = buf[mid]! ^ 0xff;
    writeFileSync(a.path, buf);
    // the damage does break the unpacking: without the fingerprint it would be "cannot be unpacked"
    const unpacked = await extractGoArchive({ archive: a.path, expectedSha256: sha256Of(a.path), destDir: join(dir, 'u'), job: createJob() }).catch((e) => e);
    expect((unpacked as AppError).code).toBe('INSTALL_ARCHIVE_CORRUPT');
    const err = await extractGoArchive({ archive: a.path, expectedSha256: a.sha256, destDir: join(dir, 's'), job: createJob() }).catch((e) => e);
    expect((err as AppError).code).toBe('INSTALL_ARCHIVE_HASH_MISMATCH');
    expect((err as AppError).params).toMatchObject({ file: 'go.tar.gz', expected: a.sha256, actual: sha256Of(a.path) });
    expect(existsSync(join(dir, 's'))).toBe(false);
  });
  it('a valid archive with the wrong expected hash is removed after extraction', async () => {
    const dir = caseDir();
    const a = makeTgz(join(dir, 'go.tar.gz'), tinyGoEntries('go1.0.0'));
    const err = await extractGoArchive({ archive: a.path, expectedSha256: '0'.repeat(64), destDir: join(dir, 's'), job: createJob() }).catch((e) => e);
    expect((err as AppError).code).toBe('INSTALL_ARCHIVE_HASH_MISMATCH');
    expect((err as AppError).params.actual).toBe(a.sha256);
    expect(existsSync(join(dir, 's'))).toBe(false);
  });
  it('a truncated archive is refused', async () => {
    const dir = caseDir();
    const a = makeTgz(join(dir, 'go.tar.gz'), tinyGoEntries('go1.0.0'));
    const buf = readFileSync(a.path);
    writeFileSync(a.path, buf.subarray(0, buf.length - 30));
    const err = await extractGoArchive({ archive: a.path, expectedSha256: a.sha256, destDir: join(dir, 's'), job: createJob() }).catch((e) => e);
    expect((err as AppError).code).toBe('INSTALL_ARCHIVE_HASH_MISMATCH');
    expect(existsSync(join(dir, 's'))).toBe(false);
  });
  it('an HTML page saved instead of the archive (and listed with its own SHA-256) cannot be unpacked', async () => {
    const dir = caseDir();
    writeFileSync(join(dir, 'go.tar.gz'), '<a href="https://dl.google.com/go/go1.15.5.linux-amd64.tar.gz">Found</a>.\n');
    const err = await extractGoArchive({ archive: join(dir, 'go.tar.gz'), expectedSha256: sha256Of(join(dir, 'go.tar.gz')), destDir: join(dir, 's'), job: createJob() }).catch((e) => e);
    expect((err as AppError).code).toBe('INSTALL_ARCHIVE_CORRUPT');
  });
});

describe('small archives', () => {
  it('keeps exec bits, strips set-uid, accepts in-tree links and records the file list', async () => {
    const dir = caseDir();
    const a = makeTgz(join(dir, 'go.tar.gz'), [
      ...tinyGoEntries('go1.0.0'),
      { name: 'go/bin/suid', body: 'x', mode: 0o4755 },
      { name: 'go/lib', type: '2', linkname: 'src' },
      { name: 'go/bin/go2', type: '1', linkname: 'go/bin/go' },
    ]);
    const r = await extractGoArchive({ archive: a.path, expectedSha256: a.sha256, destDir: join(dir, 's'), job: createJob() });
    expect(r.root).toBe(join(dir, 's', 'go'));
    expect(statSync(join(r.root, 'bin', 'go')).mode & 0o777).toBe(0o755);
    expect(statSync(join(r.root, 'bin', 'suid')).mode & 0o7777).toBe(0o755);
    expect(lstatSync(join(r.root, 'lib')).isSymbolicLink()).toBe(true);
    expect(statSync(join(r.root, 'bin', 'go2')).ino).toBe(statSync(join(r.root, 'bin', 'go')).ino);
    const ver = r.fileList.find((f) => f.path === 'VERSION')!;
    expect(ver.sha256).toBe(execFileSync('sha256sum', [join(r.root, 'VERSION')], { encoding: 'utf8' }).split(' ')[0]);
    expect(r.files).toBe(6);
  });
  it('refuses to extract over an existing tree', async () => {
    const dir = caseDir();
    const a = makeTgz(join(dir, 'go.tar.gz'), tinyGoEntries('go1.0.0'));
    mkdirSync(join(dir, 's', 'go'), { recursive: true });
    writeFileSync(join(dir, 's', 'go', 'keep'), 'mine');
    const err = await extractGoArchive({ archive: a.path, expectedSha256: a.sha256, destDir: join(dir, 's'), job: createJob() }).catch((e) => e);
    expect((err as AppError).code).toBe('INSTALL_TARGET_NOT_OURS');
    expect(readFileSync(join(dir, 's', 'go', 'keep'), 'utf8')).toBe('mine');
  });
  it('extracts a zip (Windows archives) with the same checks', async () => {
    const dir = caseDir();
    const src = join(dir, 'src');
    mkdirSync(join(src, 'go', 'bin'), { recursive: true });
    writeFileSync(join(src, 'go', 'VERSION'), 'go1.0.0\n');
    writeFileSync(join(src, 'go', 'bin', 'go.exe'), 'MZ');
    execFileSync('chmod', ['755', join(src, 'go', 'bin', 'go.exe')]);
    execFileSync('zip', ['-qr', join(dir, 'go.zip'), 'go'], { cwd: src });
    const sha = execFileSync('sha256sum', [join(dir, 'go.zip')], { encoding: 'utf8' }).split(' ')[0]!;
    const r = await extractGoArchive({ archive: join(dir, 'go.zip'), expectedSha256: sha, destDir: join(dir, 's'), job: createJob() });
    expect(readFileSync(join(r.root, 'VERSION'), 'utf8')).toBe('go1.0.0\n');
    expect(statSync(join(r.root, 'bin', 'go.exe')).mode & 0o111).not.toBe(0);
    // a zip with an entry outside go/
    writeFileSync(join(src, 'evil.txt'), 'x');
    execFileSync('zip', ['-q', join(dir, 'evil.zip'), 'go/VERSION', 'evil.txt'], { cwd: src });
    const sha2 = execFileSync('sha256sum', [join(dir, 'evil.zip')], { encoding: 'utf8' }).split(' ')[0]!;
    const err = await extractGoArchive({ archive: join(dir, 'evil.zip'), expectedSha256: sha2, destDir: join(dir, 's2'), job: createJob() }).catch((e) => e);
    expect((err as AppError).code).toBe('INSTALL_ARCHIVE_UNSAFE');
    expect(existsSync(join(dir, 's2'))).toBe(false);
  });
});

describe('the real Go archive', () => {
  let fx: GoFixture;
  let r: ExtractResult;
  const progress: number[] = [];
  beforeAll(async () => {
    fx = await ensureGoFixture();
    const dir = caseDir();
    r = await extractGoArchive({
      archive: fx.archive,
      expectedSha256: fx.sha256,
      destDir: join(dir, 'staging'),
      job: createJob({ onProgress: (p) => progress.push(p.done) }),
    });
  });
  it('unpacks every file in one pass and the go binary runs', () => {
    expect(r.engine).toBe('system-tar');
    expect(r.files).toBeGreaterThan(10_000);
    expect(r.sha256).toBe(fx.sha256);
    const out = execFileSync(join(r.root, 'bin', 'go'), ['version'], { encoding: 'utf8', env: { ...process.env, GOROOT: '', GOTOOLCHAIN: 'local' } });
    expect(out).toContain(fx.version);
    expect(progress.at(-1)).toBe(fx.size);
    // the file list matches what is on disk
    const sample = r.fileList.find((f) => f.path === 'bin/gofmt')!;
    expect(sample.size).toBe(statSync(join(r.root, 'bin', 'gofmt')).size);
    expect(sample.mode & 0o111).not.toBe(0);
  });
});
