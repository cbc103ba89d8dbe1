import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ritm/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    benchmark: { include: ['src/**/*.bench.ts'] },
    // The JSON report feeds the closing line of .ci/run.
    reporters: ['default', 'json'],
    outputFile: { json: '../../.artifacts/test-results/domain.json' },
  },
});
