import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { stepStates, type Journey, type ScreenId } from '../lib/journeys';

export { type StepKey } from '../lib/journeys';

/**
 * The journey's spine: only this journey's steps, each named for what the user does there, where
 * the user is and what is done.
 */
export function JourneySteps({ journey, screen }: { journey: Journey; screen: ScreenId }) {
  const { t } = useTranslation();
  const states = stepStates(journey, screen);
  const currentIndex = states.findIndex((s) => s.state === 'current');
  return (
    <nav aria-label={t('nav.stepsLabel', { journey: t(`journeys.${journey}.title`) })} data-testid="stepper" data-journey={journey}>
      <Steps
        size="small"
        current={currentIndex >= 0 ? currentIndex : states.length}
        items={states.map(({ step, state }, i) => ({
          title: t(`steps.${step}`),
          status: state === 'done' ? ('finish' as const) : state === 'current' ? ('process' as const) : ('wait' as const),
          disabled: true,
          'data-state': state,
          'data-step': step,
          'aria-label': `${i + 1}. ${t(`steps.${step}`)}: ${t(`nav.state.${state}`)}`,
          ...(state === 'current' ? { 'aria-current': 'step' as const } : {}),
        }))}
      />
    </nav>
  );
}
