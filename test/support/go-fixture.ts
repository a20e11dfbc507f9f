/**
 * Builds the real Go toolchain fixture used across the test suite and benchmarks: an
 * official-layout `go<ver>.linux-amd64.tar.gz` (top-level `go/`, regular files, no symlinks,
 * owner 0) made from Debian's golang package, plus the listing entry describing it.
 * Built once into `.cache/fixtures/` and reused while its inputs are unchanged.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface GoFixture {
  /** e.g. "go1.19.8" */
  version: string;
  /** e.g. "go1.19.8.linux-amd64.tar.gz" */
  filename: string;
  /** absolute path of the archive */
  archive: string;
  sha256: string;
  size: number;
  os: 'linux';
  arch: 'amd64';
  /** the Debian GOROOT the fixture was made from (usable directly as a Go toolchain) */
  sourceGoroot: string;
}

export const repoRoot = resolve(__dirname, '..', '..');
export const fixturesDir = join(repoRoot, '.cache', 'fixtures');

export function findDebianGoroot(): string {
  const fromEnv = process.env.GO_FIXTURE_GOROOT;
  if (fromEnv) return fromEnv;
  // the main fixture is Debian's Go 1.19 even where newer golang-1.2x packages are installed beside
  // it (the second-version tests use those: ensureExtraGoFixture); else the newest there is
  const candidates = existsSync('/usr/lib')
    ? readdirSync('/usr/lib')
        .filter((d) => /^go-1\.\d+$/.test(d))
        .sort((a, b) => (a === 'go-1.19' ? -1 : b === 'go-1.19' ? 1 : Number(b.split('.')[1]) - Number(a.split('.')[1])))
    : [];
  for (const d of candidates) {
    const root = join('/usr/lib', d);
    if (existsSync(join(root, 'bin', 'go')) && existsSync(join(root, 'VERSION'))) return root;
  }
  throw new Error(
    'No Debian Go toolchain found under /usr/lib/go-1.*: install it with `apt-get install golang-1.19-go` (the .ci/run script does this).',
  );
}

/**
 * Where Debian's golang-1.X-go (+ -src) is: installed (/usr/lib/go-1.X, from bookworm-backports for
 * 1.21 and 1.22, see .ci/run), or unpacked with `dpkg-deb -x` into .cache/debian-go (a machine
 * where installing them system-wide would change other runs' main fixture). Null when neither.
 */
export function findDebianGorootOf(minor: string): string | null {
  for (const root of [join('/usr/lib', `go-${minor}`), join(repoRoot, '.cache', 'debian-go', 'usr', 'lib', `go-${minor}`)]) {
    if (existsSync(join(root, 'bin', 'go')) && existsSync(join(root, 'VERSION')) && existsSync(join(root, 'src', 'runtime'))) return root;
  }
  return null;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function ensureGoFixture(goroot: string = findDebianGoroot()): Promise<GoFixture> {
  const version = readFileSync(join(goroot, 'VERSION'), 'utf8').split('\n')[0]!.trim();
  const filename = `${version}.linux-amd64.tar.gz`;
  mkdirSync(fixturesDir, { recursive: true });
  const archive = join(fixturesDir, filename);
  const metaPath = join(fixturesDir, `${filename}.json`);
  if (existsSync(archive) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as GoFixture;
    // the cache is shared by checkouts: its folders are where they are now, not where it was made
    if (meta.size === statSync(archive).size && meta.version === version) return { ...meta, archive, sourceGoroot: goroot };
  }
  const parent = resolve(goroot, '..');
  const base = goroot.slice(parent.length + 1);
  const tmp = `${archive}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  // GNU tar with --dereference turns Debian's symlinks (src, pkg/include...) into the regular
  // files an official archive has; the transform renames the top-level folder to `go/`.
  execFileSync(
    'tar',
    [
      '-C', parent, '--dereference', '--owner=0', '--group=0', '--numeric-owner', '--sort=name',
      '--transform', `s,^${base.replace(/\./g, '\\.')},go,`,
      '-czf', tmp, base,
    ],
    { stdio: 'inherit' },
  );
  const fixture: GoFixture = {
    version,
    filename,
    archive,
    sha256: await sha256File(tmp),
    size: statSync(tmp).size,
    os: 'linux',
    arch: 'amd64',
    sourceGoroot: goroot,
  };
  const { archive: _a, sourceGoroot: _s, ...meta } = fixture;
  writeFileSync(`${metaPath}.${process.pid}.tmp`, JSON.stringify(meta, null, 2));
  renameSync(tmp, archive);
  renameSync(`${metaPath}.${process.pid}.tmp`, metaPath);
  return fixture;
}

/**
 * A second (and third) real Go for the several-versions tests: go1.21.13 and go1.22.12 archives in
 * the official layout, built like the main fixture from Debian's bookworm-backports packages.
 * Returns the reason instead when the packages are not there (tests print it and skip).
 */
export async function ensureExtraGoFixture(minor: '1.21' | '1.22'): Promise<GoFixture | { missing: string }> {
  const root = findDebianGorootOf(minor);
  if (!root) return { missing: `Debian's golang-${minor}-go is not installed (apt-get install -t bookworm-backports golang-${minor}-go, see .ci/run)` };
  return ensureGoFixture(root);
}

/** A listing entry in the official `go.dev/dl/?mode=json` format for the fixture. */
export function fixtureListingEntry(f: GoFixture) {
  return {
    version: f.version,
    stable: true,
    files: [
      { filename: f.filename, os: f.os, arch: f.arch, version: f.version, sha256: f.sha256, size: f.size, kind: 'archive' },
    ],
  };
}

if (typeof require !== "undefined" && require.main === module) {
  ensureGoFixture().then(
    (f) => console.log(JSON.stringify(f, null, 2)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
