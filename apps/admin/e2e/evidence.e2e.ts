import { describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, signIn, steps } from './browser.js';
import { moscowToday, normStatus, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

// A photo as the API tells it: a JPEG's signature, then bytes.
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(4096, 9)]);

describe.skipIf(!chromiumPath)('an editor proves a notice-board update', () => {
  const journey = useJourney('evidence');

  it('attaches a photo to a published stand update, and the norm strip counts it confirmed', async () => {
    const { browser, world, admin } = journey;
    const today = moscowToday();
    // The centre's notice board, a weekly norm for it, and this week's update, ticked as published.
    const stand = await admin.call<{ id: string }>('POST', `/orgs/${world.centre.id}/channels`, { type: 'info_stand', name: 'Стенд в холле', since: '2020-01-01' });
    await admin.call('POST', `/orgs/${world.centre.id}/norms`, { id: 'stand-weekly', type: 'frequency', title: 'Стенд раз в неделю', min: 1, per: 'week', kinds: ['stand_update'] });
    await admin.call('POST', `/orgs/${world.centre.id}/items`, { kind: 'stand_update', title: 'Обновление стенда: вакансии недели', at: today, status: 'published', channelIds: [stand.id] });

    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'editor-attaches-stand-photo', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.waitForURL(/\/calendar/);
      const standRow = page.locator('[data-test="norm-strip"] [data-test="norm-status"][data-norm="stand-weekly"]').first();
      await standRow.waitFor();
      await expect.poll(() => normStatus(page, 'stand-weekly')).toBe('met');
      // Published, but only claimed: none of it confirmed yet.
      await expect.poll(() => standRow.locator('[data-test="norm-confirmed"]').getAttribute('data-confirmed')).toBe('0');

      await page.locator('[data-test="item"]', { hasText: 'Обновление стенда' }).first().click();
      const evidence = page.locator('[data-test="item-evidence"]');
      await evidence.waitFor();
      expect(await evidence.locator('[data-test="evidence-state"]').getAttribute('data-state')).toBe('claimed');
      await evidence.locator('[data-test="attachment-input"]').setInputFiles({ name: 'стенд.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
      await evidence.locator('[data-test="attachment"]', { hasText: 'стенд.jpg' }).waitFor();
      expect(await evidence.locator('[data-test="evidence-state"]').getAttribute('data-state')).toBe('confirmed');
      // The evidence block itself (the drawer's own form is another journey's).
      expect(await axeReport(page, '[data-test="item-evidence"]')).toEqual([]);

      // A text file called .jpg is refused in the editor's words, and nothing is attached.
      await evidence.locator('[data-test="attachment-input"]').setInputFiles({ name: 'записка.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('это не фотография') });
      await expect.poll(() => evidence.locator('[data-test="evidence-error"]').textContent()).toContain('Это не фото и не PDF');
      expect(await evidence.locator('[data-test="attachment"]').count()).toBe(1);

      await page.keyboard.press('Escape');
      await expect.poll(() => standRow.locator('[data-test="norm-confirmed"]').getAttribute('data-confirmed')).toBe('1');
      expect(await standRow.locator('[data-test="norm-confirmed"] .sr-only').textContent()).toBe('Подтверждено 1 из 1');
    });
    await context.close();
  });
});
