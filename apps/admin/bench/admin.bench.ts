/**
 * `pnpm bench:admin`: the admin's performance figures (a benchmark, not a test).
 *
 * 1. Initial JavaScript of the login and calendar routes, gzip, from the built
 *    dist's Vite manifest (budget: 250 KB each).
 * 2. Time until the calendar is interactive in headless Chromium, against
 *    `ritm serve` on a fresh database, as a ratio to an empty Vite + Vue page
 *    built and served the same way in the same run.
 * 3. Render time of the month grid with 1,000 items (budget: 150 ms).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';
import { ApiSession, createWorld } from '../e2e/api.js';
import { launch } from '../e2e/browser.js';
import { adminDir, startServer } from '../e2e/server.js';

const KB = 1024;
const dist = path.join(adminDir, 'dist');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

/** The JS files loaded before a route can run: the entry, the route's chunks, and their static imports. */
function initialFiles(manifest: Record<string, ManifestChunk>, keys: string[]): Set<string> {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return files;
}

function gzipSize(files: Set<string>): number {
  let total = 0;
  for (const file of files) total += gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
  return total;
}

function sizes() {
  const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const login = initialFiles(manifest, ['index.html', 'src/views/auth/LoginView.vue']);
  const calendar = initialFiles(manifest, ['index.html', 'src/views/AppLayout.vue', 'src/views/calendar/CalendarView.vue']);
  const dashboard = initialFiles(manifest, ['src/views/dashboard/DashboardView.vue']);
  return { login: gzipSize(login), calendar: gzipSize(calendar), dashboardChunk: gzipSize(dashboard) };
}

/** An empty Vite + Vue page, built with the same Vite and target as the admin. */
async function buildBaseline(): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'ritm-baseline-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><html lang="ru"><body><div id="app"></div><script type="module" src="./main.ts"></script></body></html>');
  writeFileSync(path.join(root, 'main.ts'), "import { createApp, h } from 'vue';\ncreateApp({ render: () => h('main', { id: 'ready' }, 'Vue') }).mount('#app');\n");
  await build({ root, logLevel: 'error', configFile: false, plugins: [vue()], resolve: { alias: { vue: path.join(adminDir, 'node_modules/vue') } }, build: { outDir: path.join(root, 'dist'), target: 'es2022' } });
  return root;
}

async function buildMonthBench(): Promise<string> {
  const out = mkdtempSync(path.join(tmpdir(), 'ritm-month-'));
  await build({
    root: path.join(adminDir, 'bench'),
    logLevel: 'error',
    configFile: false,
    plugins: [vue()],
    resolve: { conditions: ['@ritm/source', 'module', 'browser', 'development|production'] },
    build: { outDir: out, target: 'es2022', rollupOptions: { input: path.join(adminDir, 'bench/month-render.html') } },
  });
  return out;
}

function serveStatic(root: string): Promise<{ url: string; close: () => void }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const file = path.join(root, decodeURIComponent((req.url ?? '/').split('?')[0] as string));
    try {
      const body = readFileSync(file.endsWith('/') ? path.join(file, 'index.html') : file);
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, close: () => server.close() });
    }),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function monthOnly(): Promise<void> {
  const monthRoot = await buildMonthBench();
  const month = await serveStatic(monthRoot);
  const browser = await launch(chromiumPath);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${month.url}/month-render.html`);
    const result = await page.waitForFunction(() => (window as unknown as { __monthRender?: unknown }).__monthRender, undefined, { timeout: 60_000 });
    console.log(JSON.stringify(await result.jsonValue()));
  } finally {
    await browser.close();
    month.close();
    rmSync(monthRoot, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === 'month') return monthOnly();
  const s = sizes();
  console.log('Initial JavaScript (gzip, budget 250 KB per route):');
  console.log(`  login route     ${(s.login / KB).toFixed(1)} KB ${s.login <= 250 * KB ? 'OK' : 'OVER BUDGET'}`);
  console.log(`  calendar route  ${(s.calendar / KB).toFixed(1)} KB ${s.calendar <= 250 * KB ? 'OK' : 'OVER BUDGET'}`);
  console.log(`  (dashboard chunk with ECharts, loaded on its route only: ${(s.dashboardChunk / KB).toFixed(1)} KB)`);

  const baselineRoot = await buildBaseline();
  const monthRoot = await buildMonthBench();
  const admin = await startServer();
  // The baseline is served by ritm serve too, from its own data folder, so both pages pay the same server.
  const baseline = await startServer({ adminDist: path.join(baselineRoot, 'dist') });
  const month = await serveStatic(monthRoot);
  const browser = await launch(chromiumPath);
  try {
    const api = await new ApiSession(admin.url).login(admin.admin.email, admin.admin.password);
    const world = await createWorld(api, 'bench');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${admin.url}/login`);
    await page.locator('#login-email').fill(world.users.press.email);
    await page.locator('#login-password').fill(world.users.press.password);
    await page.locator('[data-test="login-submit"]').click();
    await page.waitForURL(/\/calendar/);

    // Time to interactive: from navigation start until the week grid and its norm strip are on screen.
    const calendarTimes: number[] = [];
    const baselineTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      await page.goto(`${admin.url}/calendar`, { waitUntil: 'commit' });
      await page.locator('[data-test="norm-strip"]').first().waitFor();
      await page.locator('[data-test="add-on-day"]').first().waitFor();
      calendarTimes.push(await page.evaluate(() => performance.now()));
      await page.goto(`${baseline.url}/`, { waitUntil: 'commit' });
      await page.locator('#ready').waitFor();
      baselineTimes.push(await page.evaluate(() => performance.now()));
    }
    const tti = median(calendarTimes);
    const empty = median(baselineTimes);
    console.log('Time until the calendar is interactive (headless Chromium, median of 7):');
    console.log(`  calendar ${tti.toFixed(0)} ms, empty Vite + Vue page ${empty.toFixed(0)} ms, ratio ${(tti / empty).toFixed(2)}`);

    await page.goto(`${month.url}/month-render.html`);
    const result = await page.waitForFunction(() => (window as unknown as { __monthRender?: { median: number; all: number[] } }).__monthRender, undefined, { timeout: 60_000 });
    const render = (await result.jsonValue()) as { median: number; all: number[] };
    console.log('Month view with 1,000 items (budget 150 ms):');
    console.log(`  render ${render.median.toFixed(1)} ms median (runs: ${render.all.map((t) => t.toFixed(0)).join(', ')}) ${render.median < 150 ? 'OK' : 'OVER BUDGET'}`);
    await context.close();
  } finally {
    await browser.close();
    month.close();
    await admin.stop();
    await baseline.stop();
    rmSync(baselineRoot, { recursive: true, force: true });
    rmSync(monthRoot, { recursive: true, force: true });
  }
}

await main();
