import type { Page } from 'playwright-core';

/** Today on the Moscow calendar, where the journeys' organisations are. */
export function moscowToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Picks an option of a Naive UI select by its visible text. */
export async function choose(page: Page, selectTest: string, option: string): Promise<void> {
  await page.locator(`[data-test="${selectTest}"]`).click();
  await page.locator('.n-base-select-option', { hasText: option }).first().click();
  await page.keyboard.press('Escape');
}

export async function normStatus(page: Page, norm: string, within = '[data-test="norm-strip"]'): Promise<string | null> {
  return page.locator(`${within} [data-test="norm-status"][data-norm="${norm}"]`).first().getAttribute('data-status');
}
