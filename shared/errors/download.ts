import { defineErrors } from './define';

/** Errors of the download area. Codes are stable: scripts and support runbooks depend on them. */
export const downloadErrors = defineErrors({});
