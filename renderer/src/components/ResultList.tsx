import { Button, Collapse, Flex, Typography, theme } from 'antd';
import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Verdict } from '../../../shared/platform';
import { splitResults } from '../lib/results';
import { VerdictIcon } from './VerdictIcon';

export interface ResultItem {
  key: string;
  /** test id of the row, e.g. "finding-cpu.arch" */
  testId: string;
  verdict: Verdict;
  title: string;
  detail: string;
  fix?: string;
  /** what was run and what it printed, or the facts behind it: shown only under the section's one "Technical details" */
  technical?: string;
}

function Row({ item, hidden }: { item: ResultItem; hidden?: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <li data-testid={item.testId} data-verdict={item.verdict} hidden={hidden} style={{ padding: '8px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
      <Flex gap={12} align="flex-start">
        <VerdictIcon verdict={item.verdict} />
        <Flex vertical gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong>{item.title}</Typography.Text>
          <Typography.Text>{item.detail}</Typography.Text>
          {item.fix && item.verdict !== 'pass' && (
            <Typography.Text type={item.verdict === 'fail' ? 'danger' : undefined}>
              <strong>{t('env.fix')}{t('results.colon')}</strong>
              {item.fix}
            </Typography.Text>
          )}
        </Flex>
      </Flex>
    </li>
  );
}

/**
 * A section of results: problems and warnings first, in full; passed checks and notes folded into
 * one line ("11 passed ▸") that opens them; one "Technical details" for the whole section.
 */
export function ResultList({ items, label, extra }: { items: ResultItem[]; label: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const { attention, quiet, counts } = splitResults(items);
  const technical = items.filter((i) => i.technical?.trim());
  const summary = [counts.pass > 0 ? t('results.passed', { count: counts.pass }) : null, counts.info > 0 ? t('results.notes', { count: counts.info }) : null].filter(Boolean).join(t('results.sep'));
  return (
    <Flex vertical gap={4} data-testid="result-list">
      <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: '0 8px' }} id={listId}>
        {attention.map((i) => (
          <Row key={i.key} item={i} />
        ))}
        {quiet.map((i) => (
          <Row key={i.key} item={i} hidden={!open} />
        ))}
      </ul>
      <Flex gap={8} wrap align="center">
        {quiet.length > 0 && (
          <Button type="text" size="small" onClick={() => setOpen(!open)} aria-expanded={open} aria-controls={listId} data-testid="toggle-passed" icon={open ? <DownOutlined aria-hidden /> : <RightOutlined aria-hidden />} iconPlacement="end">
            {summary}
          </Button>
        )}
        {extra}
      </Flex>
      {technical.length > 0 && (
        <Collapse
          ghost
          size="small"
          data-testid="technical-details"
          items={[
            {
              key: 't',
              label: t('results.technical'),
              children: (
                <Flex vertical gap={8}>
                  {technical.map((i) => (
                    <div key={i.key}>
                      <Typography.Text strong style={{ fontSize: 12 }}>
                        {i.title}
                      </Typography.Text>
                      <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{i.technical}</pre>
                    </div>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
