import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import zh from './zh';
import type { Lang } from '../../../shared/text';

export type UiLang = Lang;

/** The OS language decides the first language: Chinese for any zh-* locale, English otherwise. */
export function detectLang(locales: readonly string[] = typeof navigator !== 'undefined' ? navigator.languages : []): UiLang {
  return locales.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

export function initI18n(lang: UiLang = detectLang()) {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { en: { translation: en }, zh: { translation: zh } },
      lng: lang,
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  } else if (i18n.language !== lang) {
    void i18n.changeLanguage(lang);
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  return i18n;
}

export { i18n };
