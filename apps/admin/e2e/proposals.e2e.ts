import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, phoneSession, screenshot, signIn, steps } from './browser.js';
import { apiSession, choose, moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

/** The proposals screen on a 390-px phone, signed in as `signedIn` is. */
async function proposalsOnPhone(browser: Browser, signedIn: BrowserContext, query: string): Promise<{ phone: BrowserContext; page: Page }> {
  const { context: phone, page } = await phoneSession(browser, inject('baseUrl'), signedIn);
  page.setDefaultTimeout(15_000);
  await page.goto(`/proposals?${query}`);
  return { phone, page };
}

/** No sideways scrolling at 390 px, and nothing axe calls serious. */
async function fitsAndAccessible(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await axeReport(page)).toEqual([]);
}

// News proposed upwards (issue 15): a primary organisation proposes its news to the territorial
// committee above it; the committee accepts one into its own plan and declines another with a
// reason the proposer reads. On a 390-px phone, with no sideways scrolling and axe clean.
describe.skipIf(!chromiumPath)('news proposed upwards', () => {
  const journey = useJourney('proposals');

  it('a primary organisation proposes; the territorial accepts one into its plan and declines another with a reason the proposer reads', async () => {
    const { admin, browser } = journey;
    const tag = Date.now().toString(36);
    const today = moscowToday();
    const territorial = await admin.call<{ id: string; name: string }>('POST', '/orgs', { name: `Теркомитет профсоюза (${tag})`, kind: 'union_territorial', timezone: 'Europe/Moscow' });
    const primary = await admin.call<{ id: string; name: string }>('POST', '/orgs', {
      name: `ППО завода (${tag})`,
      kind: 'union_primary',
      parentId: territorial.id,
      timezone: 'Europe/Moscow',
    });
    const password = 'journey-password-1';
    const proposer = { email: `ppo-${tag}@example.org`, password, name: 'Ольга Председатель' };
    const committee = { email: `terkom-${tag}@example.org`, password, name: 'Пётр Теркомов' };
    for (const user of [proposer, committee]) await admin.call('POST', '/users', { ...user, locale: 'ru' });
    await admin.call('POST', `/orgs/${primary.id}/members`, { email: proposer.email, role: 'editor' });
    await admin.call('POST', `/orgs/${territorial.id}/members`, { email: committee.email, role: 'editor' });
    await admin.call('POST', `/orgs/${territorial.id}/channels`, { type: 'vk', name: 'ВКонтакте теркома', since: '2020-01-01' });
    const ppo = await apiSession(proposer);
    const news = await ppo.call<{ id: string }>('POST', `/orgs/${primary.id}/items`, {
      kind: 'post',
      title: 'Субботник в цехе №3',
      at: today,
      newsHook: 'Триста человек за один день',
    });
    // The second proposal is made through the API: the journey is about answering it.
    await ppo.call('POST', `/orgs/${primary.id}/proposals`, { title: 'Новое меню в столовой', text: 'С понедельника — комплексные обеды' });

    const first = await newSession(browser, inject('baseUrl'));
    await steps(first.page, 'proposals-propose', async () => {
      const { page } = first;
      await signIn(page, proposer.email, proposer.password);
      await page.goto(`/calendar?org=${primary.id}&date=${today}`);
      await page.locator(`[data-item-id="${news.id}"]`).first().click();
      await page.locator('[data-test="propose-open"]').click();
      expect(await page.locator('[data-test="propose-title"] input').inputValue()).toBe('Субботник в цехе №3');
      expect(await page.locator('[data-test="propose-text"] textarea').inputValue()).toBe('Триста человек за один день');
      await page.locator('[data-test="propose-send"]').click();
      expect(await page.locator('[data-test="propose-sent"]').textContent()).toContain(territorial.name);
      expect(await axeReport(page, '.item-drawer')).toEqual([]);
    });
    await first.context.close();

    const second = await newSession(browser, inject('baseUrl'));
    await steps(second.page, 'proposals-answer', async () => {
      await signIn(second.page, committee.email, committee.password);
      const { phone, page } = await proposalsOnPhone(browser, second.context, `org=${territorial.id}&direction=incoming`);
      const cards = page.locator('[data-test="proposal"]');
      await cards.filter({ hasText: 'Субботник в цехе №3' }).waitFor();
      expect(await cards.count()).toBe(2);
      await fitsAndAccessible(page);

      const subbotnik = cards.filter({ hasText: 'Субботник в цехе №3' });
      expect(await subbotnik.textContent()).toContain(primary.name);
      await subbotnik.locator('[data-test="proposal-accept"]').click();
      await page.locator('[data-test="proposal-answer"]').waitFor();
      await choose(page, 'accept-channels', 'ВКонтакте теркома');
      expect(await axeReport(page, '[data-test="proposal-answer"]')).toEqual([]);
      await page.locator('[data-test="accept-submit"]').click();
      await subbotnik.locator('[data-test="proposal-status"][data-status="accepted"]').waitFor();

      const menu = cards.filter({ hasText: 'Новое меню в столовой' });
      await menu.locator('[data-test="proposal-decline"]').click();
      await page.locator('[data-test="decline-submit"]').click();
      await page.locator('[data-test="proposal-answer"]', { hasText: 'Укажите причину' }).waitFor();
      await page.locator('[data-test="decline-reason"] textarea').fill('Это новость для вашей организации, не для внешних СМИ');
      await page.locator('[data-test="decline-submit"]').click();
      await menu.locator('[data-test="proposal-status"][data-status="declined"]').waitFor();
      await fitsAndAccessible(page);
      await screenshot(page, 'proposals-incoming-phone');
      await phone.close();
    });
    await second.context.close();

    // The accepted news is an ordinary item of the committee's plan, on the day chosen, on its VK.
    const terkom = await apiSession(committee);
    const planned = await terkom.call<{ items: Array<{ title: string; localDay: string; channelIds: string[] }> }>('GET', `/orgs/${territorial.id}/items?from=${today}&to=${today}`);
    expect(planned.items.map((i) => i.title)).toContain('Субботник в цехе №3');

    const third = await newSession(browser, inject('baseUrl'));
    await steps(third.page, 'proposals-outcome', async () => {
      await signIn(third.page, proposer.email, proposer.password);
      const { phone, page } = await proposalsOnPhone(browser, third.context, `org=${primary.id}`);
      const cards = page.locator('[data-test="proposal"]');
      await cards.filter({ hasText: 'Новое меню в столовой' }).locator('[data-test="proposal-reason"]').waitFor();
      expect(await cards.filter({ hasText: 'Новое меню в столовой' }).locator('[data-test="proposal-reason"]').textContent()).toContain(
        'Это новость для вашей организации, не для внешних СМИ',
      );
      expect(await cards.filter({ hasText: 'Субботник в цехе №3' }).locator('[data-test="proposal-status"]').getAttribute('data-status')).toBe('accepted');
      // The proposer may not answer its own proposals.
      expect(await page.locator('[data-test="proposal-accept"]').count()).toBe(0);
      await fitsAndAccessible(page);
      await screenshot(page, 'proposals-outgoing-phone');
      await phone.close();
    });
    await third.context.close();
  });
});
