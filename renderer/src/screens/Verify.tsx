import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { call, errorData } from '../api';
import { CheckList } from '../components/CheckList';
import { ErrorPanel } from '../components/ErrorPanel';
import { ProgressPanel } from '../components/ProgressPanel';
import { StepPage } from '../components/StepPage';
import { useApp } from '../store/app';
import { runJob } from '../store/jobs';
import { useWizard } from '../store/wizard';

/** Step 7: prove it works (go version, go env, hello world, goroutines, vet, shells, projects). */
export function Verify() {
  const { t } = useTranslation();
  const setGate = useApp((s) => s.setGate);
  const { install, setInstall } = useWizard();
  const { result, verify } = install;
  const [jobId, setJobId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const run = useCallback(async () => {
    setRunning(true);
    setError(null);
    try {
      const prefix = useWizard.getState().install.result?.record.prefix;
      const r = await runJob('verify', (id) => call('verify.run', { jobId: id, ...(prefix ? { prefix } : {}) }), setJobId);
      setInstall({ verify: r });
    } catch (e) {
      setError(errorData(e));
    } finally {
      setRunning(false);
    }
  }, [setInstall]);

  useEffect(() => {
    if (!verify && !running && !error) void run();
    // run once on arrival
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (running) setGate({ state: 'busy', reason: 'nav.reason.verifying' });
    else if (!verify) setGate({ state: 'fail', reason: 'nav.reason.verifyFailed' });
    else if (verify.summary.fail > 0) setGate({ state: 'fail', reason: 'nav.reason.verifyFailures' });
    else if (verify.summary.warn > 0) setGate({ state: 'warn', reason: 'nav.reason.acceptWarnings' });
    else setGate({ state: 'ok' });
  }, [running, verify, setGate]);

  const s = verify?.summary;
  return (
    <StepPage
      title={t('verify.title')}
      intro={t('verify.intro', { path: result?.record.goroot ?? verify?.goroot ?? '' })}
      nextLabel={t('verify.finish')}
      actions={
        <Button icon={<ReloadOutlined />} onClick={() => void run()} loading={running}>
          {t('verify.again')}
        </Button>
      }
    >
      <ProgressPanel jobId={running ? jobId : null} title={t('verify.progress')} cancellable />
      {error && <ErrorPanel error={error} onRetry={() => void run()} />}
      {verify && s && (
        <>
          <Alert
            type={s.fail ? 'error' : s.warn ? 'warning' : 'success'}
            showIcon
            data-testid="verify-headline"
            data-ok={String(verify.ok)}
            title={s.fail ? t('verify.failed') : s.warn ? t('verify.warned') : t('verify.passed', { version: verify.version ?? '' })}
            description={
              <Space wrap>
                <Tag color="#237804">{t('env.summary.pass', { count: s.pass })}</Tag>
                {s.warn > 0 && <Tag color="#ad4e00">{t('env.summary.warn', { count: s.warn })}</Tag>}
                {s.fail > 0 && <Tag color="#a8071a">{t('env.summary.fail', { count: s.fail })}</Tag>}
                {s.info > 0 && <Tag color="#0050b3">{t('env.summary.info', { count: s.info })}</Tag>}
              </Space>
            }
          />
          <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('verify.checks')}</Typography.Title>}>
            <CheckList checks={verify.checks} label={t('verify.checks')} />
          </Card>
        </>
      )}
    </StepPage>
  );
}
