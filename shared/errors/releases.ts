import { defineErrors } from './define';

/** Errors of the releases area. Codes are stable: scripts and support runbooks depend on them. */
export const releasesErrors = defineErrors({});
