import { Alert, Button, Card, Descriptions, Flex, Modal, Table, Tag, Timeline, Typography } from 'antd';
import { CopyOutlined, ExportOutlined, EyeOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { SupportBundleReport } from '../../../shared/diagnose';
import type { AuditRecord } from '../../../shared/install';
import { formatBytes, formatDateTime } from '../../../shared/format';
import { pick } from '../../../shared/text';
import { ERRORS, type ErrorCode } from '../../../shared/errors';
import { useApp } from '../store/app';
import { useEnv } from '../store/env';
import { joinPath } from '../store/wizard';
import { call } from '../api';
import { SaveToFileButton } from './SaveToFile';

/** What the sender's own environment check said about their machine (environment.json), if it is in the bundle. */
interface SenderFacts {
  hostname: string | null;
  system: string | null;
  platform: string | null;
  user: string | null;
}

function senderFacts(b: SupportBundleReport): SenderFacts {
  let env: { host?: { hostname?: string; distro?: { prettyName?: string } | null; os?: string; osVersion?: string; platform?: string }; user?: { name?: string } } = {};
  try {
    env = JSON.parse(b.texts?.['environment.json'] ?? '{}');
  } catch {
    /* not readable: the report's host facts below */
  }
  const h = env.host ?? {};
  return {
    hostname: h.hostname || null,
    system: h.distro?.prettyName || [h.os ?? b.report.host.os, h.osVersion ?? b.report.host.osVersion].filter(Boolean).join(' ') || null,
    platform: h.platform || b.report.host.platform || null,
    user: env.user?.name || null,
  };
}

/** The audit log lines (install/audit.jsonl), oldest first; unreadable lines are left out. */
export function auditTimeline(b: SupportBundleReport): AuditRecord[] {
  const text = b.texts?.['install/audit.jsonl'];
  if (!text) return [];
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as AuditRecord;
      if (typeof r.event === 'string' && typeof r.at === 'string') out.push(r);
    } catch {
      /* a damaged line: the raw file is still viewable */
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

/** The last step of the audit log that failed or was undone, if any. */
export function failedStep(log: AuditRecord[]): AuditRecord | null {
  const newest = [...log].reverse();
  // the failure itself, not the rollback that followed it
  return newest.find((r) => /fail|error|abort|refused/i.test(r.event)) ?? newest.find((r) => /rollback/i.test(r.event)) ?? null;
}

/** "Export report": asks where (the save dialog, or a typed path), writes the report there; an existing file only after "Replace it". */
function ExportReportButton({ source }: { source: string }) {
  const { t } = useTranslation();
  const home = useEnv((s) => s.report?.user.home);
  return (
    <SaveToFileButton
      label={t('bundleView.exportReport')}
      icon={<ExportOutlined />}
      testId="export-report"
      title={t('bundleView.exportTitle')}
      hint={t('bundleView.exportHint')}
      fieldLabel={t('bundleView.exportPath')}
      fieldTestId="export-path"
      extensions={['md']}
      okTestId="export-save"
      suggest={() => {
        const name = `${(source.split(/[\\/]/).pop() ?? 'support').replace(/\.(gosupport|tar\.gz|tgz)$/i, '')}-report.md`;
        return home ? joinPath(home, name) : name;
      }}
      save={(out, replace) => call('diagnose.exportReport', { bundle: source, out, replace })}
      saved={{ textKey: 'bundleView.exported', testId: 'report-exported' }}
      replace={{ code: 'REPORT_EXISTS', label: t('bundleView.replace'), testId: 'export-replace' }}
    />
  );
}

const DETAIL_KEYS = ['version', 'goroot', 'file', 'path', 'code', 'reason', 'scope', 'status', 'outcome'] as const;
/** fields of a line that say when and what, never its details */
const LINE_KEYS = new Set(['at', 'event', 'jobId', 'by']);

/** A recorded value in the reader's words where it is one of ours (a scope, an error code, a signature verdict); else as recorded. */
function valueWords(t: TFunction, lang: 'en' | 'zh', key: (typeof DETAIL_KEYS)[number], value: unknown): { words: string | null; raw: string } {
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  if (key === 'scope' && (value === 'user' || value === 'system')) return { words: t(`bundleView.scope.${value}`), raw: '' };
  if (key === 'code' && typeof value === 'string' && value in ERRORS) return { words: pick(ERRORS[value as ErrorCode].title, lang), raw };
  if (key === 'status' && typeof value === 'string') return { words: t(`signing.status.${value}`, { defaultValue: '' }) || null, raw };
  if (key === 'outcome' && typeof value === 'string') return { words: t(`bundleView.outcome.${value}`, { defaultValue: '' }) || null, raw };
  return { words: null, raw };
}

/**
 * The details of one line of the sender's install log. A step of ours: each recorded detail with
 * its label in the reader's language (values that are ours in words too; paths, versions and the
 * sender's own text as recorded). A line this app does not know: its fields exactly as recorded,
 * labelled as the sender's raw record, so nothing pretends to be translated.
 */
function EventDetail({ r }: { r: AuditRecord }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const known = !!eventWords(t, r.event);
  if (!known) {
    // everything the line holds but its time: the step's name too, so a bare unknown step is labelled as well
    const rest = Object.fromEntries(Object.entries(r).filter(([k]) => k === 'event' || !LINE_KEYS.has(k)));
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="timeline-raw">
        {t('bundleView.rawRecord')}
        {lang === 'zh' ? '：' : ': '}
        <Typography.Text code data-latin-ok style={{ fontSize: 12 }}>
          {JSON.stringify(rest)}
        </Typography.Text>
      </Typography.Text>
    );
  }
  const keys = DETAIL_KEYS.filter((k) => r[k] !== undefined);
  if (!keys.length) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="timeline-detail">
      {keys.map((k, i) => {
        const v = valueWords(t, lang, k, r[k]);
        return (
          <span key={k}>
            {i > 0 && ' · '}
            {t(`bundleView.detail.${k}`)}
            {lang === 'zh' ? '：' : ': '}
            {v.words}
            {v.words && v.raw && ' '}
            {v.raw && (
              <Typography.Text code data-latin-ok style={{ fontSize: 12 }}>
                {v.raw}
              </Typography.Text>
            )}
          </span>
        );
      })}
    </Typography.Text>
  );
}

/** An install-log step in words, then its name as written (the name alone when it has no words). */
function eventWords(t: TFunction, event: string): string {
  return t(`bundleView.events.${event.replace(/[.-]/g, '_')}`, { defaultValue: '' });
}
function EventName({ event }: { event: string }) {
  const { t } = useTranslation();
  const words = eventWords(t, event);
  return (
    <>
      {words && `${words} `}
      <Typography.Text code>{event}</Typography.Text>
    </>
  );
}

/**
 * A received support bundle, for the support person reading it: who sent it from which machine
 * and version, which step failed and when, the audit log as a timeline, the sender's findings,
 * and every file readable in place (nothing in it is run). Actions copy a summary or the report,
 * or export the report to a file (`source`: the bundle's path as opened).
 */
export function SupportBundleView({ bundle, findings, source }: { bundle: SupportBundleReport; findings: React.ReactNode; source?: string }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const [viewing, setViewing] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const facts = senderFacts(bundle);
  const log = auditTimeline(bundle);
  const failed = failedStep(log);
  const unknown = t('bundleView.unknown');
  const lead = bundle.report.rootCauses?.[0] ? bundle.report.results.find((r) => r.id === bundle.report.rootCauses[0]) : undefined;
  const summary = [
    `${t('bundleView.host')}: ${facts.hostname ?? unknown}`,
    `${t('bundleView.system')}: ${facts.system ?? unknown} (${facts.platform ?? unknown})`,
    `${t('bundleView.user')}: ${facts.user ?? unknown}`,
    `${t('bundleView.version')}: ${bundle.manifest.toolVersion}`,
    `${t('bundleView.written')}: ${formatDateTime(bundle.manifest.createdAt, lang)}`,
    `${t('bundleView.failed')}: ${failed ? `${[eventWords(t, failed.event), failed.event].filter(Boolean).join(' ')} (${formatDateTime(failed.at, lang)})` : t('bundleView.noFailure')}`,
    `${t('diag.likely')}: ${lead ? `${pick(lead.title, lang)} [${lead.id}]` : t('diagnose.healthy')}`,
  ].join('\n');
  const copy = (what: string, text: string) => void navigator.clipboard?.writeText(text).then(() => setCopied(what), () => setCopied(null));
  const h3 = (k: string) => (
    <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
      {t(k)}
    </Typography.Title>
  );
  return (
    <Flex vertical gap={12} data-testid="opened-bundle">
      <Alert type="info" showIcon title={t('diagnose.readOnly')} description={t('bundleView.readOnlyHint')} />
      {bundle.warnings.length > 0 && <Alert type="warning" showIcon title={t('diagnose.bundleWarnings')} description={bundle.warnings.join('\n')} style={{ whiteSpace: 'pre-wrap' }} />}
      <Card
        size="small"
        title={h3('bundleView.sender')}
        extra={
          <Flex gap={8} wrap>
            <Button type="primary" icon={<CopyOutlined />} onClick={() => copy('summary', summary)} data-testid="copy-summary">
              {copied === 'summary' ? t('error.copied') : t('bundleView.copySummary')}
            </Button>
            {bundle.markdown && (
              <Button icon={<CopyOutlined />} onClick={() => copy('report', bundle.markdown!)} data-testid="copy-report">
                {copied === 'report' ? t('error.copied') : t('bundleView.copyReport')}
              </Button>
            )}
            {source && <ExportReportButton source={source} />}
          </Flex>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered data-testid="bundle-sender">
          <Descriptions.Item label={t('bundleView.host')}>
            <span data-latin-ok={facts.hostname ? '' : undefined}>{facts.hostname ?? unknown}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('bundleView.system')}>
            <span data-latin-ok={facts.system ? '' : undefined}>{facts.system ?? unknown}</span> {facts.platform && <Typography.Text code>{facts.platform}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('bundleView.user')}>
            <span data-latin-ok={facts.user ? '' : undefined}>{facts.user ?? unknown}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('bundleView.version')}>
            <Typography.Text code>{bundle.manifest.toolVersion}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('bundleView.written')}>{formatDateTime(bundle.manifest.createdAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('bundleView.failed')}>
            <span data-testid="bundle-failed-step">
              {failed ? (
                <>
                  <EventName event={failed.event} /> {formatDateTime(failed.at, lang)}
                </>
              ) : (
                t('bundleView.noFailure')
              )}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {findings}
      <Card size="small" title={h3('bundleView.timeline')}>
        {log.length === 0 ? (
          <Typography.Text type="secondary">{t('bundleView.noLog')}</Typography.Text>
        ) : (
          <Timeline
            data-testid="bundle-timeline"
            items={log.slice(-60).map((r) => ({
              color: r === failed ? 'red' : /done|verified|ok$/.test(r.event) ? 'green' : 'gray',
              children: (
                <Flex vertical gap={0}>
                  <Typography.Text>
                    <Typography.Text type="secondary">{formatDateTime(r.at, lang)}</Typography.Text> <EventName event={r.event} />
                  </Typography.Text>
                  <EventDetail r={r} />
                </Flex>
              ),
            }))}
          />
        )}
      </Card>
      <Card size="small" title={h3('diagnose.files')}>
        <Table
          size="small"
          pagination={false}
          rowKey="path"
          dataSource={bundle.files}
          columns={[
            { title: t('version.file'), dataIndex: 'path', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('version.size'), dataIndex: 'size', align: 'right', render: (v: number) => formatBytes(v, lang) },
            { title: t('diagnose.intact'), dataIndex: 'verified', render: (v: boolean) => (v ? <Tag color="#237804">{t('common.yes')}</Tag> : <Tag color="#a8071a">{t('common.no')}</Tag>) },
            {
              title: t('bundleView.view'),
              render: (_: unknown, f) =>
                bundle.texts?.[f.path] !== undefined ? (
                  <Button size="small" icon={<EyeOutlined />} onClick={() => setViewing(f.path)} aria-label={`${t('bundleView.view')}: ${f.path}`} data-testid={`view-${f.path}`}>
                    {t('bundleView.view')}
                  </Button>
                ) : (
                  <Typography.Text type="secondary">{t('bundleView.tooLarge')}</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
      <Modal open={viewing !== null} onCancel={() => setViewing(null)} footer={null} width={880} title={viewing ?? ''} closable={{ 'aria-label': t('common.close') }}>
        <pre data-testid="bundle-file-text" tabIndex={0} aria-label={viewing ?? ''} style={{ maxHeight: '60vh', overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, margin: 0 }}>
          {viewing ? bundle.texts?.[viewing] : ''}
        </pre>
      </Modal>
    </Flex>
  );
}
