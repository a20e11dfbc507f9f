import { Alert, Card, Flex, Table, Tag, Typography } from 'antd';
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

/** Step 6: the exact lines written, in which files, who reads them, and the backups kept. */
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
          <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('environment.vars')}</Typography.Title>}>
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
          </Card>
          <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('environment.files')}</Typography.Title>}>
            <Flex vertical gap={16} data-testid="env-files">
              {changes.map((c) => {
                const text = preview?.targets.find((x) => x.path === c.target)?.text;
                return (
                  <Flex vertical gap={4} key={`${c.kind}-${c.target}`}>
                    <Flex wrap gap={6} align="center">
                      <Tag>{t(`environment.kind.${c.kind}`)}</Tag>
                      <Typography.Text type="secondary">{t('environment.readBy', { who: readByText(c.readBy, lang) })}</Typography.Text>
                      {c.created ? <Tag color="#0050b3">{t('environment.created')}</Tag> : c.backup ? <Tag color="#237804">{t('environment.backup')}</Tag> : null}
                    </Flex>
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
          </Card>
          {result && result.staleGoroot.length > 0 && (
            <Alert type="warning" showIcon title={t('environment.stale')} description={result.staleGoroot.map((s) => `${s.where}: ${s.value} ${s.removed ? `(${t('environment.staleRemoved')})` : ''}`).join('\n')} style={{ whiteSpace: 'pre-wrap' }} />
          )}
          {result?.activateHint && <CodeBlock label={t('environment.thisTerminal')} text={result.activateHint} testId="activate-hint" />}
        </>
      )}
    </StepPage>
  );
}
