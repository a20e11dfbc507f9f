import { channel } from './define';

/** IPC channels of the bundle area (filled in by the issue that builds it). */
export const bundleChannels = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
