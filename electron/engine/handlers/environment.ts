import { environmentChannels } from '../../../shared/ipc/environment';
import type { AreaHandlers } from './types';

/** Handlers of the environment area: thin calls into the engine. */
export const environmentHandlers: AreaHandlers<typeof environmentChannels> = {};
