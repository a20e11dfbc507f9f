import { useTranslation } from 'react-i18next';
import type { VerifyCheck } from '../../../shared/verify';
import { pick } from '../../../shared/text';
import { useApp } from '../store/app';
import { ResultList } from './ResultList';

/**
 * Verification checks: verdict, plain explanation and fix first; passed checks folded into one
 * line; the command that was run and what it printed only under the one "Technical details".
 */
export function CheckList({ checks, label }: { checks: VerifyCheck[]; label: string }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  return (
    <ResultList
      label={label}
      items={checks.map((c, i) => ({
        key: `${c.id}-${i}`,
        testId: `check-${c.id}`,
        verdict: c.verdict,
        title: pick(c.title, lang),
        detail: pick(c.detail, lang),
        fix: c.fix ? pick(c.fix, lang) : undefined,
        technical: [c.command.trim() ? `${t('verify.command')}${t('results.colon')}${c.command}` : '', c.output ? `${t('verify.output')}${t('results.colon')}\n${c.output}` : ''].filter(Boolean).join('\n') || undefined,
      }))}
    />
  );
}
