import { defineConfig } from 'vitest/config';

// Files that need a worker of their own: one replaces a module with vi.mock (a module another
// file loaded first would stay the real one), one weighs the heap its values take.
const ISOLATED = ['src/services/imports.test.ts', 'src/services/stamped-memo.test.ts'];

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources (the `@ritm/source` export condition).
  ssr: { resolve: { conditions: ['@ritm/source'] } },
  resolve: { conditions: ['@ritm/source'] },
  test: {
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
    projects: [
      {
        extends: true,
        test: {
          name: 'api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ISOLATED,
          // A worker runs file after file with the modules it loaded: each file in a fresh one
          // loaded the app and compiled PGlite's WebAssembly again, 233 s of the suite's 756 s
          // (12.7 min alone on 2 cores; 7.4 min sharing them). Every file opens its own database
          // and app; what a module keeps across files is kept by the product across requests too.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'api-isolated', include: ISOLATED } },
    ],
  },
});
