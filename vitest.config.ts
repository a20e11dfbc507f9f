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
          testTimeout: 180_000,
          hookTimeout: 300_000,
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
