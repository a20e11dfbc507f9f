import { platformChannels } from '../../../shared/ipc/platform';
import type { AreaHandlers } from './types';

export const platformHandlers: AreaHandlers<typeof platformChannels> = {} as AreaHandlers<typeof platformChannels>;
