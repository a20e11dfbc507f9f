import { defineErrors } from './define';

/** Errors of the diagnose area. Codes are stable: scripts and support runbooks depend on them. */
export const diagnoseErrors = defineErrors({});
