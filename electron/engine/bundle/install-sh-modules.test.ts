import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { createJob } from '../jobs';
import { dataDir } from '../paths';
import { makeTgz, tinyGoEntries } from '../install/test-helpers';
import { describeArchive, exportBundle } from './export';

describe('install.sh and the app put the module proxy in one place', () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => {
    t = tempDir('gooff-installsh-mod-');
  });
  afterAll(() => t?.remove());

  it('install.sh copies the proxy to <data>/go-offline/modules/proxy (where the app, diagnose and uninstall look) and points GOPROXY at it', async () => {
    const src = join(t.path, 'src');
    mkdirSync(src);
    const tgz = makeTgz(join(src, 'go1.19.8.linux-amd64.tar.gz'), tinyGoEntries('go1.19.8'));
    const proxyDir = join(t.path, 'proxy');
    mkdirSync(join(proxyDir, 'example.com', 'm', '@v'), { recursive: true });
    writeFileSync(join(proxyDir, 'example.com', 'm', '@v', 'list'), 'v1.0.0\n');
    writeFileSync(join(proxyDir, 'example.com', 'm', '@v', 'v1.0.0.mod'), 'module example.com/m\n');
    const out = join(t.path, 'media');
    await exportBundle({ outDir: out, archives: [await describeArchive(tgz.path)], modules: { proxyDir, moduleCount: 1, size: 0, projects: [] }, job: createJob() });
    const home = join(t.path, 'home');
    mkdirSync(home);
    const env = { HOME: home, PATH: '/usr/bin:/bin', LANG: 'C', TERM: 'dumb' };
    const r = spawnSync('sh', [join(out, 'install.sh'), '--prefix', join(t.path, 'prefix'), '--scope', 'user'], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const where = join(dataDir(env, 'linux'), 'modules', 'proxy');
    expect(where).toBe(join(home, '.local', 'share', 'go-offline', 'modules', 'proxy'));
    expect(readFileSync(join(where, 'example.com', 'm', '@v', 'v1.0.0.mod'), 'utf8')).toBe('module example.com/m\n');
    expect(existsSync(join(home, '.local', 'share', 'go-offline', 'modproxy'))).toBe(false);
    expect(r.stdout + r.stderr).toContain(`module proxy copied to ${where}`);
    const gp = spawnSync('bash', ['-lc', 'printenv GOPROXY'], { env, encoding: 'utf8' });
    expect(gp.stdout.trim()).toBe(`file://${where},off`);
  });
});
