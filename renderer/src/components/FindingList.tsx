import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../shared/platform';
import { pick } from '../../../shared/text';
import { useApp } from '../store/app';
import { ResultList } from './ResultList';

/** Findings: problems and warnings first with their fix, passed ones folded into one line, the facts behind them under one "Technical details". */
export function FindingList({ findings, label }: { findings: Finding[]; label: string }) {
  const lang = useApp((s) => s.lang);
  const { t } = useTranslation();
  return (
    <ResultList
      label={label}
      items={findings.map((f, i) => ({
        key: `${f.id}-${i}`,
        testId: `finding-${f.id}`,
        verdict: f.verdict,
        title: pick(f.title, lang),
        detail: pick(f.detail, lang),
        fix: f.fix ? pick(f.fix, lang) : undefined,
        technical: f.evidence && Object.keys(f.evidence).length ? Object.entries(f.evidence).map(([k, v]) => `${k}${t('results.colon')}${String(v)}`).join('\n') : undefined,
      }))}
    />
  );
}

/** The gate of a list of findings: any fail blocks, any warn needs acceptance. */
export function gateOf(findings: Array<{ verdict: string }>): 'ok' | 'warn' | 'fail' {
  if (findings.some((f) => f.verdict === 'fail')) return 'fail';
  if (findings.some((f) => f.verdict === 'warn')) return 'warn';
  return 'ok';
}
