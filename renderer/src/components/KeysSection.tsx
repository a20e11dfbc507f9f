import { Button, Divider, Flex, Input, List, Radio, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { KeysPolicy } from '../../../shared/ipc/keys';
import type { KeyListing, SignaturePolicy } from '../../../shared/signing';
import { call, errorData, hasChannel } from '../api';
import { ErrorPanel } from './ErrorPanel';
import { groupFingerprint } from './SignatureCheckCard';

/** Settings drawer: own signing keys, the keys this machine trusts, and the signature policy. */
export function KeysSection() {
  const { t } = useTranslation();
  const [keys, setKeys] = useState<KeyListing[]>([]);
  const [policy, setPolicy] = useState<KeysPolicy | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [pass, setPass] = useState('');
  const [file, setFile] = useState('');
  const [fpr, setFpr] = useState('');
  const [exportTo, setExportTo] = useState('');
  const [note, setNote] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setKeys(await call('keys.list', {}));
      setPolicy(await call('keys.policy', {}));
    } catch (e) {
      setError(errorData(e));
    }
  }, []);
  useEffect(() => {
    if (hasChannel('keys.list')) void reload();
  }, [reload]);

  async function act(fn: () => Promise<unknown>, done?: string) {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      await fn();
      if (done) setNote(done);
      await reload();
    } catch (e) {
      setError(errorData(e));
    } finally {
      setBusy(false);
    }
  }

  if (!hasChannel('keys.list')) return null;
  const own = keys.filter((k) => k.where === 'own');
  const systemSet = policy?.policyFrom === 'system';
  return (
    <section aria-label={t('signing.section')} data-testid="keys-section">
      <Divider titlePlacement="start">{t('signing.section')}</Divider>
      <Typography.Paragraph type="secondary">{t('signing.sectionHint')}</Typography.Paragraph>
      <Typography.Text strong>{t('signing.policyLabel')}</Typography.Text>
      <Radio.Group
        value={policy?.policy}
        disabled={busy || systemSet}
        onChange={(e) => void act(() => call('keys.setPolicy', { policy: e.target.value as SignaturePolicy }))}
        aria-label={t('signing.policyLabel')}
        style={{ display: 'block', margin: '4px 0 4px' }}
      >
        <Flex vertical gap={2}>
          {(['off', 'warn', 'require'] as const).map((p) => (
            <Radio key={p} value={p}>
              {t(`signing.policyChoice.${p}`)}
            </Radio>
          ))}
        </Flex>
      </Radio.Group>
      {systemSet && <Typography.Paragraph type="secondary">{t('signing.policySystem', { file: policy!.systemPolicyFile })}</Typography.Paragraph>}
      <List
        size="small"
        style={{ margin: '8px 0' }}
        dataSource={keys}
        locale={{ emptyText: t('signing.noKeys') }}
        renderItem={(k) => (
          <List.Item
            actions={
              k.where === 'trusted-system'
                ? []
                : [
                    <Button key="rm" size="small" danger disabled={busy} onClick={() => void act(() => call('keys.remove', { fingerprint: k.fingerprint, from: k.where === 'own' ? 'own' : 'trusted-user' }))}>
                      {t('signing.remove')}
                    </Button>,
                  ]
            }
          >
            <Flex vertical gap={2}>
              <span>
                <span data-latin-ok>{k.userIds.join(', ')}</span> <Tag>{t(`signing.where.${k.where}`)}</Tag>
                {k.revoked && <Tag color="red">{t('signing.revoked')}</Tag>}
              </span>
              <Typography.Text code style={{ fontSize: 12 }}>
                {groupFingerprint(k.fingerprint)}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      <Typography.Text strong>{t('signing.generate')}</Typography.Text>
      <Flex vertical gap={4} style={{ margin: '4px 0 12px' }}>
        <Input aria-label={t('signing.name')} placeholder={t('signing.name')} value={name} onChange={(e) => setName(e.target.value)} data-testid="key-name" />
        <Input aria-label={t('signing.email')} placeholder={t('signing.email')} value={email} onChange={(e) => setEmail(e.target.value)} />
        <Input.Password aria-label={t('signing.passphraseOptional')} placeholder={t('signing.passphraseOptional')} value={pass} onChange={(e) => setPass(e.target.value)} />
        <Button disabled={busy || !name.trim()} onClick={() => void act(() => call('keys.generate', { name: name.trim(), ...(email.trim() ? { email: email.trim() } : {}), ...(pass ? { passphrase: pass } : {}) }).then(() => setPass('')), t('signing.generated'))} data-testid="key-generate">
          {t('signing.generateButton')}
        </Button>
      </Flex>
      {own.length > 0 && (
        <>
          <Typography.Text strong>{t('signing.export')}</Typography.Text>
          <Flex gap={4} style={{ margin: '4px 0 12px' }}>
            <Input aria-label={t('signing.exportTo')} placeholder={t('signing.exportTo')} value={exportTo} onChange={(e) => setExportTo(e.target.value)} spellCheck={false} />
            <Button disabled={busy || !exportTo.trim()} onClick={() => void act(() => call('keys.exportPublic', { fingerprint: own[0]!.fingerprint, path: exportTo.trim() }), t('signing.exported', { path: exportTo.trim() }))}>
              {t('signing.exportButton')}
            </Button>
          </Flex>
        </>
      )}
      <Typography.Text strong>{t('signing.trust')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('signing.trustHint')}
      </Typography.Paragraph>
      <Flex vertical gap={4}>
        <Input aria-label={t('signing.keyFile')} placeholder={t('signing.keyFile')} value={file} onChange={(e) => setFile(e.target.value)} spellCheck={false} data-testid="trust-file" />
        <Input aria-label={t('signing.fingerprintSpoken')} placeholder={t('signing.fingerprintSpoken')} value={fpr} onChange={(e) => setFpr(e.target.value)} spellCheck={false} data-testid="trust-fingerprint" />
        <Button disabled={busy || !file.trim() || fpr.replace(/\s/g, '').length < 40} onClick={() => void act(() => call('keys.trust', { path: file.trim(), fingerprint: fpr }), t('signing.trusted'))} data-testid="trust-button">
          {t('signing.trustButton')}
        </Button>
      </Flex>
      {note && (
        <Typography.Paragraph type="success" style={{ marginTop: 8 }} data-testid="keys-note">
          {note}
        </Typography.Paragraph>
      )}
      {error && <ErrorPanel error={error} nested />}
    </section>
  );
}
