import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ritm/source'] },
  test: { include: ['src/**/*.test.ts'] },
});
