import { describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, phoneSession, screenshot, signIn, steps } from './browser.js';
import { apiSession, moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

/** The Monday `weeks` weeks after this week's, on the Moscow calendar. */
function mondayIn(weeks: number): string {
  const today = new Date(`${moscowToday()}T00:00:00Z`);
  const monday = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * 86_400_000 + weeks * 7 * 86_400_000);
  return monday.toISOString().slice(0, 10);
}
const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!chromiumPath)('plan templates in the admin (issue 15)', () => {
  const journey = useJourney('templates');

  it('saves a week of the region as a template shared down, and the centre applies it after a preview, once', async () => {
    const { browser, admin, world } = journey;
    const week = mondayIn(2);
    const next = mondayIn(3);
    // The press officer also plans for the region, which posts on VK and updates a stand the centre does not have.
    await admin.call('POST', `/orgs/${world.region.id}/members`, { email: world.users.press.email, role: 'editor' });
    const regionVk = await admin.call<{ id: string }>('POST', `/orgs/${world.region.id}/channels`, { type: 'vk', name: 'ВКонтакте ЦЗН' });
    const stand = await admin.call<{ id: string }>('POST', `/orgs/${world.region.id}/channels`, { type: 'info_stand', name: 'Стенд комитета' });
    await admin.call('POST', `/orgs/${world.region.id}/items`, { kind: 'post', title: 'Вакансии недели', at: plusDays(week, 1), channelIds: [regionVk.id] });
    await admin.call('POST', `/orgs/${world.region.id}/items`, { kind: 'stand_update', title: 'Обновить стенд', at: plusDays(week, 3), channelIds: [stand.id] });

    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'templates-save', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.goto(`/calendar?org=${world.region.id}&date=${week}`);
      await page.locator('[data-test="calendar-grid"]').waitFor();
      await page.locator('[data-test="save-template"]').click();
      const dialog = page.locator('[data-test="save-template-dialog"]');
      await dialog.waitFor();
      await page.locator('[data-test="template-name"]').fill('Типовая неделя комитета');
      await page.locator('[data-test="template-share"]').click();
      expect(await axeReport(page)).toEqual([]);
      await page.locator('[data-test="template-save"]').click();
      await dialog.waitFor({ state: 'hidden' });
    });

    await steps(page, 'templates-apply', async () => {
      await page.goto(`/templates?org=${world.centre.id}`);
      const row = page.locator('[data-template="Типовая неделя комитета"]');
      await row.waitFor();
      expect(await row.textContent()).toContain(`от: ${world.region.name}`);
      expect(await row.textContent()).toContain('записей: 2');
      // Shared from above: the centre applies it but does not change or delete it.
      expect(await row.locator('[data-test="remove"]').count()).toBe(0);
      expect(await axeReport(page)).toEqual([]);

      await row.locator('[data-test="apply"]').click();
      await page.locator('[data-test="apply-from"]').fill(next);
      const preview = page.locator('[data-test="apply-preview"]');
      await expect.poll(async () => (await preview.textContent()) ?? '').toContain('Будет создано: 1');
      expect(await page.locator('[data-test="will-create"]').allTextContents()).toEqual([expect.stringContaining('Вакансии недели')]);
      expect(await page.locator('[data-test="will-skip"]').allTextContents()).toEqual([expect.stringContaining('у организации нет канала нужного типа')]);
      expect(await axeReport(page)).toEqual([]);
      await page.locator('[data-test="apply-confirm"]').click();
      await expect.poll(async () => (await preview.textContent()) ?? '').toContain('Создано: 1');

      const press = await apiSession(world.users.press);
      const created = await press.call<{ items: Array<{ title: string; localDay: string; channelIds: string[]; status: string }> }>(
        'GET',
        `/orgs/${world.centre.id}/items?from=${next}&to=${plusDays(next, 6)}`,
      );
      expect(created.items.filter((i) => i.title === 'Вакансии недели')).toEqual([
        expect.objectContaining({ localDay: plusDays(next, 1), channelIds: [world.vk.id], status: 'planned' }),
      ]);

      // Applying the same week again creates nothing: the post is there with the same title and channel.
      await page.getByRole('button', { name: 'Закрыть' }).click();
      await row.locator('[data-test="apply"]').click();
      await page.locator('[data-test="apply-from"]').fill(plusDays(next, 2));
      await expect.poll(async () => (await preview.textContent()) ?? '').toContain('Создавать нечего');
      expect(await page.locator('[data-test="will-skip"]').first().textContent()).toContain('уже есть в этот день');
      expect(await page.locator('[data-test="apply-confirm"]').isDisabled()).toBe(true);
    });

    // On a 390-px phone the screen fits without sideways scrolling.
    const phone = await phoneSession(browser, inject('baseUrl'), context);
    await phone.page.goto(`/templates?org=${world.centre.id}`);
    await phone.page.locator('[data-template="Типовая неделя комитета"]').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeReport(phone.page)).toEqual([]);
    await phone.page.locator('[data-test="apply"]').first().click();
    await phone.page.locator('[data-test="apply-preview"]').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeReport(phone.page)).toEqual([]);
    await screenshot(phone.page, 'templates-phone');
    await phone.context.close();
    await context.close();
  });
});
