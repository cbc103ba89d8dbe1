import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { adminDir } from './server.js';

export const artifactsDir = path.join(adminDir, '.artifacts');

export async function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** A fresh browser session (its own cookies), Russian, at the size the admin is designed for. */
export async function newSession(browser: Browser, baseUrl: string, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/**
 * A real 390-px phone (touch, no hover) signed in as `signedIn` is: a desktop window shrunk to
 * 390 px keeps its mouse over whatever it last clicked, and a hover tooltip there is not the
 * phone's layout.
 */
export async function phoneSession(browser: Browser, baseUrl: string, signedIn: BrowserContext): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    storageState: await signedIn.storageState(),
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
  });
  return { context, page: await context.newPage() };
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('[data-test="login-submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Keeps a picture of a journey's last step (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Serious and critical accessibility violations on the page as it is now (`within`: only inside that selector's element). */
export async function seriousViolations(page: Page, within?: string): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) still holds for the app.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(selector === null ? document : { include: [selector] }, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, within ?? null);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The serious violations in one line each (rule, then where), for a readable failure. */
export async function axeReport(page: Page, within?: string): Promise<string[]> {
  // A fading message (Naive UI animates form feedback in and out) has no settled colour yet:
  // contrast is judged once the page's animations have finished (at most 5 s: a spinner that never
  // stops is judged as it is).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 5_000 }).catch(() => undefined);
  return (await seriousViolations(page, within)).map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

/**
 * Answers the open confirmation popup (Naive UI's popconfirm) with the button named `answer`:
 * waits until it has finished appearing — it scales in, and on a busy machine a click aimed while
 * it moves lands where the button is not yet — then clicks, and waits until the popup has gone,
 * so that a lost click fails here, saying so, instead of as a later wait for its consequence.
 */
export async function answerConfirmation(page: Page, answer: string): Promise<void> {
  const popup = page.locator('.n-popconfirm').filter({ has: page.getByRole('button', { name: answer, exact: true }) }).last();
  await popup.waitFor();
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 5_000 }).catch(() => undefined);
  await popup.getByRole('button', { name: answer, exact: true }).click();
  await popup.waitFor({ state: 'hidden' });
}

/** Runs a journey's steps, keeping a picture of the page if one fails. */
export async function steps(page: Page, name: string, run: () => Promise<void>): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await run();
    await screenshot(page, name);
  } catch (error) {
    await screenshot(page, `FAILED-${name}`).catch(() => undefined);
    if (errors.length) (error as Error).message += `\npage errors: ${errors.join('; ')}`;
    throw error;
  }
}
