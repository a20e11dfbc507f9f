declare const __APP_VERSION__: string | undefined;
/** The product version, injected at build time (falls back for tests run from source). */
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
export const APP_NAME = 'Go Offline Installer';
export const CLI_NAME = 'go-offline';
