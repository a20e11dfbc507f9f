import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Unit and component tests. Browser and Electron end-to-end tests have their own config
// (e2e/vitest.config.ts) because they need built output and a real browser.
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'engine',
          environment: 'node',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // limits, not paces: a real Go toolchain, Ansible and 120 MB archives on a busy 2-core
          // machine (load 20) can take minutes; a passing test never waits for them
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.tsx', 'renderer/**/*.test.ts'],
          globalSetup: ['renderer/test/global-setup.ts'],
          setupFiles: ['renderer/test/setup.ts'],
          // a limit, not a pace: the real engine behind the screens is slower on a busy 2-core machine
          testTimeout: 90_000,
        },
      },
    ],
  },
});
