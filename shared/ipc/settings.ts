import { z } from 'zod';
import { channel } from './define';
import { settingsPatchSchema, type Settings } from '../settings';

export const settingsChannels = {
  'settings.get': channel<Settings>()(z.object({}).strict()),
  /** Change some settings; returns the whole new settings object. */
  'settings.set': channel<Settings>()(z.object({ patch: settingsPatchSchema }).strict()),
};
