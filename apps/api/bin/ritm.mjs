#!/usr/bin/env -S node --max-semi-space-size=2
// `ritm` runs the compiled API (`dist/`, made by `pnpm build`) in this process: no second Node
// process to pass signals to, no TypeScript compiler at run time. The workspace packages resolve
// to their `dist/` too (no `@ritm/source` condition here). Development runs the sources through
// tsx instead: `pnpm dev`, `pnpm ritm` from the repository root.
//
// The flag above: V8 sizes its young generation for throughput, and under the API's rate of
// short-lived objects let the heap grow to four times what was live (585 MB resident for about
// 110 MB live on PostgreSQL under 20,000 distinct summary ranges). 2 MB semi-spaces keep it near
// what it holds, at the same throughput (apps/api/test/reliability/memory.reliability.ts). It
// applies when the file is run as a program (`./bin/ritm.mjs`, the package scripts); `node
// bin/ritm.mjs` takes node's own flags instead, `NODE_OPTIONS` included.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('ritm: the API is not built (apps/api/dist is missing): run `pnpm build` first\n');
  process.exit(1);
}
await import(main.href);
