/** A user-facing text in both languages the product ships. */
export interface LocalText {
  en: string;
  zh: string;
}

export type Lang = 'en' | 'zh';

/** Replace `{name}` placeholders with values; unknown placeholders are left as they are. */
export function interpolate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole,
  );
}

export function localize(text: LocalText, params?: Record<string, string | number>): LocalText {
  return { en: interpolate(text.en, params), zh: interpolate(text.zh, params) };
}

export function pick(text: LocalText, lang: Lang): string {
  return lang === 'zh' ? text.zh : text.en;
}
