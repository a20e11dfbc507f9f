import { Alert, Button, Card, Collapse, Descriptions, Flex, Input, Modal, Tabs, Typography, theme } from 'antd';
import { FileSearchOutlined, SearchOutlined, ThunderboltOutlined, ToolOutlined } from '@ant-design/icons';
import { createContext, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { DiagnoseReport, ExplainResult, RuleResult, SupportBundleReport } from '../../../shared/diagnose';
import type { Verdict } from '../../../shared/platform';
import { FIX_COMMENT_PREFIX, fixPlanFor, noFixReasonFor, type FixPlan } from '../../../shared/diagnose-fixes';
import { formatDateTime } from '../../../shared/format';
import { pick } from '../../../shared/text';
import { call, errorData } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { PathField } from '../components/PathField';
import { ProgressPanel } from '../components/ProgressPanel';
import { StepPage } from '../components/StepPage';
import { RichText } from '../components/RichText';
import { SupportBundleButton } from '../components/SupportBundleButton';
import { SupportBundleView } from '../components/SupportBundleView';
import { VerdictIcon } from '../components/VerdictIcon';
import { useApp } from '../store/app';
import { runJob } from '../store/jobs';

const VERDICT: Record<RuleResult['severity'], Verdict> = { error: 'fail', warning: 'warn', info: 'info' };

/** On this machine's own report (not a received bundle's): ask to fix a finding. */
const FixContext = createContext<((plan: FixPlan) => void) | null>(null);

/** The "Fix" button of a finding that has a safe fix; a finding without one says so (on this machine's report only). */
function FixAction({ r }: { r: RuleResult }) {
  const { t } = useTranslation();
  const ask = useContext(FixContext);
  if (!ask || r.severity === 'info') return null;
  const plan = fixPlanFor(r);
  if (!plan) {
    const why = noFixReasonFor(r);
    return (
      <Typography.Text type="secondary" data-testid={`no-fix-${r.id}`}>
        {why ? t(`diagnose.fix.why.${why}`) : t('diagnose.fix.none')}
      </Typography.Text>
    );
  }
  return (
    <div>
      <Button icon={<ToolOutlined />} onClick={() => ask(plan)} data-testid={`fix-${r.id}`}>
        {t('diagnose.fix.button')}
      </Button>
    </div>
  );
}

/** One finding: title, cause and fix in words (commands as code with Copy), the facts it saw one click away. */
function RuleCard({ r, compact }: { r: RuleResult; compact?: boolean }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  return (
    <Flex gap={12} align="flex-start" data-testid={`rule-${r.id}`} data-severity={r.severity} data-caused-by={r.causedBy ?? ''}>
      <VerdictIcon verdict={VERDICT[r.severity]} />
      <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong>{pick(r.title, lang)}</Typography.Text>
        <Typography.Text>
          <strong>{t('error.cause')}{lang === 'zh' ? '：' : ': '}</strong>
          <RichText text={pick(r.cause, lang)} />
        </Typography.Text>
        {!compact && (
          <Typography.Text>
            <strong>{t('error.fix')}{lang === 'zh' ? '：' : ': '}</strong>
            <RichText text={pick(r.fix, lang)} />
          </Typography.Text>
        )}
        {!compact && <FixAction r={r} />}
        {r.source && (
          <Typography.Text type="secondary" data-testid="rule-source">
            {t('diag.setIn', { variable: r.source.variable, file: r.source.file, line: r.source.line })}
          </Typography.Text>
        )}
        <Collapse
          ghost
          size="small"
          items={[{ key: 'e', label: t('error.details'), children: <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>{`${t('diagnose.ruleId')}: ${r.id}\n${Object.entries(r.evidence).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('\n')}`}</pre> }]}
        />
      </Flex>
    </Flex>
  );
}

/** A cause and the findings it explains, grouped under it (the consequences compact: their fix is the cause's). */
function CauseGroup({ cause, effects, lead }: { cause: RuleResult; effects: RuleResult[]; lead: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Card
      size="small"
      data-testid={lead ? 'likely-cause' : 'cause-group'}
      data-rule={cause.id}
      title={lead ? <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('diag.likely')}</Typography.Title> : undefined}
      style={lead ? { borderColor: cause.severity === 'error' ? token.colorErrorBorder : token.colorWarningBorder } : undefined}
    >
      <Flex vertical gap={12}>
        <RuleCard r={cause} />
        {effects.length > 0 && (
          <Collapse
            size="small"
            items={[
              {
                key: 'x',
                label: t('diag.explains', { count: effects.length }),
                children: (
                  <Flex vertical gap={12} data-testid={`effects-${cause.id}`}>
                    {effects.map((e) => (
                      <RuleCard key={e.id} r={e} compact />
                    ))}
                  </Flex>
                ),
              },
            ]}
          />
        )}
      </Flex>
    </Card>
  );
}

/**
 * The findings cause first: the most likely cause on its own card, the findings it explains
 * grouped under it; then the other causes, each with theirs; then what stands alone.
 */
function RuleResults({ report }: { report: DiagnoseReport }) {
  const { t } = useTranslation();
  const results = report.results;
  const byId = new Map(results.map((r) => [r.id, r]));
  const roots = (report.rootCauses ?? []).map((id) => byId.get(id)).filter((r): r is RuleResult => !!r);
  const rootOf = (r: RuleResult): string | undefined => {
    let cur = r;
    const seen = new Set<string>();
    while (cur.causedBy && byId.has(cur.causedBy) && !seen.has(cur.causedBy)) {
      seen.add(cur.causedBy);
      cur = byId.get(cur.causedBy)!;
    }
    return cur.id === r.id ? undefined : cur.id;
  };
  const effectsOf = (id: string) => results.filter((r) => rootOf(r) === id);
  const grouped = new Set(roots.flatMap((r) => [r.id, ...effectsOf(r.id).map((e) => e.id)]));
  const rest = results.filter((r) => !grouped.has(r.id));
  const leadIsProblem = roots[0] && roots[0].severity !== 'info';
  return (
    <Flex vertical gap={12} aria-label={t('diagnose.results')} role="region">
      {roots.map((r, i) => (
        <CauseGroup key={r.id} cause={r} effects={effectsOf(r.id)} lead={i === 0 && !!leadIsProblem} />
      ))}
      {rest.length > 0 && (
        <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{roots.length ? t('diag.other') : t('diagnose.results')}</Typography.Title>}>
          <Flex vertical gap={12}>
            {rest.map((r) => (
              <RuleCard key={r.id} r={r} />
            ))}
          </Flex>
        </Card>
      )}
    </Flex>
  );
}

export function ReportView({ report }: { report: DiagnoseReport }) {
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
        description={t('diagnose.ran', { count: report.runs.length, ran: report.runs.filter((x) => x.status !== 'skipped').length, notApplied: report.runs.filter((x) => x.status === 'skipped').length, when: formatDateTime(report.createdAt, lang) })}
      />
      {fired.length > 0 && <RuleResults report={report} />}
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('env.facts.platform')}>{report.host.platform}</Descriptions.Item>
        <Descriptions.Item label={t('diagnose.go')}>{report.goVersion ? `${report.goVersion.replace(/^go/, '')} (${report.goroot})` : t('diagnose.noGo')}</Descriptions.Item>
      </Descriptions>
    </Flex>
  );
}

const CONFIRM_VERDICT: Record<ExplainResult['confirmations'][number]['status'], Verdict> = { fired: 'fail', ok: 'pass', skipped: 'info' };

/** What the rule behind a match found when it was run on this machine (the CLI's "checked on this machine: …"). */
function Confirmation({ status, rule }: { status: ExplainResult['confirmations'][number]['status']; rule: string }) {
  const { t } = useTranslation();
  return (
    <Flex gap={6} align="center" data-testid={`confirm-${rule}`} data-status={status}>
      <VerdictIcon verdict={CONFIRM_VERDICT[status]} />
      <Typography.Text>{t(`diagnose.confirm.${status}`)}</Typography.Text>
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
  const [fixing, setFixing] = useState<FixPlan | null>(null);
  const [fixBusy, setFixBusy] = useState(false);
  const [fixError, setFixError] = useState<AppErrorData | null>(null);
  const [fixed, setFixed] = useState<{ file: string; line: number } | null>(null);
  const [text, setText] = useState('');
  const [explained, setExplained] = useState<ExplainResult | null>(null);
  const [explaining, setExplaining] = useState(false);
  const matches = explained?.matches ?? null;
  const [explainError, setExplainError] = useState<AppErrorData | null>(null);
  const [bundlePath, setBundlePath] = useState('');
  const [opened, setOpened] = useState<SupportBundleReport | null>(null);
  // the path the shown bundle was opened from (the field may be edited afterwards)
  const [openedFrom, setOpenedFrom] = useState('');
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
  async function applyFix() {
    if (!fixing) return;
    setFixBusy(true);
    setFixError(null);
    try {
      const r = await call('diagnose.fix', fixing);
      setFixing(null);
      setFixed({ file: r.file, line: r.line });
      await run(); // the checks again, on the changed machine
    } catch (e) {
      setFixError(errorData(e));
    } finally {
      setFixBusy(false);
    }
  }
  async function explain() {
    setExplainError(null);
    setExplaining(true);
    try {
      // the same engine function as `go-offline diagnose --explain`: each matched rule is run here to confirm it
      setExplained(await call('diagnose.explain', { text }));
    } catch (e) {
      setExplainError(errorData(e));
    } finally {
      setExplaining(false);
    }
  }
  async function open(path = bundlePath) {
    setOpenError(null);
    setOpened(null);
    try {
      setOpened(await call('diagnose.openSupportBundle', { path: path.trim() }));
      setOpenedFrom(path.trim());
    } catch (e) {
      setOpenError(errorData(e));
    }
  }

  const h3 = (k: string) => <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t(k)}</Typography.Title>;
  return (
    <StepPage title={t('diagnose.title')} intro={t('diagnose.intro')} hideNext actions={tab === 'open' && opened ? undefined : <SupportBundleButton />}>
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
                {fixed && <Alert type="success" showIcon data-testid="fix-done" title={t('diagnose.fix.done', { file: fixed.file, line: fixed.line })} />}
                {report && (
                  <FixContext.Provider
                    value={(plan) => {
                      setFixError(null);
                      setFixed(null);
                      setFixing(plan);
                    }}
                  >
                    <ReportView report={report} />
                    {report.results.some((r) => r.severity !== 'info') && <Typography.Text type="secondary">{t('diagnose.fix.which')}</Typography.Text>}
                  </FixContext.Provider>
                )}
                <Modal
                  open={!!fixing}
                  title={t('diagnose.fix.title')}
                  onCancel={() => setFixing(null)}
                  onOk={() => void applyFix()}
                  okText={t('diagnose.fix.confirm')}
                  cancelText={t('common.cancel')}
                  confirmLoading={fixBusy}
                  okButtonProps={{ 'data-testid': 'fix-confirm' }}
                >
                  {fixing && (
                    <Flex vertical gap={8} data-testid="fix-plan">
                      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('diagnose.fix.what', { file: fixing.file, line: fixing.line, value: fixing.value })}</Typography.Paragraph>
                      <Typography.Text code data-latin-ok>{FIX_COMMENT_PREFIX}…GOROOT={fixing.value}</Typography.Text>
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('diagnose.fix.undo')}</Typography.Paragraph>
                      {fixError && <ErrorPanel error={fixError} nested />}
                    </Flex>
                  )}
                </Modal>
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
                  <Button type="primary" icon={<SearchOutlined />} onClick={() => void explain()} disabled={!text.trim()} loading={explaining} data-testid="explain">
                    {t('diagnose.explain')}
                  </Button>
                </div>
                {explainError && <ErrorPanel error={explainError} />}
                {matches && matches.length === 0 && <Alert type="info" showIcon title={t('diagnose.noMatch')} description={explained?.told ? <RichText text={pick(explained.told, lang)} /> : undefined} data-testid="no-match" />}
                {matches && matches.length > 0 && (
                  <Card size="small" title={h3('diagnose.matches')}>
                    <Flex vertical gap={12} data-testid="matches">
                      {matches.map((m) => (
                        <Flex vertical gap={4} key={m.id} data-testid={`match-${m.id}`}>
                          <Typography.Text strong>{pick(m.title, lang)}</Typography.Text>
                          <Typography.Text>
                            <strong>{t('error.cause')}{lang === 'zh' ? '：' : ': '}</strong>
                            <RichText text={pick(m.cause, lang)} />
                          </Typography.Text>
                          <Typography.Text>
                            <strong>{t('error.fix')}{lang === 'zh' ? '：' : ': '}</strong>
                            <RichText text={pick(m.fix, lang)} />
                          </Typography.Text>
                          <Typography.Text type="secondary">
                            {t('diagnose.matched')}: <Typography.Text code>{m.matched}</Typography.Text>
                          </Typography.Text>
                          {m.rule && <Confirmation status={explained?.confirmations.find((c) => c.rule === m.rule)?.status ?? 'skipped'} rule={m.rule} />}
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
                  <Button type={opened ? 'default' : 'primary'} icon={<FileSearchOutlined />} onClick={() => void open()} disabled={!bundlePath.trim()}>
                    {t('diagnose.open')}
                  </Button>
                </Flex>
                {openError && <ErrorPanel error={openError} />}
                {opened && <SupportBundleView bundle={opened} source={openedFrom} findings={<ReportView report={opened.report} />} />}
              </Flex>
            ),
          },
        ]}
      />
    </StepPage>
  );
}
