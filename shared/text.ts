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

/**
 * Text from outside (a received support bundle, a relay, a file) made safe to show in a terminal
 * or on a screen: terminal escape sequences (CSI, OSC such as "set the title", DCS/APC/PM, other
 * ESC sequences and their 8-bit C1 forms), the remaining control characters (all but tab and line
 * feed; a carriage return not followed by a line feed could overwrite what is on the line) and
 * bidirectional overrides (which make text read differently than it is) are removed.
 * The one sanitizer used by the CLI and by what the engine hands the renderer.
 */
/* eslint-disable no-control-regex -- matching control characters is the point here */
export function displaySafe(s: string): string {
  return s
    .replace(/\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g, '') // OSC … BEL/ST (title, hyperlinks, clipboard)
    .replace(/\x1b[P^_X][^\x1b\x9c]*(?:\x1b\\|\x9c)?/g, '') // DCS, PM, APC, SOS … ST
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]?/g, '') // CSI (colours, cursor moves, clear screen)
    .replace(/[\x9b][0-?]*[ -/]*[@-~]?/g, '') // 8-bit CSI
    .replace(/\x1b[ -/]*[0-~]?/g, '') // any other ESC sequence, or a lone ESC
    .replace(/\r\n/g, '\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
}
/* eslint-enable no-control-regex */

/** `displaySafe` applied to every string (object keys included) of a JSON-like value. */
export function displaySafeDeep<T>(v: T): T {
  if (typeof v === 'string') return displaySafe(v) as T;
  if (Array.isArray(v)) return v.map((x) => displaySafeDeep(x)) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[displaySafe(k)] = displaySafeDeep(x);
    return out as T;
  }
  return v;
}
