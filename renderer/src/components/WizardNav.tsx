import { Button, Checkbox, Flex, Typography, theme } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store/app';
import { canGoNext } from '../lib/journeys';

/**
 * The bar at the bottom of every step, always in view (sticky): Back and Next, the reason Next is
 * disabled, and the box that accepts warnings. Done pages pass `end` instead: their own actions
 * (Done, Prepare another, Open folder) and no Back.
 */
export function WizardNav({ nextLabel, onNext, hideNext, end }: { nextLabel?: string; onNext?: () => void; hideNext?: boolean; end?: ReactNode }) {
  const { t } = useTranslation();
  const { gate, warningsAccepted, acceptWarnings, next, back } = useApp();
  const { token } = theme.useToken();
  const enabled = canGoNext(gate, warningsAccepted);
  const reason = !end && !enabled && !hideNext && gate.reason ? t(gate.reason) : null;
  return (
    <Flex
      component="footer"
      vertical
      gap={6}
      data-testid="wizard-nav"
      className="wizard-nav"
      style={{ padding: '10px 0 12px', borderTop: `1px solid ${token.colorBorderSecondary}`, background: token.colorBgLayout }}
    >
      {!end && gate.state === 'warn' && (
        <Checkbox checked={warningsAccepted} onChange={(e) => acceptWarnings(e.target.checked)} data-testid="accept-warnings">
          {t('nav.acceptWarnings')}
        </Checkbox>
      )}
      <Flex justify="space-between" align="center" gap={12}>
        {end ? (
          <span />
        ) : (
          <Button icon={<ArrowLeftOutlined />} onClick={back} size="large" data-testid="back">
            {t('common.back')}
          </Button>
        )}
        <Flex align="center" gap={12} style={{ justifyContent: 'flex-end', minWidth: 0 }}>
          {reason && (
            <Typography.Text type="secondary" id="next-reason" data-testid="next-reason" role="status" style={{ textAlign: 'right' }}>
              {reason}
            </Typography.Text>
          )}
          {end}
          {!end && !hideNext && (
            <Button
              type="primary"
              size="large"
              disabled={!enabled}
              aria-describedby={reason ? 'next-reason' : undefined}
              onClick={onNext ?? next}
              data-testid="next"
              data-primary
            >
              {nextLabel ?? t('common.next')} <ArrowRightOutlined aria-hidden />
            </Button>
          )}
        </Flex>
      </Flex>
    </Flex>
  );
}
