import { describe, it, expect } from 'vitest';
import type { Progress } from '../../../shared/progress';
import { isPlausible, progressView } from './progress';

const base: Progress = { jobId: 'j', phase: 'download', file: 'go1.19.8.linux-amd64.tar.gz', done: 5 * 1024 * 1024, total: 20 * 1024 * 1024, overallDone: 5 * 1024 * 1024, overallTotal: 40 * 1024 * 1024, unit: 'bytes', speed: 2 * 1024 * 1024, etaSeconds: 65 };

describe('progressView', () => {
  it('turns an event into rounded percentages and localized sizes, speed and ETA', () => {
    const v = progressView(base, 'en');
    expect(v.filePercent).toBe(25);
    expect(v.overallPercent).toBe(12);
    expect(v.fileAmount).toBe('5 MiB of 20 MiB');
    expect(v.speed).toBe('2 MiB/s');
    expect(v.eta).toBe('1 min 5 s');
    const z = progressView(base, 'zh');
    expect(z.fileAmount).toBe('5 MiB / 20 MiB');
    expect(z.eta).toBe('1 分 5 秒');
  });
  it('says nothing it does not know: unknown totals, zero speed', () => {
    const v = progressView({ ...base, total: 0, overallTotal: 0, speed: 0, etaSeconds: null }, 'en');
    expect(v.filePercent).toBeNull();
    expect(v.overallPercent).toBeNull();
    expect(v.fileAmount).toBe('5 MiB');
    expect(v.speed).toBeNull();
    expect(v.eta).toBeNull();
  });
  it('counts items without byte units', () => {
    const v = progressView({ ...base, unit: 'items', done: 1200, total: 4000, speed: 0, etaSeconds: null }, 'en');
    expect(v.fileAmount).toBe('1,200 of 4,000');
  });
  it('never shows more than 100 %', () => {
    expect(progressView({ ...base, done: 20 * 1024 * 1024 + 1 }, 'en').filePercent).toBe(100);
  });
});

describe('isPlausible', () => {
  it('accepts real events and rejects impossible numbers', () => {
    expect(isPlausible(base)).toBe(true);
    expect(isPlausible({ ...base, done: Number.NaN })).toBe(false);
    expect(isPlausible({ ...base, speed: Number.POSITIVE_INFINITY })).toBe(false);
    expect(isPlausible({ ...base, overallDone: -1 })).toBe(false);
    expect(isPlausible({ ...base, done: base.total * 2 })).toBe(false);
    expect(isPlausible({ ...base, etaSeconds: Number.NaN })).toBe(false);
    expect(isPlausible({ ...base, etaSeconds: null })).toBe(true);
  });
});
