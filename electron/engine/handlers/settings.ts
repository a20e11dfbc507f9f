import { settingsChannels } from '../../../shared/ipc/settings';
import type { AreaHandlers } from './types';

/** Handlers of the settings area: thin calls into the engine. */
export const settingsHandlers: AreaHandlers<typeof settingsChannels> = {};
