/**
 * Issue 13 items 1, 2 and 12 (modes): archives crafted byte by byte that GNU tar and node-tar read
 * differently from a naive header walk, link chains that leave the tree, world-writable modes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { checkExtractedTree, extractGoArchive } from './extract';
import { TarGuard } from './tar-guard';
import { makeTar, makeTgz, tinyGoEntries, type TarEntry } from './test-helpers';

const tmp = tempDir('gooff-hostile-tar-');
afterAll(() => tmp.remove());

let n = 0;
function caseDir(): string {
  const d = join(tmp.path, `case-${++n}`);
  mkdirSync(join(d, 'outside'), { recursive: true });
  return d;
}

/** tar bytes of entries, without the end-of-archive blocks: to hide inside another entry's data */
function innerTar(entries: TarEntry[]): Buffer {
  const t = makeTar(entries);
  return t.subarray(0, t.length - 1024);
}

async function extract(entries: TarEntry[], engine?: 'system-tar' | 'node-tar') {
  const dir = caseDir();
  const a = makeTgz(join(dir, 'evil.tar.gz'), entries);
  const dest = join(dir, 'staging');
  const r = await extractGoArchive({ archive: a.path, expectedSha256: a.sha256, destDir: dest, job: createJob(), engine }).catch((e: unknown) => e);
  return { dir, dest, r };
}

async function expectUnsafe(entries: TarEntry[], engine: 'system-tar' | 'node-tar', reason?: RegExp) {
  const { dir, dest, r } = await extract(entries, engine);
  expect(r).toBeInstanceOf(AppError);
  expect((r as AppError).code).toBe('INSTALL_ARCHIVE_UNSAFE');
  if (reason) expect(String((r as AppError).params.reason)).toMatch(reason);
  expect(existsSync(dest)).toBe(false);
  expect(readdirSync(join(dir, 'outside'))).toEqual([]);
  return r as AppError;
}

describe.each(['system-tar', 'node-tar'] as const)('tar smuggling and link chains (%s)', (engine) => {
  it('a file header named "go/carrier/" whose data holds set-uid, device, fifo and absolute-link headers is refused', async () => {
    const hidden = innerTar([
      { name: 'go/bin/suid-root', body: '#!/bin/sh\nid\n', mode: 0o4755 },
      { name: 'go/dev-null', type: '3' },
      { name: 'go/fifo', type: '6' },
      { name: 'go/abs', type: '2', linkname: '/etc/passwd' },
    ]);
    const e = await expectUnsafe([...tinyGoEntries('go1.0.0'), { name: 'go/carrier/', type: '0', body: hidden }], engine, /folder/);
    expect(e.params.entry).toBe('go/carrier/');
  });

  it('a carrier that replaces go/bin/go after it was hashed is refused', async () => {
    const hidden = innerTar([{ name: 'go/bin/go', body: '#!/bin/sh\necho pwned\n', mode: 0o755 }]);
    await expectUnsafe([...tinyGoEntries('go1.0.0'), { name: 'go/carrier/', body: hidden }], engine);
  });

  it('old-style file headers (type NUL) and "/." names that tar reads as folders are refused', async () => {
    const hidden = innerTar([{ name: 'go/fifo', type: '6' }]);
    await expectUnsafe([...tinyGoEntries('go1.0.0'), { name: 'go/carrier/', type: '\0', body: hidden }], engine);
    await expectUnsafe([...tinyGoEntries('go1.0.0'), { name: 'go/carrier/.', body: hidden }], engine);
  });

  it('go/d -> . then go/e -> d/d/../../outside (each inside on paper) is refused', async () => {
    const e = await expectUnsafe(
      [...tinyGoEntries('go1.0.0'), { name: 'go/d', type: '2', linkname: '.' }, { name: 'go/e', type: '2', linkname: 'd/d/d/../../../outside' }],
      engine,
      /link pointing outside/,
    );
    expect(e.params.entry).toBe('go/e');
  });

  it('a chain whose earlier link is sent outside by a later one is refused', async () => {
    // go/e looks fine when it arrives (go/d is not a link yet); go/d -> . makes it leave the tree
    await expectUnsafe(
      [...tinyGoEntries('go1.0.0'), { name: 'go/e', type: '2', linkname: 'd/d/../../outside' }, { name: 'go/d', type: '2', linkname: '.' }],
      engine,
      /link pointing outside/,
    );
  });

  it('a link loop is refused; plain in-tree links and chains that stay inside are kept', async () => {
    await expectUnsafe([...tinyGoEntries('go1.0.0'), { name: 'go/a', type: '2', linkname: 'b' }, { name: 'go/b', type: '2', linkname: 'a' }], engine);
    const { r } = await extract(
      [...tinyGoEntries('go1.0.0'), { name: 'go/lib', type: '2', linkname: 'src' }, { name: 'go/lib2', type: '2', linkname: 'lib/../bin' }, { name: 'go/d', type: '2', linkname: '.' }],
      engine,
    );
    expect(r).not.toBeInstanceOf(Error);
    const root = (r as { root: string }).root;
    expect(lstatSync(join(root, 'lib2')).isSymbolicLink()).toBe(true);
  });

  it('world-writable and set-id modes in the archive are cleared (files and folders)', async () => {
    const { r } = await extract(
      [
        { name: 'go/', type: '5', mode: 0o777 },
        { name: 'go/VERSION', body: 'go1.0.0\n', mode: 0o666 },
        { name: 'go/bin/', type: '5', mode: 0o2777 },
        { name: 'go/bin/go', body: '#!/bin/sh\necho go version go1.0.0 linux/amd64\n', mode: 0o6777 },
        { name: 'go/implied/deep/file', body: 'x', mode: 0o646 },
      ],
      engine,
    );
    expect(r).not.toBeInstanceOf(Error);
    const root = (r as { root: string; fileList: Array<{ path: string; mode: number }> }).root;
    expect(statSync(join(root, 'VERSION')).mode & 0o7777).toBe(0o644);
    expect(statSync(join(root, 'bin', 'go')).mode & 0o7777).toBe(0o755);
    for (const d of ['', 'bin', 'implied', 'implied/deep']) expect(statSync(join(root, d)).mode & 0o7022).toBe(0);
    expect((r as { fileList: Array<{ path: string; mode: number }> }).fileList.find((f) => f.path === 'bin/go')!.mode).toBe(0o755);
  });
});

describe('the extracted tree is checked against what the guard accepted', () => {
  it('a planted fifo, a swapped bin/go, an extra file or a changed link target are found', async () => {
    const entries = [...tinyGoEntries('go1.0.0'), { name: 'go/lib', type: '2', linkname: 'src' }];
    const fresh = async () => {
      const { r } = await extract(entries);
      const root = (r as { root: string }).root;
      const guard = new TarGuard();
      guard.resume();
      const dir = join(root, '..', '..');
      await new Promise<void>((res, rej) => guard.on('finish', res).on('error', rej).end(gunzipSync(readFileSync(join(dir, 'evil.tar.gz')))));
      await checkExtractedTree(root, 'go', guard); // as extracted: fine
      return { root, guard };
    };
    const tamper: Array<(root: string) => void> = [
      (root) => execFileSync('mkfifo', [join(root, 'src', 'fifo')]),
      (root) => writeFileSync(join(root, 'bin', 'go'), '#!/bin/sh\necho go version go1.0.0 linux/am64\n'),
      (root) => writeFileSync(join(root, 'extra'), 'x'),
      (root) => (rmSync(join(root, 'lib')), symlinkSync('bin', join(root, 'lib'))),
    ];
    for (const t of tamper) {
      const { root, guard } = await fresh();
      t(root);
      const e = await checkExtractedTree(root, 'go', guard).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toMatch(/not-accepted/);
    }
  });
});
