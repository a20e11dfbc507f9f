import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACT_STEM, findInstallerBuilds, installerDirsFor, installersFor, parseArtifactName, pickInstallerFor, type InstallerBuild } from './index';

const require = createRequire(import.meta.url);
const root = join(__dirname, '..', '..', '..');
const parts = require(join(root, 'build', 'builder-parts.cjs')) as { artifactNames: Record<string, string> };
// electron-builder's own expansion of artifact names, so the parser is checked against real names
const { expandMacro } = require('app-builder-lib/out/util/macroExpander') as {
  expandMacro: (pattern: string, arch: string | null, appInfo: object, extra: object) => string;
};
const { Arch, getArtifactArchName } = require('builder-util') as { Arch: Record<string, number>; getArtifactArchName: (arch: number, ext: string) => string };
const pkg = require(join(root, 'package.json')) as { name: string; productName: string };

function artifact(pattern: string, arch: 'x64' | 'arm64' | null, ext: string, version = '0.1.0'): string {
  const appInfo = { name: pkg.name, version, productName: pkg.productName, sanitizedProductName: pkg.productName };
  return expandMacro(pattern, arch == null ? null : getArtifactArchName(Arch[arch]!, ext), appInfo, { ext, os: 'any' });
}

/** every artifact a full build of every platform makes, with the kind each must parse to */
function allArtifacts(version = '0.1.0') {
  const out: Array<{ file: string; os: string; arch: string; kind: string }> = [];
  for (const arch of ['x64', 'arm64'] as const) {
    for (const ext of ['AppImage', 'deb', 'rpm', 'tar.gz'] as const) out.push({ file: artifact(parts.artifactNames.linux!, arch, ext, version), os: 'linux', arch, kind: ext });
    out.push({ file: artifact(parts.artifactNames.nsis!, arch, 'exe', version), os: 'windows', arch, kind: 'nsis' });
    out.push({ file: artifact(parts.artifactNames.portable!, arch, 'exe', version), os: 'windows', arch, kind: 'portable' });
    for (const ext of ['dmg', 'zip'] as const) out.push({ file: artifact(parts.artifactNames.mac!, arch, ext, version), os: 'darwin', arch, kind: ext });
  }
  // NSIS and portable with both arches in one file: electron-builder drops "-${arch}"
  out.push({ file: artifact(parts.artifactNames.nsis!, null, 'exe', version), os: 'windows', arch: 'universal', kind: 'nsis' });
  out.push({ file: artifact(parts.artifactNames.portable!, null, 'exe', version), os: 'windows', arch: 'universal', kind: 'portable' });
  return out;
}

describe('artifact names', () => {
  it('the stem is package.json "name", as electron-builder writes ${name}', () => {
    expect(ARTIFACT_STEM).toBe(pkg.name);
  });

  it('parses every name electron-builder makes from our artifactName patterns', () => {
    const all = allArtifacts();
    expect(all.map((a) => a.file)).toContain('go-offline-installer-0.1.0-linux-amd64.deb');
    expect(all.map((a) => a.file)).toContain('go-offline-installer-0.1.0-linux-x86_64.AppImage');
    expect(all.map((a) => a.file)).toContain('go-offline-installer-0.1.0-win-setup.exe');
    for (const a of all) {
      expect(parseArtifactName(a.file), a.file).toMatchObject({ os: a.os, arch: a.arch, kind: a.kind, version: '0.1.0', file: a.file });
    }
    expect(new Set(all.map((a) => a.file)).size).toBe(all.length); // no two targets collide
  });

  it('keeps pre-release versions and rejects other files', () => {
    expect(parseArtifactName('go-offline-installer-1.2.0-rc.1-linux-arm64.AppImage')).toMatchObject({ version: '1.2.0-rc.1', arch: 'arm64', kind: 'AppImage' });
    for (const f of [
      'go-offline-installer-0.1.0-linux-x64.tar.gz.blockmap',
      'go-offline-installer-0.1.0-win-x64-setup.exe.blockmap',
      'latest-linux.yml',
      'other-app-0.1.0-linux-x64.deb',
      'go-offline-installer-0.1.0-linux-x64.exe',
      'go-offline-installer-0.1.0-mac-arm64-setup.dmg',
      'go-offline-installer-0.1.0-win-x64.zip',
      'Go Offline Installer-0.1.0.AppImage',
    ]) {
      expect(parseArtifactName(f), f).toBeNull();
    }
  });
});

describe('findInstallerBuilds and pickInstallerFor on real files', () => {
  let dir: string;
  const sizes = new Map<string, number>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gooffline-installers-'));
    // a packaged Linux app on the media: <dir>/app/resources, its installers next to it
    await mkdir(join(dir, 'app', 'resources'), { recursive: true });
    await mkdir(join(dir, 'installers', 'linux'), { recursive: true });
    await mkdir(join(dir, 'installers', 'windows'), { recursive: true });
    await mkdir(join(dir, 'other'), { recursive: true });
    await mkdir(join(dir, 'release', 'linux-unpacked'), { recursive: true });
    let n = 1;
    const put = async (rel: string) => {
      const body = Buffer.alloc(100 + n++);
      await writeFile(join(dir, rel), body);
      sizes.set(join(dir, rel), body.length);
    };
    for (const a of allArtifacts()) {
      const sub = a.os === 'linux' ? 'installers/linux' : a.os === 'windows' ? 'installers/windows' : 'installers';
      await put(`${sub}/${a.file}`);
    }
    await put('other/go-offline-installer-0.0.9-linux-x86_64.AppImage'); // older
    await put('other/go-offline-installer-0.2.0-rc.1-linux-arm64.AppImage'); // newer pre-release
    await put('installers/go-offline-installer-0.1.0-linux-x64.tar.gz.blockmap');
    await put('installers/notes.txt');
    await put('release/linux-unpacked/go-offline-installer-9.9.9-linux-x64.tar.gz'); // inside an unpacked app: ignored
    await mkdir(join(dir, 'installers', 'go-offline-installer-0.1.0-linux-x64.deb')); // a folder with an artifact name
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds every artifact next to a packaged app, with real sizes, and nothing else', async () => {
    const builds = await findInstallerBuilds({ resourcesPath: join(dir, 'app', 'resources'), env: {} });
    expect(builds).toHaveLength(allArtifacts().length);
    for (const b of builds) {
      expect(b.size).toBe(sizes.get(b.path));
      expect(b.version).toBe('0.1.0');
    }
    // sorted by os, arch, preferred kind
    expect(builds[0]).toMatchObject({ os: 'darwin', arch: 'arm64', kind: 'dmg' });
    const linuxX64 = builds.filter((b) => b.os === 'linux' && b.arch === 'x64').map((b) => b.kind);
    expect(linuxX64).toEqual(['AppImage', 'deb', 'rpm', 'tar.gz']);
  });

  it('searches given folders one level deep, skipping *-unpacked, each file once', async () => {
    const builds = await findInstallerBuilds({ searchDirs: [dir, join(dir, 'installers'), join(dir, 'missing')], env: {} });
    expect(builds.some((b) => b.path.includes('linux-unpacked'))).toBe(false);
    expect(new Set(builds.map((b) => b.path)).size).toBe(builds.length);
    // <dir>/other and <dir>/installers (one level), not <dir>/installers/linux from <dir> (two levels) — but
    // <dir>/installers was given too, so its subfolders count
    expect(builds.filter((b) => b.path.includes('/other/'))).toHaveLength(2);
    expect(builds.filter((b) => b.os === 'linux')).toHaveLength(8 + 2);
  });

  it('includes the running AppImage or portable exe (APPIMAGE, PORTABLE_EXECUTABLE_FILE)', async () => {
    const appImage = join(dir, 'other', 'go-offline-installer-0.0.9-linux-x86_64.AppImage');
    const r = installerDirsFor('/tmp/.mount_abc/resources', { APPIMAGE: appImage });
    expect(r.files).toEqual([appImage]);
    expect(r.dirs).toContain(join(dir, 'other', 'installers'));
    const builds = await findInstallerBuilds({ resourcesPath: '/nonexistent/.mount_x/resources', env: { APPIMAGE: appImage } });
    expect(builds.map((b) => b.path)).toEqual([appImage]);
  });

  it('looks next to the .app bundle on macOS', () => {
    const r = installerDirsFor('/Volumes/USB/Go Offline Installer.app/Contents/Resources', {});
    expect(r.dirs).toEqual(['/Volumes/USB/Go Offline Installer.app/Contents/Resources/installers', '/Volumes/USB/installers']);
  });

  it('maps Go platforms to electron-builder arches and picks the best build', async () => {
    const builds = await findInstallerBuilds({ searchDirs: [join(dir, 'installers'), join(dir, 'other')], env: {} });
    const pick = (p: string, kinds?: InstallerBuild['kind'][]) => pickInstallerFor(builds, p, kinds);
    expect(pick('linux-amd64')).toMatchObject({ os: 'linux', arch: 'x64', kind: 'AppImage', version: '0.1.0' });
    // the newest version wins, even a pre-release
    expect(pick('linux-arm64')).toMatchObject({ arch: 'arm64', kind: 'AppImage', version: '0.2.0-rc.1' });
    expect(pick('linux-amd64', ['deb'])?.file).toBe('go-offline-installer-0.1.0-linux-amd64.deb');
    expect(pick('linux-arm64', ['rpm'])?.file).toBe('go-offline-installer-0.1.0-linux-aarch64.rpm');
    expect(pick('linux-amd64', ['tar.gz'])?.file).toBe('go-offline-installer-0.1.0-linux-x64.tar.gz');
    // the exact arch before the combined installer
    expect(pick('windows-amd64')).toMatchObject({ os: 'windows', arch: 'x64', kind: 'nsis' });
    expect(pick('windows-arm64', ['portable'])).toMatchObject({ arch: 'arm64', kind: 'portable' });
    expect(pick('darwin-arm64')).toMatchObject({ os: 'darwin', arch: 'arm64', kind: 'dmg' });
    expect(pick('darwin-amd64', ['zip'])).toMatchObject({ arch: 'x64', kind: 'zip' });
    // platforms we do not build for
    for (const p of ['linux-386', 'linux-armv6l', 'freebsd-amd64', 'windows-386', 'linux', 'nonsense']) expect(pick(p), p).toBeNull();
    // only a universal Windows installer left: it serves both arches
    const universal = builds.filter((b) => b.os === 'windows' && b.arch === 'universal');
    expect(pickInstallerFor(universal, 'windows-arm64')).toMatchObject({ arch: 'universal', kind: 'nsis' });
    expect(installersFor(universal, 'windows-amd64').map((b) => b.kind)).toEqual(['nsis', 'portable']);
    expect(pickInstallerFor([], 'linux-amd64')).toBeNull();
  });
});
