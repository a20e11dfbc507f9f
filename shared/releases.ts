/** Types of step 2 (catalog) and step 3 (download), shared by the engine, UI and bundle export. */

/** One file of the official listing (`go.dev/dl/?mode=json&include=all`), fields as published. */
export interface ReleaseFile {
  filename: string;
  os: string;
  arch: string;
  version: string;
  sha256: string;
  size: number;
  kind: 'archive' | 'installer' | 'source' | string;
}

export interface Release {
  version: string;
  stable: boolean;
  files: ReleaseFile[];
}

export type SignatureStatus = 'verified' | 'not-published' | 'bad' | 'not-checked';

/** A file that step 3 downloaded and verified (its SHA-256 matched the listing). */
export interface DownloadedFile {
  file: ReleaseFile;
  /** absolute path of the verified file under its final name */
  path: string;
  sha256: string;
  size: number;
  /** absolute path of the detached signature, when one was published and fetched */
  signaturePath?: string;
  signature: SignatureStatus;
  /** fingerprint of the key that verified the signature */
  keyFingerprint?: string;
  /** the URL the bytes finally came from */
  url: string;
}

/** The release listing as loaded by step 2, with where and when it came from. */
export interface Catalog {
  releases: Release[];
  /** the mirror base URL, listing file path, or "cache:<source>" it came from */
  source: string;
  /** when the listing was fetched from its source (ISO time); older than now when fromCache */
  fetchedAt: string;
  fromCache: boolean;
}

/** stable: in the two newest stable minor lines; archived: older stable; unstable: beta/rc. */
export type ReleaseStatus = 'stable' | 'unstable' | 'archived';

/** One release as the "Choose version" step shows it. */
export interface ReleaseSummary {
  version: string;
  status: ReleaseStatus;
  /** "os-arch" of every archive in the release, e.g. ["darwin-arm64", "linux-amd64"] */
  platforms: string[];
  /** true when any archive lacks a SHA-256 (refused unless the user accepts the risk) */
  missingSha256: boolean;
}

/** Releases of one minor line ("go1.22"), newest first. */
export interface ReleaseGroup {
  line: string;
  status: ReleaseStatus;
  releases: ReleaseSummary[];
}

/** "os-arch" of a listing file ("linux-amd64"). */
export function platformOf(f: Pick<ReleaseFile, 'os' | 'arch'>): string {
  return `${f.os}-${f.arch}`;
}

/** A mirror base (listing at `base?mode=json&include=all`, files at `base<filename>`) with a trailing slash. */
export function normalizeMirror(base: string): string {
  const u = base.trim();
  return u.endsWith('/') ? u : `${u}/`;
}

/** One go.mod or go.work read for its `go` and `toolchain` lines. */
export interface GoModFile {
  /** absolute path */
  path: string;
  kind: 'go.mod' | 'go.work';
  /** the `go` line, e.g. "1.22" or "1.22.3" (null when absent) */
  go: string | null;
  /** the `toolchain` line, e.g. "go1.22.5" (null when absent or "default") */
  toolchain: string | null;
}

/** A Go project folder the user pointed at, with the files that state its Go needs. */
export interface GoProject {
  dir: string;
  /** go.work first (if any), then go.mod files (the folder's own and those listed by `use`) */
  files: GoModFile[];
}
