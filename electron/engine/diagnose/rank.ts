/**
 * Root cause first: link each finding to the fired rule that explains it (`causedBy`) and order the
 * results so that every root cause leads, followed by its consequences. Pure.
 *
 * A rule declares which other rules, when they fire, explain it (`Rule.causedBy`, most direct
 * first). Findings that name a shell are linked only to a cause about the same shell (or one that
 * names none): a bash startup file that cannot be parsed does not explain what zsh sees.
 */
import type { RuleResult, RuleSeverity } from '../../../shared/diagnose';

const SEVERITY: Record<RuleSeverity, number> = { error: 0, warning: 1, info: 2 };

export interface RankInput {
  results: RuleResult[];
  /** rule id → ids of rules whose finding explains it (most direct first) */
  causes: Record<string, string[] | undefined>;
  /** rule ids in the order they ran (ties keep it) */
  order: string[];
}

function shellOf(r: RuleResult): string | null {
  const s = r.evidence.shell;
  return typeof s === 'string' && s ? s.split('/').pop()! : null;
}

function sameShell(a: RuleResult, b: RuleResult): boolean {
  const x = shellOf(a);
  const y = shellOf(b);
  return x === null || y === null || x === y;
}

/** Results with `causedBy` filled and ordered cause-first, and the ids of the root causes. */
export function rankResults({ results, causes, order }: RankInput): { results: RuleResult[]; rootCauses: string[] } {
  const pos = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  const linked = results.map((r) => ({ ...r }));
  // link each finding to its first fired cause (following the chain cannot loop: no self links, and a
  // finding whose cause would be itself or one of its own consequences stays a root)
  for (const r of linked) {
    delete r.causedBy;
    for (const c of causes[r.id] ?? []) {
      if (c === r.id) continue;
      const cause = linked.find((x) => x.id === c && x !== r && sameShell(x, r));
      if (cause) {
        r.causedBy = cause.id;
        break;
      }
    }
  }
  const rootOf = (r: RuleResult): RuleResult => {
    const seen = new Set<RuleResult>([r]);
    let cur = r;
    while (cur.causedBy) {
      const next = linked.find((x) => x.id === cur.causedBy && sameShell(x, cur));
      if (!next || seen.has(next)) break;
      seen.add(next);
      cur = next;
    }
    return cur;
  };
  // break cycles: a finding whose chain comes back to itself is a root
  for (const r of linked) {
    let cur: RuleResult | undefined = r;
    const seen = new Set<RuleResult>();
    while (cur?.causedBy) {
      if (seen.has(cur)) {
        delete r.causedBy;
        break;
      }
      seen.add(cur);
      const from: RuleResult = cur;
      cur = linked.find((x) => x.id === from.causedBy && sameShell(x, from));
    }
  }
  const roots = linked.filter((r) => !r.causedBy);
  const groupSize = new Map<RuleResult, number>();
  for (const r of linked) {
    const root = rootOf(r);
    groupSize.set(root, (groupSize.get(root) ?? 0) + 1);
  }
  // most likely first: the worst severity, then the one explaining most findings, then rule order
  roots.sort((a, b) => SEVERITY[a.severity] - SEVERITY[b.severity] || (groupSize.get(b) ?? 0) - (groupSize.get(a) ?? 0) || pos(a.id) - pos(b.id));
  const out: RuleResult[] = [];
  const depth = (r: RuleResult) => {
    let d = 0;
    let cur = r;
    while (cur.causedBy && d < linked.length) {
      const next = linked.find((x) => x.id === cur.causedBy && sameShell(x, cur));
      if (!next) break;
      cur = next;
      d++;
    }
    return d;
  };
  for (const root of roots) {
    out.push(root);
    const members = linked.filter((r) => r !== root && rootOf(r) === root);
    members.sort((a, b) => depth(a) - depth(b) || SEVERITY[a.severity] - SEVERITY[b.severity] || pos(a.id) - pos(b.id));
    out.push(...members);
  }
  const rootCauses: string[] = [];
  for (const r of roots) if (r.severity !== 'info' && !rootCauses.includes(r.id)) rootCauses.push(r.id);
  return { results: out, rootCauses };
}
