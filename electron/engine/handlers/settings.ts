import { settingsChannels } from '../../../shared/ipc/settings';
import { loadSettings, saveSettings } from '../settings';
import type { AreaHandlers } from './types';

export const settingsHandlers: AreaHandlers<typeof settingsChannels> = {
  'settings.get': async (_args, ctx) => loadSettings(ctx.env),
  'settings.set': async (args, ctx) => saveSettings(args.patch, ctx.env),
};
