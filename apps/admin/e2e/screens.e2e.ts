import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, screenshot, signIn } from './browser.js';
import { moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

const PHONE = { width: 390, height: 844 };

/** Text a Russian screen must never show. */
const UNTRANSLATED = /Please \w+|\b\d+ \w+s? ago\b|\bnull\b|\bundefined\b|\bNaN\b|\[object Object\]|\^\[[^\]]*\]/g;

/** What is wrong with the page as it is: serious axe violations, and a page wider than the window. */
async function problems(page: Page, where: string): Promise<string[]> {
  const found = (await axeReport(page)).map((v) => `${where}: ${v}`);
  const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
    // The outermost element reaching past the window's right edge names the culprit.
    const past = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1);
    const outermost = past.find((el) => !past.includes(el.parentElement!));
    const name = outermost ? `${outermost.tagName.toLowerCase()}${outermost.className && typeof outermost.className === 'string' ? `.${outermost.className.trim().split(/\s+/).join('.')}` : ''}` : '';
    return { scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth, widest: name };
  });
  if (scrollWidth > innerWidth) found.push(`${where}: ${scrollWidth} px wide in a ${innerWidth}-px window (${widest})`);
  // Every string translated: no library defaults in English («Please Input»), no English plurals
  // («1 days ago»), no raw technical values (a regular expression, `null`, `undefined`, `NaN`).
  const text = await page.evaluate(() => document.body.innerText);
  for (const leak of text.match(UNTRANSLATED) ?? []) found.push(`${where}: untranslated or technical text «${leak}»`);
  return found;
}

/** Waits until a screen has drawn its heading and stopped asking the API. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1, h1').first().waitFor();
  await page.waitForLoadState('networkidle');
}

/** A phone: touch, no hover, 390 px wide, signed in with the desktop session's cookies. */
async function phoneOf(desktop: BrowserContext): Promise<Page> {
  const browser = desktop.browser()!;
  const phone = await browser.newContext({
    baseURL: inject('baseUrl'),
    storageState: await desktop.storageState(),
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
  });
  const page = await phone.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/**
 * Every screen the navigation offers (found at run time, so screens added later are covered),
 * opened through the navigation itself: on a phone through its folded menu.
 */
async function visitEveryScreen(page: Page, who: string, phone: boolean): Promise<string[]> {
  const found: string[] = [];
  const nav = page.getByRole('navigation', { name: 'Основные разделы' });
  const names = await nav.locator('a[data-nav]').evaluateAll((links) => links.map((a) => a.getAttribute('data-nav')!));
  expect(names.length, `${who}: the navigation's links`).toBeGreaterThan(3);
  for (const name of names) {
    if (phone) {
      await nav.locator('[data-test="nav-menu"]').click();
      expect(await nav.locator('[data-test="nav-menu"]').getAttribute('aria-expanded')).toBe('true');
    }
    const link = nav.locator(`a[data-nav="${name}"]`);
    const href = (await link.getAttribute('href'))!;
    await link.click();
    await page.waitForURL((url) => url.pathname === href);
    await settled(page);
    if (phone) expect(await nav.locator(`a[data-nav="${name}"]`).isVisible(), `${who}: the menu folds after ${name}`).toBe(false);
    found.push(...(await problems(page, `${who} ${phone ? 'phone' : 'desktop'} ${name}`)));
  }
  return found;
}

/** The screens the navigation does not list: an item's drawer, a plan and its print form. */
async function visitItemPlanAndPrint(page: Page, where: string, orgId: string, planId: string): Promise<string[]> {
  const found: string[] = [];
  await page.goto(`/calendar?org=${orgId}`);
  await page.locator('[data-test="item"]', { hasText: 'Ярмарка вакансий' }).first().click();
  await page.locator('.item-drawer').waitFor();
  await page.waitForLoadState('networkidle');
  found.push(...(await problems(page, `${where} item drawer`)));
  await screenshot(page, `screens-${where.replace(' ', '-')}-drawer`);
  await page.keyboard.press('Escape');
  await page.goto(`/plans/${planId}?org=${orgId}`);
  await settled(page);
  found.push(...(await problems(page, `${where} plan`)));
  await page.goto(`/plans/${planId}/print?org=${orgId}`);
  await page.locator('[data-test="plan-items"]').waitFor();
  found.push(...(await problems(page, `${where} print`)));
  return found;
}

// Issue 16 (quality): every screen usable at 390 px without sideways scrolling and without serious
// accessibility violations, for the administrator and for an editor.
describe.skipIf(!chromiumPath)('every screen, on a desktop and on a phone', () => {
  const journey = useJourney('screens');
  let planId = '';

  beforeAll(async () => {
    const { admin, world } = journey;
    const today = moscowToday();
    const plan = await admin.call<{ id: string }>('POST', `/orgs/${world.centre.id}/plans`, { period: 'month', periodStart: `${today.slice(0, 8)}01`, title: 'План на месяц' });
    planId = plan.id;
    await admin.call('POST', `/orgs/${world.centre.id}/items`, { kind: 'press_release', title: 'Ярмарка вакансий', at: `${today}T10:00:00+03:00`, channelIds: [world.vk.id], planId });
  });

  // One walk per person and device: each opens every screen and runs axe on it, and the four
  // together took 84 of one test's 90 s while the API suite loaded both cores.
  describe.each(['administrator', 'editor'] as const)('the %s', (who) => {
    it.each(['desktop', 'phone'] as const)('sees no serious accessibility violation and no sideways scrolling anywhere on a %s', async (device) => {
      const { browser, world } = journey;
      const login = who === 'administrator' ? inject('admin') : world.users.press;
      const { context, page } = await newSession(browser, inject('baseUrl'));
      await signIn(page, login.email, login.password);
      const on = device === 'phone' ? await phoneOf(context) : page;
      try {
        await on.goto(`/calendar?org=${world.centre.id}`);
        await settled(on);
        const found = [
          ...(await visitEveryScreen(on, who, device === 'phone')),
          ...(await visitItemPlanAndPrint(on, `${who} ${device}`, world.centre.id, planId)),
        ];
        expect(found).toEqual([]);
      } finally {
        if (on !== page) await on.context().close();
        await context.close();
      }
    });
  });
});
