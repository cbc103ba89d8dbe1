import { describe, expect, inject, it } from 'vitest';
import { answerConfirmation, axeReport, newSession, signIn, steps } from './browser.js';
import { choose, moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

interface Audience {
  id: string;
  name: string;
  version: number;
}

// Issue 16: catalogues are renamed, edited and deleted from the admin with the API's versions and a
// confirmation; the audit log shows who changed what, before → after, and "no access" to an editor.
describe.skipIf(!chromiumPath)('catalogues and the audit log', () => {
  const journey = useJourney('catalogues');

  it('an editor renames an audience, meets a conflict and reloads, is told why one in use stays, and deletes a spare one', async () => {
    const { browser, admin, world } = journey;
    const audiences = () => admin.call<{ audiences: Audience[] }>('GET', `/orgs/${world.centre.id}/audiences`).then((r) => r.audiences);
    const youth = (await audiences()).find((a) => a.name === 'Молодёжь')!;
    await admin.call('POST', `/orgs/${world.centre.id}/audiences`, { name: 'Пенсионеры' });
    await admin.call('POST', `/orgs/${world.centre.id}/items`, { kind: 'post', title: 'Ярмарка для молодёжи', at: moscowToday(), channelIds: [world.vk.id], audienceIds: [youth.id] });

    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'catalogue-edit-delete', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.goto(`/audiences?org=${world.centre.id}`);
      const table = page.locator('[data-test="audiences-table"]');
      await table.getByText('Пенсионеры').waitFor();

      // Rename.
      await page.getByRole('button', { name: 'Изменить «Молодёжь»' }).click();
      const dialog = page.locator('[data-test="catalogue-edit"]');
      await dialog.getByLabel('Название').fill('Молодёжь до 35');
      expect(await axeReport(page)).toEqual([]);
      await dialog.locator('[data-test="catalogue-save"]').click();
      await table.getByText('Молодёжь до 35').waitFor();
      await dialog.waitFor({ state: 'detached' });

      // Someone else saves first: the conflict is said in words, and the entry as it is now is offered.
      await page.getByRole('button', { name: 'Изменить «Молодёжь до 35»' }).click();
      const current = (await audiences()).find((a) => a.id === youth.id)!;
      await admin.call('PATCH', `/orgs/${world.centre.id}/audiences/${youth.id}`, { description: 'Выпускники, студенты и молодые специалисты' }, current.version);
      await dialog.getByLabel('Название').fill('Молодёжь 18–35');
      await dialog.locator('[data-test="catalogue-save"]').click();
      await expect.poll(() => dialog.locator('[data-test="catalogue-edit-error"]').textContent()).toContain('Запись уже изменил другой пользователь.');
      await dialog.locator('[data-test="catalogue-reload"]').click();
      await expect.poll(() => dialog.getByLabel('Описание').inputValue()).toBe('Выпускники, студенты и молодые специалисты');
      await dialog.getByLabel('Название').fill('Молодёжь 18–35');
      await dialog.locator('[data-test="catalogue-save"]').click();
      await table.getByText('Молодёжь 18–35').waitFor();
      await table.getByText('Выпускники, студенты и молодые специалисты').waitFor();

      // In use by an item: asked first, then refused with how many items use it; nothing deleted.
      await page.getByRole('button', { name: 'Удалить «Молодёжь 18–35»' }).click();
      await answerConfirmation(page, 'Удалить');
      await expect.poll(() => page.locator('[data-test="catalogue-refusal"]').textContent()).toContain('указана в публикациях (1 шт.)');
      expect(await table.getByText('Молодёжь 18–35').count()).toBe(1);

      // A spare one goes, after the confirmation.
      await page.getByRole('button', { name: 'Удалить «Пенсионеры»' }).click();
      await expect.poll(() => page.locator('.n-popconfirm').textContent()).toContain('Удалить «Пенсионеры»?');
      await answerConfirmation(page, 'Удалить');
      await expect.poll(() => table.getByText('Пенсионеры').count()).toBe(0);
      expect(await axeReport(page)).toEqual([]);
    });
    await context.close();
  });

  it('a director reads the audit log by person and record, before → after; an editor is told there is no access', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'audit-log-filters', async () => {
      await signIn(page, world.users.director.email, world.users.director.password);
      await page.goto(`/audit?org=${world.centre.id}`);
      await page.locator('[data-test="audit-entry"]').first().waitFor();
      await choose(page, 'audit-person', 'Анна Пресс-секретарь');
      await choose(page, 'audit-entity', 'аудитория');
      await choose(page, 'audit-action', 'изменение');
      const entries = page.locator('[data-test="audit-entry"]');
      await expect.poll(() => entries.count()).toBe(2);
      // Newest first: the first rename is the older of the two.
      const renamed = entries.last();
      expect(await renamed.locator('[data-test="audit-who"]').textContent()).toBe('Анна Пресс-секретарь');
      expect(await renamed.locator('[data-test="audit-org"]').textContent()).toBe(world.centre.name);
      const change = renamed.locator('[data-test="audit-change"]');
      expect(await change.count()).toBe(1);
      expect(await change.locator('dt').textContent()).toBe('название');
      expect(await change.locator('.before').textContent()).toBe('было: Молодёжь');
      expect(await change.locator('.after').textContent()).toBe('стало: Молодёжь до 35');
      expect(await axeReport(page)).toEqual([]);
    });
    await context.close();

    const editor = await newSession(browser, inject('baseUrl'));
    await steps(editor.page, 'audit-log-no-access', async () => {
      await signIn(editor.page, world.users.press.email, world.users.press.password);
      expect(await editor.page.locator('nav a[data-nav="audit"]').count()).toBe(0);
      await editor.page.goto(`/audit?org=${world.centre.id}`);
      await expect.poll(() => editor.page.locator('[data-test="audit-no-access"]').textContent()).toContain('Нет доступа к журналу');
      expect(await editor.page.locator('[data-test="audit-entry"]').count()).toBe(0);
    });
    await editor.context.close();
  });
});
