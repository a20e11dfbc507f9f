import { Alert, Button, Card, Collapse, Descriptions, Flex, Input, Space, Spin, Tag, Typography, App as AntApp, theme } from 'antd';
import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../../../shared/text';
import type { Finding } from '../../../shared/platform';
import { call, errorData } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { JourneySteps } from '../components/JourneySteps';
import { VerdictIcon } from '../components/VerdictIcon';
import { useApp } from '../store/app';
import { countVerdicts, useEnv } from '../store/env';
import type { AppErrorData } from '../../../shared/errors';

const ORDER = { fail: 0, warn: 1, pass: 2, info: 3 } as const;

function FindingRow({ f }: { f: Finding }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { token } = theme.useToken();
  const evidence = f.evidence ? Object.entries(f.evidence) : [];
  return (
    <li data-testid={`finding-${f.id}`} data-verdict={f.verdict} style={{ padding: '12px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
      <Flex gap={12} align="flex-start" style={{ width: '100%' }}>
        <VerdictIcon verdict={f.verdict} />
        <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong>{pick(f.title, lang)}</Typography.Text>
          <Typography.Text>{pick(f.detail, lang)}</Typography.Text>
          {f.fix && (f.verdict === 'warn' || f.verdict === 'fail' || f.verdict === 'info') && (
            <Typography.Text type={f.verdict === 'fail' ? 'danger' : undefined}>
              <strong>{t('env.fix')}: </strong>
              {pick(f.fix, lang)}
            </Typography.Text>
          )}
          {evidence.length > 0 && (
            <Collapse
              ghost
              size="small"
              items={[
                {
                  key: 'e',
                  label: t('env.evidence'),
                  children: (
                    <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
                      {evidence.map(([k, v]) => `${k}: ${String(v)}`).join('\n')}
                    </pre>
                  ),
                },
              ]}
            />
          )}
        </Flex>
      </Flex>
    </li>
  );
}

export function EnvCheck() {
  const { t } = useTranslation();
  const journey = useApp((s) => s.journey) ?? 'install';
  const { report, status, error, run } = useEnv();
  const { message } = AntApp.useApp();
  const [profilePath, setProfilePath] = useState('');
  const [saveError, setSaveError] = useState<AppErrorData | null>(null);
  useEffect(() => {
    if (status === 'idle') void run(true);
  }, [status, run]);

  const counts = countVerdicts(report);
  const findings = [...(report?.findings ?? [])].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
  const headline = counts.fail > 0 ? 'hasFailures' : counts.warn > 0 ? 'hasWarnings' : 'allGood';

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
    <Flex vertical gap={16} style={{ maxWidth: 1040, margin: '0 auto', width: '100%' }}>
      <JourneySteps journey={journey} current="env" />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {t('env.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('env.intro')}</Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} onClick={() => void run(true)} loading={status === 'running'}>
          {t('env.run')}
        </Button>
      </Flex>

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
            type={counts.fail ? 'error' : counts.warn ? 'warning' : 'success'}
            showIcon
            data-testid="env-headline"
            title={t(`env.${headline}`)}
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
            <ul aria-label={t('env.title')} style={{ listStyle: 'none', margin: 0, padding: '0 8px' }}>
              {findings.map((f, i) => (
                <FindingRow key={`${f.id}-${i}`} f={f} />
              ))}
            </ul>
          </Card>
          <Card size="small" title={t('env.saveProfile')}>
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t('env.saveProfileHint')}</Typography.Text>
              <Space.Compact style={{ width: '100%' }}>
                <Input aria-label={t('env.profilePath')} placeholder={t('env.profilePath')} value={profilePath} onChange={(e) => setProfilePath(e.target.value)} />
                <Button type="primary" icon={<SaveOutlined />} onClick={() => void saveProfile()}>
                  {t('common.save')}
                </Button>
              </Space.Compact>
              {saveError && <ErrorPanel error={saveError} />}
            </Flex>
          </Card>
        </>
      )}
    </Flex>
  );
}
