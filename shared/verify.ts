/**
 * Results of step 7 (verification) and of the modules preparation. The UI's Verify step, the CLI
 * (`go-offline verify --json`) and the support bundle show these as they are: every check carries
 * the command that was run, its output and a plain verdict in both languages.
 */
import type { Finding, Verdict } from './platform';
import type { LocalText } from './text';

export type { Verdict } from './platform';

export const VERIFY_SCHEMA = 'go-offline/verify-results@1';

/** Stable ids of the checks (scripts and the diagnose rules key on them). */
export type VerifyCheckId =
  | 'install.location'
  | 'go.version'
  | 'go.env.goroot'
  | 'go.env.gopath'
  | 'go.env.goproxy'
  | 'go.env.gotoolchain'
  | 'go.env.goflags'
  | 'go.env.gosumdb'
  | 'build.hello'
  | 'build.goroutines'
  | 'vet'
  | 'cgo'
  | 'shell.path'
  | 'shell.conflicts'
  | 'project.offline-build';

export interface VerifyCheck {
  id: VerifyCheckId | string;
  verdict: Verdict;
  title: LocalText;
  /** plain explanation of what was found */
  detail: LocalText;
  /** for warn and fail: what to do */
  fix?: LocalText;
  /** the command as a person would type it (display only; it was run with an argument array) */
  command: string;
  /** what it printed (stdout then stderr, trimmed and capped) */
  output: string;
  exitCode?: number | null;
  /** for project checks: the project folder */
  project?: string;
  /** the known failure signature recognised in the output, e.g. "missing-go-sum" */
  signature?: string;
  /** for project checks: the Go that built it (`go version` in the project, after its go.mod's go/toolchain line) */
  goVersion?: string | null;
}

export interface VerifyReport {
  schema: typeof VERIFY_SCHEMA;
  createdAt: string;
  toolVersion: string;
  goroot: string;
  goBinary: string;
  /** what `go version` said, e.g. "go1.19.8" (null when it could not run) */
  version: string | null;
  expectedVersion: string | null;
  /** this host in Go's names, e.g. "linux-amd64" */
  hostPlatform: string;
  /** how the network was shut off for project builds */
  network: 'namespace' | 'closed-proxy' | 'not-needed';
  checks: VerifyCheck[];
  summary: { pass: number; warn: number; fail: number; info: number };
  /** true when no check failed */
  ok: boolean;
  /** where the results were saved (for the support bundle) */
  resultsPath?: string;
}

/** What prepareModules reports for each project. */
export interface PreparedProject {
  name: string;
  module: string;
  goVersion?: string;
  toolchain?: string;
  /** absolute path of the vendor archive (tar.gz of vendor/) when asked for */
  vendorArchive?: string;
}

export interface PreparedModules {
  /** the file-based module proxy (GOPROXY layout, list files included) */
  proxyDir: string;
  /** module versions in the proxy */
  moduleCount: number;
  /** bytes in the proxy */
  size: number;
  projects: PreparedProject[];
  warnings: Finding[];
  /** true when every dry run succeeded (no finding with verdict fail) */
  ok: boolean;
}

/** The "warnings before export" of one project. */
export interface ProjectCheck {
  dir: string;
  name: string;
  module: string | null;
  goVersion?: string;
  toolchain?: string;
  findings: Finding[];
}

export function summarize(checks: Array<{ verdict: Verdict }>): VerifyReport['summary'] {
  const s = { pass: 0, warn: 0, fail: 0, info: 0 };
  for (const c of checks) s[c.verdict]++;
  return s;
}
