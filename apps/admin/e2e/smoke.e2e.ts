import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeReport, launch, newSession, screenshot, signIn } from './browser.js';
import { phoneSession } from './helpers.js';

const chromiumPath = inject('chromium');

describe.skipIf(!chromiumPath)('smoke: sign in and see the Russian admin', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch(chromiumPath as string);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens /, signs in with the demo account and lands on the calendar in Russian', async () => {
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await page.goto('/');
    await page.waitForURL(/\/login/);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Вход');
    expect(await axeReport(page)).toEqual([]);

    const { email, password } = inject('login');
    await signIn(page, email, password);
    await page.waitForURL(/\/calendar/);
    await expect.poll(() => page.getByRole('navigation', { name: 'Основные разделы' }).textContent()).toContain('Календарь');
    await expect.poll(() => page.locator('[data-test="logout"]').textContent()).toContain('Выйти');
    await screenshot(page, 'smoke-signed-in');

    // Readable on a 390-px phone: nothing wider than the screen.
    const { phone, page: phonePage } = await phoneSession(browser, context);
    await phonePage.goto('/calendar');
    await phonePage.locator('[data-test="period-title"]').waitFor();
    await phonePage.locator('[data-test="calendar-grid"]').waitFor();
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phonePage, 'smoke-phone-calendar');
    await phone.close();
    await context.close();
  });

  it('refuses a wrong password with a Russian message', async () => {
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await page.goto('/login');
    await page.locator('#login-email').fill(inject('login').email);
    await page.locator('#login-password').fill('wrong-password');
    await page.locator('[data-test="login-submit"]').click();
    await expect.poll(() => page.locator('[data-test="login-error"]').textContent()).toContain('Неверная почта или пароль');
    await context.close();
  });
});
