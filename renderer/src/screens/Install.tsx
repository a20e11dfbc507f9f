import { Alert, Card, Descriptions, Typography } from 'antd';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../../shared/format';
import { call } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { ProgressPanel } from '../components/ProgressPanel';
import { StepPage } from '../components/StepPage';
import { useApp } from '../store/app';
import { runJob, useCurrentJob } from '../store/jobs';
import { goNumber } from '../lib/versions';
import { useWizard } from '../store/wizard';

/** Step 5 (Install), second half: the confirmed install runs (verify, extract, environment, swap). */
export function Install() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const setGate = useApp((s) => s.setGate);
  const { install, setInstall } = useWizard();
  const { source, scope, prefix, choices, confirmed, result } = install;
  // the job lives in the store: leaving and coming back shows the same install, never a second one
  const { jobId, running, error } = useCurrentJob('install');

  const start = useCallback(() => {
    if (!scope) return;
    // the confirmation is used up by this start: coming back to this screen never installs again
    setInstall({ confirmed: false });
    runJob('install', (id) => call('install.run', { jobId: id, bundle: source.trim(), scope, prefix: prefix || undefined, environment: choices, elevate: scope === 'system' })).then(
      (r) => setInstall({ result: r }),
      () => undefined,
    );
  }, [scope, source, prefix, choices, setInstall]);

  useEffect(() => {
    if (confirmed && !result && !running) start();
  }, [confirmed, result, running, start]);

  useEffect(() => {
    if (running) setGate({ state: 'busy', reason: 'nav.reason.installing' });
    else if (result) setGate({ state: 'ok' });
    else setGate({ state: 'fail', reason: 'nav.reason.installFirst' });
  }, [running, result, setGate]);

  const rec = result?.record;
  return (
    <StepPage title={t('install.title')} intro={t('install.intro')}>
      {!(rec && !running) && <ProgressPanel jobId={jobId} title={t('install.progress')} />}
      {error && <ErrorPanel error={error} onRetry={start} />}
      {!running && !result && !confirmed && !error && (
        <Alert
          type="info"
          showIcon
          title={t('install.notConfirmed')}
        />
      )}
      {rec && (
        <>
          <Alert type="success" showIcon title={<span data-testid="install-done">{t('install.done', { version: goNumber(rec.version) })}</span>} description={t('install.doneHint', { path: rec.goroot })} />
          <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('install.summary')}</Typography.Title>}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('install.goroot')}>
                <Typography.Text code data-testid="installed-goroot">
                  {rec.goroot}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('install.archive')}>
                {rec.archive.filename} · SHA-256 ✓
              </Descriptions.Item>
              <Descriptions.Item label={t('install.files')}>{t('install.filesSize', { files: rec.files, size: formatBytes(rec.bytes, lang) })}</Descriptions.Item>
              <Descriptions.Item label={t('install.previous')}>{rec.previous ? t('install.previousKept', { version: rec.previous.version ?? '?', path: rec.previous.path }) : t('install.noPrevious')}</Descriptions.Item>
              {rec.moduleProxy && <Descriptions.Item label={t('install.moduleProxy')}>{rec.moduleProxy.path}</Descriptions.Item>}
              <Descriptions.Item label={t('install.time')}>{t('install.seconds', { seconds: result!.timings.totalSeconds.toFixed(1) })}</Descriptions.Item>
            </Descriptions>
          </Card>
        </>
      )}
    </StepPage>
  );
}
