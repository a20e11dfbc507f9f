import { Alert, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatDateTime } from '../../../shared/format';
import { StepPage } from '../components/StepPage';
import { DoneActions } from '../components/DoneActions';
import { goNumber } from '../lib/versions';
import { useApp } from '../store/app';
import { useWizard } from '../store/wizard';
import { UpdateSummary } from './UpdateMedia';

/** What to do with the media on the offline machine. */
function NextSteps() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('prepareDone.nextTitle')}</Typography.Title>}>
      <ol style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.7 }} data-testid="next-steps">
        {(['next1', 'next2', 'next3', 'next4'] as const).map((k) => (
          <li key={k}>{t(`prepareDone.${k}`)}</li>
        ))}
      </ol>
    </Card>
  );
}

/** The end of Prepare: what was written and proven, and what to do on the offline machine. */
export function PrepareDone() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { media, download, version, platforms, mediaMode, update } = useWizard((s) => s.prepare);
  if (mediaMode === 'update' && update)
    return (
      <StepPage title={t('prepareDone.title')} end={<DoneActions journey="prepare" folder={update.dir} />}>
        <Typography.Text code copyable data-testid="done-folder">
          {update.dir}
        </Typography.Text>
        <UpdateSummary result={update} />
        <NextSteps />
      </StepPage>
    );
  return (
    <StepPage title={t('prepareDone.title')} end={<DoneActions journey="prepare" folder={media?.outDir} />}>
      <Alert type="success" showIcon title={<span data-testid="prepare-done">{t('prepareDone.headline')}</span>} description={t('prepareDone.sub')} />
      <NextSteps />
      <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('prepareDone.written')}</Typography.Title>}>
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('prepareDone.folder')}>
            <Typography.Text code copyable data-testid="done-folder">
              {media?.outDir ?? '—'}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('prepareDone.go')}>
            {goNumber(version)} · {platforms.map((p) => t(`platform.${p}`, { defaultValue: p })).join(', ')}
          </Descriptions.Item>
          <Descriptions.Item label={t('prepareDone.contents')}>{media ? t('prepareDone.filesSize', { files: media.files, size: formatBytes(media.bytes, lang) }) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('prepareDone.verified')}>
            <Flex wrap gap={4}>
              {media?.readBack && <Tag color="#237804">{t('prepareDone.readBack')}</Tag>}
              {(download?.files ?? []).map((f) => (
                <Tag key={f.path} color={f.signature === 'verified' ? '#237804' : '#595959'}>
                  {f.file.filename}: SHA-256 ✓ · {t(`download.sig.${f.signature}`)}
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
          {media?.filesystem && <Descriptions.Item label={t('prepareDone.filesystem')}>{media.filesystem}</Descriptions.Item>}
          {(media?.split.length ?? 0) > 0 && <Descriptions.Item label={t('prepareDone.split')}>{media!.split.join(', ')}</Descriptions.Item>}
          {media?.manifest.createdAt && <Descriptions.Item label={t('prepareDone.created')}>{formatDateTime(media.manifest.createdAt, lang)}</Descriptions.Item>}
        </Descriptions>
      </Card>
    </StepPage>
  );
}
