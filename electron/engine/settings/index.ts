/**
 * Settings shared by the app and the CLI: `<configDir>/settings.json`. Unknown or invalid fields
 * fall back to defaults (a hand-edited file never stops the app); writes are atomic.
 */
import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '../atomic';
import { join } from 'node:path';
import { settingsSchema, DEFAULT_SETTINGS, type Settings } from '../../../shared/settings';
import { configDir, type Env } from '../paths';

export function settingsPath(env: Env = process.env): string {
  return join(configDir(env), 'settings.json');
}

export async function loadSettings(env: Env = process.env): Promise<Settings> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(settingsPath(env), 'utf8'));
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // keep the valid fields, default the rest
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) {
      const field = (settingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>)[k];
      const r = field?.safeParse(v);
      if (r?.success) out[k] = r.data;
    }
  }
  return out as Settings;
}

export async function saveSettings(patch: Partial<Settings>, env: Env = process.env): Promise<Settings> {
  const current = await loadSettings(env);
  const next = settingsSchema.parse({ ...current, ...patch });
  const path = settingsPath(env);
  await writeJsonAtomic(path, next, { mode: 0o600 });
  return next;
}
