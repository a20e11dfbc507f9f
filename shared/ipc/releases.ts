import { channel } from './define';

/** IPC channels of the releases area (filled in by the issue that builds it). */
export const releasesChannels = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
