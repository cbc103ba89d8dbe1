import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ritm/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    benchmark: { include: ['src/**/*.bench.ts'] },
    // Property tests run hundreds of cases; their bound is correctness, not speed (speed is
    // the benchmark's job), so a busy machine must not fail them on the 5 s default.
    testTimeout: 60_000,
    // The JSON report feeds the closing line of .ci/run.
    reporters: ['default', 'json'],
    outputFile: { json: '../../.artifacts/test-results/domain.json' },
  },
});
