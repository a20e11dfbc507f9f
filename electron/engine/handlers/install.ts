import { installChannels } from '../../../shared/ipc/install';
import type { AreaHandlers } from './types';

/** Handlers of the install area: thin calls into the engine. */
export const installHandlers: AreaHandlers<typeof installChannels> = {};
