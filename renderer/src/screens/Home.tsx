import { Alert, Badge, Button, Card, Col, Flex, Row, Spin, Typography } from 'antd';
import { CloudDownloadOutlined, DesktopOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import { useEffect, useState, type ReactNode } from 'react';
import { call } from '../api';
import { useTranslation } from 'react-i18next';
import { useApp, type Journey } from '../store/app';
import { suggestJourney, useEnv } from '../store/env';
import { useJobs } from '../store/jobs';
import { JOURNEY_SCREENS, SCREEN_JOBS } from '../lib/journeys';
import { GoVersionsCard } from '../components/GoVersions';

/** The journey whose screen shows a job of this kind. */
function journeyOfJob(kind: string): Journey | null {
  for (const j of ['prepare', 'install', 'diagnose'] as const) if (JOURNEY_SCREENS[j].some((s) => SCREEN_JOBS[s.screen]?.includes(kind))) return j;
  return null;
}

const ICONS: Record<Journey, ReactNode> = {
  prepare: <CloudDownloadOutlined style={{ fontSize: 32 }} aria-hidden />,
  install: <DesktopOutlined style={{ fontSize: 32 }} aria-hidden />,
  diagnose: <MedicineBoxOutlined style={{ fontSize: 32 }} aria-hidden />,
};

export function Home() {
  const { t } = useTranslation();
  const startJourney = useApp((s) => s.startJourney);
  const { report, status, run } = useEnv();
  useEffect(() => {
    if (status === 'idle') void run(true);
  }, [status, run]);
  const [lastVerify, setLastVerify] = useState<{ ok: boolean } | null>(null);
  useEffect(() => {
    call('verify.lastResults', {}).then((r) => setLastVerify(r ? { ok: r.ok } : null), () => undefined);
  }, []);
  const [mediaBundles, setMediaBundles] = useState(0);
  useEffect(() => {
    // a USB drive with a bundle on it suggests the Install journey (where drives cannot be listed, nothing happens)
    call('bundle.drives', {}).then((d) => setMediaBundles(d.reduce((n, x) => n + (x.bundles?.length ?? 0), 0)), () => undefined);
  }, []);
  const suggestion = suggestJourney(report, lastVerify, mediaBundles);
  // a job left running (the user chose to leave it): say so, and offer the way back to its progress
  const runningKind = useJobs((s) => Object.values(s.jobs).find((j) => j.status === 'running' && journeyOfJob(j.kind))?.kind ?? null);
  const runningJourney = runningKind ? journeyOfJob(runningKind) : null;
  return (
    <Flex vertical gap={24} style={{ maxWidth: 1040, margin: '0 auto', width: '100%', paddingBottom: 24 }}>
      {runningKind && runningJourney && (
        <Alert
          type="info"
          showIcon
          data-testid="job-running"
          title={t('leave.running', { what: t(`leave.kind.${runningKind}`, { defaultValue: t('leave.kind.other') }) })}
          action={
            <Button type="primary" onClick={() => startJourney(runningJourney)} data-testid="show-running-job">
              {t('leave.show')}
            </Button>
          }
        />
      )}
      <div>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {t('journeys.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="suggestion-why" data-env={status}>
          {status === 'running' ? (
            <>
              <Spin size="small" /> {t('journeys.checking')}
            </>
          ) : (
            t(`journeys.why.${suggestion.why}`)
          )}
        </Typography.Paragraph>
      </div>
      <Row gutter={[16, 16]}>
        {(['prepare', 'install', 'diagnose'] as const).map((j) => {
          const suggested = suggestion.journey === j;
          const card = (
            <Card
              hoverable
              style={{ height: '100%' }}
              styles={{ body: { display: 'flex', flexDirection: 'column', gap: 12, height: '100%' } }}
              data-testid={`journey-${j}`}
            >
              {ICONS[j]}
              <div>
                <Typography.Title level={3} style={{ fontSize: 18, marginBottom: 0 }}>
                  {t(`journeys.${j}.title`)}
                </Typography.Title>
                <Typography.Text type="secondary">{t(`journeys.${j}.subtitle`)}</Typography.Text>
              </div>
              <Typography.Paragraph style={{ flex: 1 }}>{t(`journeys.${j}.body`)}</Typography.Paragraph>
              <Button type={suggested && !runningKind ? 'primary' : 'default'} size="large" onClick={() => startJourney(j)}>
                {t(`journeys.${j}.action`)}
              </Button>
            </Card>
          );
          return (
            <Col xs={24} md={8} key={j}>
              {suggested ? (
                <Badge.Ribbon text={t('journeys.suggested')} color="#237804">
                  {card}
                </Badge.Ribbon>
              ) : (
                card
              )}
            </Col>
          );
        })}
      </Row>
      <GoVersionsCard minVersions={2} />
    </Flex>
  );
}
