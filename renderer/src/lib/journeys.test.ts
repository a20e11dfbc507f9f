import { describe, it, expect } from 'vitest';
import { canGoNext, isDonePage, journeySteps, leavesRunningJob, nextScreen, prevScreen, stepStates } from './journeys';

describe('journeys', () => {
  it('each journey shows only its own steps', () => {
    expect(journeySteps('prepare')).toEqual(['env', 'version', 'download', 'media']);
    expect(journeySteps('install')).toEqual(['env', 'findMedia', 'install', 'environment', 'verify']);
    // Diagnose is its own step, not "7 Verify"
    expect(journeySteps('diagnose')).toEqual(['env', 'diagnose']);
  });
  it('marks done, current and to do along the journey', () => {
    expect(stepStates('install', 'scope')).toEqual([
      { step: 'env', state: 'done' },
      { step: 'findMedia', state: 'done' },
      { step: 'install', state: 'current' },
      { step: 'environment', state: 'todo' },
      { step: 'verify', state: 'todo' },
    ]);
    expect(stepStates('prepare', 'prepareDone').every((s) => s.state === 'done')).toBe(true);
    expect(stepStates('diagnose', 'diagnose')).toEqual([
      { step: 'env', state: 'done' },
      { step: 'diagnose', state: 'current' },
    ]);
  });
  it('moves forward and back along the journey', () => {
    expect(nextScreen('install', 'scope')).toBe('install');
    expect(prevScreen('install', 'findMedia')).toBe('env');
    expect(prevScreen('install', 'env')).toBeNull();
    expect(nextScreen('prepare', 'prepareDone')).toBeNull();
    expect(isDonePage('prepare', 'prepareDone')).toBe(true);
    expect(isDonePage('install', 'verify')).toBe(false);
  });
  it('warnings need acceptance, failures never pass', () => {
    expect(canGoNext({ state: 'ok' }, false)).toBe(true);
    expect(canGoNext({ state: 'warn' }, false)).toBe(false);
    expect(canGoNext({ state: 'warn' }, true)).toBe(true);
    expect(canGoNext({ state: 'fail' }, true)).toBe(false);
    expect(canGoNext({ state: 'busy' }, true)).toBe(false);
  });
  it('leaving a screen asks only when its own job still runs', () => {
    expect(leavesRunningJob('download', 'home', [{ kind: 'download' }])).toBe('download');
    expect(leavesRunningJob('download', 'media', [{ kind: 'download' }])).toBe('download');
    expect(leavesRunningJob('download', 'download', [{ kind: 'download' }])).toBeNull();
    expect(leavesRunningJob('download', 'home', [])).toBeNull();
    // a job of another screen (left running earlier) does not make this screen ask
    expect(leavesRunningJob('env', 'home', [{ kind: 'download' }])).toBeNull();
    expect(leavesRunningJob('verify', 'environment', [{ kind: 'verify' }])).toBe('verify');
    expect(leavesRunningJob('media', 'download', [{ kind: 'bundle' }])).toBe('bundle');
  });
});
