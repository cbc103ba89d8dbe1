import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: { resolve: { conditions: ['@ritm/source'] } },
  resolve: { conditions: ['@ritm/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    server: { deps: { inline: [/@ritm\//] } },
    // The JSON report feeds the closing line of .ci/run.
    reporters: ['default', 'json'],
    outputFile: { json: '../../.artifacts/test-results/contracts.json' },
  },
});
