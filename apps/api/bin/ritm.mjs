#!/usr/bin/env node
// `ritm` runs the compiled API (`dist/`, made by `pnpm build`) in this process: no second Node
// process to pass signals to, no TypeScript compiler at run time. The workspace packages resolve
// to their `dist/` too (no `@ritm/source` condition here). Development runs the sources through
// tsx instead: `pnpm dev`, `pnpm ritm` from the repository root.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('ritm: the API is not built (apps/api/dist is missing): run `pnpm build` first\n');
  process.exit(1);
}
await import(main.href);
