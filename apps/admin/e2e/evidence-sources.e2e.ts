import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, phoneSession, signIn, steps } from './browser.js';
import { moscowToday, normStatus, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

const FAIR = 'Ярмарка вакансий для молодёжи';
const WEEKLY = 'Вакансии недели: водители и продавцы';
const CONTEST = 'Итоги конкурса детского рисунка «Моя профессия»';

/**
 * A WordPress-style RSS 2.0 feed (as `/feed/` of a WordPress site gives it) with three posts
 * published a minute ago: two of them the planned items', one nobody planned. Its HTML is the
 * server's to turn into text; the admin must never show it as markup.
 */
function wordpressFeed(base: string, published: Date): string {
  const post = (id: number, title: string, html: string) => `
    <item>
      <title>${title}</title>
      <link>${base}/?p=${id}</link>
      <dc:creator><![CDATA[Пресс-служба]]></dc:creator>
      <pubDate>${published.toUTCString()}</pubDate>
      <category><![CDATA[Новости]]></category>
      <guid isPermaLink="false">${base}/?p=${id}</guid>
      <description><![CDATA[${html.replace(/<[^>]+>/g, '').slice(0, 120)} [&#8230;]]]></description>
      <content:encoded><![CDATA[${html}]]></content:encoded>
      <slash:comments>0</slash:comments>
    </item>`;
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
    xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
    xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
  <channel>
    <title>ЦЗН Кировского района</title>
    <atom:link href="${base}/feed/" rel="self" type="application/rss+xml" />
    <link>${base}</link>
    <description>Новости центра занятости</description>
    <lastBuildDate>${published.toUTCString()}</lastBuildDate>
    <language>ru-RU</language>
    <sy:updatePeriod>hourly</sy:updatePeriod>
    <generator>https://wordpress.org/?v=6.6.2</generator>
    ${post(101, FAIR, '<p>Приглашаем <strong>выпускников</strong> на ярмарку вакансий.</p><script>alert("feed")</script>')}
    ${post(102, WEEKLY, '<p>Вакансии недели: водители категории C, продавцы-консультанты.</p>')}
    ${post(103, CONTEST, '<p>Подвели итоги конкурса &laquo;Моя профессия&raquo;.</p><img src="x.jpg" onerror="alert(1)">')}
  </channel>
</rss>`;
}

/**
 * How a page is wider than a 390-px phone (nothing when it fits), and what reaches past its edge.
 * Measured against the phone's width, not `innerWidth`: a mobile browser widens its layout viewport
 * to content that overflows (an absolutely placed label escaping a scrolling table did).
 */
const overflow = (page: Page) =>
  page.evaluate((width) => {
    const scrollWidth = document.scrollingElement!.scrollWidth;
    if (scrollWidth <= width) return [];
    const past = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length > 0);
    return [`${scrollWidth} px wide`, ...past.filter((el) => !past.includes(el.parentElement!)).map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`)];
  }, 390);

describe.skipIf(!chromiumPath)('an editor adds the website feed and Ritm proves the plan by itself', () => {
  const journey = useJourney('evidence-sources');
  let feed: Server;
  let feedUrl = '';
  let requests = 0;

  beforeAll(async () => {
    const published = new Date(Date.now() - 60_000);
    feed = createServer((request, response) => {
      requests += 1;
      if (request.url !== '/feed/') {
        response.writeHead(404).end();
        return;
      }
      const base = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
      response.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=UTF-8' }).end(wordpressFeed(base, published));
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => feed?.close(resolve));
  });

  it('reads three posts: two planned items turn published and confirmed, one unplanned post waits in review', async () => {
    const { browser, world, admin } = journey;
    const today = moscowToday();
    const org = world.centre.id;
    // This week's two vacancy materials on the website, planned: the site-vacancies norm (2 a week) is on track, nothing done yet.
    for (const title of [FAIR, WEEKLY]) await admin.call('POST', `/orgs/${org}/items`, { kind: 'vacancy_material', title, at: today, channelIds: [world.website.id] });

    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'evidence-sources-feed', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.goto(`/calendar?org=${org}`);
      const siteRow = page.locator('[data-test="norm-strip"] [data-test="norm-status"][data-norm="site-vacancies"]').first();
      await siteRow.waitFor();
      await expect.poll(() => normStatus(page, 'site-vacancies')).toBe('on_track');
      await expect.poll(() => siteRow.textContent()).toContain('0 + 2 / 2');

      // The channels screen: the website's «Источники», a feed added and read now.
      await page.goto(`/channels?org=${org}`);
      await page.locator('tr', { hasText: 'Сайт ЦЗН' }).locator('[data-test="channel-sources-open"]').click();
      const panel = page.locator('[data-test="channel-sources"]');
      await panel.locator('[data-test="sources-empty"]').waitFor();
      await panel.locator('[data-test="source-url"] input').fill(feedUrl);
      await panel.locator('[data-test="source-add-submit"]').click();
      const source = panel.locator('[data-test="source"]');
      await source.waitFor();
      expect(await source.textContent()).toContain(feedUrl);
      expect(await source.locator('[data-test="source-last-read"]').textContent()).toBe('ещё не читался');
      await source.locator('[data-test="source-fetch"]').click();
      await expect.poll(() => source.locator('[data-test="source-outcome"]').textContent()).toContain('Прочитано публикаций: 3. Совпали с планом: 2, вне плана: 1, обновлён охват: 0.');
      expect(await source.locator('[data-test="source-posts"]').textContent()).toBe('3');
      expect(await source.locator('[data-test="source-error"]').count()).toBe(0);
      expect(requests).toBeGreaterThan(0);
      expect(await axeReport(page)).toEqual([]);

      // The calendar: both planned items published with the post's link (confirmed), the norm met.
      await page.goto(`/calendar?org=${org}`);
      await expect.poll(() => normStatus(page, 'site-vacancies')).toBe('met');
      await expect.poll(() => siteRow.textContent()).toContain('2 + 0 / 2');
      await expect.poll(() => siteRow.locator('[data-test="norm-confirmed"]').getAttribute('data-confirmed')).toBe('2');
      for (const title of [FAIR, WEEKLY]) {
        const chip = page.locator('[data-test="item"]', { hasText: title }).first();
        expect(await chip.getAttribute('class')).toContain('s-published');
        expect(await chip.locator('[data-test="item-confirmed"]').count()).toBe(1);
      }
      await page.locator('[data-test="item"]', { hasText: FAIR }).first().click();
      const reach = page.locator('[data-test="item-source-reach"]');
      await reach.waitFor();
      expect(await reach.locator('[data-test="item-from-source"]').textContent()).toContain('Из источника');
      expect(await reach.locator('[data-test="item-reach-updated"]').textContent()).toMatch(/^обновлено \d/);
      expect(await page.locator('#item-url').inputValue()).toContain('/?p=101');
      expect(await axeReport(page, '[data-test="item-source-reach"]')).toEqual([]);
      await page.keyboard.press('Escape');

      // The review: the two matched posts and the unplanned one, as text; the editor confirms the matches.
      const navLink = page.locator('a[data-nav="evidence"]');
      await expect.poll(() => navLink.textContent()).toContain('Проверка публикаций (3)');
      await navLink.click();
      await page.waitForURL(/\/evidence/);
      const posts = page.locator('[data-test="review-post"]');
      await expect.poll(() => posts.count()).toBe(3);
      const contest = posts.filter({ hasText: CONTEST });
      expect(await contest.getAttribute('data-state')).toBe('unplanned');
      expect(await contest.locator('[data-test="review-reason"]').textContent()).toBe('в плане ничего похожего не нашлось');
      const fair = posts.filter({ hasText: 'Приглашаем выпускников' });
      expect(await fair.getAttribute('data-state')).toBe('matched');
      expect(await fair.locator('[data-test="review-item"]').textContent()).toContain(FAIR);
      expect(await fair.locator('[data-test="review-reason"]').textContent()).toMatch(/^(дата совпала|по ссылке)/);
      // The feed's markup never reaches the page: its text does, its tags and scripts do not.
      for (const text of await page.locator('[data-test="review-text"]').allTextContents()) expect(text).not.toMatch(/[<>]|alert/);
      expect(await page.locator('[data-test="review-posts"] script, [data-test="review-posts"] img, [data-test="review-posts"] strong').count()).toBe(0);
      expect(await axeReport(page)).toEqual([]);

      for (const title of [FAIR, WEEKLY]) {
        const matched = page.locator('[data-test="review-post"][data-state="matched"]', { hasText: title });
        await matched.locator('[data-test="review-confirm"]').click();
        await expect.poll(() => matched.count()).toBe(0);
      }
      await expect.poll(() => posts.count()).toBe(1);
      expect(await posts.first().getAttribute('data-state')).toBe('unplanned');
      await expect.poll(() => navLink.textContent()).toContain('Проверка публикаций (1)');
      expect(await axeReport(page)).toEqual([]);
    });

    // The review on a phone: usable at 390 px, no sideways scrolling.
    const phone = await phoneSession(browser, inject('baseUrl'), context);
    await steps(phone.page, 'evidence-sources-phone', async () => {
      await phone.page.goto(`/evidence?org=${org}`);
      await phone.page.locator('[data-test="review-post"]').first().waitFor();
      await phone.page.waitForLoadState('networkidle');
      expect(await overflow(phone.page)).toEqual([]);
      expect(await phone.page.locator('[data-test="review-confirm"]').first().isVisible()).toBe(true);
      expect(await axeReport(phone.page)).toEqual([]);
      await phone.page.goto(`/channels?org=${org}`);
      await phone.page.locator('tr', { hasText: 'Сайт ЦЗН' }).locator('[data-test="channel-sources-open"]').click();
      await phone.page.locator('[data-test="source"]').waitFor();
      expect(await overflow(phone.page)).toEqual([]);
      expect(await axeReport(phone.page)).toEqual([]);
    });
    await phone.context.close();
    await context.close();
  });
});
