import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  resolve: { conditions: ['@ritm/source'] },
  test: {
    environment: 'happy-dom',
    // @pinia/testing finds vi.fn through the globals.
    globals: true,
    include: ['src/**/*.test.ts'],
    // The JSON report feeds the closing line of .ci/run.
    reporters: ['default', 'json'],
    outputFile: { json: '../../.artifacts/test-results/admin.json' },
  },
});
