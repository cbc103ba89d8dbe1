/**
 * `pnpm bench:startup`: how long `ritm serve` takes from spawning the process to the first
 * 200 from `/api/health`, on an existing migrated data folder with the demo loaded (not a test).
 *
 * Two ways of running the same command are timed in one run, alternately so that the noise of a
 * shared machine falls on both:
 * - `tsx`: the TypeScript sources through tsx with the workspace packages' sources (`@ritm/source`),
 *   as `bin/ritm.mjs` ran before it loaded the build (it also paid for a second Node process);
 * - `compiled`: `bin/ritm.mjs`, which runs `dist/` and the packages' `dist/` in its own process.
 *
 * Beside the wall-clock time it reports the CPU time the process had used by then (Linux, from
 * /proc), which a busy machine inflates far less. Needs `pnpm build` first (the root script does
 * it). BENCH_RUNS sets the runs of each (default 5).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(apiDir, 'bin/ritm.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DEADLINE_MS = 120_000;

const ways = {
  tsx: ['--conditions=@ritm/source', '--import', 'tsx', path.join(apiDir, 'src/cli/main.ts')],
  compiled: [bin],
} as const;
type Way = keyof typeof ways;

if (!fs.existsSync(path.join(apiDir, 'dist/cli/main.js'))) {
  process.stderr.write('bench:startup needs the build: run `pnpm build` (or `pnpm bench:startup` from the root)\n');
  process.exit(1);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-startup-'));
const env = { ...process.env, RITM_DATA_DIR: dataDir, LOG_LEVEL: 'warn', RITM_LOG_FORMAT: 'json', NODE_ENV: 'production' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * CPU milliseconds (user + system) a process and its children (tsx's esbuild service) have used,
 * or NaN where /proc is not there.
 */
function cpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 after the command name in parentheses, in clock ticks (100 a second on Linux).
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    let total = (Number(fields[11]) + Number(fields[12])) * 10;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) total += cpuMs(Number(child));
    }
    return total;
  } catch {
    return Number.NaN;
  }
}

interface Start {
  wallMs: number;
  cpuMs: number;
}

/** Time from spawn to the first 200 from /api/health; stops the server (SIGTERM) before it returns. */
async function timeStart(way: Way): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...ways[way], 'serve'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${way}: ritm serve exited with ${child.exitCode}: ${stderr}`);
      if (performance.now() - started > DEADLINE_MS) throw new Error(`${way}: no answer from /api/health in ${DEADLINE_MS} ms`);
      const status = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return { wallMs: performance.now() - started, cpuMs: cpuMs(child.pid) };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGTERM');
    const code = await exited(child);
    if (code !== 0) process.stderr.write(`${way}: ritm serve exited with ${code} on SIGTERM: ${stderr}\n`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

try {
  // The folder a user has after the first `ritm serve --demo`: migrated, the demo loaded.
  const prepared = spawnSync(process.execPath, [bin, 'demo'], { env, encoding: 'utf8', timeout: DEADLINE_MS });
  if (prepared.status !== 0) throw new Error(`ritm demo failed: ${prepared.stderr}`);
  // One unmeasured start of each warms the operating system's file cache for both.
  for (const way of Object.keys(ways) as Way[]) await timeStart(way);

  const starts: Record<Way, Start[]> = { tsx: [], compiled: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const way of Object.keys(ways) as Way[]) starts[way].push(await timeStart(way));
  }
  const line = (label: string, way: Way) => {
    const wall = starts[way].map((start) => start.wallMs);
    const cpu = median(starts[way].map((start) => start.cpuMs));
    const ratio = way === 'tsx' ? '' : `  ${(median(wall) / median(starts.tsx.map((start) => start.wallMs))).toFixed(2)}× of tsx`;
    return `  ${label}  median ${Math.round(median(wall))} ms [${wall.map(Math.round).join(', ')}], CPU ${Math.round(cpu)} ms${ratio}`;
  };
  process.stdout.write(
    [
      `ritm serve to the first 200 from /api/health (${RUNS} runs each, Node.js ${process.version}, load ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores):`,
      line('tsx (sources)  ', 'tsx'),
      line('compiled (dist)', 'compiled'),
      '',
    ].join('\n'),
  );
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
