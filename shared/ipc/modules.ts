import { channel } from './define';

/** IPC channels of the modules area (filled in by the issue that builds it). */
export const modulesChannels = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
