import { Flex, Input, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyListing } from '../../../shared/signing';
import { call, hasChannel } from '../api';
import { groupFingerprint } from './SignatureCheckCard';

export interface SignArg {
  fingerprint: string;
  passphrase?: string;
}

/**
 * Which of the user's own keys signs the media (the bundleSigningKey setting first), with its
 * passphrase when it has one; "do not sign" is a choice too. Reports `null` for "do not sign".
 */
export function SigningChoice({ onChange }: { onChange: (sign: SignArg | null) => void }) {
  const { t } = useTranslation();
  const [keys, setKeys] = useState<KeyListing[] | null>(null);
  const [chosen, setChosen] = useState<string>('');
  const [passphrase, setPassphrase] = useState('');

  useEffect(() => {
    if (!hasChannel('keys.list')) return;
    void Promise.all([call('keys.list', {}), call('settings.get', {})]).then(
      ([all, s]) => {
        const own = all.filter((k) => k.where === 'own' && !k.revoked);
        setKeys(own);
        const def = own.find((k) => k.fingerprint === s.bundleSigningKey) ?? own[0];
        setChosen(def?.fingerprint ?? '');
      },
      () => setKeys([]),
    );
  }, []);

  useEffect(() => {
    onChange(chosen ? { fingerprint: chosen, ...(passphrase ? { passphrase } : {}) } : null);
  }, [chosen, passphrase, onChange]);

  if (!keys) return null;
  const key = keys.find((k) => k.fingerprint === chosen);
  return (
    <Flex vertical gap={4} data-testid="signing-choice">
      <Typography.Text strong>{t('signing.signWith')}</Typography.Text>
      {keys.length === 0 ? (
        <Typography.Text type="secondary">{t('signing.noOwnKeys')}</Typography.Text>
      ) : (
        <>
          <Select
            aria-label={t('signing.signWith')}
            value={chosen}
            onChange={setChosen}
            // the key's own name and fingerprint, shown as they are
            options={[...keys.map((k) => ({ value: k.fingerprint, label: <span data-latin-ok>{`${k.userIds[0] ?? ''} · ${groupFingerprint(k.fingerprint).slice(-19)}`}</span> })), { value: '', label: t('signing.dontSign') }]}
            data-testid="signing-key"
          />
          {key?.protected && <Input.Password aria-label={t('signing.passphrase')} placeholder={t('signing.passphrase')} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} data-testid="signing-passphrase" />}
          <Typography.Text type="secondary">{chosen ? t('signing.willSign') : t('signing.wontSign')}</Typography.Text>
        </>
      )}
    </Flex>
  );
}
