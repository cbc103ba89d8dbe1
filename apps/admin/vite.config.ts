import { defineConfig, defaultClientConditions } from 'vite';
import vue from '@vitejs/plugin-vue';

// `pnpm dev` runs the API on PORT (3000 unless set, as `ritm serve`): /api goes there unless
// RITM_API_URL names another API.
const api = { target: process.env.RITM_API_URL ?? `http://127.0.0.1:${process.env.PORT || 3000}`, changeOrigin: false };

// The workspace packages export their TypeScript sources under `@ritm/source`,
// so the admin bundles the domain straight from source (no stale build).
export default defineConfig({
  plugins: [vue()],
  resolve: { conditions: ['@ritm/source', ...defaultClientConditions] },
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    // The benchmark reads the manifest to find each route's initial chunks.
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { '/api': api } },
  preview: { proxy: { '/api': api } },
});
