import { downloadChannels } from '../../../shared/ipc/download';
import type { AreaHandlers } from './types';

/** Handlers of the download area: thin calls into the engine. */
export const downloadHandlers: AreaHandlers<typeof downloadChannels> = {};
