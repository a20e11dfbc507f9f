import { Alert, Button, Drawer, Flex, Form, Input, Radio, Select, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/settings';
import type { AppErrorData } from '../../../shared/errors';
import { call, errorData } from '../api';
import { patchSettings } from '../lib/settings';
import { useApp } from '../store/app';
import { ErrorPanel } from './ErrorPanel';
import { KeysSection } from './KeysSection';

const urlOk = (s: string) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/** Language, mirrors, proxy and default install scope: the settings file shared with the CLI. */
export function SettingsDrawer() {
  const { t } = useTranslation();
  const { settingsOpen, openSettings, setLang } = useApp();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [mirrors, setMirrors] = useState('');
  const [proxy, setProxy] = useState('');
  const [publicFallback, setPublicFallback] = useState(false);
  const [language, setLanguage] = useState<Settings['language']>('auto');
  const [scope, setScope] = useState<'user' | 'system' | 'ask'>('ask');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!settingsOpen) return;
    setError(null);
    call('settings.get', {})
      .then((s) => {
        setSettings(s);
        setMirrors(s.mirrors.join('\n'));
        setProxy(s.proxy ?? '');
        setPublicFallback(s.publicFallback);
        setLanguage(s.language);
        setScope(s.defaultScope ?? 'ask');
      })
      .catch((e) => setError(errorData(e)));
  }, [settingsOpen]);

  const mirrorList = mirrors.split(/\s+/).map((s) => s.trim()).filter(Boolean);
  const badMirror = mirrorList.find((m) => !urlOk(m));
  const badProxy = proxy.trim() && !urlOk(proxy.trim());

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const s = await patchSettings({ mirrors: mirrorList, publicFallback, proxy: proxy.trim() || null, language, defaultScope: scope === 'ask' ? null : scope });
      setSettings(s);
      if (language !== 'auto') setLang(language, false);
      openSettings(false);
    } catch (e) {
      setError(errorData(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={settingsOpen}
      onClose={() => openSettings(false)}
      title={t('settings.title')}
      size={460}
      closable={{ 'aria-label': t('common.close') }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={() => openSettings(false)}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => void save()} loading={saving} disabled={!settings || !!badMirror || !!badProxy} data-testid="settings-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form layout="vertical" requiredMark={false}>
        <Typography.Paragraph type="secondary">{t('settings.shared')}</Typography.Paragraph>
        <Form.Item label={t('settings.language')} htmlFor="settings-language">
          <Select
            id="settings-language"
            value={language}
            onChange={setLanguage}
            options={[
              { value: 'auto', label: t('settings.languageAuto') },
              { value: 'en', label: 'English' },
              { value: 'zh', label: '简体中文' },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('settings.mirrors')} htmlFor="settings-mirrors" help={badMirror ? t('settings.badUrl', { url: badMirror }) : t('settings.mirrorsHint')} validateStatus={badMirror ? 'error' : undefined}>
          <Input.TextArea id="settings-mirrors" rows={3} value={mirrors} onChange={(e) => setMirrors(e.target.value)} placeholder="https://mirrors.example.com/golang/" spellCheck={false} data-testid="settings-mirrors" />
        </Form.Item>
        {mirrorList.length > 0 && (
          <Form.Item label={t('sources.fallback')} htmlFor="settings-fallback" help={t('sources.fallbackHint')}>
            <Switch id="settings-fallback" checked={publicFallback} onChange={setPublicFallback} data-testid="settings-fallback" />
          </Form.Item>
        )}
        <Form.Item label={t('settings.proxy')} htmlFor="settings-proxy" help={badProxy ? t('settings.badUrl', { url: proxy }) : t('settings.proxyHint')} validateStatus={badProxy ? 'error' : undefined}>
          <Input id="settings-proxy" value={proxy} onChange={(e) => setProxy(e.target.value)} placeholder="http://proxy.example.com:3128" spellCheck={false} />
        </Form.Item>
        <Form.Item label={t('settings.scope')}>
          <Radio.Group value={scope} onChange={(e) => setScope(e.target.value)} aria-label={t('settings.scope')}>
            <Flex vertical gap={4}>
              <Radio value="ask">{t('settings.scopeAsk')}</Radio>
              <Radio value="user">{t('scope.user.title')}</Radio>
              <Radio value="system">{t('scope.system.title')}</Radio>
            </Flex>
          </Radio.Group>
        </Form.Item>
        {settings && settings.lastDestinations.length > 0 && (
          <Alert type="info" title={t('settings.lastDestinations')} description={settings.lastDestinations.join('\n')} style={{ whiteSpace: 'pre-wrap' }} />
        )}
      </Form>
      {error && <ErrorPanel error={error} nested />}
      <KeysSection />
    </Drawer>
  );
}
