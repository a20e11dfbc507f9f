/**
 * "Explain a pasted error message": one function for the CLI (`diagnose --explain`) and the app
 * (IPC `diagnose.explain`), so both say the same about the same text. The text is matched against
 * the known signatures; where a diagnose rule can confirm a match on this machine, that rule is
 * run (and only it), and its verdict is reported beside the match.
 */
import type { ExplainResult } from '../../../shared/diagnose';
import { AppError } from '../../../shared/errors';
import type { Env } from '../paths';
import { runDiagnose } from './index';
import { describeErrorText, matchErrorText } from './signatures';

export interface ExplainOptions {
  text: string;
  env?: Env;
  platform?: NodeJS.Platform;
  /** ask whether the network and GOPROXY answer, for rules that need it (default true) */
  probeNetwork?: boolean;
  signal?: AbortSignal;
}

export async function explainErrorText(opts: ExplainOptions): Promise<ExplainResult> {
  if (!opts.text.trim()) throw new AppError('EXPLAIN_EMPTY');
  const matches = matchErrorText(opts.text);
  const ruleIds = [...new Set(matches.map((m) => m.rule).filter((r): r is string => !!r))];
  const checked = ruleIds.length ? await runDiagnose({ env: opts.env, platform: opts.platform, probeNetwork: opts.probeNetwork, only: ruleIds, signal: opts.signal }) : null;
  const confirmations = ruleIds.map((rule) => {
    const run = checked?.runs.find((r) => r.id === rule);
    return { rule, status: run?.status ?? 'skipped', reason: run?.reason ?? null };
  });
  if (matches.length) return { matches, confirmations };
  const unknown = describeErrorText(opts.text);
  return { matches, confirmations, facts: unknown.facts, told: unknown.told };
}
