import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, signIn, steps } from './browser.js';
import { apiSession, moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function monday(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return addDays(date, -((d.getUTCDay() + 6) % 7));
}

/** Opens the plan's print form from its page and reads what it says. */
async function printForm(page: Page): Promise<{ draft: boolean; approver: string; text: string }> {
  await page.locator('[data-test="plan-print"]').click();
  await page.locator('[data-test="plan-approve-block"]').waitFor();
  await page.locator('[data-test="plan-items"]').waitFor();
  const result = {
    draft: (await page.locator('[data-test="plan-draft-mark"]').count()) > 0,
    approver: ((await page.locator('[data-test="plan-approver"]').textContent()) ?? '').trim(),
    text: (await page.locator('[data-test="plan-items"]').textContent()) ?? '',
  };
  await page.goBack();
  return result;
}

// Plans as signed documents (issue 11): what a director approved stays what was approved.
describe.skipIf(!chromiumPath)('a plan a director signs', () => {
  const journey = useJourney('approval');
  const week = monday(moscowToday());
  let planId: string;
  let item: { id: string; version: number };
  let returnedId: string;

  beforeAll(async () => {
    const { world } = journey;
    const press = await apiSession(world.users.press);
    const plan = await press.call<{ id: string; version: number }>('POST', `/orgs/${world.centre.id}/plans`, { period: 'week', periodStart: week, title: 'Медиаплан для подписи' });
    planId = plan.id;
    item = await press.call('POST', `/orgs/${world.centre.id}/items`, { kind: 'post', title: 'Анонс ярмарки вакансий', at: addDays(week, 3), channelIds: [world.vk.id], planId });
    await press.call('POST', `/orgs/${world.centre.id}/plans/${planId}/status`, { status: 'submitted' }, plan.version);

    const next = await press.call<{ id: string; version: number }>('POST', `/orgs/${world.centre.id}/plans`, { period: 'week', periodStart: addDays(week, 7), title: 'План на доработку' });
    returnedId = next.id;
    await press.call('POST', `/orgs/${world.centre.id}/plans/${returnedId}/status`, { status: 'submitted' }, next.version);
  });

  it('approved, then edited: shows "changed since approval" with the difference, and prints «ПРОЕКТ» until approved again', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'approval-changed-since', async () => {
      await signIn(page, world.users.director.email, world.users.director.password);
      await page.goto(`/plans/${planId}?org=${world.centre.id}`);
      // Submitted, not approved: the print form is a draft.
      await page.locator('[data-plan-status="submitted"]').waitFor();
      expect((await printForm(page)).draft).toBe(true);

      await page.locator('[data-test="plan-approve"]').click();
      await page.locator('[data-plan-status="approved"]').waitFor();
      const signed = await printForm(page);
      expect(signed).toMatchObject({ draft: false, approver: world.users.director.name });
      expect(signed.text).toContain('Анонс ярмарки вакансий');

      // The press officer renames the item after approval.
      const press = await apiSession(world.users.press);
      await press.call('PATCH', `/orgs/${world.centre.id}/items/${item.id}`, { title: 'Ярмарка вакансий переносится' }, item.version);

      await page.reload();
      await page.locator('[data-plan-status="changed"]').waitFor();
      expect(await page.locator('[data-plan-status="changed"]').first().textContent()).toContain('изменён после утверждения');
      const changes = page.locator('[data-test="plan-changes"]');
      await changes.waitFor();
      const title = changes.locator('[data-change="changed"] [data-field="title"]');
      expect(await title.textContent()).toContain('Анонс ярмарки вакансий');
      expect(await title.textContent()).toContain('Ярмарка вакансий переносится');
      expect(await axeReport(page)).toEqual([]);

      const draft = await printForm(page);
      expect(draft.draft).toBe(true);
      expect(draft.approver).toBe('');
      expect(draft.text).toContain('Ярмарка вакансий переносится');

      await page.locator('[data-test="plan-approve"]').click();
      await page.locator('[data-plan-status="approved"]').waitFor();
      expect(await page.locator('[data-test="plan-changes"]').count()).toBe(0);
      const again = await printForm(page);
      expect(again).toMatchObject({ draft: false, approver: world.users.director.name });
      expect(again.text).toContain('Ярмарка вакансий переносится');
    });
    await context.close();
  });

  it('a returned plan shows the director’s comment to the editor, on the plan and in the list', async () => {
    const { browser, world } = journey;
    const director = await newSession(browser, inject('baseUrl'));
    await steps(director.page, 'approval-return', async () => {
      const { page } = director;
      await signIn(page, world.users.director.email, world.users.director.password);
      await page.goto(`/plans/${returnedId}?org=${world.centre.id}`);
      await page.locator('[data-test="plan-return"]').click();
      await page.getByRole('dialog').locator('textarea').fill('Добавьте пост о ярмарке вакансий');
      await page.locator('[data-test="plan-comment-confirm"]').click();
      await page.locator('[data-plan-status="draft"]').waitFor();
    });
    await director.context.close();

    const editor = await newSession(browser, inject('baseUrl'));
    await steps(editor.page, 'approval-return-seen', async () => {
      const { page } = editor;
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.goto(`/plans?org=${world.centre.id}`);
      const row = page.locator(`[data-test="plans-table"] [data-plan-id="${returnedId}"] [data-test="plan-return-comment"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('Добавьте пост о ярмарке вакансий');
      expect(await axeReport(page)).toEqual([]);
      await page.locator(`[data-test="plans-table"] [data-plan-id="${returnedId}"] a`).first().click();
      const note = page.locator('[data-test="plan-return-comment"]');
      await note.waitFor();
      expect(await note.textContent()).toContain('Добавьте пост о ярмарке вакансий');
      expect(await note.textContent()).toContain(world.users.director.name);

      // Submitted again, the comment has done its work and goes.
      await page.locator('[data-test="plan-submit"]').click();
      await page.locator('[data-plan-status="submitted"]').waitFor();
      expect(await page.locator('[data-test="plan-return-comment"]').count()).toBe(0);
    });
    await editor.context.close();
  });
});
