import { App as AntApp, ConfigProvider, Layout, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from './components/AppHeader';
import { SettingsDrawer } from './components/SettingsDrawer';
import { LeaveGuard } from './components/LeaveGuard';
import { Home } from './screens/Home';
import { EnvCheck } from './screens/EnvCheck';
import { ChooseVersion } from './screens/ChooseVersion';
import { Download } from './screens/Download';
import { CreateMedia } from './screens/CreateMedia';
import { PrepareDone } from './screens/PrepareDone';
import { FindMedia } from './screens/FindMedia';
import { ChooseScope } from './screens/ChooseScope';
import { Install } from './screens/Install';
import { ConfigureEnv } from './screens/ConfigureEnv';
import { Verify } from './screens/Verify';
import { InstallDone } from './screens/InstallDone';
import { Diagnose } from './screens/Diagnose';
import { useApp } from './store/app';
import { call } from './api';
import { connectProgress } from './store/jobs';

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
    case 'version':
      return <ChooseVersion />;
    case 'download':
      return <Download />;
    case 'media':
      return <CreateMedia />;
    case 'prepareDone':
      return <PrepareDone />;
    case 'findMedia':
      return <FindMedia />;
    case 'scope':
      return <ChooseScope />;
    case 'install':
      return <Install />;
    case 'environment':
      return <ConfigureEnv />;
    case 'verify':
      return <Verify />;
    case 'installDone':
      return <InstallDone />;
    case 'diagnose':
      return <Diagnose />;
    default:
      return <Home />;
  }
}

export function App() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const dark = usePrefersDark();
  useEffect(() => connectProgress(), []);
  useEffect(() => {
    // a support bundle opened from the file manager (.gosupport) goes straight to the Diagnose view
    const take = () =>
      void call('system.takeOpenedFile', {}).then(
        (r) => r.path && useApp.getState().openSupportBundle(r.path),
        () => undefined,
      );
    take();
    window.addEventListener('focus', take);
    return () => window.removeEventListener('focus', take);
  }, []);
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      // no automatic space inside two-character Chinese buttons (取消, not 取 消)
      button={{ autoInsertSpace: false }}
      theme={{
        algorithm: dark ? theme.darkAlgorithm : theme.defaultAlgorithm,
        // secondary texts darker than antd's defaults so that every text meets WCAG AA contrast
        token: {
          colorPrimary: '#00758d',
          // hover and pressed stay dark enough for white text (WCAG AA)
          colorPrimaryHover: '#005f73',
          colorPrimaryActive: '#004c5c',
          colorLink: dark ? '#4fc3d9' : '#00758d',
          // danger buttons and texts readable on white (antd's #ff4d4f is 3.6:1)
          colorError: dark ? '#ff7875' : '#cf1322',
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
          <Layout.Content id="main" tabIndex={-1} style={{ padding: '16px 24px 0', display: 'flex', flexDirection: 'column' }}>
            <Screens />
          </Layout.Content>
          <SettingsDrawer />
          <LeaveGuard />
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
