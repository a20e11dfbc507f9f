import { describe, it, expect } from 'vitest';
import type { EnvReport } from '../../../shared/platform';
import { suggestJourney } from './env';

const report = (o: Partial<EnvReport>): EnvReport => ({ goInstalls: [], gorootEnv: null, findings: [], suggestion: 'unknown', ...o }) as EnvReport;

describe('suggestJourney', () => {
  it('suggests from what the check saw', () => {
    expect(suggestJourney(null).journey).toBeNull();
    expect(suggestJourney(report({ suggestion: 'online' }))).toEqual({ journey: 'prepare', why: 'online' });
    expect(suggestJourney(report({ suggestion: 'offline' }))).toEqual({ journey: 'install', why: 'offline' });
    expect(suggestJourney(report({ suggestion: 'offline', goInstalls: [{ binary: '/x/go', goroot: null, version: null, foundBy: 'path', firstOnPath: true, error: 'exec format error' }] })).why).toBe('broken');
  });
  it('a failed last verification suggests Diagnose', () => {
    expect(suggestJourney(report({ suggestion: 'offline' }), { ok: false })).toEqual({ journey: 'diagnose', why: 'verifyFailed' });
    expect(suggestJourney(report({ suggestion: 'offline' }), { ok: true }).journey).toBe('install');
  });
  it('inserted media with a bundle suggests Install, even on an online machine, unless go is broken', () => {
    expect(suggestJourney(report({ suggestion: 'online' }), null, 1)).toEqual({ journey: 'install', why: 'media' });
    expect(suggestJourney(null, null, 2)).toEqual({ journey: 'install', why: 'media' });
    expect(suggestJourney(report({ suggestion: 'online' }), null, 0).why).toBe('online');
    const broken = report({ goInstalls: [{ binary: '/x/go', goroot: null, version: null, foundBy: 'path', firstOnPath: true, error: 'exec format error' }] });
    expect(suggestJourney(broken, null, 1).why).toBe('broken');
  });
});
