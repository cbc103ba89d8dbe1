import { beforeAll, describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, signIn, steps } from './browser.js';
import { useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

// Norm governance (issue 11): a norm the region sets binds its centre. The centre's editor cannot
// switch it off or loosen it; the region's director waives it with a reason, and the dashboard says so.
describe.skipIf(!chromiumPath)('a norm set by the region', () => {
  const journey = useJourney('governance');
  const key = 'region-posts';
  const title = 'Посты региона — дважды в неделю';
  const reason = 'Аккаунт ЦЗН заблокирован, восстановление до конца месяца';

  beforeAll(async () => {
    const { admin, world } = journey;
    await admin.call('POST', `/orgs/${world.region.id}/norms`, { id: key, title, min: 2, per: 'week', kinds: ['post'] });
  });

  it("is the editor's to keep: no switch-off, and a looser copy is refused", async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'governance-editor-refused', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.goto(`/norms?org=${world.centre.id}`);
      const row = page.locator(`[data-test="norms-table"] [data-norm="${key}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain(`установлен: ${world.region.name}`);
      expect(await row.locator('.n-switch').getAttribute('class')).toContain('n-switch--disabled');
      expect(await row.locator('[data-test="adjust-norm"]').count()).toBe(0);

      // Trying to loosen it by a norm of the same key: the server refuses, in Russian, naming the region.
      await page.getByText('Добавить собственный норматив').click();
      await page.getByLabel('Код').fill(key);
      await page.getByRole('button', { name: 'Добавить' }).click();
      const refusal = page.locator('form [role="alert"]', { hasText: 'ослабить его' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain(`«${world.region.name}»`);
      expect(await axeReport(page)).toEqual([]);
    });
    await context.close();
  });

  it("is waived by the region's director with a reason, and the dashboard shows who, when and why", async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'governance-director-waives', async () => {
      await signIn(page, world.users.director.email, world.users.director.password);
      await page.goto(`/norms?org=${world.centre.id}`);
      const row = page.locator(`[data-test="norms-table"] [data-norm="${key}"]`);
      await row.locator('[data-test="adjust-norm"]').click();
      const dialog = page.locator('[data-test="adjust-dialog"]');
      await dialog.waitFor();
      // Neither a reason nor the confirmation may be skipped.
      await dialog.locator('[data-test="adjust-submit"]').click();
      await dialog.getByText('Укажите причину').waitFor();
      await page.locator('#adjust-reason').fill(reason);
      await dialog.locator('[data-test="adjust-confirm"]').click();
      expect(await axeReport(page)).toEqual([]);
      await dialog.locator('[data-test="adjust-submit"]').click();
      const mark = row.locator('[data-test="norm-adjustment"]');
      await mark.waitFor();
      expect(await mark.textContent()).toContain('Отменён: Борис Директор');
      expect(await mark.textContent()).toContain(reason);
      expect(await row.locator('.n-switch').getAttribute('class')).not.toContain('n-switch--active');

      await page.getByRole('link', { name: 'Сводка' }).click();
      const marks = page.locator(`[data-test="dashboard-table"] [data-org-id="${world.centre.id}"] [data-test="adjustment-marks"]`);
      await marks.waitFor();
      const text = await marks.textContent();
      expect(text).toContain(`Отменён: ${title}`);
      expect(text).toContain('Борис Директор');
      expect(text).toContain(reason);
      expect(await axeReport(page)).toEqual([]);
    });
    await context.close();
  });
});
