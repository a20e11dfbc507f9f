import { describe, it, expect } from 'vitest';
import type { Progress } from '../../shared/progress';
import { createProgressView, smoothEta, windowSpeed } from './progress';

const MiB = 1024 * 1024;
const ev = (phase: string, done: number, total: number, extra: Partial<Progress> = {}): Progress => ({
  jobId: 'j',
  phase,
  done,
  total,
  overallDone: done,
  overallTotal: total,
  unit: 'bytes',
  speed: 0,
  etaSeconds: null,
  ...extra,
});
const visible = (s: string) => s.split('\r').at(-1)!.replaceAll('\x1b[K', '');

describe('speed and ETA', () => {
  it('has no speed until the window spans a second and bytes moved', () => {
    expect(windowSpeed([{ t: 0, done: 0 }])).toBeNull();
    expect(windowSpeed([{ t: 0, done: 0 }, { t: 500, done: 10 * MiB }])).toBeNull();
    expect(windowSpeed([{ t: 0, done: 5 }, { t: 2000, done: 5 }])).toBeNull();
    expect(windowSpeed([{ t: 0, done: 0 }, { t: 2000, done: 4 * MiB }])).toBe(2 * MiB);
  });
  it('smooths the ETA: one fast sample moves it a fifth of the way', () => {
    expect(smoothEta(null, 300)).toBe(300);
    expect(smoothEta(300, 60)).toBe(252);
    expect(smoothEta(300, null)).toBeNull();
  });
});

describe('progress on a terminal', () => {
  it('prints a finished bar once, however many 100% events follow', () => {
    const v = createProgressView({ tty: true, lang: 'en' });
    let out = '';
    for (let t = 0; t <= 4000; t += 250) out += v.update(ev('download', Math.min(117 * MiB, (t / 4000) * 117 * MiB), 117 * MiB, { file: 'go.tar.gz' }), t);
    for (let t = 4250; t < 6000; t += 250) out += v.update(ev('download', 117 * MiB, 117 * MiB, { file: 'go.tar.gz' }), t);
    expect(out.split('\n').filter((l) => l.includes('100%'))).toHaveLength(1);
    expect(v.end('done')).toBe('');
  });

  it('never shows the previous phase’s speed at the start of the next', () => {
    const v = createProgressView({ tty: true, lang: 'en' });
    for (let t = 0; t <= 3000; t += 250) v.update(ev('copy', (t / 3000) * 100 * MiB, 117 * MiB, { file: 'go.tar.gz', speed: 600 * MiB }), t);
    const first = visible(v.update(ev('readback', 0, 117 * MiB, { file: 'go.tar.gz', speed: 635 * MiB, etaSeconds: 1 }), 3100));
    expect(first).toMatch(/^readback go\.tar\.gz \[-+\]\s+0% 0 B \/ 117/);
    expect(first).not.toMatch(/\/s|ETA/);
  });

  it('clears an open bar before the report and keeps no bar after success', () => {
    const v = createProgressView({ tty: true, lang: 'en' });
    v.update(ev('diagnose', 3, 26, { unit: 'items', file: 'wrong-arch' }), 0);
    expect(v.clear()).toBe('\r\x1b[K');
    expect(v.clear()).toBe('');
    expect(v.end('done')).toBe('');
  });

  it('says where a cancelled job stopped, in Chinese too', () => {
    const v = createProgressView({ tty: true, lang: 'zh' });
    v.update(ev('download', 10 * MiB, 100 * MiB, { file: 'go.tar.gz' }), 0);
    expect(v.end('cancelled')).toMatch(/download go\.tar\.gz \[#*-+\]\s+10% .* 已取消\n$/);
  });

  it('shows speed and an ETA that does not swing with one fast sample', () => {
    const v = createProgressView({ tty: true, lang: 'en' });
    let last = '';
    // 1 MiB/s for 10 s, then one burst
    for (let t = 0; t <= 10_000; t += 250) last = v.update(ev('download', (t / 1000) * MiB, 300 * MiB, { file: 'f' }), t) || last;
    expect(visible(last)).toMatch(/1(\.0)? MiB\/s ETA (4 min|5 min)/);
    const etaSecs = (s: string) => {
      const m = /ETA (?:(\d+) min ?)?(?:(\d+) s)?/.exec(visible(s));
      return m ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : NaN;
    };
    const before = etaSecs(last);
    const burst = v.update(ev('download', 40 * MiB, 300 * MiB, { file: 'f' }), 10_300);
    expect(etaSecs(burst)).toBeGreaterThan(before * 0.6);
  });
});

describe('progress without a terminal', () => {
  it('writes one line per phase and a final state, never dropping a phase change', () => {
    const v = createProgressView({ tty: false, lang: 'en' });
    let out = '';
    out += v.update(ev('diagnose', 0, 17, { unit: 'items', file: 'wrong-arch' }), 0);
    for (let i = 1; i <= 17; i++) out += v.update(ev('diagnose', i, 17, { unit: 'items', file: `rule-${i}` }), i);
    out += v.update(ev('write', 0, 5 * MiB, { file: 'report.json' }), 20);
    out += v.update(ev('write', 5 * MiB, 5 * MiB, { file: 'report.json' }), 21);
    out += v.end('done');
    expect(out.split('\n').filter(Boolean)).toEqual(['diagnose 0% 0/17', 'write report.json 0% 0 B / 5 MiB', 'write report.json 100% 5 MiB / 5 MiB done']);
    expect(out).not.toContain('\r');
  });

  it('rejects impossible updates', () => {
    const v = createProgressView({ tty: false, lang: 'en' });
    expect(v.update(ev('x', Number.NaN, 10), 0)).toBe('');
    expect(v.update(ev('x', -1, 10), 0)).toBe('');
  });
});
