import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n, detectLang } from './i18n';
import { useApp } from './store/app';
import { call } from './api';
import './styles.css';

async function start() {
  initI18n(detectLang());
  try {
    const settings = await call('settings.get', {});
    if (settings.language !== 'auto') useApp.getState().setLang(settings.language, false);
  } catch {
    /* settings unavailable: keep the OS language */
  }
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
