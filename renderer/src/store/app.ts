import { create } from 'zustand';
import { initI18n, type UiLang, detectLang } from '../i18n';
import { call } from '../api';

export type Journey = 'prepare' | 'install' | 'diagnose';
export type Screen = 'home' | 'env' | string;

interface AppState {
  lang: UiLang;
  journey: Journey | null;
  screen: Screen;
  setLang(lang: UiLang, persist?: boolean): void;
  startJourney(j: Journey): void;
  goHome(): void;
  go(screen: Screen): void;
}

export const useApp = create<AppState>((set) => ({
  lang: detectLang(),
  journey: null,
  screen: 'home',
  setLang(lang, persist = true) {
    initI18n(lang);
    set({ lang });
    if (persist) void call('settings.set', { patch: { language: lang } }).catch(() => undefined);
  },
  startJourney(journey) {
    set({ journey, screen: 'env' });
  },
  goHome() {
    set({ journey: null, screen: 'home' });
  },
  go(screen) {
    set({ screen });
  },
}));
