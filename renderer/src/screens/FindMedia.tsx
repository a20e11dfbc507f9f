import { Alert, Button, Card, Descriptions, Flex, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined, UsbOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../../shared/errors';
import type { BundleVerifyReport, RemovableDrive } from '../../../shared/bundle';
import { problemParams } from '../../../shared/bundle-problems';
import { formatBytes, formatDateTime } from '../../../shared/format';
import { callChannel, hasChannel, missingChannelError } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { PathField } from '../components/PathField';
import { ProgressPanel } from '../components/ProgressPanel';
import { StepPage } from '../components/StepPage';
import { SignatureCheckCard } from '../components/SignatureCheckCard';
import { ShareMedia } from '../components/ShareMedia';
import { useApp } from '../store/app';
import { runJob, useCurrentJob } from '../store/jobs';
import { useWizard } from '../store/wizard';
import { DRIVES_CHANNEL } from './CreateMedia';

export const VERIFY_BUNDLE_CHANNEL = 'bundle.verify';

/** Step 4 (Install): find the media (drive, folder or relay URL) and check every file before anything is installed. */
export function FindMedia() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const setGate = useApp((s) => s.setGate);
  const { install, setInstall } = useWizard();
  const { source, bundle } = install;
  const [drives, setDrives] = useState<RemovableDrive[]>([]);
  // the check lives in the jobs store: leaving and coming back shows the same one
  const { jobId, running, error } = useCurrentJob('bundle-verify');
  const available = hasChannel(VERIFY_BUNDLE_CHANNEL);

  useEffect(() => {
    if (!hasChannel(DRIVES_CHANNEL)) return;
    callChannel<RemovableDrive[]>(DRIVES_CHANNEL, {}).then(
      (d) => {
        const mounted = d.filter((x) => x.mountpoint);
        setDrives(mounted);
        // a bundle found on an inserted drive is offered as the source (checked only when the user asks)
        const found = mounted.flatMap((x) => x.bundles ?? [])[0];
        if (found && !useWizard.getState().install.source.trim()) setInstall({ source: found.path });
      },
      () => setDrives([]),
    );
    // run once on arrival
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (running) setGate({ state: 'busy', reason: 'nav.reason.verifyingMedia' });
    else if (!available) setGate({ state: 'fail', reason: 'nav.reason.unavailable' });
    else if (error && !bundle) setGate({ state: 'fail', reason: 'nav.reason.mediaBad' });
    else if (!bundle) setGate({ state: 'incomplete', reason: 'nav.reason.checkMediaFirst' });
    else if (!bundle.ok || bundle.signature?.outcome === 'refused') setGate({ state: 'fail', reason: 'nav.reason.mediaBad' });
    else setGate({ state: 'ok' });
  }, [running, bundle, error, available, setGate]);

  function check(src = source) {
    const s = src.trim();
    if (!s) return;
    setInstall({ bundle: null, result: null, verify: null, confirmed: false });
    runJob('bundle-verify', (id) => callChannel<BundleVerifyReport>(VERIFY_BUNDLE_CHANNEL, { jobId: id, source: s })).then(
      (r) => setInstall({ bundle: r }),
      () => undefined,
    );
  }

  const archives = bundle?.manifest.files.filter((f) => f.kind === 'archive') ?? [];
  return (
    <StepPage title={t('findMedia.title')} intro={t('findMedia.intro')}>
      {!available && <ErrorPanel error={missingChannelError(VERIFY_BUNDLE_CHANNEL)} />}
      {drives.length > 0 && (
        <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('findMedia.drives')}</Typography.Title>}>
          <Flex wrap gap={8}>
            {drives.map((d) => (
              <Button
                key={d.device}
                icon={<UsbOutlined />}
                onClick={() => {
                  const where = d.bundles?.[0]?.path ?? d.mountpoint!;
                  setInstall({ source: where });
                  check(where);
                }}
              >
                {d.label ?? d.model ?? d.device} ({d.mountpoint})
              </Button>
            ))}
          </Flex>
        </Card>
      )}
      <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('findMedia.where')}</Typography.Title>}>
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('findMedia.whereHint')}</Typography.Text>
          <PathField label={t('findMedia.source')} value={source} onChange={(v) => setInstall({ source: v })} testId="media-source" onEnter={() => check()} />
          <div>
            <Button type={bundle || error ? 'default' : 'primary'} size="large" icon={<SafetyCertificateOutlined />} onClick={() => check()} loading={running} disabled={!available || !source.trim() || running} data-testid="check-media">
              {t('findMedia.check')}
            </Button>
          </div>
        </Flex>
      </Card>
      <ProgressPanel jobId={running ? jobId : null} title={t('findMedia.progress')} />
      {error && <ErrorPanel error={error} onRetry={() => check()} />}
      {bundle && (
        <>
          {bundle.ok ? (
            <Alert type="success" showIcon data-testid="media-ok" title={t('findMedia.ok')} description={t('findMedia.okHint', { files: bundle.checkedFiles, size: formatBytes(bundle.checkedBytes, lang) })} />
          ) : (
            <ErrorPanel error={new AppError('BUNDLE_TAMPERED', { count: bundle.problems.length, ...problemParams(bundle.problems) }).toData()} onRetry={() => check()} />
          )}
          {bundle.signature && <SignatureCheckCard check={bundle.signature} />}
          <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('findMedia.contents')}</Typography.Title>}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('findMedia.goVersions')}>{bundle.manifest.go.versions.join(', ')}</Descriptions.Item>
              <Descriptions.Item label={t('findMedia.platforms')}>
                <Flex wrap gap={4}>
                  {archives.map((a) => (
                    <Tag key={a.path}>{t(`platform.${a.os}-${a.arch}`, { defaultValue: `${a.os}-${a.arch}` })}</Tag>
                  ))}
                </Flex>
              </Descriptions.Item>
              <Descriptions.Item label={t('findMedia.modules')}>{bundle.manifest.modules ? t('findMedia.moduleCount', { count: bundle.manifest.modules.moduleCount }) : t('findMedia.noModules')}</Descriptions.Item>
              <Descriptions.Item label={t('findMedia.created')}>{formatDateTime(bundle.manifest.createdAt, lang)}</Descriptions.Item>
            </Descriptions>
          </Card>
          {bundle.ok && bundle.signature?.outcome !== 'refused' && bundle.sourceKind === 'dir' && <ShareMedia dir={bundle.source} />}
          {bundle.problems.length > 0 && (
            <Card size="small" title={t('findMedia.problems')} data-testid="media-problems">
              <Table
                size="small"
                pagination={false}
                rowKey={(p) => `${p.path}-${p.problem}`}
                dataSource={bundle.problems}
                columns={[
                  { title: t('version.file'), dataIndex: 'path', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                  { title: t('findMedia.problem'), dataIndex: 'problem', render: (v: string) => t(`findMedia.problemKind.${v}`, { defaultValue: v }) },
                ]}
              />
            </Card>
          )}
        </>
      )}
    </StepPage>
  );
}
