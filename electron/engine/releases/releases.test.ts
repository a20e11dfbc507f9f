import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertProjectsSatisfied,
  catalogAgeSeconds,
  catalogSources,
  checkProjects,
  checkTargets,
  findRelease,
  groupReleases,
  loadCatalog,
  platformsFromProfiles,
  readGoProject,
  selectArchives,
} from './index';
import { AppError } from '../../../shared/errors';
import { OFFICIAL_MIRRORS } from '../../../shared/settings';
import type { Release } from '../../../shared/releases';
import type { EnvReport } from '../../../shared/platform';
import { LISTING, startMirror, type Mirror } from '../../../test/support/http-server';
import { tempDir } from '../../../test/support/tmp';

const sha = (c: string) => c.repeat(64);
function rel(version: string, stable: boolean, platforms: string[], sum = sha('a')): Release {
  return {
    version,
    stable,
    files: [
      { filename: `${version}.src.tar.gz`, os: '', arch: '', version, sha256: sum, size: 10, kind: 'source' },
      ...platforms.flatMap((p) => {
        const [os, arch] = p.split('-');
        const ext = os === 'windows' ? 'zip' : 'tar.gz';
        return [
          { filename: `${version}.${p}.${ext}`, os: os!, arch: arch!, version, sha256: sum, size: 100, kind: 'archive' },
          ...(os === 'windows' ? [{ filename: `${version}.${p}.msi`, os: os!, arch: arch!, version, sha256: sum, size: 100, kind: 'installer' }] : []),
        ];
      }),
    ],
  };
}

/** A listing like the official one: current lines, an archived line, unstable releases, a pre-1.6 release without sha256. */
const LISTING_FIXTURE: Release[] = [
  rel('go1.23rc1', false, ['linux-amd64', 'darwin-arm64']),
  rel('go1.22.5', true, ['linux-amd64', 'linux-arm64', 'linux-armv6l', 'darwin-arm64', 'windows-amd64']),
  rel('go1.22.4', true, ['linux-amd64', 'darwin-arm64']),
  rel('go1.21.12', true, ['linux-amd64', 'windows-amd64']),
  rel('go1.20.14', true, ['linux-amd64', 'windows-386']),
  rel('go1.4.3', true, ['linux-amd64'], ''),
];

const errCode = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'none';
};

describe('loadCatalog', () => {
  let mirror: Mirror;
  let broken: Mirror;
  const temps: Array<ReturnType<typeof tempDir>> = [];
  const home = () => {
    const t = tempDir('gooff-rel-');
    temps.push(t);
    return { HOME: t.path, XDG_CACHE_HOME: '', XDG_CONFIG_HOME: '', path: t.path };
  };
  beforeAll(async () => {
    mirror = await startMirror({ releases: LISTING_FIXTURE });
    broken = await startMirror({ listingBody: '<html><body>Please log in to the proxy</body></html>' });
  });
  afterAll(async () => {
    await mirror.close();
    await broken.close();
  });
  afterEach(() => {
    for (const t of temps.splice(0)) t.remove();
  });

  it('reads the official format from a mirror and caches it', async () => {
    const env = home();
    const c = await loadCatalog({ mirrors: [mirror.baseUrl], env });
    expect(c.fromCache).toBe(false);
    expect(c.source).toBe(mirror.baseUrl);
    expect(c.releases.map((r) => r.version)).toContain('go1.22.5');
    expect(mirror.requestsFor(LISTING).at(-1)!.path).toBe('/dl/?mode=json&include=all');
    // offline: the cache, with its time
    const cached = await loadCatalog({ env, offline: true });
    expect(cached.fromCache).toBe(true);
    expect(cached.fetchedAt).toBe(c.fetchedAt);
    expect(catalogAgeSeconds(cached, Date.parse(c.fetchedAt) + 3_600_000)).toBe(3600);
  });

  it('tries sources in order: a failing mirror, a broken listing (named), then the next', async () => {
    const env = home();
    const good = await startMirror({ releases: LISTING_FIXTURE });
    try {
      mirror.fault(LISTING, { kind: 'status', status: 500 });
      const failed: string[] = [];
      const c = await loadCatalog({ mirrors: [mirror.baseUrl, broken.baseUrl, good.baseUrl], env, onSourceFailed: (s, e) => failed.push(`${s} ${e}`) });
      expect(c.source).toBe(good.baseUrl);
      expect(c.fromCache).toBe(false);
      expect(failed).toHaveLength(2);
      expect(failed[0]).toContain('HTTP 500');
      expect(failed[1]).toContain('web page');
    } finally {
      await good.close();
    }
  });

  it('falls back to the listing file, then to the cache, then fails with what was tried', async () => {
    const env = home();
    const file = join(env.path, 'listing.json');
    writeFileSync(file, JSON.stringify(LISTING_FIXTURE));
    const fromFile = await loadCatalog({ mirrors: [broken.baseUrl], listingFile: file, env });
    expect(fromFile.source).toBe(file);
    const err = await loadCatalog({ mirrors: [broken.baseUrl], env }).catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('RELEASES_UNAVAILABLE');
    // each source by who it is and what it answered, in both languages; the raw text only in the details
    const data = (err as AppError).toData();
    expect(data.cause.en).toContain(`your mirror ${new URL(broken.baseUrl).host}: got a web page instead of the list`);
    expect(data.cause.zh).toContain(`您的镜像 ${new URL(broken.baseUrl).host}：收到的是网页而不是版本列表`);
    expect(data.cause.zh).not.toMatch(/web page|HTML/);
    expect(data.detail).toContain(broken.baseUrl);
    // a good fetch, then every source down: the cache answers
    await loadCatalog({ mirrors: [mirror.baseUrl], env });
    const c = await loadCatalog({ mirrors: [broken.baseUrl], env });
    expect(c.fromCache).toBe(true);
  });

  it('uses the settings mirrors when none are given; offline without cache is explained', async () => {
    const env = home();
    mkdirSync(join(env.path, '.config', 'go-offline'), { recursive: true });
    writeFileSync(join(env.path, '.config', 'go-offline', 'settings.json'), JSON.stringify({ mirrors: [mirror.baseUrl] }));
    const c = await loadCatalog({ env });
    expect(c.source).toBe(mirror.baseUrl);
    await expect(loadCatalog({ env: home(), offline: true })).rejects.toMatchObject({ code: 'RELEASES_OFFLINE_NO_CACHE' });
  });

  it('keeps to a configured mirror: the public Go sites only when the settings allow them, and the error says so', async () => {
    const env = home();
    const dead = 'http://127.0.0.1:1/dl/';
    mkdirSync(join(env.path, '.config', 'go-offline'), { recursive: true });
    const settingsFile = join(env.path, '.config', 'go-offline', 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ mirrors: [dead] }));
    expect(await catalogSources({ env })).toMatchObject({ mirrors: [dead], publicSkipped: true });
    const err = (await loadCatalog({ env }).catch((e: AppError) => e)) as AppError;
    expect(err.code).toBe('RELEASES_UNAVAILABLE');
    const data = err.toData();
    expect(data.cause.en).toContain('your mirror 127.0.0.1:1: refused the connection');
    expect(data.cause.en).toContain('the public Go sites: not tried (your settings use only your mirror)');
    expect(data.cause.zh).toContain('您的镜像 127.0.0.1:1：拒绝连接');
    expect(`${data.cause.en}${data.cause.zh}`).not.toContain('ECONNREFUSED');
    expect(data.detail).toContain('ECONNREFUSED');
    writeFileSync(settingsFile, JSON.stringify({ mirrors: [dead], publicFallback: true }));
    expect(await catalogSources({ env })).toMatchObject({ mirrors: [dead, ...OFFICIAL_MIRRORS], publicSkipped: false });
    // no mirror set: the public Go sites are the sources
    expect(await catalogSources({ env: home() })).toMatchObject({ mirrors: OFFICIAL_MIRRORS, publicSkipped: false });
  });

  it('rejects a mirror that is not an address', async () => {
    await expect(loadCatalog({ mirrors: ['not a url'], env: home() })).rejects.toMatchObject({ code: 'DOWNLOAD_BAD_URL' });
  });
});

describe('catalog helpers', () => {
  const catalog = { releases: LISTING_FIXTURE, source: 'test', fetchedAt: new Date().toISOString(), fromCache: false };

  it('finds releases by either spelling', () => {
    expect(findRelease(catalog, '1.22.5').version).toBe('go1.22.5');
    expect(findRelease(catalog, 'go1.22.5').version).toBe('go1.22.5');
    expect(errCode(() => findRelease(catalog, '1.22.9'))).toBe('RELEASE_NOT_FOUND');
    expect(errCode(() => findRelease(catalog, 'latest'))).toBe('RELEASE_VERSION_INVALID');
  });

  it('selects one archive per platform and names missing and existing platforms', () => {
    const r = findRelease(catalog, '1.22.5');
    const files = selectArchives(r, ['linux-amd64', 'windows-amd64']);
    expect(files.map((f) => f.filename)).toEqual(['go1.22.5.linux-amd64.tar.gz', 'go1.22.5.windows-amd64.zip']);
    try {
      selectArchives(r, ['linux-amd64', 'linux-riscv64', 'freebsd-amd64']);
      throw new Error('no error');
    } catch (e) {
      expect((e as AppError).code).toBe('RELEASE_PLATFORM_MISSING');
      expect((e as AppError).params.missing).toBe('linux-riscv64, freebsd-amd64');
      expect((e as AppError).params.available).toContain('linux-armv6l');
    }
    expect(errCode(() => selectArchives(r, ['linux_amd64']))).toBe('RELEASE_PLATFORM_INVALID');
  });

  it('refuses archives without SHA-256 unless accepted', () => {
    const old = findRelease(catalog, '1.4.3');
    expect(errCode(() => selectArchives(old, ['linux-amd64']))).toBe('RELEASE_NO_SHA256');
    expect(selectArchives(old, ['linux-amd64'], { acceptMissingSha256: true })).toHaveLength(1);
  });

  it('groups by minor line: stable by default, unstable and archived on request', () => {
    const stable = groupReleases(LISTING_FIXTURE);
    expect(stable.map((g) => g.line)).toEqual(['go1.22', 'go1.21']);
    expect(stable[0]!.releases.map((r) => r.version)).toEqual(['go1.22.5', 'go1.22.4']);
    expect(stable[0]!.releases[0]!.platforms).toContain('linux-armv6l');
    const all = groupReleases(LISTING_FIXTURE, { unstable: true, archived: true });
    expect(all.map((g) => [g.line, g.status])).toEqual([
      ['go1.23', 'unstable'],
      ['go1.22', 'stable'],
      ['go1.21', 'stable'],
      ['go1.20', 'archived'],
      ['go1.4', 'archived'],
    ]);
    expect(all.find((g) => g.line === 'go1.4')!.releases[0]!.missingSha256).toBe(true);
    const forArm = groupReleases(LISTING_FIXTURE, { platforms: ['linux-arm64'] });
    expect(forArm.flatMap((g) => g.releases.map((r) => r.version))).toEqual(['go1.22.5']);
  });
});

function profile(over: Partial<EnvReport['host']> = {}, libc: EnvReport['libc'] = { family: 'glibc', version: '2.36' }): EnvReport {
  return {
    schema: 'go-offline/target-profile@1',
    createdAt: '',
    toolVersion: '',
    host: {
      hostname: 'box',
      os: 'linux',
      nodePlatform: 'linux',
      distro: null,
      kernel: '6.1.0',
      osVersion: '6.1.0',
      machine: 'x86_64',
      arch: 'amd64',
      processArch: 'amd64',
      translated: null,
      platform: 'linux-amd64',
      ...over,
    },
    libc,
    user: { name: 'u', uid: 1000, elevated: false, home: '/home/u', shell: null, shellName: null, startupFiles: [] },
    locations: [],
    goInstalls: [],
    gorootEnv: null,
    tempDir: { path: '/tmp', noexec: false, freeBytes: null },
    network: { probed: false, reachable: null, url: '' },
    suggestion: 'offline',
    findings: [],
  };
}

describe('target profile checks', () => {
  const r122 = LISTING_FIXTURE[1]!;
  const r120 = LISTING_FIXTURE[4]!;
  it('passes a matching target and preselects its platform', () => {
    const p = profile();
    expect(platformsFromProfiles([p, profile({ hostname: 'b' })])).toEqual(['linux-amd64']);
    expect(checkTargets(r122, [p]).map((f) => f.id)).toEqual(['target.ok']);
  });
  it('fails for an old Windows and a missing platform; warns for musl before 1.21', () => {
    const win7 = profile({ os: 'windows', osVersion: '6.1.7601', platform: 'windows-amd64' });
    expect(checkTargets(r122, [win7]).map((f) => `${f.id}:${f.verdict}`)).toEqual(['target.os-too-old:fail']);
    expect(checkTargets(r120, [win7]).map((f) => f.id)).toEqual(['target.platform-missing']);
    const alpine = profile({}, { family: 'musl', version: '1.2.4' });
    expect(checkTargets(r120, [alpine]).map((f) => `${f.id}:${f.verdict}`)).toEqual(['target.libc:warn']);
    expect(checkTargets(r122, [alpine]).map((f) => f.id)).toEqual(['target.ok']);
    const oldMac = profile({ os: 'darwin', osVersion: '10.14.6', platform: 'darwin-arm64' });
    expect(checkTargets(r122, [oldMac]).some((f) => f.id === 'target.os-too-old')).toBe(true);
  });
});

describe('Go project checks', () => {
  const temps: Array<ReturnType<typeof tempDir>> = [];
  afterAll(() => temps.forEach((t) => t.remove()));
  function project(files: Record<string, string>): string {
    const t = tempDir('gooff-proj-');
    temps.push(t);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(t.path, name, '..'), { recursive: true });
      writeFileSync(join(t.path, name), text);
    }
    return t.path;
  }

  it('reads go and toolchain lines of go.mod', async () => {
    const dir = project({ 'go.mod': 'module example.com/a\n\ngo 1.22.3 // comment\n\ntoolchain go1.22.5\n\nrequire rsc.io/quote v1.5.2\n' });
    const p = await readGoProject(dir);
    expect(p.files).toEqual([{ path: join(dir, 'go.mod'), kind: 'go.mod', go: '1.22.3', toolchain: 'go1.22.5' }]);
    expect(checkProjects('go1.22.5', [p]).map((f) => f.id)).toEqual(['project.ok']);
    expect(checkProjects('1.22.4', [p]).map((f) => `${f.id}:${f.verdict}`)).toEqual(['project.toolchain-newer:warn']);
    const newer = checkProjects('1.22.4', [p])[0]!;
    expect(newer.detail!.en).toContain('GOTOOLCHAIN=path');
    expect(newer.detail!.en).not.toContain('GOTOOLCHAIN=local');
    expect(newer.fix!.zh).toContain('--side-by-side');
    const fail = checkProjects('go1.21.12', [p]);
    expect(fail.map((f) => `${f.id}:${f.verdict}`)).toEqual(['project.go-too-new:fail']);
    expect(() => assertProjectsSatisfied('go1.21.12', [p])).toThrow(/1\.22\.3/);
    expect(() => assertProjectsSatisfied('go1.22.3', [p])).not.toThrow();
  });

  it('reads go.work and the modules it uses; notes a go line without patch', async () => {
    const dir = project({
      'go.work': 'go 1.21\n\nuse (\n\t./svc\n\t./lib\n)\n',
      'svc/go.mod': 'module svc\n\ngo 1.22.0\n',
      'lib/go.mod': 'module lib\ngo 1.20\n',
    });
    const p = await readGoProject(dir);
    expect(p.files.map((f) => [f.kind, f.go])).toEqual([
      ['go.work', '1.21'],
      ['go.mod', '1.22.0'],
      ['go.mod', '1.20'],
    ]);
    const findings = checkProjects('go1.21.12', [p]);
    expect(findings.filter((f) => f.verdict === 'fail').map((f) => f.evidence?.file)).toEqual([join(dir, 'svc', 'go.mod')]);
    expect(findings.some((f) => f.id === 'project.go-line-no-patch')).toBe(true);
  });

  it('refuses a folder without go.mod', async () => {
    await expect(readGoProject(project({ 'README': 'x' }))).rejects.toMatchObject({ code: 'PROJECT_NOT_GO' });
  });
});
