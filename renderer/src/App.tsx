import { App as AntApp, ConfigProvider, Layout, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from './components/AppHeader';
import { Home } from './screens/Home';
import { EnvCheck } from './screens/EnvCheck';
import { useApp } from './store/app';

function usePrefersDark(): boolean {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  const [dark, setDark] = useState(!!query?.matches);
  useEffect(() => {
    if (!query) return;
    const on = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener('change', on);
    return () => query.removeEventListener('change', on);
  }, [query]);
  return dark;
}

export function Screens() {
  const screen = useApp((s) => s.screen);
  switch (screen) {
    case 'env':
      return <EnvCheck />;
    default:
      return <Home />;
  }
}

export function App() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const dark = usePrefersDark();
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{
        algorithm: dark ? theme.darkAlgorithm : theme.defaultAlgorithm,
        // secondary texts darker than antd's defaults so that every text meets WCAG AA contrast
        token: {
          colorPrimary: '#00758d',
          borderRadius: 8,
          fontSize: 14,
          colorTextSecondary: dark ? 'rgba(255,255,255,0.75)' : 'rgba(0,0,0,0.68)',
          colorTextDescription: dark ? 'rgba(255,255,255,0.75)' : 'rgba(0,0,0,0.68)',
          colorTextTertiary: dark ? 'rgba(255,255,255,0.65)' : 'rgba(0,0,0,0.6)',
        },
      }}
    >
      <AntApp>
        <a href="#main" className="skip-link">
          {t('app.skipToContent')}
        </a>
        <Layout style={{ minHeight: '100vh' }}>
          <AppHeader />
          <Layout.Content id="main" tabIndex={-1} style={{ padding: 24 }}>
            <Screens />
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
