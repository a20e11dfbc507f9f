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
    // limits, not paces (a busy 2-core machine is slow); a passing test never waits for them
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
