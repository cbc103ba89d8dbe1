import { describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, signIn, steps } from './browser.js';
import { moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

/** dd.mm.yyyy, as a press office types a date in its spreadsheet. */
const russianDate = (iso: string) => iso.split('-').reverse().join('.');

describe.skipIf(!chromiumPath)('a press officer imports a media plan', () => {
  const journey = useJourney('import');

  it('uploads a CSV, maps a column and a format, sees the problems go, imports, and finds the items on the calendar', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'import-media-plan', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.locator('nav a', { hasText: 'Импорт' }).click();
      await page.waitForURL(/\/import/);

      const today = russianDate(moscowToday());
      const csv = ['Дата;Что;Формат;Площадка', `${today};Приглашение на ярмарку вакансий;пост;ВКонтакте ЦЗН`, `${today};Лонгрид о профессиях;лонгрид;Сайт ЦЗН`].join('\n');
      await page.locator('[data-test="import-file"]').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });

      // «Что» is no heading the importer knows: every row lacks a title, and «лонгрид» is no known format.
      await page.locator('[data-test="import-problems"]').waitFor();
      await expect.poll(() => page.locator('[data-test="row-2"]').textContent()).toContain('нет темы или мероприятия');
      expect(await page.locator('[data-test="import-confirm"]').isDisabled()).toBe(true);
      expect(await axeReport(page)).toEqual([]);

      await page.locator('[data-test="map-Что"]').selectOption('title');
      await expect.poll(() => page.locator('[data-test="import-preview"]').textContent()).toContain('Приглашение на ярмарку вакансий');
      await expect.poll(() => page.locator('[data-test="row-3"]').textContent()).toContain('неизвестный формат «лонгрид»');

      await page.locator('[data-test="kind-лонгрид"]').selectOption('publication');
      await expect.poll(() => page.locator('[data-test="import-problems"]').count()).toBe(0);
      expect(await page.locator('[data-test="import-summary"]').textContent()).toContain('Создать: 2, изменить: 0, без изменений: 0');

      await page.locator('[data-test="import-confirm"]').click();
      await expect.poll(() => page.locator('[data-test="import-summary"]').textContent()).toContain('Импортировано. Создано: 2');

      await page.locator('[data-test="import-calendar"]').click();
      await page.waitForURL(/\/calendar/);
      await page.locator('[data-test="item"]', { hasText: 'Приглашение на ярмарку вакансий' }).waitFor();
      await page.locator('[data-test="item"]', { hasText: 'Лонгрид о профессиях' }).waitFor();
    });
    await context.close();
  });

  it('sees a broken heading named with its row and column above the preview', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'import-broken-heading', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.locator('nav a', { hasText: 'Импорт' }).click();
      await page.waitForURL(/\/import/);
      const csv = ['Дата;Тема;#N/A;Формат', `${russianDate(moscowToday())};Пост о субботнике;;пост`].join('\n');
      await page.locator('[data-test="import-file"]').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await expect
        .poll(() => page.locator('[data-test="import-file-problems"]').textContent())
        .toContain('Лист «CSV», строка 1, C (#N/A): в ячейке ошибка формулы #N/A: исправьте её в файле');
      expect(await page.locator('[data-test="import-confirm"]').isDisabled()).toBe(true);
    });
    await context.close();
  });
});
