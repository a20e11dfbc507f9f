import { Button, Checkbox, Flex, Typography, theme } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store/app';
import { canGoNext } from '../lib/journeys';

/**
 * Back and Next. Next is disabled while the screen has failures, is busy or is incomplete, and the
 * reason is written next to it; warnings can be accepted with an explicit checkbox.
 */
export function WizardNav({ nextLabel, onNext, hideNext }: { nextLabel?: string; onNext?: () => void; hideNext?: boolean }) {
  const { t } = useTranslation();
  const { gate, warningsAccepted, acceptWarnings, next, back } = useApp();
  const { token } = theme.useToken();
  const enabled = canGoNext(gate, warningsAccepted);
  const reason = !enabled && !hideNext && gate.reason ? t(gate.reason) : null;
  return (
    <Flex
      component="footer"
      vertical
      gap={8}
      data-testid="wizard-nav"
      style={{ padding: '16px 0 8px', marginTop: 8, borderTop: `1px solid ${token.colorBorderSecondary}` }}
    >
      {gate.state === 'warn' && (
        <Checkbox checked={warningsAccepted} onChange={(e) => acceptWarnings(e.target.checked)} data-testid="accept-warnings">
          {t('nav.acceptWarnings')}
        </Checkbox>
      )}
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={back} size="large">
          {t('common.back')}
        </Button>
        <Flex align="center" gap={12} wrap style={{ justifyContent: 'flex-end' }}>
          {reason && (
            <Typography.Text type="secondary" id="next-reason" data-testid="next-reason" role="status">
              {reason}
            </Typography.Text>
          )}
          {!hideNext && (
            <Button
              type="primary"
              size="large"
              disabled={!enabled}
              aria-describedby={reason ? 'next-reason' : undefined}
              onClick={onNext ?? next}
              data-testid="next"
            >
              {nextLabel ?? t('common.next')} <ArrowRightOutlined aria-hidden />
            </Button>
          )}
        </Flex>
      </Flex>
    </Flex>
  );
}
