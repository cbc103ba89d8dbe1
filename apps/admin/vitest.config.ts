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
  },
});
