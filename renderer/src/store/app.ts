import { create } from 'zustand';
import { initI18n, type UiLang, detectLang } from '../i18n';
import { patchSettings } from '../lib/settings';
import { JOURNEY_SCREENS, SCREEN_JOBS, leavesRunningJob, nextScreen, prevScreen, type Gate, type Journey, type ScreenId } from '../lib/journeys';
import { runningJobs, useJobs } from './jobs';

export type { Journey, ScreenId } from '../lib/journeys';
export type Screen = ScreenId;

interface AppState {
  lang: UiLang;
  journey: Journey | null;
  screen: ScreenId;
  /** what Next may do on the current screen (set by the screen) */
  gate: Gate;
  /** the user ticked "I have read the warnings" on this screen */
  warningsAccepted: boolean;
  settingsOpen: boolean;
  /** a support bundle the OS asked us to open; the Diagnose screen takes it */
  pendingSupportBundle: string | null;
  openSupportBundle(path: string | null): void;
  setLang(lang: UiLang, persist?: boolean): void;
  startJourney(j: Journey): void;
  goHome(): void;
  go(screen: ScreenId): void;
  next(): void;
  back(): void;
  setGate(g: Gate): void;
  acceptWarnings(v: boolean): void;
  openSettings(v: boolean): void;
  /** leaving the screen would leave this running job behind: the user is asked first */
  pendingLeave: { kind: string; jobId: string; to: { journey: Journey | null; screen: ScreenId } } | null;
  /** the answer: stay, leave with the job still running, or stop the job and leave */
  resolveLeave(answer: 'stay' | 'leave' | 'stop'): void;
}

const INITIAL_GATE: Gate = { state: 'incomplete', reason: 'nav.reason.notReady' };

/**
 * Move to another screen, unless that leaves a running job of the current screen behind: then
 * the question is asked first (`pendingLeave`), and `resolveLeave` finishes the move.
 */
function navigate(get: () => AppState, set: (p: Partial<AppState>) => void, journey: Journey | null, screen: ScreenId, force = false) {
  const from = get().screen;
  const running = runningJobs(useJobs.getState());
  const kind = force ? null : leavesRunningJob(from, screen, running);
  if (kind) {
    const job = running.find((j) => j.kind === kind)!;
    set({ pendingLeave: { kind, jobId: job.id, to: { journey, screen } } });
    return;
  }
  set({ journey, screen, gate: INITIAL_GATE, warningsAccepted: false, pendingLeave: null });
  if (screen !== 'home') focusMain();
}

/** Where a journey starts: the screen of its running job when one still runs (coming back re-attaches), else its first screen. */
export function journeyEntry(j: Journey): ScreenId {
  const running = runningJobs(useJobs.getState());
  const withJob = JOURNEY_SCREENS[j].find((s) => (SCREEN_JOBS[s.screen] ?? []).some((k) => running.some((r) => r.kind === k)));
  return withJob?.screen ?? 'env';
}

export const useApp = create<AppState>((set, get) => ({
  lang: detectLang(),
  journey: null,
  screen: 'home',
  gate: INITIAL_GATE,
  warningsAccepted: false,
  settingsOpen: false,
  pendingSupportBundle: null,
  pendingLeave: null,
  openSupportBundle(path) {
    if (path === null) set({ pendingSupportBundle: null });
    else set({ pendingSupportBundle: path, journey: 'diagnose', screen: 'diagnose', gate: INITIAL_GATE, warningsAccepted: false });
  },
  setLang(lang, persist = true) {
    initI18n(lang);
    set({ lang });
    if (persist) void patchSettings({ language: lang }).catch(() => undefined);
  },
  startJourney(journey) {
    navigate(get, set, journey, journeyEntry(journey));
  },
  goHome() {
    navigate(get, set, null, 'home');
  },
  go(screen) {
    navigate(get, set, get().journey, screen);
  },
  resolveLeave(answer) {
    const p = get().pendingLeave;
    if (!p) return;
    if (answer === 'stay') return set({ pendingLeave: null });
    if (answer === 'stop') void useJobs.getState().cancel(p.jobId);
    navigate(get, set, p.to.journey, p.to.screen, true);
  },
  next() {
    const { journey, screen } = get();
    const n = journey ? nextScreen(journey, screen) : null;
    if (n) get().go(n);
  },
  back() {
    const { journey, screen } = get();
    const p = journey ? prevScreen(journey, screen) : null;
    if (p) get().go(p);
    else get().goHome();
  },
  setGate(gate) {
    const g = get().gate;
    if (g.state !== gate.state || g.reason !== gate.reason) set({ gate });
  },
  acceptWarnings(v) {
    set({ warningsAccepted: v });
  },
  openSettings(v) {
    set({ settingsOpen: v });
  },
}));

/** After a screen change, move keyboard focus to the top of the new screen (screen readers announce it). */
function focusMain() {
  if (typeof document === 'undefined') return;
  setTimeout(() => {
    const h = document.querySelector<HTMLElement>('#main h2');
    if (h) {
      h.setAttribute('tabindex', '-1');
      h.focus({ preventScroll: false });
    }
  }, 0);
}
