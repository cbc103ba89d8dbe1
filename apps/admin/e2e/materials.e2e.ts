import { beforeAll, describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, phoneSession, signIn, steps } from './browser.js';
import { choose, menusClosed, phoneOverflow as overflow, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

// A photo as the API tells it: a JPEG's signature, then bytes.
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(4096, 7)]);
const POSTER = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 32), Buffer.from('\n%%EOF\n')]);
const TITLE = 'Коллективный договор — это защита';
const REASON = 'Стенд в цехе на ремонте до января';
const PLACED_URL = 'https://vk.com/wall-101_2026';

interface Org {
  id: string;
  name: string;
}

describe.skipIf(!chromiumPath)('a union central committee sends a material down to three primary organisations', () => {
  const journey = useJourney('materials');
  const password = 'journey-password-1';
  let committee: Org;
  let primaries: Org[];
  const users = { sender: '', director: '', editors: [] as string[] };

  beforeAll(async () => {
    const { admin } = journey;
    const tag = `${Date.now().toString(36)}`;
    committee = await admin.call<Org>('POST', '/orgs', { name: `ЦК профсоюза (${tag})`, kind: 'union_central', timezone: 'Europe/Moscow' });
    primaries = [];
    for (const name of ['ППО завода', 'ППО депо', 'ППО больницы']) {
      const org = await admin.call<Org>('POST', '/orgs', { name: `${name} (${tag})`, kind: 'union_primary', parentId: committee.id, timezone: 'Europe/Moscow' });
      await admin.call('POST', `/orgs/${org.id}/channels`, { type: 'info_stand', name: 'Стенд в проходной', since: '2020-01-01' });
      await admin.call('POST', `/orgs/${org.id}/channels`, { type: 'vk', name: 'Группа ВКонтакте', since: '2020-01-01' });
      primaries.push(org);
    }
    users.sender = `ck-${tag}@example.org`;
    await admin.call('POST', '/users', { email: users.sender, password, name: 'Галина Пресс-служба ЦК', locale: 'ru' });
    await admin.call('POST', `/orgs/${committee.id}/members`, { email: users.sender, role: 'editor' });
    users.director = `ck-director-${tag}@example.org`;
    await admin.call('POST', '/users', { email: users.director, password, name: 'Пётр Председатель ЦК', locale: 'ru' });
    await admin.call('POST', `/orgs/${committee.id}/members`, { email: users.director, role: 'director' });
    for (const [i, org] of primaries.entries()) {
      const email = `ppo${i}-${tag}@example.org`;
      await admin.call('POST', '/users', { email, password, name: `Председатель ППО ${i + 1}`, locale: 'ru' });
      await admin.call('POST', `/orgs/${org.id}/members`, { email, role: 'editor' });
      users.editors.push(email);
    }
  });

  it('sends it, two place it (one with a photo of the stand), one declines, and the sender reads 2 of 3 and why', async () => {
    const { browser } = journey;
    const baseUrl = inject('baseUrl');

    // The committee's press service sends the material to its three primaries.
    const sender = await newSession(browser, baseUrl);
    await steps(sender.page, 'materials-sent', async () => {
      const page = sender.page;
      await signIn(page, users.sender, password);
      await page.getByRole('link', { name: 'Материалы', exact: true }).click();
      await page.locator('[data-test="material-send"]').click();
      await page.locator('#material-title').fill(TITLE);
      await page.locator('#material-text').fill('Разместите на стенде и в группе: что даёт коллективный договор работникам.');
      await page.locator('[data-test="material-kind"]').click();
      await page.keyboard.type('стенд');
      await page.locator('.n-base-select-option', { hasText: 'Обновление стенда' }).first().click();
      await page.locator('[data-test="material-kind"]').getByText('Обновление стенда').first().waitFor();
      // The list of channel types is longer than its popup: the type is found by typing, as a person would.
      await page.locator('[data-test="material-channel-types"]').click();
      await page.keyboard.type('стенд');
      await page.locator('.n-base-select-option', { hasText: 'Информационный стенд' }).first().click();
      await page.keyboard.press('Escape');
      await menusClosed(page);
      await page.locator('[data-test="material-channel-types"]').getByText('Информационный стенд').first().waitFor();
      for (const org of primaries) await choose(page, 'material-orgs', org.name, { filter: true });
      // All three, not the last two: a click can land on a leaving menu and take a choice back.
      for (const org of primaries) await page.locator('[data-test="material-orgs"]').getByText(org.name).first().waitFor();
      await page.locator('[data-test="material-files"]').setInputFiles({ name: 'плакат.pdf', mimeType: 'application/pdf', buffer: POSTER });
      expect(await axeReport(page)).toEqual([]);
      await page.locator('[data-test="material-submit"]').click();
      await page.waitForURL(/\/materials\/[0-9a-f-]{36}/);
      // A material's own screen is still the «Материалы» section of the navigation.
      expect(await page.locator('[data-nav="materials"]').getAttribute('class')).toContain('active');
      const tally = page.locator('[data-test="tally"]');
      await expect.poll(() => tally.getAttribute('data-total')).toBe('3');
      expect(await page.locator('[data-test="placement"]').count()).toBe(3);
    });

    // The committee's chairman sees it pending below on the dashboard.
    const director = await newSession(browser, baseUrl);
    await steps(director.page, 'materials-dashboard', async () => {
      const page = director.page;
      await signIn(page, users.director, password);
      await page.goto('/dashboard');
      const row = page.locator('[data-test="materials-below"] [data-test="material-row"]', { hasText: TITLE });
      await row.waitFor();
      expect(await row.locator('[data-test="tally-text"]').textContent()).toBe('0 из 3');
      expect(await axeReport(page, '[data-test="materials-below"]')).toEqual([]);
    });
    await director.context.close();

    // The first primary places it with the link to its post, from its inbox.
    const first = await newSession(browser, baseUrl);
    await steps(first.page, 'materials-placed-link', async () => {
      const page = first.page;
      await signIn(page, users.editors[0]!, password);
      await page.getByRole('link', { name: 'Материалы', exact: true }).click();
      const card = page.locator('[data-test="received-material"]', { hasText: TITLE });
      await card.waitFor();
      expect(await card.getAttribute('data-status')).toBe('pending');
      // The committee's poster came with it, and downloads.
      const poster = card.getByRole('link', { name: 'плакат.pdf' });
      expect((await page.request.get((await poster.getAttribute('href'))!)).status()).toBe(200);
      expect(await axeReport(page)).toEqual([]);
      await card.locator('[data-test="received-place"]').click();
      await card.locator('[data-test="answer-url"] input').fill(PLACED_URL);
      await card.locator('[data-test="answer-submit"]').click();
      await expect.poll(() => card.getAttribute('data-status')).toBe('placed');
    });
    await first.context.close();

    // The second places it from its task on the calendar, with a photo of the stand.
    const second = await newSession(browser, baseUrl);
    await steps(second.page, 'materials-placed-photo', async () => {
      const page = second.page;
      await signIn(page, users.editors[1]!, password);
      await page.getByRole('link', { name: 'Материалы', exact: true }).click();
      const card = page.locator('[data-test="received-material"]', { hasText: TITLE });
      await card.getByRole('link', { name: /Задача в календаре/ }).click();
      await page.waitForURL(/\/calendar/);
      await page.locator('[data-test="item"]', { hasText: TITLE }).first().click();
      const banner = page.locator('[data-test="material-banner"]');
      await banner.waitFor();
      expect(await banner.textContent()).toContain(committee.name);
      expect(await axeReport(page, '[data-test="material-banner"]')).toEqual([]);
      await banner.locator('[data-test="banner-place"]').click();
      await banner.locator('[data-test="answer-photo"]').setInputFiles({ name: 'стенд.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
      await banner.locator('[data-test="answer-submit"]').click();
      await banner.waitFor({ state: 'hidden' });
      await page.getByRole('link', { name: 'Материалы', exact: true }).click();
      await expect.poll(() => page.locator('[data-test="received-material"]', { hasText: TITLE }).getAttribute('data-status')).toBe('placed');
    });
    await second.context.close();

    // The third declines on a phone, saying why.
    const third = await newSession(browser, baseUrl);
    await signIn(third.page, users.editors[2]!, password);
    const phone = await phoneSession(browser, baseUrl, third.context);
    await steps(phone.page, 'materials-declined-phone', async () => {
      const page = phone.page;
      await page.goto('/materials');
      const card = page.locator('[data-test="received-material"]', { hasText: TITLE });
      await card.waitFor();
      expect(await overflow(page)).toEqual([]);
      await card.locator('[data-test="received-decline"]').click();
      await card.locator('[data-test="answer-submit"]').click();
      await card.locator('[data-test="answer-reason-error"]').waitFor();
      await card.locator('[data-test="answer-reason"] textarea').fill(REASON);
      await card.locator('[data-test="answer-submit"]').click();
      await expect.poll(() => card.getAttribute('data-status')).toBe('declined');
      expect(await card.locator('[data-test="received-reason"]').textContent()).toContain(REASON);
      expect(await overflow(page)).toEqual([]);
      expect(await axeReport(page)).toEqual([]);
    });
    await phone.context.close();
    await third.context.close();

    // The sender reads 2 of 3 placed, where, the photo, and the reason for the third — on a desktop and on a phone.
    await steps(sender.page, 'materials-sender-reads', async () => {
      const page = sender.page;
      await page.reload();
      const tally = page.locator('[data-test="tally"]');
      await expect.poll(() => tally.getAttribute('data-placed')).toBe('2');
      expect(await page.locator('[data-test="tally-text"]').textContent()).toBe('2 из 3');
      const row = (org: Org) => page.locator(`[data-test="placement"][data-org-id="${org.id}"]`);
      expect(await row(primaries[0]!).getAttribute('data-status')).toBe('placed');
      expect(await row(primaries[0]!).locator('[data-test="placement-link"] a').getAttribute('href')).toBe(PLACED_URL);
      expect(await row(primaries[1]!).getAttribute('data-status')).toBe('placed');
      expect(await row(primaries[1]!).locator('[data-test="placement-photos"]').textContent()).toBe('1');
      expect(await row(primaries[2]!).getAttribute('data-status')).toBe('declined');
      expect(await row(primaries[2]!).locator('[data-test="placement-reason"]').textContent()).toBe(REASON);
      expect(await axeReport(page)).toEqual([]);

      await page.getByRole('link', { name: 'Все материалы' }).click();
      const listed = page.locator('[data-test="sent-materials"] [data-test="material-row"]', { hasText: TITLE });
      expect(await listed.locator('[data-test="tally-text"]').textContent()).toBe('2 из 3');
    });
    const senderPhone = await phoneSession(browser, baseUrl, sender.context);
    await steps(senderPhone.page, 'materials-sender-phone', async () => {
      const page = senderPhone.page;
      await page.goto('/materials');
      await page.locator('[data-test="sent-materials"] [data-test="material-row"]', { hasText: TITLE }).getByRole('link').click();
      await page.locator('[data-test="placement"]').first().waitFor();
      expect(await overflow(page)).toEqual([]);
      expect(await axeReport(page)).toEqual([]);
    });
    await senderPhone.context.close();
    await sender.context.close();
  });
});
