import { Alert, Button, Card, Collapse, Descriptions, Flex, Spin, Typography, App as AntApp } from 'antd';
import { ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorData } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { FindingList, gateOf } from '../components/FindingList';
import { PathField } from '../components/PathField';
import { StepPage } from '../components/StepPage';
import { useApp } from '../store/app';
import { countVerdicts, useEnv } from '../store/env';
import type { AppErrorData } from '../../../shared/errors';
import { pick } from '../../../shared/text';

/** Whether a download source answers (Prepare's headline): the catalog was read from a source now, not from the cache. */
type Sources = { state: 'checking' } | { state: 'ok'; source: string } | { state: 'none'; error: AppErrorData | null };

export function EnvCheck() {
  const { t } = useTranslation();
  const journey = useApp((s) => s.journey) ?? 'install';
  const lang = useApp((s) => s.lang);
  const setGate = useApp((s) => s.setGate);
  const openSettings = useApp((s) => s.openSettings);
  const settingsOpen = useApp((s) => s.settingsOpen);
  const { report, status, error, run } = useEnv();
  const { message } = AntApp.useApp();
  const [profilePath, setProfilePath] = useState('');
  const [saveError, setSaveError] = useState<AppErrorData | null>(null);
  const [sources, setSources] = useState<Sources>({ state: 'checking' });
  useEffect(() => {
    if (status === 'idle') void run(true);
  }, [status, run]);

  // Prepare needs one thing of this machine: a download source that answers
  const probeSources = useCallback(async () => {
    setSources({ state: 'checking' });
    try {
      const list = await call('releases.list', { archived: true });
      setSources(list.fromCache ? { state: 'none', error: null } : { state: 'ok', source: list.source });
    } catch (e) {
      setSources({ state: 'none', error: errorData(e) });
    }
  }, []);
  useEffect(() => {
    if (journey === 'prepare') void probeSources();
  }, [journey, probeSources]);
  // coming back from the settings (a mirror or proxy set) checks the sources again
  const wasOpen = useRef(settingsOpen);
  useEffect(() => {
    if (wasOpen.current && !settingsOpen && journey === 'prepare') void probeSources();
    wasOpen.current = settingsOpen;
  }, [settingsOpen, journey, probeSources]);

  const counts = countVerdicts(report);
  const headline = counts.fail > 0 ? 'hasFailures' : counts.warn > 0 ? 'hasWarnings' : 'allGood';

  useEffect(() => {
    if (status === 'running' || status === 'idle') return setGate({ state: 'busy', reason: 'nav.reason.checking' });
    if (!report) return setGate({ state: 'fail', reason: 'nav.reason.checkFailed' });
    const g = gateOf(report.findings);
    if (journey === 'prepare') {
      // preparing media only reads this machine: its own problems are shown, not blocking; no source is
      if (sources.state === 'checking') return setGate({ state: 'busy', reason: 'nav.reason.checkingSources' });
      if (sources.state === 'none') return setGate({ state: 'fail', reason: 'nav.reason.noSource' });
      return setGate(g === 'ok' ? { state: 'ok' } : { state: 'warn', reason: 'nav.reason.acceptWarnings' });
    }
    if (journey === 'install') setGate(g === 'fail' ? { state: 'fail', reason: 'nav.reason.envFailures' } : g === 'warn' ? { state: 'warn', reason: 'nav.reason.acceptWarnings' } : { state: 'ok' });
    else setGate({ state: 'ok' });
  }, [report, status, journey, sources.state, setGate]);

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

  const machineLine = report ? [t('results.passed', { count: counts.pass }), counts.warn ? t('results.warnings', { count: counts.warn }) : null, counts.fail ? t('results.problems', { count: counts.fail }) : null].filter(Boolean).join(t('results.sep')) : '';

  return (
    <StepPage
      title={t('env.title')}
      intro={t(`env.intro.${journey}`)}
      actions={
        <Button icon={<ReloadOutlined />} onClick={() => void (run(true), journey === 'prepare' && probeSources())} loading={status === 'running'}>
          {t('env.run')}
        </Button>
      }
    >
      {status === 'running' && !report && (
        <Card size="small">
          <Flex align="center" gap={12} role="status">
            <Spin /> {t('env.running')}
          </Flex>
        </Card>
      )}
      {error && <ErrorPanel error={error} onRetry={() => void run(true)} />}

      {report && journey === 'prepare' && (
        <Alert
          type={sources.state === 'checking' ? 'info' : sources.state === 'ok' ? (counts.fail || counts.warn ? 'warning' : 'success') : 'error'}
          showIcon
          data-testid="env-headline"
          data-sources={sources.state}
          title={sources.state === 'checking' ? t('env.sources.checking') : sources.state === 'ok' ? t('env.sources.ok') : t('env.sources.none')}
          description={
            sources.state === 'ok' ? (
              <span>
                {t('env.sources.okFrom')} <Typography.Text code>{sources.source}</Typography.Text>
                {t('results.sep')}
                {t('env.sources.machine', { summary: machineLine })}
              </span>
            ) : sources.state === 'none' ? (
              <Flex vertical gap={4}>
                <span>{t('env.sources.noneHint')}</span>
                {/* each source tried and its answer, in the user's words (the raw library text stays in the error's details) */}
                {sources.error && (
                  <Typography.Text type="secondary" style={{ whiteSpace: 'pre-line' }} data-testid="sources-tried">
                    {pick(sources.error.cause, lang)}
                  </Typography.Text>
                )}
              </Flex>
            ) : undefined
          }
          action={
            sources.state === 'none' ? (
              <Button type="primary" icon={<SettingOutlined />} onClick={() => openSettings(true)} data-testid="set-mirror">
                {t('env.sources.setMirror')}
              </Button>
            ) : undefined
          }
        />
      )}
      {report && journey !== 'prepare' && (
        <Alert
          type={counts.fail ? (journey === 'install' ? 'error' : 'warning') : counts.warn ? 'warning' : 'success'}
          showIcon
          data-testid="env-headline"
          title={journey !== 'install' && counts.fail ? t(`env.${headline}`) + ' ' + t(`env.notBlocking.${journey}`) : t(`env.${headline}`)}
          description={machineLine}
        />
      )}
      {report && (
        <Card size="small">
          <Descriptions size="small" column={3} data-testid="env-facts" style={{ marginBottom: 4 }}>
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
          </Descriptions>
          <FindingList findings={report.findings} label={t('env.title')} />
          <Collapse
            ghost
            size="small"
            items={[
              {
                key: 'profile',
                label: t('env.saveProfile'),
                children: (
                  <Flex vertical gap={8}>
                    <Typography.Text type="secondary">{t('env.saveProfileHint')}</Typography.Text>
                    <Flex gap={8}>
                      <PathField label={t('env.profilePath')} value={profilePath} onChange={setProfilePath} kind="save" extensions={['json']} />
                      <Button onClick={() => void saveProfile()} data-testid="save-profile">
                        {t('common.save')}
                      </Button>
                    </Flex>
                    {saveError && <ErrorPanel error={saveError} />}
                  </Flex>
                ),
              },
            ]}
          />
        </Card>
      )}
    </StepPage>
  );
}
