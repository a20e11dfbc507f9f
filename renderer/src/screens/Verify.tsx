import { Alert, Button, Card, Flex, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { CheckList } from '../components/CheckList';
import { CodeBlock } from '../components/CodeBlock';
import { ErrorPanel } from '../components/ErrorPanel';
import { ProgressPanel } from '../components/ProgressPanel';
import { StepPage } from '../components/StepPage';
import { goNumber } from '../lib/versions';
import { useApp } from '../store/app';
import { runJob, useCurrentJob } from '../store/jobs';
import { useWizard } from '../store/wizard';

/**
 * Step 7: prove it works. First the one line the user needs (for a terminal already open), then
 * the verdict; passed checks folded, the commands and their output under "Technical details".
 */
export function Verify() {
  const { t } = useTranslation();
  const setGate = useApp((s) => s.setGate);
  const { install, setInstall } = useWizard();
  const { result, verify } = install;
  // the job lives in the store: leaving and coming back shows the same run, never a second one
  const { jobId, running, error } = useCurrentJob('verify');

  const run = useCallback(() => {
    const prefix = useWizard.getState().install.result?.record.prefix;
    runJob('verify', (id) => call('verify.run', { jobId: id, ...(prefix ? { prefix } : {}) })).then(
      (r) => setInstall({ verify: r }),
      () => undefined,
    );
  }, [setInstall]);

  useEffect(() => {
    if (!verify && !running && !error) run();
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
  const counts = s ? [t('results.passed', { count: s.pass }), s.warn ? t('results.warnings', { count: s.warn }) : null, s.fail ? t('results.problems', { count: s.fail }) : null].filter(Boolean).join(t('results.sep')) : '';
  return (
    <StepPage
      title={t('verify.title')}
      intro={t('verify.intro', { path: result?.record.goroot ?? verify?.goroot ?? '' })}
      nextLabel={t('verify.finish')}
      actions={
        <Button icon={<ReloadOutlined />} onClick={run} loading={running}>
          {t('verify.again')}
        </Button>
      }
    >
      {result?.activateHint && (
        <Card size="small">
          <Flex vertical gap={4}>
            <CodeBlock label={t('environment.thisTerminal')} text={result.activateHint} testId="activate-hint" />
            <Typography.Text type="secondary">{t('verify.newTerminals')}</Typography.Text>
          </Flex>
        </Card>
      )}
      <ProgressPanel jobId={running ? jobId : null} title={t('verify.progress')} cancellable />
      {error && <ErrorPanel error={error} onRetry={run} />}
      {verify && s && !running && (
        <>
          <Alert
            type={s.fail ? 'error' : s.warn ? 'warning' : 'success'}
            showIcon
            data-testid="verify-headline"
            data-ok={String(verify.ok)}
            title={s.fail ? t('verify.failed') : s.warn ? t('verify.warned') : t('verify.passed', { version: goNumber(verify.version) })}
            description={counts}
          />
          <Card size="small">
            <CheckList checks={verify.checks} label={t('verify.checks')} />
          </Card>
        </>
      )}
    </StepPage>
  );
}
