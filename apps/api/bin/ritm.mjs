#!/usr/bin/env node
// The command line runs the TypeScript sources through tsx, resolving workspace
// packages to their sources too, so there is no stale build to forget about.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const result = spawnSync(
  process.execPath,
  ['--conditions=@ritm/source', '--import', 'tsx', main, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
