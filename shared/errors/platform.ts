import { defineErrors } from './define';

/** Errors of the platform area. Codes are stable: scripts and support runbooks depend on them. */
export const platformErrors = defineErrors({});
