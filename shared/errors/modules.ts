import { defineErrors } from './define';

/** Errors of the modules area. Codes are stable: scripts and support runbooks depend on them. */
export const modulesErrors = defineErrors({});
