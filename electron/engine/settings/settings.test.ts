import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, saveSettings, settingsPath } from './index';
import { createDispatcher } from '../handlers';

describe('settings shared by app and CLI', () => {
  const home = mkdtempSync(join(tmpdir(), 'gooff-settings-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'cfg') };

  it('a partial change keeps every other setting (through the IPC contract too)', async () => {
    await saveSettings({ mirrors: ['https://mirror.example/dl/'], proxy: 'http://proxy:3128' }, env);
    const d = createDispatcher({ env, emit: () => {}, log: false });
    const r = await d.dispatch('settings.set', { patch: { language: 'zh' } });
    expect(r.ok).toBe(true);
    const s = await loadSettings(env);
    expect(s).toMatchObject({ language: 'zh', mirrors: ['https://mirror.example/dl/'], proxy: 'http://proxy:3128' });
  });

  it('a hand-broken field falls back to its default without losing the valid ones', async () => {
    mkdirSync(join(home, 'cfg', 'go-offline'), { recursive: true });
    writeFileSync(settingsPath(env), JSON.stringify({ language: 'klingon', mirrors: ['https://m.example/dl/'] }));
    const s = await loadSettings(env);
    expect(s.language).toBe('auto');
    expect(s.mirrors).toEqual(['https://m.example/dl/']);
  });

  it('refuses unknown fields and wrong types in a patch', async () => {
    const d = createDispatcher({ env, emit: () => {}, log: false });
    expect((await d.dispatch('settings.set', { patch: { colour: 'red' } })).ok).toBe(false);
    expect((await d.dispatch('settings.set', { patch: { mirrors: 'not-a-list' } })).ok).toBe(false);
    expect(JSON.parse(readFileSync(settingsPath(env), 'utf8')).colour).toBeUndefined();
  });
});
