import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources (the `@ritm/source` export condition).
  ssr: { resolve: { conditions: ['@ritm/source'] } },
  resolve: { conditions: ['@ritm/source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    server: { deps: { inline: [/@ritm\//] } },
    // PGlite boots a WebAssembly PostgreSQL per test file; give it room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on 2 cores (vitest's default there is one): many files spend most of
    // their time waiting — on PostgreSQL, on a spawned server, on real minute boundaries of the job
    // runner's tests — and the suite took 20 minutes one file after another.
    maxWorkers: 2,
    // The JSON report feeds the closing line of .ci/run.
    reporters: ['default', 'json'],
    outputFile: { json: '../../.artifacts/test-results/api.json' },
  },
});
