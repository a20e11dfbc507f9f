/**
 * Status that never says more than what happened: the progress panel of a job that ended (header,
 * bar colours, the damaged file red, none green), what a silent download is waiting for, and the
 * error panel's per-source cause with "Open settings".
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { initI18n } from '../i18n';
import { useApp } from '../store/app';
import { useJobs, type JobEntry } from '../store/jobs';
import type { Progress } from '../../../shared/progress';
import { AppError } from '../../../shared/errors';
import { sourcesParams } from '../../../shared/sources';
import { ProgressPanel } from './ProgressPanel';
import { ErrorPanel } from './ErrorPanel';
import { ReportView } from '../screens/Diagnose';
import type { DiagnoseReport, RuleResult } from '../../../shared/diagnose';

const FILE = 'go1.19.8.linux-amd64.tar.gz';
function ev(extra: Partial<Progress> = {}): Progress {
  return { jobId: 'j1', phase: 'download', file: FILE, done: 1000, total: 1000, overallDone: 1000, overallTotal: 1000, unit: 'bytes', speed: 0, etaSeconds: null, ...extra };
}
function job(status: JobEntry['status'], last: Progress): void {
  useJobs.setState({ jobs: { j1: { id: 'j1', kind: 'download', status, startedAt: 0, last, files: { [FILE]: last } } } });
}
const bars = (c: HTMLElement) => [...c.querySelectorAll('.ant-progress')];

beforeEach(() => {
  initI18n('en');
  useApp.setState({ lang: 'en', settingsOpen: false });
});

describe('progress panel of a job that ended', () => {
  it('a file rejected as damaged is red, never a full green bar; the header says how the job ended', () => {
    job('failed', ev());
    const { container } = render(<ProgressPanel jobId="j1" title="Downloading" failedFile={FILE} />);
    expect(screen.getByTestId('progress-state')).toHaveTextContent('Stopped with an error');
    expect(screen.queryByText(/downloading/i)).toBeNull();
    expect(container.querySelector('.ant-progress-status-success')).toBeNull();
    expect(bars(container).every((b) => b.classList.contains('ant-progress-status-exception'))).toBe(true);
    expect(screen.getByTestId('progress-file')).toHaveAttribute('data-bar', 'exception');
  });

  it('cancelled: "Cancelled" in the header, grey bars, no phase word beside it', () => {
    job('cancelled', ev({ done: 400, overallDone: 400 }));
    const { container } = render(<ProgressPanel jobId="j1" title="Downloading" />);
    expect(screen.getByTestId('progress-state')).toHaveTextContent('Cancelled');
    expect(screen.getByTestId('progress-panel').textContent).not.toMatch(/downloading/i);
    expect(container.querySelector('.ant-progress-status-success, .ant-progress-status-active')).toBeNull();
  });

  it('one file: the overall bar and amount are that file’s (never 37 % beside 0 B)', () => {
    job('running', ev({ done: 0, overallDone: 370 }));
    render(<ProgressPanel jobId="j1" title="Downloading" />);
    expect(screen.getByTestId('progress-overall').getAttribute('aria-valuenow') ?? screen.getByTestId('progress-overall').textContent).toMatch(/^0/);
  });
});

describe('a download waiting for its source', () => {
  it('says which source is silent, and the retry under way, instead of "measuring…"', () => {
    job('running', ev({ done: 0, overallDone: 0, waitingSeconds: 12, source: { url: 'http://10.0.0.5:8080/go/x', official: false } }));
    const { rerender } = render(<ProgressPanel jobId="j1" title="Downloading" />);
    expect(screen.getByTestId('progress-waiting')).toHaveTextContent('Waiting for your mirror 10.0.0.5:8080 to answer — nothing for 12 s');
    expect(screen.queryByText(/measuring/)).toBeNull();
    job('running', ev({ done: 0, overallDone: 0, source: { url: 'http://10.0.0.5:8080/go/x', official: false }, retry: { attempt: 2, of: 4, reason: 'timeout', seconds: 30 } }));
    rerender(<ProgressPanel jobId="j1" title="Downloading" />);
    expect(screen.getByTestId('progress-waiting')).toHaveTextContent('your mirror 10.0.0.5:8080: no data for 30 s — trying again (2 of 4)');
    initI18n('zh');
    useApp.setState({ lang: 'zh' });
    rerender(<ProgressPanel jobId="j1" title="正在下载" />);
    expect(screen.getByTestId('progress-waiting')).toHaveTextContent('您的镜像 10.0.0.5:8080：30 秒内没有任何数据，正在重试（第 2 次，共 4 次）');
  });
});

describe('error panel for a download that no source gave', () => {
  it('lists each source and its answer, and its main action opens the settings', async () => {
    const tried = [
      { url: 'http://10.0.0.5:8080/go/x.tar.gz', official: false, answer: 'not-found' as const, status: 404 },
      { url: 'http://10.0.0.6/go/x.tar.gz', official: false, answer: 'html' as const },
    ];
    const err = new AppError('DOWNLOAD_SOURCES_FAILED', { filename: 'x.tar.gz', ...sourcesParams(tried, true) }, 'raw: ECONNREFUSED').toData();
    render(<ErrorPanel error={err} onRetry={() => undefined} />);
    const cause = screen.getByTestId('error-cause');
    expect(cause).toHaveTextContent('your mirror 10.0.0.5:8080: file not found (404)');
    expect(cause).toHaveTextContent('your mirror 10.0.0.6: got a web page instead of the file — a proxy login page?');
    expect(cause).toHaveTextContent('the public Go sites: not tried');
    expect(cause.textContent).not.toContain('ECONNREFUSED');
    const open = screen.getByTestId('error-open-settings');
    expect(open).toHaveClass('ant-btn-primary');
    expect(screen.getByTestId('retry')).not.toHaveClass('ant-btn-primary');
    await userEvent.setup().click(open);
    expect(useApp.getState().settingsOpen).toBe(true);
  });
});

describe('diagnose findings, cause first', () => {
  const lt = (en: string, zh = en) => ({ en, zh });
  const rule = (id: string, extra: Partial<RuleResult> = {}): RuleResult => ({ id, severity: 'error', title: lt(`title ${id}`, `标题 ${id}`), checks: lt('c'), cause: lt(`cause ${id}`), fix: lt(`Run \`go env -w X=1\` for ${id}`), evidence: {}, ...extra });
  const report = (results: RuleResult[], rootCauses: string[]): DiagnoseReport => ({
    schema: 'go-offline/diagnose@1', createdAt: new Date(0).toISOString(), toolVersion: '1', host: { platform: 'linux-amd64', os: 'linux', arch: 'amd64', osVersion: '', libc: null, shell: null },
    goroot: '/x/go', goVersion: 'go1.19.8', projects: [], network: { probed: false, reachable: null }, results, rootCauses, runs: [], healthy: false,
  });

  it('shows the most likely cause first, the findings it explains grouped under it, commands as code with Copy', () => {
    const r = report([rule('wrong-arch'), rule('path-not-loaded', { causedBy: 'wrong-arch', severity: 'warning' }), rule('toolchain-unavailable', { causedBy: 'path-not-loaded' }), rule('multiple-go', { severity: 'warning' })], ['wrong-arch']);
    render(<ReportView report={r} />);
    const likely = screen.getByTestId('likely-cause');
    expect(likely).toHaveAttribute('data-rule', 'wrong-arch');
    expect(likely).toHaveTextContent('Most likely cause');
    expect(likely).toHaveTextContent('This also explains 2 more findings');
    // the cause comes before everything else on the page
    const all = [...document.querySelectorAll('[data-testid^="rule-"]')].map((e) => e.getAttribute('data-testid'));
    expect(all[0]).toBe('rule-wrong-arch');
    expect(screen.getByTestId('rule-multiple-go').closest('[data-testid="likely-cause"]')).toBeNull();
    // no raw backticks; the command is code with a copy button
    expect(likely.textContent).not.toContain('`');
    expect(screen.getAllByTestId('rich-code')[0]).toHaveTextContent('go env -w X=1');
    expect(likely.querySelector('.ant-typography-copy')).not.toBeNull();
  });

  it('counts checks as the CLI does: how many ran and how many did not apply, never all as run', () => {
    const r = { ...report([rule('wrong-arch')], ['wrong-arch']), runs: [{ id: 'wrong-arch', status: 'fired' as const }, { id: 'multiple-go', status: 'ok' as const }, { id: 'win-path', status: 'skipped' as const, reason: 'not Windows' }] };
    render(<ReportView report={r} />);
    expect(document.body).toHaveTextContent('3 checks: 2 ran, 1 did not apply');
  });
});
