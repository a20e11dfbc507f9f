/**
 * Types of the diagnose journey: rule results, the diagnose report, matches of a pasted error
 * message, and what support staff see when they open a received support bundle.
 */
import type { LocalText } from './text';

/** error: Go will not work; warning: something will fail in a common situation; info: worth knowing. */
export type RuleSeverity = 'error' | 'warning' | 'info';

export type Evidence = Record<string, string | number | boolean | null | string[]>;

/** One rule that fired: what it found, why it matters and what to do. */
export interface RuleResult {
  /** stable id, e.g. "wrong-arch", "path-not-loaded" (support runbooks refer to it) */
  id: string;
  severity: RuleSeverity;
  title: LocalText;
  /** what the rule checks, in plain words */
  checks: LocalText;
  cause: LocalText;
  fix: LocalText;
  /** the facts it saw */
  evidence: Evidence;
  /**
   * id of the fired rule this finding is a consequence of (e.g. `tree-not-executable` causes
   * `path-not-loaded`); absent when it is a root cause or stands alone. The cause is always in the
   * same report's `results`, before this finding.
   */
  causedBy?: string;
  /** where the setting this finding is about came from (a startup file line), when known */
  source?: SettingOrigin;
}

/** Where a shell got a value from: the startup file and line that set it. */
export interface SettingOrigin {
  /** the shell whose startup set it, e.g. "bash", "zsh", "fish" */
  shell: string;
  /** absolute path of the startup file */
  file: string;
  /** 1-based line number in that file */
  line: number;
  /** the variable that was set, e.g. "GOPATH" */
  variable: string;
}

/** Every rule that ran, fired or not (so a report says what was looked at). */
export interface RuleRun {
  id: string;
  status: 'fired' | 'ok' | 'skipped';
  /** why a rule did not apply (e.g. "not Windows", "no project given") */
  reason?: string;
}

export interface DiagnoseReport {
  schema: 'go-offline/diagnose@1';
  createdAt: string;
  toolVersion: string;
  host: { platform: string; os: string; arch: string; osVersion: string; libc: string | null; shell: string | null };
  /** the Go install looked at (null when none was found) */
  goroot: string | null;
  goVersion: string | null;
  projects: string[];
  network: { probed: boolean; reachable: boolean | null };
  /**
   * Findings, cause first: each root cause (most likely first) followed by the findings it causes
   * (`causedBy` pointing at it), then the rest by severity.
   */
  results: RuleResult[];
  /** ids of fired rules that lead: not caused by another finding, most likely first */
  rootCauses: string[];
  runs: RuleRun[];
  /** true when no error or warning fired */
  healthy: boolean;
}

/** A known failure signature that matches a pasted error message. */
export interface SignatureMatch {
  id: string;
  title: LocalText;
  cause: LocalText;
  fix: LocalText;
  /** the part of the pasted text that matched */
  matched: string;
  /** the rule that checks this machine for it, if there is one */
  rule?: string;
}

/** Whether the rule behind a match was checked on this machine, and what it found. */
export interface ExplainConfirmation {
  rule: string;
  /** fired: the cause is present here; ok: checked, not present here; skipped: the check did not apply (reason says why) */
  status: RuleRun['status'];
  reason: string | null;
}

/**
 * "Explain a pasted error message", the same at both ends (`go-offline diagnose --explain`, IPC
 * `diagnose.explain`): the known signatures the text matches, best first; each matched rule run
 * on this machine to confirm it; for a text nothing matches, what could be read from it.
 */
export interface ExplainResult {
  matches: SignatureMatch[];
  confirmations: ExplainConfirmation[];
  /** only when nothing matched: facts read from the text, and what can be told about it */
  facts?: Record<string, string>;
  told?: LocalText;
}

/** One file inside a support bundle. */
export interface SupportBundleEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface SupportBundleManifest {
  schema: 'go-offline/support-bundle@1';
  createdAt: string;
  toolVersion: string;
  /** what was removed before writing: counts per kind */
  redactions: { envValues: number; urlCredentials: number; tokens: number; userNames: number };
  userNamesRemoved: boolean;
  files: SupportBundleEntry[];
}

/** What support staff see for a received support bundle (nothing in it is run). */
export interface SupportBundleReport {
  path: string;
  manifest: SupportBundleManifest;
  report: DiagnoseReport;
  /** report.md as written by the sender */
  markdown: string | null;
  files: Array<{ path: string; size: number; verified: boolean }>;
  /** problems with the bundle itself (a file missing or altered since it was written) */
  warnings: string[];
  /**
   * the text of each file up to 256 KiB (control characters removed), to be read by support staff
   * without unpacking the bundle; absent for larger or binary files
   */
  texts?: Record<string, string>;
}
