import { Alert, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFingerprint, type BundleSignatureCheck } from '../../../shared/signing';
import { formatDateTime } from '../../../shared/format';
import { useApp } from '../store/app';

/** "ABCD 1234 …": a fingerprint in groups of four, as read over the phone. */
export const groupFingerprint = formatFingerprint;

const ALERT: Record<BundleSignatureCheck['outcome'], 'success' | 'warning' | 'error' | 'info'> = { accepted: 'success', warned: 'warning', refused: 'error', off: 'info', 'not-judged': 'info' };

/** The preparer's signature as this machine checked it: who signed, whether trusted, the clock, the policy's decision. */
export function SignatureCheckCard({ check }: { check: BundleSignatureCheck }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const signer = check.signer ? `${check.signer.userIds.join(', ') || t('signing.noName')}` : check.keyId ? t('signing.keyId', { id: check.keyId }) : null;
  return (
    <Alert
      type={ALERT[check.outcome]}
      showIcon
      data-testid="signature-check"
      data-outcome={check.outcome}
      // files that failed their check leave the signature unjudged: its own title, never a policy decision
      title={check.outcome === 'not-judged' ? t('signing.notJudged') : t(`signing.status.${check.status}`)}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t(`signing.outcome.${check.outcome}`, { policy: t(`signing.policy.${check.policy}`), from: t(`signing.from.${check.policyFrom}`) })}</Typography.Paragraph>
          {check.status !== 'not-checked' && check.status !== 'unsigned' && (
            <Descriptions size="small" column={1} bordered>
              {signer && (
                <Descriptions.Item label={t('signing.signer')}>
                  {/* names are the signer's own words, shown as they are */}
                  <span data-latin-ok>{signer}</span>
                </Descriptions.Item>
              )}
              {check.signer && (
                <Descriptions.Item label={t('signing.fingerprint')}>
                  <Typography.Text code copyable={{ text: check.signer.fingerprint }}>{groupFingerprint(check.signer.fingerprint)}</Typography.Text>
                </Descriptions.Item>
              )}
              {check.trustedIn && <Descriptions.Item label={t('signing.trustedIn')}>{t(`signing.list.${check.trustedIn}`)}</Descriptions.Item>}
              {check.signedAt && <Descriptions.Item label={t('signing.signedAt')}>{formatDateTime(check.signedAt, lang)}</Descriptions.Item>}
              <Descriptions.Item label={t('signing.clockNow')}>{formatDateTime(check.clock.now, lang)}</Descriptions.Item>
            </Descriptions>
          )}
          {check.clock.note !== 'none' && (
            <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="signature-clock-note">
              {t(`signing.clockNote.${check.clock.note}`, { expires: check.clock.keyExpiresAt ? formatDateTime(check.clock.keyExpiresAt, lang) : '' })}
            </Typography.Paragraph>
          )}
        </>
      }
    />
  );
}
