import { Collapse, Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../shared/platform';
import { pick } from '../../../shared/text';
import { useApp } from '../store/app';
import { VerdictIcon } from './VerdictIcon';

const ORDER = { fail: 0, warn: 1, pass: 2, info: 3 } as const;

export function FindingRow({ f }: { f: Finding }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { token } = theme.useToken();
  const evidence = f.evidence ? Object.entries(f.evidence) : [];
  return (
    <li data-testid={`finding-${f.id}`} data-verdict={f.verdict} style={{ padding: '12px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
      <Flex gap={12} align="flex-start" style={{ width: '100%' }}>
        <VerdictIcon verdict={f.verdict} />
        <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong>{pick(f.title, lang)}</Typography.Text>
          <Typography.Text>{pick(f.detail, lang)}</Typography.Text>
          {f.fix && f.verdict !== 'pass' && (
            <Typography.Text type={f.verdict === 'fail' ? 'danger' : undefined}>
              <strong>{t('env.fix')}: </strong>
              {pick(f.fix, lang)}
            </Typography.Text>
          )}
          {evidence.length > 0 && (
            <Collapse
              ghost
              size="small"
              items={[
                {
                  key: 'e',
                  label: t('env.evidence'),
                  children: (
                    <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>{evidence.map(([k, v]) => `${k}: ${String(v)}`).join('\n')}</pre>
                  ),
                },
              ]}
            />
          )}
        </Flex>
      </Flex>
    </li>
  );
}

/** Findings sorted problems first, each with its verdict in words and its fix. */
export function FindingList({ findings, label }: { findings: Finding[]; label: string }) {
  const sorted = [...findings].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
  return (
    <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: '0 8px' }}>
      {sorted.map((f, i) => (
        <FindingRow key={`${f.id}-${i}`} f={f} />
      ))}
    </ul>
  );
}

/** The gate of a list of findings: any fail blocks, any warn needs acceptance. */
export function gateOf(findings: Array<{ verdict: string }>): 'ok' | 'warn' | 'fail' {
  if (findings.some((f) => f.verdict === 'fail')) return 'fail';
  if (findings.some((f) => f.verdict === 'warn')) return 'warn';
  return 'ok';
}
