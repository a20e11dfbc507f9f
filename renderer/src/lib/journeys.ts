/**
 * The screens of each journey, the steps the stepper shows for it (only that journey's steps,
 * named for what the user does) and which step each screen belongs to. Pure data and functions
 * (tested).
 */
export type StepKey = 'env' | 'version' | 'download' | 'media' | 'findMedia' | 'install' | 'environment' | 'verify' | 'diagnose';
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
    { screen: 'findMedia', step: 'findMedia' },
    { screen: 'scope', step: 'install' },
    { screen: 'install', step: 'install' },
    { screen: 'environment', step: 'environment' },
    { screen: 'verify', step: 'verify' },
    { screen: 'installDone', step: 'done' },
  ],
  diagnose: [
    { screen: 'env', step: 'env' },
    { screen: 'diagnose', step: 'diagnose' },
  ],
};

/** The steps of one journey, in order (what its stepper shows; nothing from other journeys). */
export function journeySteps(j: Journey): StepKey[] {
  const out: StepKey[] = [];
  for (const s of JOURNEY_SCREENS[j]) if (s.step !== 'done' && !out.includes(s.step)) out.push(s.step);
  return out;
}

export type StepState = 'done' | 'current' | 'todo';

/** The state of each step of a journey for the current screen, in the journey's order. */
export function stepStates(j: Journey, screen: ScreenId): Array<{ step: StepKey; state: StepState }> {
  const screens = JOURNEY_SCREENS[j];
  const idx = screens.findIndex((s) => s.screen === screen);
  const current = idx >= 0 ? screens[idx]!.step : null;
  return journeySteps(j).map((step) => {
    if (current === 'done') return { step, state: 'done' };
    if (step === current) return { step, state: 'current' };
    const firstIdx = screens.findIndex((s) => s.step === step);
    return { step, state: idx >= 0 && firstIdx < idx ? 'done' : 'todo' };
  });
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

/** Done pages end a journey: they have no Back and no Next, only their own actions. */
export function isDonePage(j: Journey, screen: ScreenId): boolean {
  return JOURNEY_SCREENS[j].some((s) => s.screen === screen && s.step === 'done');
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

/** The kinds of job that belong to each screen: leaving it while one runs asks first. */
export const SCREEN_JOBS: Partial<Record<ScreenId, string[]>> = {
  download: ['download'],
  media: ['bundle', 'bundle-update'],
  findMedia: ['bundle-verify'],
  install: ['install'],
  verify: ['verify'],
  installDone: ['rollback', 'uninstall'],
  diagnose: ['diagnose'],
};

/**
 * Whether moving from `from` to `to` leaves a running job of the screen behind (then the user is
 * asked first). Staying on the same screen never asks.
 */
export function leavesRunningJob(from: ScreenId, to: ScreenId, running: Array<{ kind: string }>): string | null {
  if (from === to) return null;
  const kinds = SCREEN_JOBS[from] ?? [];
  return running.find((j) => kinds.includes(j.kind))?.kind ?? null;
}
