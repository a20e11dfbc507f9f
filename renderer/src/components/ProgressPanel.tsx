import { Button, Card, Flex, Progress as Bar, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, MinusCircleFilled, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Progress } from '../../../shared/progress';
import { sourceAnswerText, sourceLabel } from '../../../shared/sources';
import { useApp } from '../store/app';
import { useJobs, type JobEntry } from '../store/jobs';
import { progressView } from '../lib/progress';

type BarStatus = 'success' | 'exception' | 'normal' | 'active';

/** A finished, cancelled or failed job shows that state in its header and bar colour; only a finished one is green. */
export function barStatus(status: JobEntry['status'], failedHere = true): BarStatus {
  if (status === 'done') return 'success';
  if (status === 'failed') return failedHere ? 'exception' : 'normal';
  if (status === 'cancelled') return 'normal';
  return 'active';
}

const CANCELLED_COLOR = '#8c8c8c';

/** What a download is waiting for, in words: a retry under way, or a silent server, instead of "measuring…". */
function waitingText(p: Progress | null, lang: 'en' | 'zh', t: (k: string, o?: Record<string, unknown>) => string): string | null {
  if (!p) return null;
  const source = p.source ? sourceLabel(p.source, lang) : null;
  if (p.retry) {
    const answer = sourceAnswerText({ url: p.source?.url ?? '', official: !!p.source?.official, answer: p.retry.reason, seconds: p.retry.seconds, status: p.retry.status }, lang);
    return t('sources.retry', { source: source ?? '', answer, attempt: p.retry.attempt, of: p.retry.of });
  }
  if (p.waitingSeconds && source) return t('sources.waiting', { source, seconds: p.waitingSeconds });
  return null;
}

/**
 * Per-file and overall bars, speed, ETA and Cancel for one job, from the jobs store. A job that
 * ended shows how it ended (header, icon, bar colour); the file a failure was about (`failedFile`)
 * is the one shown red, and no file of a failed or cancelled job is shown green.
 */
export function ProgressPanel({ jobId, title, cancellable = true, failedFile }: { jobId: string | null; title: string; cancellable?: boolean; failedFile?: string }) {
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
  const statusText = t(`progress.status.${job.status}`);
  const waiting = running ? waitingText(last, lang, t) : null;
  // one file: the overall bar is that file's bar (the two never disagree)
  const single = files.length === 1 ? progressView(files[0]!, lang, t('progress.of')) : null;
  const overallPercent = job.status === 'done' ? 100 : (single?.filePercent ?? v?.overallPercent ?? 0);
  const overallAmount = single ? single.fileAmount : v?.overallAmount;
  const icon =
    job.status === 'done' ? <CheckCircleFilled style={{ color: '#237804' }} aria-hidden /> : job.status === 'failed' ? <CloseCircleFilled style={{ color: '#a8071a' }} aria-hidden /> : job.status === 'cancelled' ? <MinusCircleFilled style={{ color: '#595959' }} aria-hidden /> : null;
  const cardTitle = running ? (
    title
  ) : (
    <Flex gap={8} align="center">
      {icon}
      <span data-testid="progress-state">{statusText}</span>
    </Flex>
  );
  const overallBar = barStatus(job.status);
  return (
    <Card size="small" title={cardTitle} data-testid="progress-panel" data-status={job.status}>
      <Flex vertical gap={12}>
        <div>
          <Flex justify="space-between" wrap gap={8}>
            <Typography.Text strong id={`overall-${jobId}`}>
              {running ? `${t('progress.overall')} · ${phase}` : t('progress.overall')}
            </Typography.Text>
            <Typography.Text type="secondary" data-testid="progress-overall-text">
              {overallAmount ?? ''}
            </Typography.Text>
          </Flex>
          <Bar
            percent={overallPercent}
            status={overallBar}
            strokeColor={job.status === 'cancelled' ? CANCELLED_COLOR : undefined}
            aria-labelledby={`overall-${jobId}`}
            data-testid="progress-overall"
            data-bar={overallBar}
          />
          <Flex gap={16} wrap role="status" aria-live="polite">
            {running && waiting && (
              <Typography.Text type="warning" data-testid="progress-waiting">
                {waiting}
              </Typography.Text>
            )}
            {running && !waiting && (
              <Typography.Text type="secondary" data-testid="progress-speed">
                {t('progress.speed')}: {v?.speed ?? t('progress.measuring')}
              </Typography.Text>
            )}
            {running && !waiting && (
              <Typography.Text type="secondary" data-testid="progress-eta">
                {t('progress.eta')}: {v?.eta ?? t('progress.measuring')}
              </Typography.Text>
            )}
            {running && last?.source && !waiting && (
              <Typography.Text type="secondary" data-testid="progress-source">
                {t('sources.from', { source: sourceLabel(last.source, lang) })}
              </Typography.Text>
            )}
          </Flex>
        </div>
        {files.length > 0 && (
          <ul aria-label={t('progress.files')} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }}>
            {files.map((f, i) => {
              const fv = progressView(job.status === 'done' && f.total > 0 ? { ...f, done: f.total } : f, lang, t('progress.of'));
              const id = `file-${jobId}-${i}`;
              // a failed job: the file it failed on is red, the others neither red nor green
              const fileBar: BarStatus = job.status === 'failed' ? (failedFile === undefined || failedFile === f.file ? 'exception' : 'normal') : barStatus(job.status);
              return (
                <li key={f.file} data-testid="progress-file" data-bar={fileBar}>
                  <Flex justify="space-between" wrap gap={8}>
                    <Typography.Text code id={id} style={{ wordBreak: 'break-all' }}>
                      {f.file}
                    </Typography.Text>
                    <Typography.Text type="secondary">{fv.fileAmount ?? ''}</Typography.Text>
                  </Flex>
                  <Bar
                    size="small"
                    percent={job.status === 'done' ? 100 : (fv.filePercent ?? 0)}
                    status={fileBar}
                    strokeColor={job.status === 'cancelled' ? CANCELLED_COLOR : undefined}
                    aria-labelledby={id}
                    showInfo={false}
                  />
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
