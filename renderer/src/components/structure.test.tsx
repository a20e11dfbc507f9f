/**
 * The wizard's structure in jsdom: passed checks fold into one line, each journey's stepper shows
 * only its own steps, and leaving a screen with a running job asks first and comes back to it.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConfigProvider, App as AntApp } from 'antd';
import { initI18n } from '../i18n';
import { useApp } from '../store/app';
import { useJobs } from '../store/jobs';
import { ResultList, type ResultItem } from './ResultList';
import { JourneySteps } from './JourneySteps';
import { LeaveGuard } from './LeaveGuard';

const item = (id: string, verdict: ResultItem['verdict'], technical?: string): ResultItem => ({ key: id, testId: `r-${id}`, verdict, title: `title ${id}`, detail: `detail ${id}`, fix: verdict === 'pass' ? undefined : `fix ${id}`, technical });

beforeEach(() => {
  initI18n('en');
  useApp.setState({ lang: 'en', screen: 'home', journey: null, pendingLeave: null });
  useJobs.setState({ jobs: {}, current: {}, rejected: 0 });
});

describe('ResultList', () => {
  it('shows problems and warnings first, folds the passed ones into one line, and has one Technical details', async () => {
    const user = userEvent.setup();
    const items = [item('p1', 'pass', 'cmd 1'), item('w', 'warn', 'cmd w'), item('p2', 'pass'), item('f', 'fail', 'cmd f'), item('n', 'info')];
    render(<ResultList items={items} label="checks" />);
    const list = screen.getByRole('list', { name: 'checks' });
    const rows = within(list).getAllByRole('listitem', { hidden: true });
    expect(rows.map((r) => r.dataset.testid)).toEqual(['r-f', 'r-w', 'r-p1', 'r-p2', 'r-n']);
    // only what needs attention is visible; the rest is one line
    expect(screen.getByTestId('r-f')).toBeVisible();
    expect(screen.getByTestId('r-p1')).not.toBeVisible();
    const toggle = screen.getByTestId('toggle-passed');
    expect(toggle).toHaveTextContent('2 passed · 1 note');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(screen.getByTestId('r-p1')).toBeVisible();
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    // one "Technical details" for the whole section, not one per result
    expect(screen.getAllByText('Technical details')).toHaveLength(1);
    expect(screen.queryByText('cmd f')).toBeNull();
    await user.click(screen.getByText('Technical details'));
    await waitFor(() => expect(screen.getByText('cmd f')).toBeInTheDocument());
  });
  it('says "1 passed" and has no toggle when nothing passed', () => {
    const { unmount } = render(<ResultList items={[item('a', 'pass')]} label="one" />);
    expect(screen.getByTestId('toggle-passed')).toHaveTextContent(/^1 passed$/);
    unmount();
    render(<ResultList items={[item('b', 'fail')]} label="bad" />);
    expect(screen.queryByTestId('toggle-passed')).toBeNull();
    expect(screen.queryByText('Technical details')).toBeNull();
  });
});

describe('JourneySteps', () => {
  it('shows only the journey’s steps, named for what the user does, in both languages', () => {
    const { rerender } = render(<JourneySteps journey="install" screen="environment" />);
    const nav = screen.getByTestId('stepper');
    expect(within(nav).getAllByText(/./, { selector: '.ant-steps-item-title' }).map((e) => e.textContent)).toEqual(['Check this machine', 'Choose media', 'Install', 'Shell setup', 'Verify']);
    expect(nav.querySelector('[aria-current="step"]')).toHaveAttribute('data-step', 'environment');
    rerender(<JourneySteps journey="diagnose" screen="diagnose" />);
    expect(within(screen.getByTestId('stepper')).getAllByText(/./, { selector: '.ant-steps-item-title' }).map((e) => e.textContent)).toEqual(['Check this machine', 'Find the cause']);
    expect(screen.queryByText('Verify')).toBeNull();
    initI18n('zh');
    rerender(<JourneySteps journey="install" screen="environment" />);
    expect(screen.getByText('配置环境')).toBeInTheDocument();
  });
});

describe('leaving a screen with a running job', () => {
  const ui = () =>
    render(
      <ConfigProvider>
        <AntApp>
          <LeaveGuard />
        </AntApp>
      </ConfigProvider>,
    );
  it('asks first; Stay keeps the screen, Leave goes with the job still running, and the journey comes back to it', async () => {
    const user = userEvent.setup();
    useApp.setState({ journey: 'prepare', screen: 'download' });
    const id = useJobs.getState().begin('download');
    ui();
    useApp.getState().goHome();
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('The download is still running');
    expect(useApp.getState().screen).toBe('download');

    await user.click(within(dialog).getByTestId('leave-stay'));
    await waitFor(() => expect(useApp.getState().pendingLeave).toBeNull());
    expect(useApp.getState().screen).toBe('download');

    useApp.getState().back();
    await user.click(within(await screen.findByRole('dialog')).getByTestId('leave-keep'));
    expect(useApp.getState().screen).toBe('version');
    expect(useJobs.getState().jobs[id]!.status).toBe('running');

    // going elsewhere from a screen without a job never asks
    useApp.getState().goHome();
    expect(useApp.getState().screen).toBe('home');
    // starting the journey again re-attaches to the running job's screen
    useApp.getState().startJourney('prepare');
    expect(useApp.getState().screen).toBe('download');
    expect(useJobs.getState().current.download).toBe(id);

    // once it has finished, leaving does not ask and the journey starts at its beginning again
    useJobs.getState().finish(id, 'done');
    useApp.getState().goHome();
    expect(useApp.getState().screen).toBe('home');
    useApp.getState().startJourney('prepare');
    expect(useApp.getState().screen).toBe('env');
  });
  it('Stop it and leave asks the engine to cancel and leaves', async () => {
    const user = userEvent.setup();
    useApp.setState({ journey: 'install', screen: 'verify' });
    useJobs.getState().begin('verify');
    let cancelled = '';
    useJobs.setState({ cancel: async (jobId: string) => void (cancelled = jobId) });
    ui();
    useApp.getState().goHome();
    await user.click(within(await screen.findByRole('dialog')).getByTestId('leave-stop'));
    expect(useApp.getState().screen).toBe('home');
    expect(cancelled).toBe(useJobs.getState().current.verify);
  });
});
