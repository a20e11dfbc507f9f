import { channel } from './define';

/** IPC channels of the verify area (filled in by the issue that builds it). */
export const verifyChannels = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
