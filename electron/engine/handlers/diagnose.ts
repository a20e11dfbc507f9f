import { diagnoseChannels } from '../../../shared/ipc/diagnose';
import type { AreaHandlers } from './types';

/** Handlers of the diagnose area: thin calls into the engine. */
export const diagnoseHandlers: AreaHandlers<typeof diagnoseChannels> = {};
