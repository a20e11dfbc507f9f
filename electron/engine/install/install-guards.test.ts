/**
 * Issue 13 items 10, 11 and 12 (install side): a module proxy with no modules, a tree that does not
 * run, a bundle reached through a symlink, audit lines on a full disk.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { installFromBundle } from './index';
import { appendAudit } from './state';
import { makeBundle, makeTgz, mountTmpfs, tinyGoEntries, type TarEntry } from './test-helpers';

const tmp = tempDir('gooff-install-guards-');
afterAll(() => tmp.remove());

function bundleOf(name: string, entries: TarEntry[], extra: Parameters<typeof makeBundle>[2] = {}): string {
  const dir = join(tmp.path, 'bundles', name);
  mkdirSync(dir, { recursive: true });
  const a = makeTgz(join(dir, `${name}.linux-amd64.tar.gz`), entries);
  return makeBundle(join(dir, 'bundle'), [{ archive: a.path, version: name }], extra).dir;
}

function newHome(name: string) {
  const base = join(tmp.path, name);
  const home = join(base, 'home');
  mkdirSync(home, { recursive: true });
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home, SHELL: '/bin/bash', TERM: 'dumb', LANG: 'C.UTF-8' };
  const loginGo = () => spawnSync('bash', ['-lc', 'go version'], { env, encoding: 'utf8' }).stdout.trim();
  return { home, prefix: join(base, 'prefix'), env, loginGo };
}

const profileFiles = (home: string) => Object.fromEntries(['.profile', '.bashrc', '.zshrc', '.zprofile'].map((f) => [f, existsSync(join(home, f)) ? readFileSync(join(home, f), 'utf8') : null]));

describe('a tree that does not run never replaces a working Go (item 11)', () => {
  it.each([
    ['an archive holding only go/VERSION', [{ name: 'go/', type: '5' }, { name: 'go/VERSION', body: 'go9.9.9\n' }], /no bin\/go/],
    ['a bin/go that fails', [{ name: 'go/', type: '5' }, { name: 'go/VERSION', body: 'go9.9.9\n' }, { name: 'go/bin/go', body: '#!/bin/sh\necho broken >&2\nexit 3\n', mode: 0o755 }], /exited with 3: broken/],
    ['a bin/go that is not a program', [{ name: 'go/', type: '5' }, { name: 'go/VERSION', body: 'go9.9.9\n' }, { name: 'go/bin/go', body: 'not a program', mode: 0o644 }], /cannot be started/],
    ['a bin/go that prints something else', [{ name: 'go/', type: '5' }, { name: 'go/VERSION', body: 'go9.9.9\n' }, { name: 'go/bin/go', body: '#!/bin/sh\necho hello\n', mode: 0o755 }], /printed "hello"/],
  ] as Array<[string, TarEntry[], RegExp]>)('%s is refused before the swap; the old Go stays', async (name, entries, reason) => {
    const h = newHome(`runs-${name.replace(/\W+/g, '-')}`);
    await installFromBundle({ bundle: bundleOf('go1.18.0', tinyGoEntries('go1.18.0')), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    expect(h.loginGo()).toBe('go version go1.18.0 linux/amd64');
    const before = profileFiles(h.home);
    const err = await installFromBundle({ bundle: bundleOf(`go9.9.9-${name.length}`, entries), scope: 'user', prefix: h.prefix, env: h.env, job: createJob() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INSTALL_GO_DOES_NOT_RUN');
    expect((err as AppError).exit).toBe(2);
    expect(String((err as AppError).params.reason)).toMatch(reason);
    expect(h.loginGo()).toBe('go version go1.18.0 linux/amd64');
    expect(profileFiles(h.home)).toEqual(before);
    expect(readdirSync(h.prefix).filter((n) => n !== 'go')).toEqual([]);
  });
});

describe('bundles as users have them', () => {
  it('a project without dependencies (empty module proxy) installs, GOPROXY at the empty proxy (item 10)', async () => {
    const h = newHome('empty-proxy');
    const b = bundleOf('go1.18.0', tinyGoEntries('go1.18.0'), { moduleProxy: {} });
    const r = await installFromBundle({ bundle: b, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    expect(r.record.moduleProxy).not.toBeNull();
    expect(readdirSync(r.record.moduleProxy!.path)).toEqual([]);
    expect(spawnSync('bash', ['-lc', 'printenv GOPROXY'], { env: h.env, encoding: 'utf8' }).stdout.trim()).toBe(`file://${r.record.moduleProxy!.path},off`);
    expect(readdirSync(join(r.record.moduleProxy!.path, '..')).filter((n) => n !== 'proxy')).toEqual([]);
  });

  it('--bundle given as a symlink to the bundle folder installs (item 12)', async () => {
    const h = newHome('link');
    const b = bundleOf('go1.18.0', tinyGoEntries('go1.18.0'));
    const link = join(tmp.path, 'bundle-link');
    symlinkSync(b, link);
    const r = await installFromBundle({ bundle: link, scope: 'user', prefix: h.prefix, env: h.env, job: createJob() });
    expect(r.record.version).toBe('go1.18.0');
    expect(h.loginGo()).toBe('go version go1.18.0 linux/amd64');
  });
});

describe('audit lines on a full disk (item 12)', () => {
  it('a line that does not fit is not written at all, and the error names the log', async (ctx) => {
    const small = join(tmp.path, 'tiny-fs');
    if (!mountTmpfs(small, '64k')) return ctx.skip();
    try {
      const log = join(small, 'state', 'audit.jsonl');
      await appendAudit(log, { event: 'first' });
      // fill the disk but for a few hundred bytes
      let filler = 0;
      for (;;) {
        try {
          writeFileSync(join(small, `fill-${filler++}`), Buffer.alloc(4096));
        } catch {
          break;
        }
      }
      let err: unknown = null;
      for (let i = 0; i < 50 && !err; i++) err = await appendAudit(log, { event: 'big', data: 'x'.repeat(3000) }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('NO_SPACE');
      expect(String((err as AppError).params.path)).toBe(log);
      const text = readFileSync(log, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      for (const line of text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      spawnSync('umount', [small]);
    }
  });
});
