#!/usr/bin/env node
// The command line runs the TypeScript sources through tsx, resolving workspace
// packages to their sources too, so there is no stale build to forget about.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
// V8 sizes its heap for throughput: under the API's rate of short-lived objects it let the heap
// grow to four times what was live (585 MB resident for about 110 MB live, 64 MB of it caches,
// on PostgreSQL under 20,000 distinct summary ranges). A young generation of 2 MB semi-spaces
// and an old-generation limit well above the cache budget (RITM_CACHE_MB), which also makes V8
// grow the heap by a smaller factor, keep it near what it holds. An operator's own flags win.
const given = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
const cacheMb = Number(process.env.RITM_CACHE_MB) || 32;
const heap = [
  ...(given.includes('--max-semi-space-size') ? [] : ['--max-semi-space-size=2']),
  ...(given.includes('--max-old-space-size') ? [] : [`--max-old-space-size=${Math.max(512, 4 * cacheMb + 256)}`]),
];
const child = spawn(process.execPath, [...heap, '--conditions=@ritm/source', '--import', 'tsx', main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// A process manager stops `ritm serve` by signalling this process: pass the signal on so the
// server closes gracefully (and releases the data folder) instead of being orphaned.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signal === 'SIGTERM' ? 15 : 2) : 1)));
