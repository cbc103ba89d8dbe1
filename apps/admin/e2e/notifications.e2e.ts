import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, phoneSession, signIn, steps } from './browser.js';
import { apiSession, moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');
const COMMENT = 'Добавьте пост о ярмарке вакансий до пятницы';
const PLAN_TITLE = 'План на неделю с ярмаркой';
const NEXT_TITLE = 'План на следующую неделю';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function monday(date: string): string {
  return addDays(date, -((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7));
}

/** The number on the bell, as the user sees it ('' when none is unread). */
const bellText = async (page: Page): Promise<string> => {
  const count = page.locator('[data-test="notification-count"]');
  return (await count.count()) > 0 ? ((await count.textContent()) ?? '').trim() : '';
};
/** The bell's number as a number (0 when it shows none). Other notifications (a norm at risk found by the watcher) may come any time: the journey counts from what it saw. */
const bellCount = async (page: Page): Promise<number> => {
  const text = await bellText(page);
  return text === '' ? 0 : text === '99+' ? 100 : Number(text);
};

/**
 * How a page is wider than a 390-px phone (nothing when it fits), and what reaches past its edge;
 * measured against the phone's width, as a mobile browser widens its viewport to overflowing content.
 */
const overflow = (page: Page) =>
  page.evaluate((width) => {
    const scrollWidth = document.scrollingElement!.scrollWidth;
    const past = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length > 0);
    return scrollWidth <= width && past.length === 0 ? [] : [`${scrollWidth} px wide`, ...past.map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`)];
  }, 390);

// Issue 14: nobody learns of a returned plan by chance. A director returns the week's plan with a
// comment; the editor, signed in elsewhere, sees the bell's count rise as she moves on, opens the
// notification, reads the comment and lands on the plan.
describe.skipIf(!chromiumPath)('the editor learns from the bell that her plan came back', () => {
  const journey = useJourney('notifications');
  let planId: string;
  /** Next week's plan, approved while the editor is on the list. */
  let nextPlanId: string;

  beforeAll(async () => {
    const { world } = journey;
    const press = await apiSession(world.users.press);
    const week = monday(moscowToday());
    const plan = await press.call<{ id: string; version: number }>('POST', `/orgs/${world.centre.id}/plans`, { period: 'week', periodStart: week, title: PLAN_TITLE });
    planId = plan.id;
    await press.call('POST', `/orgs/${world.centre.id}/plans/${planId}/status`, { status: 'submitted' }, plan.version);
    const next = await press.call<{ id: string; version: number }>('POST', `/orgs/${world.centre.id}/plans`, { period: 'week', periodStart: addDays(week, 7), title: NEXT_TITLE });
    nextPlanId = next.id;
    await press.call('POST', `/orgs/${world.centre.id}/plans/${nextPlanId}/status`, { status: 'submitted' }, next.version);
  });

  it('a director returns the plan with a comment; the editor’s bell count rises and she reads the comment', async () => {
    const { browser, world } = journey;
    const editor = await newSession(browser, inject('baseUrl'));
    const director = await newSession(browser, inject('baseUrl'));
    let before = 0;

    await steps(editor.page, 'notifications-editor-before', async () => {
      const { page } = editor;
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.goto(`/calendar?org=${world.centre.id}`);
      await page.locator('[data-test="notification-bell"]').waitFor();
      // The count arrives after the screen.
      await page.waitForLoadState('networkidle');
      before = await bellCount(page);
      expect(await page.locator('[data-test="notification-bell"]').getAttribute('aria-label')).toBe(before === 0 ? 'Уведомления, непрочитанных нет' : `Уведомления, непрочитанных: ${before}`);
    });

    await steps(director.page, 'notifications-director-returns', async () => {
      const { page } = director;
      await signIn(page, world.users.director.email, world.users.director.password);
      // The director was told of the submission: the bell brings her to the plan.
      await expect.poll(() => bellCount(page)).toBeGreaterThan(0);
      await page.locator('[data-test="notification-bell"]').click();
      const submitted = page.locator('[data-test="notification-panel"] [data-test="notification"][data-kind="plan_submitted"]', { hasText: PLAN_TITLE });
      await submitted.waitFor();
      expect(await submitted.getAttribute('href')).toBe(`/plans/${planId}?org=${world.centre.id}`);
      const unread = await bellCount(page);
      await submitted.click();
      await page.waitForURL((url) => url.pathname === `/plans/${planId}`);
      await page.locator('[data-plan-status="submitted"]').waitFor();
      await expect.poll(() => bellCount(page)).toBe(unread - 1);

      await page.locator('[data-test="plan-return"]').click();
      await page.getByRole('dialog').locator('textarea').fill(COMMENT);
      await page.locator('[data-test="plan-comment-confirm"]').click();
      await page.locator('[data-plan-status="draft"]').waitFor();
    });
    await director.context.close();

    await steps(editor.page, 'notifications-editor-reads', async () => {
      const { page } = editor;
      // Moving to another screen asks for the count (as does the minute's tick).
      await page.locator('[data-nav="plans"]').click();
      await page.waitForURL((url) => url.pathname === '/plans');
      await expect.poll(() => bellCount(page)).toBeGreaterThan(before);
      const risen = await bellCount(page);
      expect(await page.locator('[data-test="notification-bell"]').getAttribute('aria-label')).toBe(`Уведомления, непрочитанных: ${await bellText(page)}`);

      await page.locator('[data-test="notification-bell"]').click();
      const returned = page.locator('[data-test="notification-panel"] [data-test="notification"][data-kind="plan_returned"]');
      await returned.waitFor();
      expect(await returned.getAttribute('data-unread')).toBe('true');
      expect(await returned.locator('[data-test="notification-title"]').textContent()).toContain(PLAN_TITLE);
      expect(await returned.locator('[data-test="notification-body"]').textContent()).toContain(COMMENT);
      expect(await axeReport(page)).toEqual([]);

      await returned.click();
      await page.waitForURL((url) => url.pathname === `/plans/${planId}`);
      const note = page.locator('[data-test="plan-return-comment"]');
      await note.waitFor();
      expect(await note.textContent()).toContain(COMMENT);
      await expect.poll(() => bellCount(page)).toBe(risen - 1);
      expect(await page.locator('[data-test="notification-panel"]').count()).toBe(0);
    });

    await steps(editor.page, 'notifications-screen', async () => {
      const { page } = editor;
      // Meanwhile the director approves next week's plan: one more unread for the full list.
      const directorApi = await apiSession(world.users.director);
      const next = await directorApi.call<{ version: number }>('GET', `/orgs/${world.centre.id}/plans/${nextPlanId}`);
      await directorApi.call('POST', `/orgs/${world.centre.id}/plans/${nextPlanId}/status`, { status: 'approved' }, next.version);

      await page.locator('[data-test="notification-bell"]').click();
      await page.locator('[data-test="notification-all"]').click();
      await page.waitForURL((url) => url.pathname === '/notifications');
      const list = page.locator('[data-test="notifications-list"]');
      const returned = list.locator('[data-test="notification"][data-kind="plan_returned"]');
      const approved = list.locator('[data-test="notification"][data-kind="plan_approved"]');
      await approved.waitFor();
      expect(await approved.getAttribute('data-unread')).toBe('true');
      expect(await approved.textContent()).toContain(NEXT_TITLE);
      expect(await returned.getAttribute('data-unread')).toBe('false');
      expect(await returned.textContent()).toContain(COMMENT);
      await expect.poll(() => bellCount(page)).toBeGreaterThan(0);
      expect(await axeReport(page)).toEqual([]);

      // Only the unread: the one she read is not among them; «mark all» leaves none, and the bell follows.
      await page.locator('[data-test="notifications-unread-only"]').click();
      await returned.waitFor({ state: 'detached' });
      await approved.waitFor();
      await page.locator('[data-test="notifications-read-all"]').click();
      await page.locator('[data-test="notifications-empty"]').waitFor();
      expect(await page.locator('[data-test="notifications-empty"]').textContent()).toBe('Непрочитанных уведомлений нет');
      await expect.poll(() => bellCount(page)).toBe(0);
    });

    const phone = await phoneSession(browser, inject('baseUrl'), editor.context);
    await steps(phone.page, 'notifications-phone', async () => {
      const { page } = phone;
      await page.goto('/notifications');
      await page.locator('[data-test="notifications-list"] [data-test="notification"]').first().waitFor();
      expect(await overflow(page)).toEqual([]);
      expect(await axeReport(page)).toEqual([]);
      // The bell's popup fits the phone too.
      await page.locator('[data-test="notification-bell"]').click();
      await page.locator('[data-test="notification-panel"] [data-test="notification"]').first().waitFor();
      expect(await overflow(page)).toEqual([]);
      expect(await axeReport(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.locator('[data-test="notification-panel"]').waitFor({ state: 'detached' });
    });
    await phone.context.close();
    await editor.context.close();
  });

  it('the editor chooses what reaches her by e-mail on the profile; without SMTP the profile says so', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'notifications-settings', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.goto('/profile');
      const settings = page.locator('[data-test="notification-settings"]');
      await settings.locator('[data-test="notification-settings-form"]').waitFor();
      // The journeys' server has no SMTP.
      await settings.locator('[data-test="notification-email-off"]').waitFor();
      expect(await settings.locator('[data-test="digest-when"]').textContent()).toBe('Сводка приходит: понедельник, 09:00 (Europe/Moscow).');
      await settings.locator('[data-kind="plan_returned"] [data-delivery="daily"]').click();
      await page.locator('[data-test="notification-settings-save"]').click();
      await page.getByText('Настройки уведомлений сохранены').waitFor();
      expect(await axeReport(page)).toEqual([]);

      await page.reload();
      await settings.locator('[data-test="notification-settings-form"]').waitFor();
      expect(await settings.locator('[data-kind="plan_returned"] [data-delivery="daily"] input').isChecked()).toBe(true);
      expect(await settings.locator('[data-kind="plan_submitted"] [data-delivery="immediately"] input').isChecked()).toBe(true);
    });
    const phone = await phoneSession(browser, inject('baseUrl'), context);
    await steps(phone.page, 'notifications-settings-phone', async () => {
      await phone.page.goto('/profile');
      await phone.page.locator('[data-test="notification-settings-form"]').waitFor();
      expect(await overflow(phone.page)).toEqual([]);
      expect(await axeReport(phone.page)).toEqual([]);
    });
    await phone.context.close();
    await context.close();
  });
});
