import { Alert, Button, Card, Collapse, Descriptions, Flex, Input, Table, Tabs, Tag, Typography, theme } from 'antd';
import { FileSearchOutlined, SearchOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { DiagnoseReport, RuleResult, SignatureMatch, SupportBundleReport } from '../../../shared/diagnose';
import type { Verdict } from '../../../shared/platform';
import { formatBytes, formatDateTime } from '../../../shared/format';
import { pick } from '../../../shared/text';
import { call, errorData } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { PathField } from '../components/PathField';
import { ProgressPanel } from '../components/ProgressPanel';
import { StepPage } from '../components/StepPage';
import { SupportBundleButton } from '../components/SupportBundleButton';
import { VerdictIcon } from '../components/VerdictIcon';
import { useApp } from '../store/app';
import { runJob } from '../store/jobs';

const VERDICT: Record<RuleResult['severity'], Verdict> = { error: 'fail', warning: 'warn', info: 'info' };

function RuleResults({ results, label }: { results: RuleResult[]; label: string }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { token } = theme.useToken();
  return (
    <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: '0 8px' }}>
      {results.map((r) => (
        <li key={r.id} data-testid={`rule-${r.id}`} data-severity={r.severity} style={{ padding: '12px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
          <Flex gap={12} align="flex-start">
            <VerdictIcon verdict={VERDICT[r.severity]} />
            <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
              <Typography.Text strong>{pick(r.title, lang)}</Typography.Text>
              <Typography.Text>
                <strong>{t('error.cause')}: </strong>
                {pick(r.cause, lang)}
              </Typography.Text>
              <Typography.Text>
                <strong>{t('error.fix')}: </strong>
                {pick(r.fix, lang)}
              </Typography.Text>
              <Collapse
                ghost
                size="small"
                items={[{ key: 'e', label: t('env.evidence'), children: <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>{`${t('diagnose.ruleId')}: ${r.id}\n${Object.entries(r.evidence).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('\n')}`}</pre> }]}
              />
            </Flex>
          </Flex>
        </li>
      ))}
    </ul>
  );
}

function ReportView({ report }: { report: DiagnoseReport }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const fired = report.results;
  return (
    <Flex vertical gap={12}>
      <Alert
        type={report.healthy ? 'success' : fired.some((r) => r.severity === 'error') ? 'error' : 'warning'}
        showIcon
        data-testid="diagnose-headline"
        title={report.healthy ? t('diagnose.healthy') : t('diagnose.found', { count: fired.filter((r) => r.severity !== 'info').length })}
        description={t('diagnose.ran', { count: report.runs.length, when: formatDateTime(report.createdAt, lang) })}
      />
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('env.facts.platform')}>{report.host.platform}</Descriptions.Item>
        <Descriptions.Item label={t('diagnose.go')}>{report.goVersion ? `${report.goVersion} (${report.goroot})` : t('diagnose.noGo')}</Descriptions.Item>
      </Descriptions>
      {fired.length > 0 && <RuleResults results={fired} label={t('diagnose.results')} />}
    </Flex>
  );
}

/** The Diagnose journey: run the rules, explain a pasted error, open or save a support bundle. */
export function Diagnose() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const [report, setReport] = useState<DiagnoseReport | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<AppErrorData | null>(null);
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<SignatureMatch[] | null>(null);
  const [explainError, setExplainError] = useState<AppErrorData | null>(null);
  const [bundlePath, setBundlePath] = useState('');
  const [opened, setOpened] = useState<SupportBundleReport | null>(null);
  const [openError, setOpenError] = useState<AppErrorData | null>(null);
  const [tab, setTab] = useState('run');
  const pending = useApp((s) => s.pendingSupportBundle);
  useEffect(() => {
    if (!pending) return;
    useApp.getState().openSupportBundle(null);
    setTab('open');
    setBundlePath(pending);
    void open(pending);
    // open() only reads state setters
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending]);

  async function run() {
    setRunning(true);
    setRunError(null);
    try {
      setReport(await runJob('diagnose', (id) => call('diagnose.run', { jobId: id }), setJobId));
    } catch (e) {
      setRunError(errorData(e));
    } finally {
      setRunning(false);
    }
  }
  async function explain() {
    setExplainError(null);
    try {
      setMatches(await call('diagnose.explain', { text }));
    } catch (e) {
      setExplainError(errorData(e));
    }
  }
  async function open(path = bundlePath) {
    setOpenError(null);
    setOpened(null);
    try {
      setOpened(await call('diagnose.openSupportBundle', { path: path.trim() }));
    } catch (e) {
      setOpenError(errorData(e));
    }
  }

  const h3 = (k: string) => <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t(k)}</Typography.Title>;
  return (
    <StepPage title={t('diagnose.title')} intro={t('diagnose.intro')} hideNext actions={<SupportBundleButton type="primary" />}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'run',
            label: t('diagnose.tabRun'),
            children: (
              <Flex vertical gap={12}>
                <Typography.Text type="secondary">{t('diagnose.runHint')}</Typography.Text>
                <div>
                  <Button type="primary" icon={<ThunderboltOutlined />} onClick={() => void run()} loading={running} data-testid="run-diagnose">
                    {report ? t('diagnose.runAgain') : t('diagnose.run')}
                  </Button>
                </div>
                <ProgressPanel jobId={running ? jobId : null} title={t('diagnose.progress')} />
                {runError && <ErrorPanel error={runError} onRetry={() => void run()} />}
                {report && <ReportView report={report} />}
              </Flex>
            ),
          },
          {
            key: 'explain',
            label: t('diagnose.tabExplain'),
            children: (
              <Flex vertical gap={12}>
                <label htmlFor="error-text">
                  <Typography.Text>{t('diagnose.pasteHint')}</Typography.Text>
                </label>
                <Input.TextArea id="error-text" rows={6} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('diagnose.pastePlaceholder')} spellCheck={false} data-testid="error-text" style={{ fontFamily: 'ui-monospace, monospace' }} />
                <div>
                  <Button type="primary" icon={<SearchOutlined />} onClick={() => void explain()} disabled={!text.trim()} data-testid="explain">
                    {t('diagnose.explain')}
                  </Button>
                </div>
                {explainError && <ErrorPanel error={explainError} />}
                {matches && matches.length === 0 && <Alert type="info" showIcon title={t('diagnose.noMatch')} />}
                {matches && matches.length > 0 && (
                  <Card size="small" title={h3('diagnose.matches')}>
                    <Flex vertical gap={12} data-testid="matches">
                      {matches.map((m) => (
                        <Flex vertical gap={4} key={m.id} data-testid={`match-${m.id}`}>
                          <Typography.Text strong>{pick(m.title, lang)}</Typography.Text>
                          <Typography.Text>
                            <strong>{t('error.cause')}: </strong>
                            {pick(m.cause, lang)}
                          </Typography.Text>
                          <Typography.Text>
                            <strong>{t('error.fix')}: </strong>
                            {pick(m.fix, lang)}
                          </Typography.Text>
                          <Typography.Text type="secondary">
                            {t('diagnose.matched')}: <Typography.Text code>{m.matched}</Typography.Text>
                          </Typography.Text>
                        </Flex>
                      ))}
                    </Flex>
                  </Card>
                )}
              </Flex>
            ),
          },
          {
            key: 'open',
            label: t('diagnose.tabOpen'),
            children: (
              <Flex vertical gap={12}>
                <Typography.Text type="secondary">{t('diagnose.openHint')}</Typography.Text>
                <Flex gap={8}>
                  <PathField label={t('diagnose.bundlePath')} value={bundlePath} onChange={setBundlePath} kind="file" extensions={['gosupport', 'gz']} testId="support-bundle-path" onEnter={() => void open()} />
                  <Button type="primary" icon={<FileSearchOutlined />} onClick={() => void open()} disabled={!bundlePath.trim()}>
                    {t('diagnose.open')}
                  </Button>
                </Flex>
                {openError && <ErrorPanel error={openError} />}
                {opened && (
                  <Flex vertical gap={12} data-testid="opened-bundle">
                    <Alert type="info" showIcon title={t('diagnose.readOnly')} description={t('diagnose.from', { when: formatDateTime(opened.manifest.createdAt, lang), version: opened.manifest.toolVersion })} />
                    {opened.warnings.length > 0 && <Alert type="warning" showIcon title={t('diagnose.bundleWarnings')} description={opened.warnings.join('\n')} style={{ whiteSpace: 'pre-wrap' }} />}
                    <ReportView report={opened.report} />
                    <Card size="small" title={h3('diagnose.files')}>
                      <Table
                        size="small"
                        pagination={false}
                        rowKey="path"
                        dataSource={opened.files}
                        columns={[
                          { title: t('version.file'), dataIndex: 'path', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                          { title: t('version.size'), dataIndex: 'size', align: 'right', render: (v: number) => formatBytes(v, lang) },
                          { title: t('diagnose.intact'), dataIndex: 'verified', render: (v: boolean) => (v ? <Tag color="#237804">{t('common.yes')}</Tag> : <Tag color="#a8071a">{t('common.no')}</Tag>) },
                        ]}
                      />
                    </Card>
                    {opened.markdown && (
                      <Collapse items={[{ key: 'md', label: t('diagnose.markdown'), children: <pre style={{ whiteSpace: 'pre-wrap', margin: 0, fontSize: 12 }}>{opened.markdown}</pre> }]} />
                    )}
                  </Flex>
                )}
              </Flex>
            ),
          },
        ]}
      />
    </StepPage>
  );
}
