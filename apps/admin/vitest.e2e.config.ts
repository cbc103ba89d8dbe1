import { defineConfig } from 'vitest/config';

// End-to-end journeys: real `ritm serve` on a fresh embedded database, real headless Chromium.
export default defineConfig({
  resolve: { conditions: ['@ritm/source'] },
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 90_000,
    // A journey waits for what the screen must come to show, not for how fast: vitest's default
    // of one second failed an archive that took longer while the API suite loaded both cores
    // (speed is the benchmarks' business).
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: '../../.artifacts/test-results/admin-e2e.json' },
  },
});
