/**
 * The media step's signature card says who signed, whether this machine trusts them, what the
 * clock said and the policy's decision, in English and Chinese, with no English left on the
 * Chinese card except the fingerprint and names.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { render, screen } from '@testing-library/react';
import { initI18n } from '../i18n';
import { useApp } from '../store/app';
import type { BundleSignatureCheck } from '../../../shared/signing';
import { SignatureCheckCard } from './SignatureCheckCard';

const FPR = '0C98C4B383D77A0E4CDD9471E674987A16330536';
const base: BundleSignatureCheck = {
  status: 'verified',
  signer: { fingerprint: FPR, userIds: ['Ops Team <ops@example.test>'] },
  keyId: 'E674987A16330536',
  signedAt: '2026-12-01T10:00:00.000Z',
  trustedIn: 'system',
  clock: { now: '2011-03-01T00:00:00.000Z', mode: 'signing-time', note: 'signature-after-now' },
  policy: 'require',
  policyFrom: 'system',
  outcome: 'accepted',
};

beforeEach(() => {
  initI18n('en');
  useApp.setState({ lang: 'en', settingsOpen: false });
});

describe('signature card', () => {
  it('a good signature with a clock years behind: accepted, the signer and the clock said', () => {
    render(<SignatureCheckCard check={base} />);
    const card = screen.getByTestId('signature-check');
    expect(card).toHaveAttribute('data-outcome', 'accepted');
    expect(card).toHaveTextContent('Signature good: signed by a key this machine trusts');
    expect(card).toHaveTextContent('Ops Team <ops@example.test>');
    expect(card).toHaveTextContent('0C98 C4B3 83D7 7A0E 4CDD 9471 E674 987A 1633 0536');
    expect(card).toHaveTextContent('Signature policy: require (set by the administrator)');
    expect(screen.getByTestId('signature-clock-note')).toHaveTextContent('dated after this machine’s clock');
  });

  it('refused for an unknown key, in Chinese', () => {
    initI18n('zh');
    useApp.setState({ lang: 'zh' });
    render(<SignatureCheckCard check={{ ...base, status: 'unknown-key', trustedIn: undefined, outcome: 'refused', code: 'BUNDLE_SIGNER_UNKNOWN', clock: { ...base.clock, note: 'none' } }} />);
    const card = screen.getByTestId('signature-check');
    expect(card).toHaveAttribute('data-outcome', 'refused');
    expect(card).toHaveTextContent('由本机不信任的密钥签署');
    expect(card).toHaveTextContent('已拒绝：不会从这份安装介质安装任何东西。签名策略：必须签名（管理员设置）。');
    const text = (card.textContent ?? '').replace('Ops Team <ops@example.test>', '').replace(/[0-9A-F ]{49}/, '');
    expect(text).not.toMatch(/\b(Signature|signed|policy|trusted|Refused)\b/i);
  });
});
