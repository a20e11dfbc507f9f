import { describe, it, expect } from 'vitest';
import { canGoNext, journeySteps, nextScreen, prevScreen, stepStates } from './journeys';

describe('journeys', () => {
  it('each journey walks its own steps of the seven', () => {
    expect(journeySteps('prepare')).toEqual(['env', 'version', 'download', 'media']);
    expect(journeySteps('install')).toEqual(['env', 'media', 'install', 'environment', 'verify']);
  });
  it('shows all seven steps: done, current, to do, and skipped for steps outside the journey', () => {
    expect(stepStates('install', 'scope')).toEqual({ env: 'done', version: 'skipped', download: 'skipped', media: 'done', install: 'current', environment: 'todo', verify: 'todo' });
    expect(stepStates('prepare', 'prepareDone').media).toBe('done');
    expect(stepStates('prepare', 'prepareDone').verify).toBe('skipped');
  });
  it('moves forward and back along the journey', () => {
    expect(nextScreen('install', 'scope')).toBe('install');
    expect(prevScreen('install', 'findMedia')).toBe('env');
    expect(prevScreen('install', 'env')).toBeNull();
    expect(nextScreen('prepare', 'prepareDone')).toBeNull();
  });
  it('warnings need acceptance, failures never pass', () => {
    expect(canGoNext({ state: 'ok' }, false)).toBe(true);
    expect(canGoNext({ state: 'warn' }, false)).toBe(false);
    expect(canGoNext({ state: 'warn' }, true)).toBe(true);
    expect(canGoNext({ state: 'fail' }, true)).toBe(false);
    expect(canGoNext({ state: 'busy' }, true)).toBe(false);
  });
});
