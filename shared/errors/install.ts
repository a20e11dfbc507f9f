import { defineErrors } from './define';

/** Errors of the install area. Codes are stable: scripts and support runbooks depend on them. */
export const installErrors = defineErrors({});
