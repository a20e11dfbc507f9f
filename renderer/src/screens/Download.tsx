import { Alert, Button, Card, Flex, Table, Tag, Typography } from 'antd';
import { CloudDownloadOutlined } from '@ant-design/icons';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../../shared/format';
import { isOfficialSource, sourceLabel } from '../../../shared/sources';
import { call } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { PathField } from '../components/PathField';
import { ProgressPanel } from '../components/ProgressPanel';
import { StepPage } from '../components/StepPage';
import { useApp } from '../store/app';
import { useEnv } from '../store/env';
import { runJob, useCurrentJob } from '../store/jobs';
import { goNumber } from '../lib/versions';
import { joinPath, useWizard } from '../store/wizard';

/** Step 3 (Prepare): download every archive and check it (SHA-256 against the listing, OpenPGP). */
export function Download() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const setGate = useApp((s) => s.setGate);
  const home = useEnv((s) => s.report?.user.home);
  const { prepare, setPrepare } = useWizard();
  const { version, platforms, downloadDir, download } = prepare;
  // the job lives in the store: leaving this screen and coming back shows the same download
  const { jobId, running, error } = useCurrentJob('download');

  useEffect(() => {
    if (!downloadDir && home) setPrepare({ downloadDir: joinPath(joinPath(home, 'go-offline-downloads'), version ?? 'go') });
  }, [downloadDir, home, version, setPrepare]);

  useEffect(() => {
    if (running) setGate({ state: 'busy', reason: 'nav.reason.downloading' });
    else if (!download) setGate({ state: 'incomplete', reason: 'nav.reason.downloadFirst' });
    else if (download.files.some((f) => f.signature === 'bad')) setGate({ state: 'fail', reason: 'nav.reason.badSignature' });
    else setGate({ state: 'ok' });
  }, [running, download, setGate]);

  function start() {
    if (!version) return;
    setPrepare({ download: null, media: null });
    runJob('download', (id) => call('download.start', { jobId: id, version, platforms, outDir: downloadDir.trim() })).then(
      (r) => setPrepare({ download: r }),
      () => undefined,
    );
  }

  return (
    <StepPage title={t('download.title')} intro={t('download.intro', { version: goNumber(version), count: platforms.length })}>
      {/* a failure leads the page: what went wrong and its one action (Open settings) in view first */}
      {error && <ErrorPanel error={error} onRetry={start} />}
      <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('download.where')}</Typography.Title>}>
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('download.whereHint')}</Typography.Text>
          <PathField label={t('download.folder')} value={downloadDir} onChange={(v) => setPrepare({ downloadDir: v })} testId="download-dir" />
          <div>
            <Button type={download || error ? 'default' : 'primary'} size="large" icon={<CloudDownloadOutlined />} onClick={start} loading={running} disabled={!downloadDir.trim() || running} data-testid="start-download">
              {download ? t('download.again') : t('download.start')}
            </Button>
          </div>
        </Flex>
      </Card>
      {/* once the files are downloaded and checked, the result below says so: the finished bars are not shown twice */}
      <div data-job-id={jobId ?? ''} data-testid="download-job" hidden={!!download && !running}>
        <ProgressPanel jobId={jobId} title={t('download.progress')} failedFile={typeof error?.params?.filename === 'string' ? error.params.filename : undefined} />
      </div>
      {download && !running && (
        <>
          <Alert type="success" showIcon data-testid="download-done" title={t('download.done', { count: download.files.length })} description={t('download.doneHint', { folder: download.outDir })} />
          {!isOfficialSource(download.source) &&
            download.files
              .filter((f) => isOfficialSource(f.url))
              .map((f) => (
                <Alert key={f.path} type="warning" showIcon data-testid="download-fallback" title={t('sources.fallbackUsed', { file: f.file.filename, source: sourceLabel({ url: f.url, official: true }, lang) })} />
              ))}
          {download.files.some((f) => f.signature === 'not-published') && <Alert type="info" showIcon data-testid="sig-not-published" title={t('sources.sigNotPublishedHint')} />}
          <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('download.checked')}</Typography.Title>}>
            <Table
              size="small"
              pagination={false}
              rowKey={(f) => f.path}
              dataSource={download.files}
              columns={[
                {
                  title: t('version.file'),
                  render: (_: unknown, f) => (
                    <Flex vertical gap={2}>
                      <Typography.Text code>{f.file.filename}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                        {f.path} · sha256 {f.sha256.slice(0, 16)}…
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="file-source">
                        {t('sources.cameFrom', { source: sourceLabel({ url: f.url, official: isOfficialSource(f.url) }, lang) })}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                { title: t('version.size'), align: 'right', render: (_: unknown, f) => formatBytes(f.size, lang) },
                { title: 'SHA-256', render: () => <Tag color="#237804">{t('download.shaOk')}</Tag> },
                { title: t('download.signature'), render: (_: unknown, f) => <Tag color={f.signature === 'verified' ? '#237804' : f.signature === 'bad' ? '#a8071a' : '#595959'} data-testid="sig-tag" data-sig={f.signature}>{f.signature === 'not-published' ? t('sources.sigNotPublished') : f.signature === 'not-checked' ? t('sources.sigNotChecked') : t(`download.sig.${f.signature}`)}</Tag> },
              ]}
            />
          </Card>
        </>
      )}
    </StepPage>
  );
}
