import { Alert, Button, Card, Flex, Modal, Typography } from 'antd';
import { RollbackOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { call, errorData } from '../api';
import { CodeBlock } from '../components/CodeBlock';
import { ErrorPanel } from '../components/ErrorPanel';
import { StepPage } from '../components/StepPage';
import { DoneActions } from '../components/DoneActions';
import { goNumber } from '../lib/versions';
import { useApp } from '../store/app';
import { runJob } from '../store/jobs';
import { useWizard } from '../store/wizard';
import { readByText } from '../i18n/readBy';
import { describeModuleFill } from '../../../shared/module-fill';
import { GoVersionsCard } from '../components/GoVersions';

/** The end of Install: how to start using Go, what was changed where, and how to undo it. */
export function InstallDone() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { result, verify, bundle } = useWizard((s) => s.install);
  const rec = result?.record;
  const [undo, setUndo] = useState<'rollback' | 'uninstall' | null>(null);
  const [undone, setUndone] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  async function doUndo(kind: 'rollback' | 'uninstall') {
    if (!rec) return;
    setBusy(true);
    setError(null);
    try {
      if (kind === 'rollback') await runJob('rollback', (id) => call('install.rollback', { jobId: id, scope: rec.scope, prefix: rec.prefix }));
      else await runJob('uninstall', (id) => call('install.uninstall', { jobId: id, scope: rec.scope, prefix: rec.prefix }));
      setUndone(kind);
    } catch (e) {
      setError(errorData(e));
    } finally {
      setBusy(false);
      setUndo(null);
    }
  }

  const scopeFlag = rec ? ` --scope ${rec.scope}${rec.prefix ? ` --prefix "${rec.prefix}"` : ''}` : '';
  return (
    <StepPage title={t('installDone.title')} end={<DoneActions journey="install" folder={rec?.goroot} />}>
      <Alert type="success" showIcon title={<span data-testid="install-finished">{t('installDone.headline', { version: goNumber(verify?.version ?? rec?.version) })}</span>} description={t('installDone.sub')} />
      {result?.modules && (
        <Alert
          type={result.modules.error || result.modules.failed.length ? 'warning' : 'info'}
          showIcon
          title={<span data-testid="modules-ready">{describeModuleFill(result.modules)[lang === 'zh' ? 'zh' : 'en']}</span>}
        />
      )}
      <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('installDone.start')}</Typography.Title>}>
        <Flex vertical gap={8}>
          <Typography.Text>{t('installDone.newTerminal')}</Typography.Text>
          <CodeBlock label={t('installDone.command')} text="go version" testId="go-version-cmd" />
          <Typography.Text type="secondary">{t('installDone.expect', { version: verify?.version ?? rec?.version ?? '' })}</Typography.Text>
        </Flex>
      </Card>
      {rec && (
        <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('installDone.changed')}</Typography.Title>}>
          <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.9 }} data-testid="changed-list">
            <li>
              {t('installDone.goAt')} <Typography.Text code>{rec.goroot}</Typography.Text>
            </li>
            {rec.environment.changes.map((c) => (
              <li key={c.target}>
                <Typography.Text code>{c.target}</Typography.Text> — {t(`environment.kind.${c.kind}`)} ({readByText(c.readBy, lang)})
              </li>
            ))}
          </ul>
        </Card>
      )}
      {rec && !undone && <GoVersionsCard scope={rec.scope} prefix={rec.prefix} projects={bundle?.manifest.modules?.projects} />}
      {rec && (
        <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('installDone.undo')}</Typography.Title>}>
          <Flex vertical gap={8}>
            <Typography.Text>{rec.previous ? t('installDone.rollbackHint', { version: rec.previous.version ?? '?' }) : t('installDone.uninstallHint')}</Typography.Text>
            <CodeBlock label={t('installDone.cli')} text={`${rec.previous ? `go-offline rollback${scopeFlag}\n` : ''}go-offline uninstall${scopeFlag}`} />
            <Flex gap={8} wrap>
              {rec.previous && (
                <Button icon={<RollbackOutlined />} onClick={() => setUndo('rollback')} disabled={!!undone}>
                  {t('installDone.rollback')}
                </Button>
              )}
              <Button danger onClick={() => setUndo('uninstall')} disabled={!!undone}>
                {t('installDone.uninstall')}
              </Button>
            </Flex>
            {undone && <Alert type="success" showIcon title={t(`installDone.undone.${undone}`)} />}
            {error && <ErrorPanel error={error} />}
          </Flex>
        </Card>
      )}
      <Modal
        open={!!undo}
        title={undo ? t(`installDone.confirm.${undo}`) : ''}
        okText={undo ? t(`installDone.${undo}`) : ''}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onCancel={() => setUndo(null)}
        onOk={() => undo && void doUndo(undo)}
      >
        <Typography.Paragraph>{undo === 'uninstall' ? t('installDone.confirmUninstall', { path: rec?.goroot ?? '' }) : t('installDone.confirmRollback')}</Typography.Paragraph>
      </Modal>
    </StepPage>
  );
}
