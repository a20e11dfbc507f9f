import { channel } from './define';

/** IPC channels of the settings area (filled in by the issue that builds it). */
export const settingsChannels = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
