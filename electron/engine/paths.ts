/**
 * Where the product keeps its own files. Per-user locations follow the environment (HOME, XDG_*,
 * APPDATA, LOCALAPPDATA) so that a run with another HOME touches nothing of the real user's.
 * The Electron app, the CLI and tests all use these; settings are shared between app and CLI.
 */
import { homedir } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type Env = Record<string, string | undefined>;
export const APP_DIR_NAME = 'go-offline';

export function homeDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return env.USERPROFILE || homedir();
  return env.HOME || homedir();
}

/** Settings (shared by app and CLI). */
export function configDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA || join(homeDir(env, platform), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homeDir(env, platform), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(homeDir(env, platform), '.config'), APP_DIR_NAME);
}

/** Per-user state: install records, audit log, remembered prefix, verification results, logs. */
export function stateDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homeDir(env, platform), 'AppData', 'Local'), APP_DIR_NAME, 'state');
  if (platform === 'darwin') return join(homeDir(env, platform), 'Library', 'Application Support', APP_DIR_NAME, 'state');
  return join(env.XDG_STATE_HOME || join(homeDir(env, platform), '.local', 'state'), APP_DIR_NAME);
}

/** Per-user data: e.g. the local copy of a bundled module proxy. */
export function dataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homeDir(env, platform), 'AppData', 'Local'), APP_DIR_NAME, 'data');
  if (platform === 'darwin') return join(homeDir(env, platform), 'Library', 'Application Support', APP_DIR_NAME, 'data');
  return join(env.XDG_DATA_HOME || join(homeDir(env, platform), '.local', 'share'), APP_DIR_NAME);
}

/** Re-creatable caches: the release listing, downloads in progress. */
export function cacheDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homeDir(env, platform), 'AppData', 'Local'), APP_DIR_NAME, 'cache');
  if (platform === 'darwin') return join(homeDir(env, platform), 'Library', 'Caches', APP_DIR_NAME);
  return join(env.XDG_CACHE_HOME || join(homeDir(env, platform), '.cache'), APP_DIR_NAME);
}

/** Machine-wide state for system-scope installs. */
export function systemStateDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.ProgramData || 'C:\\ProgramData', APP_DIR_NAME);
  if (platform === 'darwin') return join('/Library', 'Application Support', APP_DIR_NAME);
  return join('/var', 'lib', APP_DIR_NAME);
}

/**
 * Machine-wide configuration an administrator writes (signature policy, trusted keys): it wins
 * over the user's. `GO_OFFLINE_SYSTEM_CONFIG_DIR` is honoured only where the real folder does not
 * exist (tests, machines without a system policy), so a user cannot step around an administrator's.
 */
export function systemConfigDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const real =
    platform === 'win32'
      ? join(env.ProgramData || 'C:\\ProgramData', APP_DIR_NAME, 'config')
      : platform === 'darwin'
        ? join('/Library', 'Preferences', APP_DIR_NAME)
        : join('/etc', APP_DIR_NAME);
  const override = env.GO_OFFLINE_SYSTEM_CONFIG_DIR;
  if (override && !existsSync(real)) return override;
  return real;
}
