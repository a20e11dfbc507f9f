import { Button, Flex, Segmented, Typography, theme } from 'antd';
import { HomeOutlined, SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store/app';
import type { UiLang } from '../i18n';

export function AppHeader() {
  const { t } = useTranslation();
  const { lang, setLang, screen, goHome, openSettings } = useApp();
  const { token } = theme.useToken();
  return (
    <Flex component="header" align="center" justify="space-between" wrap gap={8} style={{ padding: '12px 24px', borderBottom: `1px solid ${token.colorBorderSecondary}`, background: token.colorBgContainer }}>
      <Flex align="center" gap={12}>
        <img src="./logo.svg" alt="" width={32} height={32} />
        <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
          {t('app.name')}
        </Typography.Title>
      </Flex>
      <Flex align="center" gap={12}>
        {screen !== 'home' && (
          <Button icon={<HomeOutlined />} onClick={goHome}>
            {t('app.home')}
          </Button>
        )}
        <Button icon={<SettingOutlined />} onClick={() => openSettings(true)} data-testid="open-settings">
          {t('settings.title')}
        </Button>
        <Segmented<UiLang>
          aria-label={t('app.language')}
          value={lang}
          onChange={(v) => setLang(v)}
          options={[
            { label: 'English', value: 'en' },
            { label: '简体中文', value: 'zh' },
          ]}
        />
      </Flex>
    </Flex>
  );
}
