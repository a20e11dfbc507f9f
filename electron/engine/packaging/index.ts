/**
 * Builds of the app itself (electron-builder artifacts) for the media-export step: when the app
 * runs packaged, the bundle can carry the right installer of Go Offline Installer for the target
 * platform. Recognises the artifact names made by electron-builder.config.cjs
 * (build/builder-parts.cjs `artifactNames`):
 *
 *   go-offline-installer-<version>-linux-<arch>.{AppImage,deb,rpm,tar.gz}
 *   go-offline-installer-<version>-win-<arch>-setup.exe        (NSIS; no <arch>: x64 + arm64 in one)
 *   go-offline-installer-<version>-win-<arch>-portable.exe     (portable; same)
 *   go-offline-installer-<version>-mac-<arch>.{dmg,zip}
 *
 * <arch> is electron-builder's name for the file type: x64 is written x86_64 (AppImage, rpm) or
 * amd64 (deb). Plain Node: never imports electron.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export type InstallerKind = 'AppImage' | 'deb' | 'rpm' | 'tar.gz' | 'nsis' | 'portable' | 'dmg' | 'zip';

export interface InstallerBuild {
  /** Go's GOOS: linux, windows, darwin */
  os: string;
  /** electron-builder's arch: x64, arm64, or universal (one file for x64 and arm64) */
  arch: string;
  path: string;
  kind: InstallerKind;
  size: number;
  /** the app version in the file name */
  version: string;
  /** the file name */
  file: string;
}

/** The file-name stem of every artifact: package.json "name" (electron-builder's ${name}). */
export const ARTIFACT_STEM = 'go-offline-installer';

/** Go arch → electron-builder arch (only the architectures we build). */
export const GO_TO_BUILDER_ARCH: Readonly<Record<string, string>> = { amd64: 'x64', arm64: 'arm64' };
/** electron-builder arch as written in file names → its canonical name */
const ARCH_ALIASES: Readonly<Record<string, string>> = { x64: 'x64', x86_64: 'x64', amd64: 'x64', arm64: 'arm64', aarch64: 'arm64', universal: 'universal' };
const OS_NAMES: Readonly<Record<string, string>> = { linux: 'linux', win: 'windows', mac: 'darwin' };

/** Preferred kinds per OS, best first: installs without root / a double-click away. */
export const KIND_PREFERENCE: Readonly<Record<string, readonly InstallerKind[]>> = {
  linux: ['AppImage', 'deb', 'rpm', 'tar.gz'],
  windows: ['nsis', 'portable'],
  darwin: ['dmg', 'zip'],
};

const NAME_RE = new RegExp(
  `^${ARTIFACT_STEM}-(\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.]+(?:-[0-9A-Za-z.]+)*)?)-(linux|win|mac)` +
    `(?:-(x64|x86_64|amd64|arm64|aarch64|universal))?(?:-(setup|portable))?\\.(AppImage|deb|rpm|tar\\.gz|exe|dmg|zip)$`,
);

/** Parses an artifact file name; null when it is not one of ours. */
export function parseArtifactName(file: string): Omit<InstallerBuild, 'path' | 'size'> | null {
  const m = NAME_RE.exec(file);
  if (!m) return null;
  const [, version, osTag, archTag, variant, ext] = m as unknown as [string, string, string, string | undefined, string | undefined, string];
  const os = OS_NAMES[osTag]!;
  const arch = archTag ? ARCH_ALIASES[archTag]! : 'universal';
  let kind: InstallerKind | null = null;
  if (os === 'linux' && !variant && (ext === 'AppImage' || ext === 'deb' || ext === 'rpm' || ext === 'tar.gz')) kind = ext;
  else if (os === 'windows' && ext === 'exe' && variant) kind = variant === 'setup' ? 'nsis' : 'portable';
  else if (os === 'darwin' && !variant && (ext === 'dmg' || ext === 'zip')) kind = ext;
  if (!kind) return null;
  return { os, arch, kind, version, file };
}

/** Where a packaged app keeps its own installers: `installers/` in and next to the app. */
export function installerDirsFor(resourcesPath: string, env: NodeJS.ProcessEnv = process.env): { dirs: string[]; files: string[] } {
  const res = resolve(resourcesPath);
  const dirs = [join(res, 'installers')];
  // macOS: <X.app>/Contents/Resources → next to X.app; Linux/Windows: <appDir>/resources → in and next to appDir
  const macApp = /\.app$/i.test(dirname(dirname(res))) ? dirname(dirname(res)) : null;
  const appDir = macApp ?? dirname(res);
  if (!macApp) dirs.push(join(appDir, 'installers'));
  dirs.push(join(dirname(appDir), 'installers'));
  const files: string[] = [];
  // the AppImage and the portable exe run from a temporary copy; these name the real file
  if (env.APPIMAGE) {
    files.push(env.APPIMAGE);
    dirs.push(join(dirname(env.APPIMAGE), 'installers'));
  }
  if (env.PORTABLE_EXECUTABLE_FILE) {
    files.push(env.PORTABLE_EXECUTABLE_FILE);
    dirs.push(join(dirname(env.PORTABLE_EXECUTABLE_FILE), 'installers'));
  }
  return { dirs, files };
}

async function statFile(p: string) {
  const st = await stat(p).catch(() => null);
  return st?.isFile() ? st : null;
}

/**
 * Finds our installers in `searchDirs` (each folder and its direct subfolders) and, given
 * `resourcesPath` (process.resourcesPath of the packaged app), in the `installers/` folders in and
 * next to the app, plus the running AppImage / portable exe itself. Missing folders are ignored.
 * Sorted by OS, arch, preferred kind, newest version first; each file once.
 */
export async function findInstallerBuilds(opts: { resourcesPath?: string; searchDirs?: string[]; env?: NodeJS.ProcessEnv }): Promise<InstallerBuild[]> {
  const dirs = [...(opts.searchDirs ?? [])].map((d) => resolve(d));
  const files: string[] = [];
  if (opts.resourcesPath) {
    const own = installerDirsFor(opts.resourcesPath, opts.env ?? process.env);
    dirs.push(...own.dirs);
    files.push(...own.files);
  }
  const candidates = new Set(files.map((f) => resolve(f)));
  const scanned = new Map<string, number>(); // folder → the depth it was scanned with
  const scan = async (dir: string, depth: number) => {
    if ((scanned.get(dir) ?? -1) >= depth) return;
    scanned.set(dir, depth);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth > 0 && !e.name.endsWith('-unpacked') && !e.name.endsWith('.app')) await scan(p, depth - 1);
      } else if (NAME_RE.test(e.name)) candidates.add(p);
    }
  };
  for (const d of dirs) await scan(d, 1);

  const builds: InstallerBuild[] = [];
  for (const p of candidates) {
    const parsed = parseArtifactName(basename(p));
    if (!parsed) continue;
    const st = await statFile(p);
    if (!st) continue;
    builds.push({ ...parsed, path: p, size: st.size });
  }
  return builds.sort(compareBuilds);
}

function compareVersions(a: string, b: string): number {
  const [ma, pa] = splitVersion(a);
  const [mb, pb] = splitVersion(b);
  for (let i = 0; i < 3; i++) if (ma[i] !== mb[i]) return ma[i]! - mb[i]!;
  if (pa === pb) return 0;
  if (!pa) return 1; // a release is newer than its pre-releases
  if (!pb) return -1;
  return pa < pb ? -1 : 1;
}

function splitVersion(v: string): [number[], string] {
  const i = v.indexOf('-');
  const core = (i < 0 ? v : v.slice(0, i)).split('.').map(Number);
  return [core, i < 0 ? '' : v.slice(i + 1)];
}

function kindRank(b: InstallerBuild): number {
  const order = KIND_PREFERENCE[b.os] ?? [];
  const i = order.indexOf(b.kind);
  return i < 0 ? order.length : i;
}

function compareBuilds(a: InstallerBuild, b: InstallerBuild): number {
  return a.os.localeCompare(b.os) || a.arch.localeCompare(b.arch) || kindRank(a) - kindRank(b) || -compareVersions(a.version, b.version) || a.path.localeCompare(b.path);
}

/**
 * Every build that runs on a Go platform ("linux-amd64", "windows-arm64", "darwin-arm64"), best
 * first: newest version, then the exact arch before a universal file, then the preferred kind
 * (or the order of `kinds` when given, which also filters).
 */
export function installersFor(builds: readonly InstallerBuild[], platform: string, kinds?: readonly InstallerKind[]): InstallerBuild[] {
  const [goos, goarch] = platform.split('-') as [string, string | undefined];
  const arch = goarch ? GO_TO_BUILDER_ARCH[goarch] : undefined;
  if (!arch) return [];
  const rank = (b: InstallerBuild) => {
    const order = kinds ?? KIND_PREFERENCE[b.os] ?? [];
    return order.indexOf(b.kind);
  };
  return builds
    .filter((b) => b.os === goos && (b.arch === arch || b.arch === 'universal') && rank(b) >= 0)
    .sort((a, b) => -compareVersions(a.version, b.version) || (a.arch === arch ? 0 : 1) - (b.arch === arch ? 0 : 1) || rank(a) - rank(b) || a.path.localeCompare(b.path));
}

/** The one build to copy for a Go platform (see installersFor), or null when there is none. */
export function pickInstallerFor(builds: readonly InstallerBuild[], platform: string, kinds?: readonly InstallerKind[]): InstallerBuild | null {
  return installersFor(builds, platform, kinds)[0] ?? null;
}
