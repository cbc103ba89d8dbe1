import { defineConfig } from 'vitest/config';

// The reliability suite (test/reliability): long runs that the normal `pnpm test` leaves out.
// `pnpm test:reliability` runs the full version; RITM_RELIABILITY=short the one CI runs.
export default defineConfig({
  ssr: { resolve: { conditions: ['@ritm/source'] } },
  resolve: { conditions: ['@ritm/source'] },
  test: {
    include: ['test/reliability/**/*.reliability.ts'],
    globalSetup: ['test/global-setup.ts'],
    server: { deps: { inline: [/@ritm\//] } },
    testTimeout: 1_800_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // One part at a time: each measures, and they share two cores.
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: '../../.artifacts/test-results/api-reliability.json' },
  },
});
