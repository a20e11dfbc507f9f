import { Collapse, Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VerifyCheck } from '../../../shared/verify';
import { pick } from '../../../shared/text';
import { useApp } from '../store/app';
import { VerdictIcon } from './VerdictIcon';

/** Verification checks: plain verdict and explanation, the command that was run and what it printed. */
export function CheckList({ checks, label }: { checks: VerifyCheck[]; label: string }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { token } = theme.useToken();
  return (
    <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: '0 8px' }}>
      {checks.map((c, i) => (
        <li key={`${c.id}-${i}`} data-testid={`check-${c.id}`} data-verdict={c.verdict} style={{ padding: '12px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
          <Flex gap={12} align="flex-start">
            <VerdictIcon verdict={c.verdict} />
            <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
              <Typography.Text strong>{pick(c.title, lang)}</Typography.Text>
              <Typography.Text>{pick(c.detail, lang)}</Typography.Text>
              {c.fix && c.verdict !== 'pass' && (
                <Typography.Text type={c.verdict === 'fail' ? 'danger' : undefined}>
                  <strong>{t('env.fix')}: </strong>
                  {pick(c.fix, lang)}
                </Typography.Text>
              )}
              {c.command.trim() && (
                <Typography.Text type="secondary">
                  {t('verify.command')}: <Typography.Text code>{c.command}</Typography.Text>
                </Typography.Text>
              )}
              {c.output && (
                <Collapse
                  ghost
                  size="small"
                  defaultActiveKey={c.verdict === 'fail' ? ['o'] : []}
                  items={[{ key: 'o', label: t('verify.output'), children: <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{c.output}</pre> }]}
                />
              )}
            </Flex>
          </Flex>
        </li>
      ))}
    </ul>
  );
}
