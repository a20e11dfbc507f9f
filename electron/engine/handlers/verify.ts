import { verifyChannels } from '../../../shared/ipc/verify';
import type { AreaHandlers } from './types';

/** Handlers of the verify area: thin calls into the engine. */
export const verifyHandlers: AreaHandlers<typeof verifyChannels> = {};
