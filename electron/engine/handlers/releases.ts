import { releasesChannels } from '../../../shared/ipc/releases';
import type { AreaHandlers } from './types';

/** Handlers of the releases area: thin calls into the engine. */
export const releasesHandlers: AreaHandlers<typeof releasesChannels> = {};
