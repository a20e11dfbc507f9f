import { Button, Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store/app';

/**
 * Asked when a move would leave a running job (download, writing the media, install, verify)
 * behind: stay (the default), leave with the job still running (coming back to its step shows its
 * progress again), or stop it and leave.
 */
export function LeaveGuard() {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pendingLeave);
  const resolve = useApp((s) => s.resolveLeave);
  const kind = pending?.kind ?? '';
  return (
    <Modal
      open={!!pending}
      title={t('leave.title', { what: t(`leave.kind.${kind}`, { defaultValue: t('leave.kind.other') }) })}
      onCancel={() => resolve('stay')}
      data-testid="leave-guard"
      footer={
        <Flex justify="flex-end" gap={8} wrap>
          <Button danger onClick={() => resolve('stop')} data-testid="leave-stop">
            {t('leave.stop')}
          </Button>
          <Button onClick={() => resolve('leave')} data-testid="leave-keep">
            {t('leave.keep')}
          </Button>
          <Button type="primary" onClick={() => resolve('stay')} data-testid="leave-stay" autoFocus>
            {t('leave.stay')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph>{t('leave.body')}</Typography.Paragraph>
    </Modal>
  );
}
