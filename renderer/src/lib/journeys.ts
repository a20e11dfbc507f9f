/**
 * The seven steps, the screens of each journey and which step each screen belongs to. Pure data
 * and functions (tested): the stepper shows all seven steps, greying those a journey skips.
 */
export const STEPS = ['env', 'version', 'download', 'media', 'install', 'environment', 'verify'] as const;
export type StepKey = (typeof STEPS)[number];
export type Journey = 'prepare' | 'install' | 'diagnose';

export type ScreenId =
  | 'home'
  | 'env'
  | 'version'
  | 'download'
  | 'media'
  | 'prepareDone'
  | 'findMedia'
  | 'scope'
  | 'install'
  | 'environment'
  | 'verify'
  | 'installDone'
  | 'diagnose';

/** Screens of each journey in order, with the step each belongs to ('done' pages end a journey). */
export const JOURNEY_SCREENS: Record<Journey, Array<{ screen: ScreenId; step: StepKey | 'done' }>> = {
  prepare: [
    { screen: 'env', step: 'env' },
    { screen: 'version', step: 'version' },
    { screen: 'download', step: 'download' },
    { screen: 'media', step: 'media' },
    { screen: 'prepareDone', step: 'done' },
  ],
  install: [
    { screen: 'env', step: 'env' },
    { screen: 'findMedia', step: 'media' },
    { screen: 'scope', step: 'install' },
    { screen: 'install', step: 'install' },
    { screen: 'environment', step: 'environment' },
    { screen: 'verify', step: 'verify' },
    { screen: 'installDone', step: 'done' },
  ],
  diagnose: [
    { screen: 'env', step: 'env' },
    { screen: 'diagnose', step: 'verify' },
  ],
};

export function journeySteps(j: Journey): StepKey[] {
  const out: StepKey[] = [];
  for (const s of JOURNEY_SCREENS[j]) if (s.step !== 'done' && !out.includes(s.step)) out.push(s.step);
  return out;
}

export type StepState = 'done' | 'current' | 'todo' | 'skipped';

/** The state of each of the seven steps for a journey and the current screen. */
export function stepStates(j: Journey, screen: ScreenId): Record<StepKey, StepState> {
  const screens = JOURNEY_SCREENS[j];
  const idx = screens.findIndex((s) => s.screen === screen);
  const current = idx >= 0 ? screens[idx]!.step : null;
  const inJourney = journeySteps(j);
  const out = {} as Record<StepKey, StepState>;
  for (const k of STEPS) {
    if (!inJourney.includes(k)) out[k] = 'skipped';
    else if (current === 'done') out[k] = 'done';
    else if (k === current) out[k] = 'current';
    else {
      const firstIdx = screens.findIndex((s) => s.step === k);
      out[k] = firstIdx < idx ? 'done' : 'todo';
    }
  }
  return out;
}

export function nextScreen(j: Journey, screen: ScreenId): ScreenId | null {
  const screens = JOURNEY_SCREENS[j];
  const i = screens.findIndex((s) => s.screen === screen);
  return i >= 0 && i + 1 < screens.length ? screens[i + 1]!.screen : null;
}

export function prevScreen(j: Journey, screen: ScreenId): ScreenId | null {
  const screens = JOURNEY_SCREENS[j];
  const i = screens.findIndex((s) => s.screen === screen);
  return i > 0 ? screens[i - 1]!.screen : null;
}

/**
 * What Next may do on a screen. `fail` and `busy` and `incomplete` block with a reason; `warn`
 * needs the warnings accepted with an explicit checkbox; `ok` lets the user go on.
 */
export type GateState = 'ok' | 'warn' | 'fail' | 'busy' | 'incomplete';
export interface Gate {
  state: GateState;
  /** i18n key of the reason shown next to a disabled Next */
  reason?: string;
}

export function canGoNext(gate: Gate, warningsAccepted: boolean): boolean {
  return gate.state === 'ok' || (gate.state === 'warn' && warningsAccepted);
}
