import { defineConfig } from 'vitest/config';

// Browser and Electron end-to-end tests: the built renderer in Debian's Chromium, wired to the real
// engine through the loopback bridge; Electron itself when its binary is present.
export default defineConfig({
  test: {
    name: 'e2e',
    root: '.',
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
});
