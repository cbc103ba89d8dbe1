#!/usr/bin/env node
// The command line runs the TypeScript sources through tsx, resolving workspace
// packages to their sources too, so there is no stale build to forget about.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--conditions=@ritm/source', '--import', 'tsx', main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// A process manager stops `ritm serve` by signalling this process: pass the signal on so the
// server closes gracefully (and releases the data folder) instead of being orphaned.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signal === 'SIGTERM' ? 15 : 2) : 1)));
