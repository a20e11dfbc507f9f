import { Alert, Button, Card, Descriptions, Flex, Space, Spin, Tag, Typography, App as AntApp } from 'antd';
import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorData } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { FindingList, gateOf } from '../components/FindingList';
import { PathField } from '../components/PathField';
import { StepPage } from '../components/StepPage';
import { useApp } from '../store/app';
import { countVerdicts, useEnv } from '../store/env';
import type { AppErrorData } from '../../../shared/errors';

export function EnvCheck() {
  const { t } = useTranslation();
  const journey = useApp((s) => s.journey) ?? 'install';
  const setGate = useApp((s) => s.setGate);
  const { report, status, error, run } = useEnv();
  const { message } = AntApp.useApp();
  const [profilePath, setProfilePath] = useState('');
  const [saveError, setSaveError] = useState<AppErrorData | null>(null);
  useEffect(() => {
    if (status === 'idle') void run(true);
  }, [status, run]);

  const counts = countVerdicts(report);
  const headline = counts.fail > 0 ? 'hasFailures' : counts.warn > 0 ? 'hasWarnings' : 'allGood';

  useEffect(() => {
    if (status === 'running' || status === 'idle') return setGate({ state: 'busy', reason: 'nav.reason.checking' });
    if (!report) return setGate({ state: 'fail', reason: 'nav.reason.checkFailed' });
    const g = gateOf(report.findings);
    // preparing media or diagnosing only reads this machine: its problems are shown, not blocking
    if (journey === 'install') setGate(g === 'fail' ? { state: 'fail', reason: 'nav.reason.envFailures' } : g === 'warn' ? { state: 'warn', reason: 'nav.reason.acceptWarnings' } : { state: 'ok' });
    else setGate(g === 'ok' || journey === 'diagnose' ? { state: 'ok' } : { state: 'warn', reason: 'nav.reason.acceptWarnings' });
  }, [report, status, journey, setGate]);

  async function saveProfile() {
    setSaveError(null);
    let path = profilePath.trim();
    if (!path) {
      const chosen = await call('system.chooseFile', { save: true, title: t('env.saveProfile'), defaultPath: `go-offline-profile-${report?.host.hostname ?? 'host'}.json`, extensions: ['json'] });
      if (!chosen.supported || !chosen.path) return;
      path = chosen.path;
    }
    try {
      const r = await call('env.saveProfile', { path });
      void message.success(t('env.profileSaved', { path: r.path }));
    } catch (e) {
      setSaveError(errorData(e));
    }
  }

  return (
    <StepPage
      title={t('env.title')}
      intro={t(`env.intro.${journey}`)}
      actions={
        <Button icon={<ReloadOutlined />} onClick={() => void run(true)} loading={status === 'running'}>
          {t('env.run')}
        </Button>
      }
    >
      {status === 'running' && !report && (
        <Card>
          <Flex align="center" gap={12} role="status">
            <Spin /> {t('env.running')}
          </Flex>
        </Card>
      )}
      {error && <ErrorPanel error={error} onRetry={() => void run(true)} />}

      {report && (
        <>
          <Alert
            type={counts.fail ? (journey === 'install' ? 'error' : 'warning') : counts.warn ? 'warning' : 'success'}
            showIcon
            data-testid="env-headline"
            title={journey !== 'install' && counts.fail ? t(`env.${headline}`) + ' ' + t(`env.notBlocking.${journey}`) : t(`env.${headline}`)}
            description={
              <Space wrap>
                <Tag color="#237804">{t('env.summary.pass', { count: counts.pass })}</Tag>
                {counts.warn > 0 && <Tag color="#ad4e00">{t('env.summary.warn', { count: counts.warn })}</Tag>}
                {counts.fail > 0 && <Tag color="#a8071a">{t('env.summary.fail', { count: counts.fail })}</Tag>}
                <Tag color="#0050b3">{t('env.summary.info', { count: counts.info })}</Tag>
              </Space>
            }
          />
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} data-testid="env-facts">
              <Descriptions.Item label={t('env.facts.system')}>{report.host.distro?.prettyName ?? report.host.os}</Descriptions.Item>
              <Descriptions.Item label={t('env.facts.platform')}>
                <Typography.Text code data-testid="fact-platform">
                  {report.host.platform}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('env.facts.libc')}>
                <span data-testid="fact-libc">
                  {report.libc.family} {report.libc.version ?? ''}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('env.facts.shell')}>{report.user.shellName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('env.facts.user')}>{report.user.name}</Descriptions.Item>
              <Descriptions.Item label={t('env.facts.network')}>
                {report.network.probed ? (report.network.reachable ? t('env.facts.online') : t('env.facts.offline')) : t('env.facts.notChecked')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small">
            <FindingList findings={report.findings} label={t('env.title')} />
          </Card>
          {(
            <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('env.saveProfile')}</Typography.Title>}>
              <Flex vertical gap={8}>
                <Typography.Text type="secondary">{t('env.saveProfileHint')}</Typography.Text>
                <Flex gap={8}>
                  <PathField label={t('env.profilePath')} value={profilePath} onChange={setProfilePath} kind="save" extensions={['json']} />
                  <Button type="primary" icon={<SaveOutlined />} onClick={() => void saveProfile()}>
                    {t('common.save')}
                  </Button>
                </Flex>
                {saveError && <ErrorPanel error={saveError} />}
              </Flex>
            </Card>
          )}
        </>
      )}
    </StepPage>
  );
}
