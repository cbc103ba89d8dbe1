import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { answerConfirmation, axeReport, newSession, phoneSession, signIn, steps } from './browser.js';
import { choose, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

// The organisation tree (issue 16): the regional department's administrator creates a centre
// under it, fills in its profile (members and figures, with what the norms then ask), moves it,
// archives and unarchives it; an editor given a role there sees only that centre.
describe.skipIf(!chromiumPath)('the organisation tree and profiles', () => {
  const journey = useJourney('orgs');
  const administrator = { email: '', password: 'journey-password-1', name: 'Галина Администратор' };
  const editor = { email: '', password: 'journey-password-1', name: 'Дмитрий Редактор' };
  const centreName = `ЦЗН Октябрьского района ${Date.now().toString(36)}`;
  let districtName = '';

  beforeAll(async () => {
    const { admin, world } = journey;
    administrator.email = `org-admin-${world.region.id.slice(0, 8)}@example.org`;
    editor.email = `org-editor-${world.region.id.slice(0, 8)}@example.org`;
    for (const user of [administrator, editor]) await admin.call('POST', '/users', { ...user, locale: 'ru' });
    await admin.call('POST', `/orgs/${world.region.id}/members`, { email: administrator.email, role: 'admin' });
    // Where the centre will move to: a district office of the same department.
    districtName = `Западный округ (${world.region.id.slice(0, 8)})`;
    await admin.call('POST', '/orgs', { name: districtName, kind: 'employment_authority', parentId: world.region.id, timezone: 'Europe/Moscow' });
    // «Солидарность» per hundred members, as a union's norm would ask, set at the department.
    await admin.call('POST', `/orgs/${world.region.id}/norms`, { id: 'copies', type: 'quantity', title: 'Газета «Солидарность»', figure: 'solidarnost_copies', perMembers: 100, atLeast: 1 });
  });

  const node = (page: Page, name: string) => page.locator(`[data-test="org-tree"] li[data-org="${name}"] [data-test="org-node"]`);

  it("is run by the department's administrator: create, profile, move, archive and unarchive", async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'orgs-administrator', async () => {
      await signIn(page, administrator.email, administrator.password);
      await page.getByRole('link', { name: 'Организации' }).click();
      await page.waitForURL(/\/orgs/);
      await node(page, world.region.name).click();

      // A centre under the department.
      await page.locator('[data-test="create-child"]').click();
      await page.locator('[data-test="child-name"] input').fill(centreName);
      await choose(page, 'child-kind', 'центр занятости');
      await page.locator('[data-test="create-submit"]').click();
      await node(page, centreName).waitFor();
      await expect.poll(() => page.locator('[data-test="org-actions"] h2').textContent()).toBe(centreName);

      // Its profile: 650 members and 5 copies; the norm asks 7, and says so before and after saving.
      await page.locator('[data-test="profile-members"] input').fill('650');
      const copies = page.locator('[data-test="figure"][data-figure="solidarnost_copies"]');
      await copies.locator('[data-test="figure-value"] input').fill('5');
      await expect.poll(() => copies.locator('[data-test="figure-requirements"]').textContent()).toContain('не менее 7 экз. при численности 650');
      await page.locator('[data-test="figure"][data-figure="info_budget_percent"] [data-test="figure-value"] input').fill('4.5');
      await page.locator('[data-test="add-figure"]').click();
      const own = page.locator('[data-test="figure"]').last();
      await own.locator('[data-test="figure-name"] input').fill('press_runs');
      await own.locator('[data-test="figure-value"] input').fill('3');
      await page.locator('[data-test="profile-save"]').click();
      await expect.poll(async () => (await journey.admin.call<{ organisations: Array<{ name: string; members: number; figures: object }> }>('GET', '/orgs')).organisations.find((o) => o.name === centreName)).toMatchObject({
        members: 650,
        figures: { solidarnost_copies: 5, info_budget_percent: 4.5, press_runs: 3 },
      });
      // The server has it; the panel's buttons wait until the tree and the switcher are read again too.
      await page.getByText('Профиль сохранён').first().waitFor();
      expect(await copies.locator('[data-test="figure-requirements"]').textContent()).toContain('не выполнено');
      expect(await axeReport(page)).toEqual([]);

      // The switcher shows the new centre at once.
      await page.locator('[data-test="org-picker"]').click();
      await page.locator('.n-tree-node', { hasText: centreName }).first().waitFor();
      await page.keyboard.press('Escape');

      // Moved under the district office, with everything below it.
      await choose(page, 'move-target', districtName);
      await page.locator('[data-test="move"]').click();
      await expect.poll(() => page.locator(`[data-test="org-tree"] li[data-org="${centreName}"]`).getAttribute('style')).toContain('28px');
      // The tree is redrawn before the organisations are read again; the panel's buttons wait until both are, as a person does for the message.
      await page.getByText('Организация перенесена').first().waitFor();

      // Archived after a confirmation: gone from the tree and the switcher, listed with "show archived".
      await page.locator('[data-test="archive"]').click();
      await answerConfirmation(page, 'Да');
      await expect.poll(() => node(page, centreName).count()).toBe(0);
      await page.locator('[data-test="show-archived"]').click();
      await node(page, centreName).click();
      await page.locator('[data-test="archived-note"]').waitFor();
      expect(await page.locator('[data-test="profile-save"]').count()).toBe(0);
      expect(await axeReport(page)).toEqual([]);

      // Unarchived: back to work.
      await page.locator('[data-test="unarchive"]').click();
      await answerConfirmation(page, 'Да');
      await page.locator('[data-test="profile-save"]').waitFor();
      expect(await page.locator('[data-test="archived-note"]').count()).toBe(0);
    });

    // On a phone: the tree and the profile fit the screen.
    const { context: phone, page: phonePage } = await phoneSession(browser, inject('baseUrl'), context);
    await phonePage.goto('/orgs');
    await node(phonePage, centreName).click();
    await phonePage.locator('[data-test="org-profile"]').waitFor();
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeReport(phonePage)).toEqual([]);
    await phone.close();
    await context.close();
  });

  it('gives an editor a role at the new centre on the People screen, and the editor sees only that centre', async () => {
    const { admin, browser } = journey;
    const centre = (await admin.call<{ organisations: Array<{ id: string; name: string }> }>('GET', '/orgs')).organisations.find((o) => o.name === centreName)!;
    const manager = await newSession(browser, inject('baseUrl'));
    await steps(manager.page, 'orgs-give-role', async () => {
      const { page } = manager;
      await signIn(page, administrator.email, administrator.password);
      await page.getByRole('link', { name: 'Люди' }).click();
      await page.goto(`/people?org=${centre.id}`);
      await page.locator('[data-test="find-person"] input').fill(editor.email);
      const candidate = page.locator('[data-test="candidate"]', { hasText: editor.email });
      await candidate.waitFor();
      await candidate.locator('[data-test="give-role"]').click();
      const row = page.locator(`[data-test="person"][data-email="${editor.email}"]`);
      await row.waitFor();
      expect(await row.locator('[data-test="person-role"]').textContent()).toContain('редактор');
      expect(await row.textContent()).toContain(`Выдал(а) ${administrator.name}`);
      expect(await axeReport(page)).toEqual([]);
    });
    await manager.context.close();

    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'orgs-editor', async () => {
      await signIn(page, editor.email, editor.password);
      await page.waitForURL(/\/calendar/);
      await page.locator('[data-test="org-picker"]').click();
      const options = page.locator('.n-tree-node');
      await options.first().waitFor();
      expect(await options.allTextContents()).toEqual([centreName]);
      await page.keyboard.press('Escape');
      // An editor administers nothing: no Organisations screen in the navigation.
      expect(await page.getByRole('link', { name: 'Организации' }).count()).toBe(0);
    });
    await context.close();
  });
});
