import { defineErrors } from './define';

/** Errors of the verify area. Codes are stable: scripts and support runbooks depend on them. */
export const verifyErrors = defineErrors({});
