import { describe, it, expect } from 'vitest';
import en from './en';
import zh from './zh';
import { detectLang } from './index';

function leaves(o: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, leaves(v, `${prefix}${k}.`));
  }
  return out;
}

describe('translations', () => {
  it('have the same keys in English and Chinese, none empty, and the same placeholders', () => {
    const a = leaves(en);
    const b = leaves(zh);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const [k, v] of Object.entries(a)) {
      expect(v.trim(), k).not.toBe('');
      expect(b[k]!.trim(), k).not.toBe('');
      const ph = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(ph(b[k]!), k).toEqual(ph(v));
    }
  });
  it('Chinese texts are really Chinese', () => {
    const b = leaves(zh);
    const cjk = Object.values(b).filter((s) => /[\u4e00-\u9fff]/.test(s));
    expect(cjk.length / Object.keys(b).length).toBeGreaterThan(0.9);
  });
  it('follows the OS language', () => {
    expect(detectLang(['zh-CN', 'en-US'])).toBe('zh');
    expect(detectLang(['zh-TW'])).toBe('zh');
    expect(detectLang(['en-GB'])).toBe('en');
    expect(detectLang(['de-DE', 'fr'])).toBe('en');
  });
});
