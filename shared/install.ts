import type { BundleSignatureCheck } from './signing';
/**
 * Types of step 5–6 (install and environment) that the UI, verify and diagnose read.
 * The install record is saved as JSON in the state folder (`install-state.json`); the audit log
 * is JSON lines (`audit.jsonl`) next to it. Both go into the support bundle.
 */

export type InstallScope = 'user' | 'system';

/** How Go should find modules on the offline machine. */
export type GoproxyMode = 'off' | 'bundle' | 'keep';

/** The environment choices of the "Configure environment" step. */
export interface EnvironmentChoices {
  /** `bundle`: the bundled module proxy copied locally as `file:///...,off`; `off`: GOPROXY=off;
   *  `keep`: do not set GOPROXY. Default: `bundle` when the bundle has a proxy, else `off`. */
  goproxy?: GoproxyMode;
  /** extra GOFLAGS, e.g. "-mod=mod" */
  goflags?: string;
  /** module path patterns of internal modules (comma separated) for GOPRIVATE / GONOSUMDB */
  goprivate?: string;
  gonosumdb?: string;
  /** GOSUMDB=off: only when the user explicitly chooses it (with the reason shown) */
  gosumdbOff?: boolean;
  /** system scope on Linux/macOS: a `go` link in /usr/local/bin so `sudo go` works */
  sudoLink?: boolean;
  /** which shells get startup blocks (default: the installed ones) */
  shells?: Array<'bash' | 'zsh' | 'fish'>;
  /** comment out GOROOT lines found in the user's startup files (a stale GOROOT breaks go) */
  removeStaleGoroot?: boolean;
}

/** The variables we set, as written into every startup file / registry. */
export interface GoVariables {
  /** folders added to PATH, in order (Go's bin first, then $GOPATH/bin) */
  pathAdd: string[];
  /** GOPATH/bin as the shell should expand it (e.g. `${GOPATH:-$HOME/go}/bin`) */
  gopathBin: string;
  vars: Record<string, string>;
}

/** One change to a file or setting, enough to undo it exactly. */
export interface EnvChange {
  kind: 'block' | 'file' | 'link' | 'registry' | 'goroot-comment';
  /** file path, link path, or registry `HKCU\Environment\Path` */
  target: string;
  /** the file did not exist before we wrote it (uninstall deletes it) */
  created: boolean;
  /** copy of the file taken before our first change */
  backup?: string;
  /** we had to add a line break before the block because the file did not end with one */
  addedLeadingNewline?: boolean;
  /** registry: the value before our change (null: did not exist) */
  before?: { type: string; value: string } | null;
  after?: { type: string; value: string } | null;
  /** goroot-comment: original lines we commented out */
  lines?: string[];
  /** which shell or system reads it */
  readBy: string;
}

export interface InstalledFile {
  /** path relative to GOROOT, forward slashes */
  path: string;
  size: number;
  mode: number;
  type?: 'file' | 'symlink' | 'hardlink';
  sha256?: string;
  linkTarget?: string;
}

/** What every install record (the default's and a side version's) says of the tree it placed. */
export interface InstalledTree {
  platform: string;
  installedAt: string;
  archive: { filename: string; sha256: string; size: number; verified: true };
  /** bundle folder or relay URL it came from */
  source: string;
  files: number;
  bytes: number;
  /** JSON lines of InstalledFile, relative to goroot */
  fileListPath: string;
  auditLog: string;
}

export interface InstallRecord extends InstalledTree {
  schema: 'go-offline/install@1';
  scope: InstallScope;
  /** the folder holding `go/` */
  prefix: string;
  goroot: string;
  version: string;
  /** the install that was in place before, kept aside for rollback */
  previous: { path: string; version: string | null; movedAt: string; record?: Omit<InstallRecord, 'previous'> | null } | null;
  /** the local copy of the bundled module proxy */
  moduleProxy: { path: string; url: string } | null;
  environment: { vars: Record<string, string>; pathAdd: string[]; changes: EnvChange[] };
}

/**
 * A Go version installed beside the default one (`~/sdk/go1.X.Y`, system: `<prefix>/go-versions/`),
 * with its `go1.X.Y` wrapper in the wrappers folder (on PATH when the default Go is 1.21 or newer).
 */
export interface SideVersionRecord extends InstalledTree {
  schema: 'go-offline/side-version@1';
  scope: InstallScope;
  /** the default install's prefix (its lock and journal cover this version too) */
  prefix: string;
  goroot: string;
  version: string;
  /** the `go1.X.Y` wrapper script */
  wrapper: string;
}

/** One line of `go-offline versions`. */
export interface InstalledVersion {
  version: string;
  goroot: string;
  isDefault: boolean;
  /** the wrapper a go.mod asking for this version runs (null for the default one) */
  wrapper: string | null;
  /** ok: the tree's files match the installed-file list; changed / missing; not-checked */
  state: 'ok' | 'changed' | 'missing' | 'not-checked';
  /** what is wrong, in words, when not ok */
  problems: string[];
  /** the same problems in Chinese, one for one (the wizard's Chinese screen) */
  problemsZh: string[];
  files: number;
  installedAt: string;
}

export interface VersionsResult {
  scope: InstallScope;
  prefix: string;
  /** the wrappers folder and whether the environment puts it on PATH (default Go ≥ 1.21) */
  wrappersDir: string;
  onPath: boolean;
  /** GOTOOLCHAIN as the installer wrote it (path, local) */
  gotoolchain: string | null;
  versions: InstalledVersion[];
}

export interface UseResult {
  /** the default version now */
  version: string;
  goroot: string;
  /** where the previous default went (null when the version already was the default) */
  previousDefault: { version: string; goroot: string; wrapper: string } | null;
  changed: boolean;
  /** startup files rewritten (GOTOOLCHAIN changed: the default crossed Go 1.21) */
  environment: string[];
}

export interface SideBySideResult {
  record: SideVersionRecord;
  /** the default install the version sits beside */
  defaultVersion: string;
  /** whether `go` finds the wrapper from PATH now (default Go ≥ 1.21 with GOTOOLCHAIN=path) */
  switchable: boolean;
  timings: { extractSeconds: number; totalSeconds: number };
  chosenFrom?: string[];
  signature?: BundleSignatureCheck;
}

export interface InstallState {
  /** the record of the current install for the scope asked (null when none) */
  current: InstallRecord;
  statePath: string;
  auditLog: string;
}

export interface InstallResult {
  record: InstallRecord;
  /** seconds spent in the one-pass verify+extract, and the swap */
  timings: { extractSeconds: number; swapSeconds: number; totalSeconds: number };
  /** stale GOROOT settings found (and commented out if asked) */
  staleGoroot: Array<{ where: string; value: string; removed: boolean }>;
  /** plain notes for the user, e.g. "open a new terminal" */
  notes: string[];
  /** the command a person can paste to use Go in the current terminal */
  activateHint: string;
  /** user installs with bundled modules: the module cache filled from the bundled proxy */
  modules?: ModuleCacheFill;
  /** the preparer's signature as checked before anything was written */
  signature?: BundleSignatureCheck;
  /** the bundle's versions for this machine when it has several and none was asked for (the newest was installed) */
  chosenFrom?: string[];
}

/** The user's Go module cache filled from the bundled proxy after install (modules/fill.ts). */
export interface ModuleCacheFill {
  /** the module cache (`go env GOMODCACHE`) */
  gomodcache: string;
  /** module versions with a zip in the proxy */
  total: number;
  /** of those, now in the cache */
  ready: number;
  /** versions Go could not take from the proxy (damaged or missing), with Go's error line */
  failed: Array<{ module: string; message: string }>;
  /** set when the fill could not run at all (the install itself is complete) */
  error?: string;
}

export interface RollbackResult {
  goroot: string;
  restoredVersion: string | null;
  removedVersion: string;
}

export interface UninstallResult {
  goroot: string;
  removed: string[];
  restoredFiles: string[];
}

/** One line of the audit log. */
export interface AuditRecord {
  at: string;
  /** e.g. install.start, archive.verified, tree.swap, env.block, env.backup, install.done, rollback, uninstall */
  event: string;
  jobId?: string;
  [key: string]: unknown;
}
