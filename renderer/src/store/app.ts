import { create } from 'zustand';
import { initI18n, type UiLang, detectLang } from '../i18n';
import { patchSettings } from '../lib/settings';
import { nextScreen, prevScreen, type Gate, type Journey, type ScreenId } from '../lib/journeys';

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
}

const INITIAL_GATE: Gate = { state: 'incomplete', reason: 'nav.reason.notReady' };

export const useApp = create<AppState>((set, get) => ({
  lang: detectLang(),
  journey: null,
  screen: 'home',
  gate: INITIAL_GATE,
  warningsAccepted: false,
  settingsOpen: false,
  pendingSupportBundle: null,
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
    set({ journey, screen: 'env', gate: INITIAL_GATE, warningsAccepted: false });
  },
  goHome() {
    set({ journey: null, screen: 'home', gate: INITIAL_GATE, warningsAccepted: false });
  },
  go(screen) {
    set({ screen, gate: INITIAL_GATE, warningsAccepted: false });
    focusMain();
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
