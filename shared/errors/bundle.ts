import { defineErrors } from './define';

/** Errors of the bundle area. Codes are stable: scripts and support runbooks depend on them. */
export const bundleErrors = defineErrors({});
