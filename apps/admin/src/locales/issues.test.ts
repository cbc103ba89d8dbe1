import { afterEach, describe, expect, it } from 'vitest';
import { ISSUE_CODES, type IssueCode } from '@ritm/domain/issue';
import { exampleIssue } from '@ritm/domain/test-issues';
import { issueText } from '../components/calendar/composables/use-item-form.js';
import { i18n, LOCALES } from '../i18n.js';

const example = (code: IssueCode) => exampleIssue(code);

describe("the domain's issue codes in the admin", () => {
  afterEach(() => {
    i18n.global.locale.value = 'ru';
  });

  it.each(ISSUE_CODES)('has a Russian and an English message for %s, every parameter filled in', (code) => {
    for (const locale of LOCALES) {
      expect(i18n.global.te(`issue.${code}`, locale)).toBe(true);
      i18n.global.locale.value = locale;
      const text = issueText(example(code));
      expect(text).not.toMatch(/[{}]/);
      expect(text).not.toBe(`issue.${code}`);
    }
    i18n.global.locale.value = 'ru';
    expect(issueText(example(code))).toMatch(/[а-яё]/i);
  });

  it('shows dates as the user reads them and a channel by its name', () => {
    expect(issueText(example('outside_plan_period'))).toBe('Дата вне периода плана (16.11.2026 – 22.11.2026)');
    i18n.global.locale.value = 'en';
    expect(issueText(example('kind_cannot_go_on_channel'), { channel: 'VK page' })).toBe('This kind is not published on “VK page”');
  });
});
