import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const adminDir = path.resolve(here, '..');
const ritm = path.resolve(adminDir, '../api/bin/ritm.mjs');

/** A demo account to sign in with; `serve --demo` prints it. */
export interface Login {
  email: string;
  password: string;
}

export interface RunningServer {
  url: string;
  login: Login;
  demo: boolean;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ritm serve exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`ritm serve did not answer /api/health in ${timeoutMs} ms:\n${output()}`);
}

const FALLBACK_LOGIN: Login = { email: 'e2e-admin@example.org', password: 'e2e-password-123' };

/**
 * Starts `ritm serve --demo` on a fresh embedded database in a temporary folder,
 * serving the built admin. Nothing is mocked: the journeys talk to the real API.
 */
export async function startServer(): Promise<RunningServer> {
  const dist = path.join(adminDir, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`no built admin in ${dist}: run the build first`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ritm-e2e-'));
  const port = await freePort();
  const env = { ...process.env, RITM_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', RITM_ADMIN_DIST: dist, LOG_LEVEL: 'warn', RITM_LOG_FORMAT: 'json' };
  const url = `http://127.0.0.1:${port}`;

  // The demo data arrives with the planning work; until then a plain administrator is enough to sign in.
  const hasDemo = existsSync(path.resolve(adminDir, '../api/src/demo/load-demo.ts'));
  if (!hasDemo) {
    const created = spawnSync(process.execPath, [ritm, 'user', 'create', '--email', FALLBACK_LOGIN.email, '--password', FALLBACK_LOGIN.password, '--name', 'Администратор', '--admin'], {
      env,
      encoding: 'utf8',
    });
    if (created.status !== 0) throw new Error(`ritm user create failed: ${created.stderr}`);
  }
  const child = spawn(process.execPath, [ritm, 'serve', ...(hasDemo ? ['--demo'] : [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  await waitForHealth(url, child, () => output);
  await new Promise((r) => setTimeout(r, 100));
  let front: ChildProcess | null = null;
  let frontUrl = url;
  const served = await fetch(`${url}/`).then((r) => (r.ok ? r.headers.get('content-type') ?? '' : `HTTP ${r.status}`), (e: Error) => e.message);
  if (!served.includes('text/html')) {
    if (process.env.RITM_E2E_FRONT !== 'preview') {
      child.kill('SIGTERM');
      throw new Error(`ritm serve does not serve the admin at / (${served}); set RITM_E2E_FRONT=preview to run the journeys through vite preview meanwhile`);
    }
    // A stop-gap for local runs only: Vite serves the same build and forwards /api to ritm serve.
    const previewPort = await freePort();
    front = spawn(process.execPath, [path.join(adminDir, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(previewPort), '--strictPort', '--host', '127.0.0.1'], {
      cwd: adminDir,
      env: { ...env, RITM_API_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    front.stdout?.on('data', (chunk) => (output += String(chunk)));
    frontUrl = `http://127.0.0.1:${previewPort}`;
    await waitForHealth(frontUrl, front, () => output);
  }
  const demo = /Demo login:\s*(\S+)\s*\/\s*(\S+)/.exec(output);
  const login = demo ? { email: demo[1] as string, password: demo[2] as string } : FALLBACK_LOGIN;
  return {
    url: frontUrl,
    login,
    demo: Boolean(demo),
    async stop() {
      if (front && front.exitCode === null) front.kill('SIGTERM');
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve(undefined);
          }, 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
