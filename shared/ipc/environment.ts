import { channel } from './define';

/** IPC channels of the environment area (filled in by the issue that builds it). */
export const environmentChannels = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
