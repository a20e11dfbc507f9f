/**
 * How a list of check results is shown: what needs attention (problems, then warnings) first and
 * in full; passed checks and notes folded into one line ("11 passed ▸"). Pure, tested.
 */
import type { Verdict } from '../../../shared/platform';

const ORDER: Record<Verdict, number> = { fail: 0, warn: 1, pass: 2, info: 3 };

export function splitResults<T extends { verdict: Verdict }>(items: T[]): { attention: T[]; quiet: T[]; counts: Record<Verdict, number> } {
  const sorted = [...items].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
  const counts: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0, info: 0 };
  for (const i of items) counts[i.verdict]++;
  return { attention: sorted.filter((i) => i.verdict === 'fail' || i.verdict === 'warn'), quiet: sorted.filter((i) => i.verdict === 'pass' || i.verdict === 'info'), counts };
}
