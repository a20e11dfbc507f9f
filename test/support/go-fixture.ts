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
  const candidates = existsSync('/usr/lib')
    ? readdirSync('/usr/lib')
        .filter((d) => /^go-1\.\d+$/.test(d))
        .sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]))
    : [];
  for (const d of candidates) {
    const root = join('/usr/lib', d);
    if (existsSync(join(root, 'bin', 'go')) && existsSync(join(root, 'VERSION'))) return root;
  }
  throw new Error(
    'No Debian Go toolchain found under /usr/lib/go-1.*: install it with `apt-get install golang-1.19-go` (the .ci/run script does this).',
  );
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function ensureGoFixture(): Promise<GoFixture> {
  const goroot = findDebianGoroot();
  const version = readFileSync(join(goroot, 'VERSION'), 'utf8').split('\n')[0]!.trim();
  const filename = `${version}.linux-amd64.tar.gz`;
  mkdirSync(fixturesDir, { recursive: true });
  const archive = join(fixturesDir, filename);
  const metaPath = join(fixturesDir, `${filename}.json`);
  if (existsSync(archive) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as GoFixture;
    if (meta.size === statSync(archive).size && meta.sourceGoroot === goroot) return { ...meta, archive };
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
  renameSync(tmp, archive);
  const fixture: GoFixture = {
    version,
    filename,
    archive,
    sha256: await sha256File(archive),
    size: statSync(archive).size,
    os: 'linux',
    arch: 'amd64',
    sourceGoroot: goroot,
  };
  writeFileSync(metaPath, JSON.stringify(fixture, null, 2));
  return fixture;
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
