import { z } from 'zod';
import { channel } from './define';
import { settingsSchema, type Settings } from '../settings';

export const settingsChannels = {
  'settings.get': channel<Settings>()(z.object({}).strict()),
  /** Change some settings; returns the whole new settings object. */
  'settings.set': channel<Settings>()(z.object({ patch: settingsSchema.partial().strict() }).strict()),
};
