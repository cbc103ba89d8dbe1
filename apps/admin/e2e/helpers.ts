import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { ApiSession, createWorld, type World } from './api.js';
import { launch } from './browser.js';

/** Today on the Moscow calendar, where the journeys' organisations are. */
export function moscowToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * Picks an option of a Naive UI select by its visible text, and waits until every select menu has
 * closed and the select shows the choice: under load a click on the next select could otherwise
 * land while this menu is still leaving, and a choice be lost (a material sent to two primaries of
 * three). `filter`: a filterable select is first narrowed to the option by typing it, as a person
 * finds a name among many, so the list cannot move under the click.
 */
export async function choose(page: Page, selectTest: string, option: string, options: { filter?: boolean } = {}): Promise<void> {
  const select = page.locator(`[data-test="${selectTest}"]`);
  await select.click();
  if (options.filter) await page.keyboard.type(option);
  await page.locator('.n-base-select-option', { hasText: option }).first().click();
  await page.keyboard.press('Escape');
  await menusClosed(page);
  await select.getByText(option).first().waitFor();
}

/** No select menu is shown, nor still leaving (a menu in its leave transition still has a box). */
export async function menusClosed(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll('.n-base-select-menu')].every((menu) => menu.getClientRects().length === 0), undefined, { timeout: 15_000 });
}

/**
 * How a page is wider than a 390-px phone (nothing when it fits), and what reaches past its edge.
 * Measured against the phone's width, not `innerWidth`: a mobile browser widens its layout viewport
 * to content that overflows.
 */
export function phoneOverflow(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const scrollWidth = document.scrollingElement!.scrollWidth;
    if (scrollWidth <= width) return [];
    const past = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length > 0);
    return [`${scrollWidth} px wide`, ...past.filter((el) => !past.includes(el.parentElement!)).map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`)];
  }, 390);
}

export async function normStatus(page: Page, norm: string, within = '[data-test="norm-strip"]'): Promise<string | null> {
  return page.locator(`${within} [data-test="norm-status"][data-norm="${norm}"]`).first().getAttribute('data-status');
}

/** Signs in through the API, as the journeys set their data up. */
export function apiSession(user: { email: string; password: string }): Promise<ApiSession> {
  return new ApiSession(inject('baseUrl')).login(user.email, user.password);
}

/** What a journey runs in: a browser, the administrator's API session, and the journey's own world. */
export interface Journey {
  readonly browser: Browser;
  readonly admin: ApiSession;
  readonly world: World;
}

/**
 * Launches Chromium and makes a fresh world (see `createWorld`) before the enclosing block's
 * tests, and closes the browser after them. Read the fields inside hooks and tests.
 */
export function useJourney(label: string): Journey {
  let browser: Browser | undefined;
  let admin: ApiSession | undefined;
  let world: World | undefined;
  beforeAll(async () => {
    browser = await launch(inject('chromium') as string);
    admin = await apiSession(inject('admin'));
    world = await createWorld(admin, label);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      return ready(browser, 'browser');
    },
    get admin() {
      return ready(admin, 'admin');
    },
    get world() {
      return ready(world, 'world');
    },
  };
}

function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the journey's ${what} is not ready: read it inside a hook or a test`);
  return value;
}

