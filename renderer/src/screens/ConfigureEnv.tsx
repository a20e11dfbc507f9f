import { Alert, Card, Collapse, Flex, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { EnvironmentPreview } from '../../../shared/ipc/environment';
import { call, errorData } from '../api';
import { CodeBlock } from '../components/CodeBlock';
import { ErrorPanel } from '../components/ErrorPanel';
import { StepPage } from '../components/StepPage';
import { useApp } from '../store/app';
import { useWizard } from '../store/wizard';
import { readByText } from '../i18n/readBy';

/**
 * Step 6 (shell setup): what changed in words and the one line for a terminal already open, first;
 * the variables and the exact lines written, with their backups, under technical details.
 */
export function ConfigureEnv() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const setGate = useApp((s) => s.setGate);
  const { result, scope, prefix, choices, bundle } = useWizard((s) => s.install);
  const [preview, setPreview] = useState<EnvironmentPreview | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const rec = result?.record;

  useEffect(() => {
    if (!rec) return;
    call('environment.preview', { scope: rec.scope, prefix: rec.prefix, moduleProxy: !!rec.moduleProxy, choices }).then(setPreview, (e) => setError(errorData(e)));
  }, [rec, choices, scope, prefix, bundle]);

  useEffect(() => {
    setGate(rec ? { state: 'ok' } : { state: 'fail', reason: 'nav.reason.installFirst' });
  }, [rec, setGate]);

  const changes = rec?.environment.changes ?? [];
  const vars = Object.entries(rec?.environment.vars ?? {});
  return (
    <StepPage title={t('environment.title')} intro={t('environment.intro')}>
      {!rec && <Alert type="info" showIcon title={t('nav.reason.installFirst')} />}
      {error && <ErrorPanel error={error} />}
      {rec && (
        <>
          <Alert type="success" showIcon data-testid="env-written" title={t('environment.written', { count: changes.length })} description={t('environment.newTerminal')} />
          {result?.activateHint && (
            <Card size="small">
              <CodeBlock label={t('environment.thisTerminal')} text={result.activateHint} testId="activate-hint" />
            </Card>
          )}
          <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('environment.changedFiles')}</Typography.Title>}>
            <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.8 }} data-testid="env-changed">
              {changes.map((c) => (
                <li key={`${c.kind}-${c.target}`}>
                  <Typography.Text code>{c.target}</Typography.Text> — {t(`environment.kind.${c.kind}`)}
                  {t('results.sep')}
                  {t('environment.readBy', { who: readByText(c.readBy, lang) })}
                  {c.created ? <Tag color="#0050b3" style={{ marginInlineStart: 6 }}>{t('environment.created')}</Tag> : c.backup ? <Tag color="#237804" style={{ marginInlineStart: 6 }}>{t('environment.backup')}</Tag> : null}
                </li>
              ))}
            </ul>
          </Card>
          {result && result.staleGoroot.length > 0 && (
            <Alert type="warning" showIcon title={t('environment.stale')} description={result.staleGoroot.map((s) => `${s.where}: ${s.value} ${s.removed ? `(${t('environment.staleRemoved')})` : ''}`).join('\n')} style={{ whiteSpace: 'pre-wrap' }} />
          )}
          <Collapse
            size="small"
            data-testid="env-technical"
            items={[
              {
                key: 't',
                forceRender: true,
                label: t('environment.technical'),
                children: (
                  <Flex vertical gap={16}>
                    <Table
                      size="small"
                      pagination={false}
                      rowKey={(r) => r[0]}
                      dataSource={[...vars, ['PATH', `+ ${rec.environment.pathAdd.join(' , ')}`] as [string, string]]}
                      columns={[
                        { title: t('environment.name'), render: (_: unknown, r) => <Typography.Text code>{r[0]}</Typography.Text> },
                        { title: t('environment.value'), render: (_: unknown, r) => <Typography.Text code style={{ wordBreak: 'break-all' }}>{r[1]}</Typography.Text> },
                        { title: t('environment.meaning'), render: (_: unknown, r) => t(`environment.varHelp.${r[0]}`, { defaultValue: '' }) },
                      ]}
                    />
                    <Flex vertical gap={16} data-testid="env-files">
                      {changes.map((c) => {
                        const text = preview?.targets.find((x) => x.path === c.target)?.text;
                        return (
                          <Flex vertical gap={4} key={`${c.kind}-${c.target}`}>
                            {text ? <CodeBlock label={c.target} text={text} /> : <Typography.Text code>{c.target}</Typography.Text>}
                            {c.backup && (
                              <Typography.Text type="secondary">
                                {t('environment.backupAt')} <Typography.Text code>{c.backup}</Typography.Text>
                              </Typography.Text>
                            )}
                          </Flex>
                        );
                      })}
                    </Flex>
                  </Flex>
                ),
              },
            ]}
          />
        </>
      )}
    </StepPage>
  );
}
