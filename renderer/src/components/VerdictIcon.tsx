import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, InfoCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Verdict } from '../../../shared/platform';

const COLORS: Record<Verdict, string> = { pass: '#389e0d', warn: '#d48806', fail: '#cf1322', info: '#1677ff' };

/** An icon whose meaning is also given in words to screen readers (colour is never the only cue). */
export function VerdictIcon({ verdict }: { verdict: Verdict }) {
  const { t } = useTranslation();
  const label = t(`env.verdict.${verdict}`);
  const style = { color: COLORS[verdict], fontSize: 20 };
  const Icon = { pass: CheckCircleFilled, warn: ExclamationCircleFilled, fail: CloseCircleFilled, info: InfoCircleFilled }[verdict];
  return <Icon style={style} aria-label={label} role="img" />;
}
