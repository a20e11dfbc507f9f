import { channel } from './define';

/** IPC channels of the diagnose area (filled in by the issue that builds it). */
export const diagnoseChannels = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
