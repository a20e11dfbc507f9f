import { channel } from './define';

/** IPC channels of the download area (filled in by the issue that builds it). */
export const downloadChannels = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
