/**
 * The one-click fixes Diagnose offers, and only where the change is safe and can be undone: a
 * finding names exactly what is changed, and the engine checks that it is still so before changing
 * it. Today: a GOROOT line in a startup file that points at a Go that is gone is turned into a
 * comment (kept in the file, marked, so it can be put back). Used by the renderer (what the "Fix"
 * button shows) and the engine (what `diagnose.fix` does).
 */
import type { RuleResult } from './diagnose';

/** The marker put before a disabled line (the same one install's --remove-goroot uses). */
export const FIX_COMMENT_PREFIX = '# disabled by go-offline (stale GOROOT): ';

export interface FixPlan {
  rule: 'stale-goroot';
  /** the startup file and the 1-based line that sets GOROOT */
  file: string;
  line: number;
  /** the GOROOT value that line sets (checked again before changing anything) */
  value: string;
}

/** The fix for a finding, or null when there is none it can make safely. */
export function fixPlanFor(r: RuleResult): FixPlan | null {
  if (r.id !== 'stale-goroot') return null;
  const where = typeof r.evidence.where === 'string' ? r.evidence.where : '';
  const m = /^(\/.+):(\d+)$/.exec(where);
  const value = typeof r.evidence.value === 'string' ? r.evidence.value : '';
  if (!m || !value) return null; // the environment or the go env file: not a line of a startup file
  return { rule: 'stale-goroot', file: m[1]!, line: Number(m[2]), value };
}

/**
 * Why a finding has no automatic fix, where the general reason ("only a one-line change that can
 * be put back is made from here") is not the whole truth: the i18n key under `diagnose.fix.why`.
 * A Go version a project needs is not on this machine at all (it must come on media made on the
 * connected machine) or is installed beside the default, and making it the default swaps whole Go
 * trees: neither is a one-line change.
 */
export function noFixReasonFor(r: RuleResult): 'needsGoVersion' | 'useInstalledVersion' | null {
  if (r.id !== 'toolchain-unavailable' && r.id !== 'toolchain-not-installed') return null;
  return typeof r.evidence.sideBySide === 'string' && r.evidence.sideBySide ? 'useInstalledVersion' : 'needsGoVersion';
}
