import { defineErrors } from './define';

/** Errors of the environment area. Codes are stable: scripts and support runbooks depend on them. */
export const environmentErrors = defineErrors({});
