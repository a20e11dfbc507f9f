import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useApp } from '../store/app';
import { JourneySteps } from './JourneySteps';
import { WizardNav } from './WizardNav';

/**
 * The frame of every step: the journey's stepper, the title and intro, the content, and the
 * Back/Next bar kept in view at the bottom of the window.
 */
export function StepPage(props: { title: string; intro?: ReactNode; actions?: ReactNode; children: ReactNode; nextLabel?: string; onNext?: () => void; hideNext?: boolean; end?: ReactNode; testId?: string }) {
  const journey = useApp((s) => s.journey) ?? 'install';
  const screen = useApp((s) => s.screen);
  return (
    <Flex vertical gap={12} style={{ maxWidth: 1040, margin: '0 auto', width: '100%', minHeight: '100%' }} data-testid={props.testId ?? `screen-${screen}`}>
      <JourneySteps journey={journey} screen={screen} />
      <Flex justify="space-between" align="flex-start" gap={8}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Title level={2} style={{ fontSize: 22, marginBottom: 2, marginTop: 0 }}>
            {props.title}
          </Typography.Title>
          {props.intro && <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{props.intro}</Typography.Paragraph>}
        </div>
        {props.actions}
      </Flex>
      <Flex vertical gap={12} style={{ flex: 1 }}>
        {props.children}
      </Flex>
      <WizardNav nextLabel={props.nextLabel} onNext={props.onNext} hideNext={props.hideNext} end={props.end} />
    </Flex>
  );
}
