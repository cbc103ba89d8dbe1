import { beforeAll, describe, expect, inject, it } from 'vitest';
import { answerConfirmation, axeReport, newSession, phoneSession, signIn, steps } from './browser.js';
import { useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

// People and roles (issue 16): the region's administrator creates an editor for one centre, who
// must choose their own password at first sign-in and then sees only that centre; deactivated,
// their very next request is refused.
describe.skipIf(!chromiumPath)('people and roles', () => {
  const journey = useJourney('people');
  const regionAdmin = { email: '', password: 'region-admin-password', name: 'Галина Администратор' };
  const newcomer = { email: '', name: 'Пётр Новиков', temporary: '', own: 'petr-own-password' };

  beforeAll(async () => {
    const { admin, world } = journey;
    regionAdmin.email = `region-admin-${world.region.id.slice(0, 8)}@example.org`;
    newcomer.email = `petr-${world.region.id.slice(0, 8)}@example.org`;
    await admin.call('POST', '/users', { email: regionAdmin.email, password: regionAdmin.password, name: regionAdmin.name, orgId: world.region.id, role: 'admin' });
  });

  it('creates a person with the editor role at one centre, handing over a temporary password once', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'people-create', async () => {
      await signIn(page, regionAdmin.email, regionAdmin.password);
      await page.getByRole('link', { name: 'Люди' }).waitFor();
      await page.goto(`/people?org=${world.centre.id}`);
      await page.locator('[data-test="person"]').first().waitFor();
      // The region's administrator is listed at the centre as inherited from the region.
      const inherited = page.locator(`[data-test="person"][data-email="${regionAdmin.email}"] [data-test="inherited"]`);
      expect(await inherited.textContent()).toContain(world.region.name);
      expect(await axeReport(page)).toEqual([]);

      await page.locator('[data-test="new-name"] input').fill(newcomer.name);
      await page.locator('[data-test="new-email"] input').fill(newcomer.email);
      await page.locator('[data-test="create-person"]').click();
      const secret = page.locator('[data-test="temporary-password"]');
      await secret.waitFor();
      newcomer.temporary = (await secret.textContent())!.trim();
      expect(newcomer.temporary).toMatch(/^[A-Za-z2-9]{14}$/);
      const row = page.locator(`[data-test="person"][data-email="${newcomer.email}"]`);
      await row.waitFor();
      expect(await row.locator('[data-test="person-status"]').textContent()).toContain('Ещё не сменил временный пароль');
      expect(await row.textContent()).toContain(`Выдал(а) ${regionAdmin.name}`);
      expect(await row.locator('[data-test="person-role"]').textContent()).toContain('редактор');
      expect(await axeReport(page)).toEqual([]);
    });

    // Usable on a 390-px phone: nothing wider than the screen.
    const { context: phone, page: phonePage } = await phoneSession(browser, inject('baseUrl'), context);
    await phonePage.goto(`/people?org=${world.centre.id}`);
    await phonePage.locator(`[data-test="person"][data-email="${newcomer.email}"]`).waitFor();
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.close();
    await context.close();
  });

  it('makes the newcomer choose a password, shows them only their centre, and shuts them out once deactivated', async () => {
    const { browser, world } = journey;
    const user = await newSession(browser, inject('baseUrl'));
    await steps(user.page, 'people-first-sign-in', async () => {
      await signIn(user.page, newcomer.email, newcomer.temporary);
      await user.page.waitForURL((url) => url.pathname === '/password');
      expect(await user.page.locator('h1').textContent()).toBe('Задайте свой пароль');
      await user.page.locator('[data-test="new-password"] input').fill(newcomer.own);
      await user.page.locator('[data-test="repeat-password"] input').fill(newcomer.own);
      expect(await axeReport(user.page)).toEqual([]);
      await user.page.locator('[data-test="save-password"]').click();
      await user.page.waitForURL((url) => url.pathname === '/calendar');
      const visible = await user.page.evaluate(async () => (await (await fetch('/api/orgs')).json()) as { organisations: Array<{ id: string }> });
      expect(visible.organisations.map((org) => org.id)).toEqual([world.centre.id]);
      await user.page.locator('[data-test="org-picker"]').getByText(world.centre.name).waitFor();
    });

    const admin = await newSession(browser, inject('baseUrl'));
    await steps(admin.page, 'people-deactivate', async () => {
      await signIn(admin.page, regionAdmin.email, regionAdmin.password);
      await admin.page.goto(`/people?org=${world.centre.id}`);
      const row = admin.page.locator(`[data-test="person"][data-email="${newcomer.email}"]`);
      await expect.poll(() => row.locator('[data-test="person-status"]').textContent()).toBe('Активен');
      await row.locator('[data-test="deactivate"]').click();
      await answerConfirmation(admin.page, 'Подтвердить');
      await expect.poll(() => row.locator('[data-test="person-status"]').textContent()).toBe('Отключён');
      expect(await axeReport(admin.page)).toEqual([]);
    });

    // The newcomer's very next request is refused, and signing in again says why.
    const status = await user.page.evaluate(async () => (await fetch('/api/orgs')).status);
    expect(status).toBe(401);
    await user.page.goto('/login');
    await user.page.locator('#login-email').fill(newcomer.email);
    await user.page.locator('#login-password').fill(newcomer.own);
    await user.page.locator('[data-test="login-submit"]').click();
    await expect.poll(() => user.page.locator('[data-test="login-error"]').textContent()).toContain('Учётная запись отключена администратором');
    await user.context.close();
    await admin.context.close();
  });
});
