import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Journey } from '../store/app';

/** The seven steps, and which of them each journey walks through. */
export const STEPS = ['env', 'version', 'download', 'media', 'install', 'environment', 'verify'] as const;
export type StepKey = (typeof STEPS)[number];

export const JOURNEY_STEPS: Record<Journey, StepKey[]> = {
  prepare: ['env', 'version', 'download', 'media'],
  install: ['env', 'media', 'install', 'environment', 'verify'],
  diagnose: ['env', 'verify'],
};

export function JourneySteps({ journey, current }: { journey: Journey; current: StepKey }) {
  const { t } = useTranslation();
  const keys = JOURNEY_STEPS[journey];
  const index = Math.max(0, keys.indexOf(current));
  return (
    <nav aria-label={t(`journeys.${journey}.title`)}>
      <Steps
        size="small"
        current={index}
        items={keys.map((k, i) => ({
          title: t(`steps.${k}`),
          ...(i === index ? { 'aria-current': 'step' as const } : {}),
        }))}
      />
    </nav>
  );
}
