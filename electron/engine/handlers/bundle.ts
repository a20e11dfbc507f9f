import { bundleChannels } from '../../../shared/ipc/bundle';
import type { AreaHandlers } from './types';

/** Handlers of the bundle area: thin calls into the engine. */
export const bundleHandlers: AreaHandlers<typeof bundleChannels> = {};
