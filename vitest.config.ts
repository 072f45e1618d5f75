import { defineConfig } from 'vitest/config'

// One run covers the pure packages (fast, parallel) and the API against one shared database
// (files in sequence: the grid import replaces the whole tree).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'packages',
          include: ['packages/*/test/**/*.test.ts', 'seed/test/**/*.test.ts', 'migrations/test/**/*.test.ts'],
          // The tiling checks run turf over all 1,434 grids: about a second alone, far more on a busy 2-core machine.
          testTimeout: 30_000,
        },
      },
      // The web app's pure rules (outbox backoff, position throttling, task steps); its pages are covered in e2e/.
      { test: { name: 'web', include: ['apps/web/test/**/*.test.ts'] } },
      {
        test: {
          name: 'api',
          include: ['apps/api/test/**/*.test.ts'],
          globalSetup: ['apps/api/test/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
