import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useApp } from '../store/app';
import { JourneySteps } from './JourneySteps';
import { WizardNav } from './WizardNav';

/** The frame of every step: the stepper, the title and intro, the content, and Back/Next. */
export function StepPage(props: { title: string; intro?: ReactNode; actions?: ReactNode; children: ReactNode; nextLabel?: string; onNext?: () => void; hideNext?: boolean; testId?: string }) {
  const journey = useApp((s) => s.journey) ?? 'install';
  const screen = useApp((s) => s.screen);
  return (
    <Flex vertical gap={16} style={{ maxWidth: 1040, margin: '0 auto', width: '100%' }} data-testid={props.testId ?? `screen-${screen}`}>
      <JourneySteps journey={journey} screen={screen} />
      <Flex justify="space-between" align="flex-start" wrap gap={8}>
        <div style={{ flex: 1, minWidth: 280 }}>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {props.title}
          </Typography.Title>
          {props.intro && <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{props.intro}</Typography.Paragraph>}
        </div>
        {props.actions}
      </Flex>
      {props.children}
      <WizardNav nextLabel={props.nextLabel} onNext={props.onNext} hideNext={props.hideNext} />
    </Flex>
  );
}
