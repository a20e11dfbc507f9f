import { defineErrors } from './define';

/** Errors of the settings area. Codes are stable: scripts and support runbooks depend on them. */
export const settingsErrors = defineErrors({});
