import { channel } from './define';

/** IPC channels of the install area (filled in by the issue that builds it). */
export const installChannels = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
