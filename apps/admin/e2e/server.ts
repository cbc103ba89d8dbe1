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
  /** The demo account (the e2e administrator when there is no demo). */
  login: Login;
  /** A system administrator, to set up each journey's organisations. */
  admin: Login;
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

const E2E_ADMIN: Login = { email: 'e2e-admin@example.org', password: 'e2e-password-123' };

function createAdmin(env: NodeJS.ProcessEnv): void {
  const created = spawnSync(
    process.execPath,
    [ritm, 'user', 'create', '--email', E2E_ADMIN.email, '--password', E2E_ADMIN.password, '--name', 'Администратор', '--admin'],
    { env, encoding: 'utf8' },
  );
  if (created.status !== 0) throw new Error(`ritm user create failed: ${created.stderr}`);
}

async function isAdmin(url: string, login: Login): Promise<boolean> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(login),
  });
  return response.ok && ((await response.json()) as { isAdmin?: boolean }).isAdmin === true;
}

interface Serving {
  child: ChildProcess;
  output: () => string;
}

async function serve(env: NodeJS.ProcessEnv, url: string): Promise<Serving> {
  const child = spawn(process.execPath, [ritm, 'serve', '--demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  await waitForHealth(url, child, () => output);
  await new Promise((r) => setTimeout(r, 200));
  return { child, output: () => output };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
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

/**
 * Starts `ritm serve --demo` on a fresh embedded database in a temporary folder,
 * serving the built admin. Nothing is mocked: the journeys talk to the real API.
 * The journeys also need a system administrator to set up their organisations:
 * when the demo account is not one, the server is stopped, one is created with
 * `ritm user create --admin` (the data folder is locked while serving), and the
 * server started again.
 */
export async function startServer(options: { adminDist?: string } = {}): Promise<RunningServer> {
  const dist = options.adminDist ?? path.join(adminDir, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`no built admin in ${dist}: run the build first`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ritm-e2e-'));
  const port = await freePort();
  // issue 13 — evidence sources: journeys serve their feeds on loopback, which only RITM_FETCH_ALLOW_PRIVATE lets Ritm read;
  // the scheduler is off so that a source is read when the journey says (its «Прочитать сейчас»), not a tick before.
  const env = { ...process.env, RITM_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', RITM_ADMIN_DIST: dist, LOG_LEVEL: 'warn', RITM_LOG_FORMAT: 'json', RITM_FETCH_ALLOW_PRIVATE: 'true', RITM_EVIDENCE_TICK_SECONDS: '0' };
  const url = `http://127.0.0.1:${port}`;

  let serving = await serve(env, url);
  // The banner speaks the locale's language (Russian unless it is English).
  const demo = /(?:Demo login|Демо-вход):\s*(\S+)\s*\/\s*(\S+)/.exec(serving.output());
  const demoLogin = demo ? { email: demo[1] as string, password: demo[2] as string } : null;
  let admin: Login = E2E_ADMIN;
  if (demoLogin && (await isAdmin(url, demoLogin))) admin = demoLogin;
  else {
    await stopChild(serving.child);
    createAdmin(env);
    serving = await serve(env, url);
  }
  const { child } = serving;
  let output = serving.output();

  let front: ChildProcess | null = null;
  let frontUrl = url;
  const served = await fetch(`${url}/`).then((r) => (r.ok ? r.headers.get('content-type') ?? '' : `HTTP ${r.status}`), (e: Error) => e.message);
  if (!served.includes('text/html')) {
    if (process.env.RITM_E2E_FRONT !== 'preview') {
      await stopChild(child);
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
  return {
    url: frontUrl,
    login: demoLogin ?? E2E_ADMIN,
    admin,
    demo: demoLogin !== null,
    async stop() {
      if (front) await stopChild(front);
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
