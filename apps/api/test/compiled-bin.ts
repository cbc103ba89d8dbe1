import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The `ritm` command users run: `bin/ritm.mjs` loads the build in `dist/`, so the command-line
 * tests exercise the compiled program (`pnpm test` builds it first; turbo.json says so).
 */
export function compiledBin(): string {
  if (!fs.existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
    throw new Error('apps/api/dist is missing: run `pnpm build` before these tests (`pnpm test` does)');
  }
  return fileURLToPath(new URL('../bin/ritm.mjs', import.meta.url));
}
