import { Button, Card, Flex, Progress as Bar, Typography } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store/app';
import { useJobs } from '../store/jobs';
import { progressView } from '../lib/progress';

/** Per-file and overall bars, speed, ETA and Cancel for one running job, from the jobs store. */
export function ProgressPanel({ jobId, title, cancellable = true }: { jobId: string | null; title: string; cancellable?: boolean }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const job = useJobs((s) => (jobId ? s.jobs[jobId] : undefined));
  const cancel = useJobs((s) => s.cancel);
  if (!job) return null;
  const running = job.status === 'running';
  const last = job.last;
  const v = last ? progressView(last, lang, t('progress.of')) : null;
  const files = Object.values(job.files);
  const phase = v ? t(`progress.phase.${v.phase}`, { defaultValue: v.phase }) : t('progress.starting');
  return (
    <Card size="small" title={title} data-testid="progress-panel" data-status={job.status}>
      <Flex vertical gap={12}>
        <div>
          <Flex justify="space-between" wrap gap={8}>
            <Typography.Text strong id={`overall-${jobId}`}>
              {t('progress.overall')} · {phase}
            </Typography.Text>
            <Typography.Text type="secondary" data-testid="progress-overall-text">
              {v?.overallAmount ?? ''}
            </Typography.Text>
          </Flex>
          <Bar
            percent={job.status === 'done' ? 100 : (v?.overallPercent ?? 0)}
            status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
            aria-labelledby={`overall-${jobId}`}
            data-testid="progress-overall"
          />
          <Flex gap={16} wrap role="status" aria-live="polite">
            {running && (
              <Typography.Text type="secondary" data-testid="progress-speed">
                {t('progress.speed')}: {v?.speed ?? t('progress.measuring')}
              </Typography.Text>
            )}
            {running && (
              <Typography.Text type="secondary" data-testid="progress-eta">
                {t('progress.eta')}: {v?.eta ?? t('progress.measuring')}
              </Typography.Text>
            )}
            {!running && <Typography.Text type="secondary">{t(`progress.status.${job.status}`)}</Typography.Text>}
          </Flex>
        </div>
        {files.length > 0 && (
          <ul aria-label={t('progress.files')} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }}>
            {files.map((f, i) => {
              const fv = progressView(job.status === 'done' && f.total > 0 ? { ...f, done: f.total } : f, lang, t('progress.of'));
              const id = `file-${jobId}-${i}`;
              return (
                <li key={f.file} data-testid="progress-file">
                  <Flex justify="space-between" wrap gap={8}>
                    <Typography.Text code id={id} style={{ wordBreak: 'break-all' }}>
                      {f.file}
                    </Typography.Text>
                    <Typography.Text type="secondary">{fv.fileAmount ?? ''}</Typography.Text>
                  </Flex>
                  <Bar size="small" percent={job.status === 'done' ? 100 : (fv.filePercent ?? 0)} aria-labelledby={id} showInfo={false} />
                </li>
              );
            })}
          </ul>
        )}
        {cancellable && running && (
          <div>
            <Button danger icon={<StopOutlined />} onClick={() => void cancel(job.id)} data-testid="cancel-job">
              {t('common.cancel')}
            </Button>
          </div>
        )}
      </Flex>
    </Card>
  );
}
