import { beforeAll, describe, expect, inject, it } from 'vitest';
import { newSession, signIn, steps } from './browser.js';
import { choose, moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

describe.skipIf(!chromiumPath)('a conflicting edit from a second session', () => {
  const journey = useJourney('conflict');
  let itemId: string;
  let otherItemId: string;
  // A second editor of the centre: editors may not read the audit log, so the dialog can only
  // name them from the item itself.
  const second = { email: `second-${Date.now()}@example.org`, password: '', name: 'Глеб Второй' };
  beforeAll(async () => {
    const { admin, world } = journey;
    second.password = world.users.press.password;
    await admin.call('POST', '/users', { ...second, locale: 'ru' });
    await admin.call('POST', `/orgs/${world.centre.id}/members`, { email: second.email, role: 'editor' });
    const post = (title: string) => admin.call<{ id: string }>('POST', `/orgs/${world.centre.id}/items`, { kind: 'post', title, at: moscowToday(), channelIds: [world.vk.id] });
    itemId = (await post('Пост о субсидиях')).id;
    otherItemId = (await post('Пост о переобучении')).id;
  });

  it('is reported with both versions and the name of who saved first, and nothing is lost', async () => {
    const { admin, browser, world } = journey;
    const a = await newSession(browser, inject('baseUrl'));
    const b = await newSession(browser, inject('baseUrl'));
    const { email, password } = world.users.press;
    await steps(a.page, 'conflict-reported', async () => {
      await signIn(a.page, email, password);
      await signIn(b.page, second.email, second.password);
      for (const { page } of [a, b]) {
        await page.locator(`[data-item-id="${itemId}"]`).click();
        await page.locator('#item-title').waitFor();
      }
      await a.page.locator('#item-title').fill('Версия первой вкладки');
      await b.page.locator('#item-title').fill('Версия второй вкладки');
      await b.page.locator('[data-test="item-save"]').click();
      await b.page.locator(`[data-item-id="${itemId}"]`, { hasText: 'Версия второй вкладки' }).waitFor();

      await a.page.locator('[data-test="item-save"]').click();
      const dialog = a.page.locator('[data-test="conflict"]');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('Версия первой вкладки');
      expect(await dialog.textContent()).toContain('Версия второй вкладки');
      expect(await dialog.textContent()).toContain('изменил(а) Глеб Второй —');
      await a.page.screenshot({ path: `${process.cwd()}/.artifacts/conflict-dialog.png` });

      // The first tab keeps its text until the user decides; the server kept the second tab's.
      const server = await admin.call<{ title: string }>('GET', `/orgs/${world.centre.id}/items/${itemId}`);
      expect(server.title).toBe('Версия второй вкладки');

      await a.page.locator('[data-test="conflict-overwrite"]').click();
      await a.page.locator(`[data-item-id="${itemId}"]`, { hasText: 'Версия первой вкладки' }).waitFor();
      const after = await admin.call<{ title: string; version: number }>('GET', `/orgs/${world.centre.id}/items/${itemId}`);
      expect(after.title).toBe('Версия первой вкладки');
    });
    await a.context.close();
    await b.context.close();
  });

  it('applies on top only the fields I changed: their title stays, my channels are added', async () => {
    const { admin, browser, world } = journey;
    const a = await newSession(browser, inject('baseUrl'));
    const b = await newSession(browser, inject('baseUrl'));
    await steps(a.page, 'conflict-only-mine', async () => {
      await signIn(a.page, world.users.press.email, world.users.press.password);
      await signIn(b.page, second.email, second.password);
      for (const { page } of [a, b]) {
        await page.locator(`[data-item-id="${otherItemId}"]`).click();
        await page.locator('#item-title').waitFor();
      }
      // They retitle the item and save first; I, on the version loaded before, add the website.
      await b.page.locator('#item-title').fill('Их новый заголовок');
      await b.page.locator('[data-test="item-save"]').click();
      await b.page.locator(`[data-item-id="${otherItemId}"]`, { hasText: 'Их новый заголовок' }).waitFor();
      await choose(a.page, 'item-channels', 'Сайт ЦЗН');
      await a.page.locator('[data-test="item-save"]').click();

      const dialog = a.page.locator('[data-test="conflict"]');
      await dialog.waitFor();
      const rows = await dialog.locator('.diff tbody th').allTextContents();
      expect(rows).toEqual(['Каналы']);
      expect(await dialog.locator('.diff tbody td').allTextContents()).toEqual(['ВКонтакте ЦЗН', 'ВКонтакте ЦЗН, Сайт ЦЗН']);
      expect(await dialog.textContent()).not.toContain('Пост о переобучении');

      await a.page.locator('[data-test="conflict-overwrite"]').click();
      await dialog.waitFor({ state: 'detached' });
      const after = await admin.call<{ title: string; channelIds: string[]; version: number }>('GET', `/orgs/${world.centre.id}/items/${otherItemId}`);
      expect(after.title).toBe('Их новый заголовок');
      expect([...after.channelIds].sort()).toEqual([world.vk.id, world.website.id].sort());
      expect(after.version).toBe(3);
      await a.page.locator(`[data-item-id="${otherItemId}"]`, { hasText: 'Их новый заголовок' }).waitFor();
    });
    await a.context.close();
    await b.context.close();
  });
});
