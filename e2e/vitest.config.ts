import { defineConfig } from 'vitest/config'

// Browser tests: one server (built web app + API) for the run, driven through Debian's Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['**/*.e2e.ts'],
    globalSetup: ['./global-setup.ts'],
    fileParallelism: false,
    testTimeout: 150_000,
    hookTimeout: 180_000,
  },
})
