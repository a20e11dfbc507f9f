/**
 * The app's own builds on the media: `bundle create --installers DIR` (and the packaged app's
 * resources path through IPC) copy the right electron-builder artifact per target platform under
 * installers/, listed in the manifest, covered by SHA256SUMS and verify, named in README.txt.
 * The artifact names come from electron-builder's own macro expansion of our patterns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/tmp';
import { repoRoot } from '../../../test/support/go-fixture';
import { AppError } from '../../../shared/errors';
import { createJob } from '../jobs';
import { createDispatcher } from '../handlers';
import { createBundle } from './create';

const require = createRequire(import.meta.url);
const parts = require(join(repoRoot, 'build', 'builder-parts.cjs')) as { artifactNames: Record<string, string> };
const { expandMacro } = require('app-builder-lib/out/util/macroExpander') as {
  expandMacro: (pattern: string, arch: string | null, appInfo: object, extra: object) => string;
};
const { Arch, getArtifactArchName } = require('builder-util') as { Arch: Record<string, number>; getArtifactArchName: (arch: number, ext: string) => string };
const pkg = require(join(repoRoot, 'package.json')) as { name: string; productName: string };

function artifact(target: 'linux' | 'nsis' | 'portable' | 'mac', arch: 'x64' | 'arm64' | null, ext: string, version: string): string {
  const appInfo = { name: pkg.name, version, productName: pkg.productName, sanitizedProductName: pkg.productName };
  return expandMacro(parts.artifactNames[target]!, arch == null ? null : getArtifactArchName(Arch[arch]!, ext), appInfo, { ext, os: 'any' });
}

const t = tempDir('gooff-installers-');
afterAll(() => t.remove());
const CLI = join(repoRoot, 'bin', 'go-offline.cjs');

let archives: string[];
let release: string;
const names = {
  appImage: artifact('linux', 'x64', 'AppImage', '0.9.0'),
  deb: artifact('linux', 'x64', 'deb', '0.9.0'),
  oldAppImage: artifact('linux', 'x64', 'AppImage', '0.8.0'),
  armAppImage: artifact('linux', 'arm64', 'AppImage', '0.9.0'),
  nsis: artifact('nsis', 'x64', 'exe', '0.9.0'),
  nsisBoth: artifact('nsis', null, 'exe', '0.9.0'),
  portable: artifact('portable', 'x64', 'exe', '0.9.0'),
  dmgArm: artifact('mac', 'arm64', 'dmg', '0.9.0'),
  dmgX64: artifact('mac', 'x64', 'dmg', '0.9.0'),
};

function fakeArchive(name: string): string {
  const src = join(t.path, 'src', name);
  mkdirSync(join(src, 'go'), { recursive: true });
  writeFileSync(join(src, 'go', 'VERSION'), 'go1.99.4\n');
  const out = join(t.path, 'archives', name);
  mkdirSync(join(t.path, 'archives'), { recursive: true });
  if (name.endsWith('.zip')) writeFileSync(out, Buffer.concat([Buffer.from('PK\x05\x06'), Buffer.alloc(18)])); // an empty zip
  else execFileSync('tar', ['-C', src, '-czf', out, 'go']);
  return out;
}

beforeAll(() => {
  archives = [fakeArchive('go1.99.4.linux-amd64.tar.gz'), fakeArchive('go1.99.4.windows-amd64.zip'), fakeArchive('go1.99.4.darwin-arm64.tar.gz')];
  // an electron-builder output folder: real artifact names, distinct contents, plus what else lands there
  release = join(t.path, 'release');
  mkdirSync(join(release, 'linux-unpacked'), { recursive: true });
  for (const [k, n] of Object.entries(names)) writeFileSync(join(release, n), `${k} build ${n}\n`.repeat(1000));
  writeFileSync(join(release, 'latest-linux.yml'), 'version: 0.9.0\n');
  writeFileSync(join(release, 'builder-debug.yml'), 'x: 1\n');
  writeFileSync(join(release, 'linux-unpacked', 'go-offline-installer'), 'binary');
});

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, HOME: join(t.path, 'home'), GO_OFFLINE_PROBE_URL: 'http://127.0.0.1:1/' } });
}

describe('bundle create --installers DIR', () => {
  it('copies the preferred build per target platform under installers/, listed, summed, verified and in README.txt', () => {
    const out = join(t.path, 'media');
    const r = cli(['bundle', 'create', ...archives.flatMap((a) => ['--archive', a]), '--installers', release, '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    const apps = (result.manifest.files as Array<{ path: string; kind: string; sha256: string; size: number }>).filter((f) => f.kind === 'app');
    // newest version, exact arch before the combined Windows installer, AppImage before deb, dmg for arm64
    expect(apps.map((f) => f.path).sort()).toEqual([`installers/${names.appImage}`, `installers/${names.dmgArm}`, `installers/${names.nsis}`].sort());
    expect(readdirSync(join(out, 'installers')).sort()).toEqual([names.appImage, names.dmgArm, names.nsis].sort());
    for (const f of apps) expect(readFileSync(join(out, f.path), 'utf8')).toBe(readFileSync(join(release, f.path.slice('installers/'.length)), 'utf8'));
    const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8');
    for (const f of apps) expect(sums).toContain(`${f.sha256}  ${f.path}\n`);
    // checked with nothing of ours, and by our verify
    expect(execFileSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).toContain(`${names.appImage}: OK`);
    const v = cli(['bundle', 'verify', out, '--json']);
    expect(v.status, v.stderr).toBe(0);
    const readme = readFileSync(join(out, 'README.txt'), 'utf8');
    expect(readme).toContain(`linux-amd64: installers/${names.appImage}  (make it executable (chmod +x) and run it)`);
    expect(readme).toContain(`windows-amd64: installers/${names.nsis}  (运行安装程序)`);
    expect(readme).toContain(`darwin-arm64: installers/${names.dmgArm}`);
    expect(readme).toContain('go1.99.4 for'); // still the generated README otherwise
    expect(result.manifest.files.find((f: { path: string }) => f.path === 'README.txt').kind).toBe('doc');
    // a changed installer is caught by verify, naming it (exit 2)
    writeFileSync(join(out, 'installers', names.nsis), 'tampered');
    const bad = cli(['bundle', 'verify', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('BUNDLE_TAMPERED');
    expect(bad.stderr).toContain(`installers/${names.nsis}`);
  });

  it('a platform without a build is a warning; a folder without any build is an error (exit 2)', async () => {
    const onlyLinux = join(t.path, 'only-linux');
    mkdirSync(onlyLinux);
    writeFileSync(join(onlyLinux, names.deb), 'deb');
    const res = await createBundle({ archiveFiles: [archives[0]!, archives[1]!], platforms: [], installersDir: onlyLinux, outDir: join(t.path, 'media-partial'), env: { HOME: join(t.path, 'home') }, job: createJob() });
    expect(res.manifest.files.filter((f) => f.kind === 'app').map((f) => f.path)).toEqual([`installers/${names.deb}`]);
    expect(res.warnings.map((w) => w.id)).toEqual(['bundle.installers']);
    expect(res.warnings[0]!.detail.en).toContain('windows-amd64');

    const empty = join(t.path, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'go-offline-installer-notes.txt'), 'x');
    const out = join(t.path, 'media-none');
    const err = await createBundle({ archiveFiles: [archives[0]!], platforms: [], installersDir: empty, outDir: out, env: { HOME: join(t.path, 'home') }, job: createJob() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BUNDLE_NO_INSTALLERS');
    expect((err as AppError).exit).toBe(2);
    expect(existsSync(out)).toBe(false); // refused before anything was written
    const r = cli(['bundle', 'create', '--archive', archives[0]!, '--installers', join(t.path, 'no-such-dir'), '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BUNDLE_NO_INSTALLERS');
  });
});

describe('bundle.create through IPC: installersDir, and the packaged app finds its own builds', () => {
  it('packaged: builds in <appDir>/installers next to resources/ are carried; not packaged: ignored', async () => {
    const appDir = join(t.path, 'Go Offline Installer');
    mkdirSync(join(appDir, 'resources'), { recursive: true });
    mkdirSync(join(appDir, 'installers'));
    writeFileSync(join(appDir, 'installers', names.appImage), 'own appimage');
    const env = { HOME: join(t.path, 'home') };
    const packaged = createDispatcher({ env, packaged: true, resourcesPath: join(appDir, 'resources'), emit: () => {}, log: false });
    const r = await packaged.dispatch('bundle.create', { jobId: randomUUID(), archiveFiles: [archives[0]], outDir: join(t.path, 'media-ipc') });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const files = (r as { ok: true; value: { manifest: { files: Array<{ path: string; kind: string }> } } }).value.manifest.files;
    expect(files.filter((f) => f.kind === 'app').map((f) => f.path)).toEqual([`installers/${names.appImage}`]);
    expect(readFileSync(join(t.path, 'media-ipc', 'installers', names.appImage), 'utf8')).toBe('own appimage');

    const dev = createDispatcher({ env, packaged: false, resourcesPath: join(appDir, 'resources'), emit: () => {}, log: false });
    const d = await dev.dispatch('bundle.create', { jobId: randomUUID(), archiveFiles: [archives[0]], outDir: join(t.path, 'media-dev') });
    expect((d as { ok: true; value: { manifest: { files: Array<{ kind: string }> } } }).value.manifest.files.some((f) => f.kind === 'app')).toBe(false);

    const chosen = await dev.dispatch('bundle.create', { jobId: randomUUID(), archiveFiles: [archives[2]], installersDir: release, outDir: join(t.path, 'media-chosen') });
    expect((chosen as { ok: true; value: { manifest: { files: Array<{ path: string; kind: string }> } } }).value.manifest.files.filter((f) => f.kind === 'app').map((f) => f.path)).toEqual([`installers/${names.dmgArm}`]);
  });
});
