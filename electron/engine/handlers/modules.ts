import { modulesChannels } from '../../../shared/ipc/modules';
import type { AreaHandlers } from './types';

/** Handlers of the modules area: thin calls into the engine. */
export const modulesHandlers: AreaHandlers<typeof modulesChannels> = {};
