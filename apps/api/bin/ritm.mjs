#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=2 --max-old-space-size=512
// `ritm` runs the compiled API (`dist/`, made by `pnpm build`) in this process: no second Node
// process to pass signals to, no TypeScript compiler at run time. The workspace packages resolve
// to their `dist/` too (no `@ritm/source` condition here). Development runs the sources through
// tsx instead: `pnpm dev`, `pnpm ritm` from the repository root.
//
// The flags above: V8 sizes its heap for throughput, and under the API's rate of short-lived
// objects let it grow to four times what was live (585 MB resident for about 110 MB live on
// PostgreSQL under 20,000 distinct summary ranges). 2 MB semi-spaces and a 512 MB old generation
// (which also makes V8 grow the heap by a smaller factor) keep it near what it holds, at the same
// throughput (apps/api/test/reliability/memory.reliability.ts); the server warns when
// RITM_CACHE_MB asks for more than that heap can hold. MALLOC_ARENA_MAX=2: glibc gives each thread
// that allocates (libuv's pool compressing exports, hashing passwords) an arena of its own that
// keeps what it freed; two arenas left the process 232 and 252 MB resident after the mixed load of
// `pnpm bench:api --only memory`, against 256 and 298 MB with glibc's default. These apply when the
// file is run as a program (`./bin/ritm.mjs`, the package scripts); `node [flags] bin/ritm.mjs`
// takes node's own.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('ritm: the API is not built (apps/api/dist is missing): run `pnpm build` first\n');
  process.exit(1);
}
await import(main.href);
