import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { STEPS, stepStates, type Journey, type ScreenId } from '../lib/journeys';

export { STEPS, type StepKey } from '../lib/journeys';

/**
 * The whole spine: all seven steps, where the user is, what is done, and the steps this journey
 * skips (greyed and labelled, not hidden).
 */
export function JourneySteps({ journey, screen }: { journey: Journey; screen: ScreenId }) {
  const { t } = useTranslation();
  const states = stepStates(journey, screen);
  const currentIndex = STEPS.findIndex((k) => states[k] === 'current');
  return (
    <nav aria-label={t('nav.stepsLabel', { journey: t(`journeys.${journey}.title`) })} data-testid="stepper">
      <Steps
        size="small"
        current={currentIndex >= 0 ? currentIndex : STEPS.length}
        items={STEPS.map((k, i) => {
          const st = states[k];
          return {
            title: t(`steps.${k}`),
            content: st === 'skipped' ? t('nav.skipped') : undefined,
            status: st === 'done' ? ('finish' as const) : st === 'current' ? ('process' as const) : ('wait' as const),
            disabled: true,
            className: st === 'skipped' ? 'step-skipped' : undefined,
            'data-state': st,
            'data-step': k,
            'aria-label': `${i + 1}. ${t(`steps.${k}`)}: ${t(`nav.state.${st}`)}`,
            ...(st === 'current' ? { 'aria-current': 'step' as const } : {}),
          };
        })}
      />
    </nav>
  );
}
