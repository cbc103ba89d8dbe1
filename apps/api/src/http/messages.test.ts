import { describe, expect, expectTypeOf, it } from 'vitest';
import { ISSUE_CODES, issue, type IssueCode } from '@ritm/domain/issue';
import { exampleIssue } from '@ritm/domain/test-issues';
import type { TValidationError } from 'typebox/error';
import { WEB_URL_PATTERN } from '@ritm/domain/web-url';
import { badRequest, conflict, notFound } from './errors.js';
import { domainDetail, issueMessage, message, render, renderDetails, validationDetails, type CatalogueEntry, type StrayIssuePlaceholders } from './messages.js';

const error = (keyword: string, params: Record<string, unknown>, instancePath = '/name', schemaPath = '#/properties/name'): TValidationError =>
  ({ keyword, params, instancePath, schemaPath, message: '' }) as unknown as TValidationError;

describe('the message catalogue', () => {
  it('renders an entry with its parameters in either language, nested messages included', () => {
    const planExists = message('planExists', { period: message('period.week'), periodStart: '2026-11-23' });
    expect(render(planExists, 'en')).toBe('There is already a week plan from 2026-11-23');
    expect(render(planExists, 'ru')).toBe('План (неделя) с 2026-11-23 уже есть');
    expect(notFound('media plan').messageIn('ru')).toBe('Не найдено: медиаплан');
    expect(notFound('media plan').messageIn('en')).toBe('No such media plan');
  });

  it('makes a 400 whose field details answer in the caller language', () => {
    const bad = badRequest('exemptionReversed', [domainDetail(issue('body.to', 'before_from', { from: '2026-11-02' }))]);
    expect(renderDetails(bad.details!, 'en')).toEqual([{ path: 'body.to', message: 'before from (2026-11-02)' }]);
    expect(renderDetails(bad.details!, 'ru')).toEqual([{ path: 'body.to', message: 'раньше начала (2026-11-02)' }]);
  });

  it('maps each TypeBox error kind to an entry with its parameters', () => {
    const details = validationDetails('body', [
      error('maxLength', { limit: 300 }),
      error('minimum', { comparison: '>=', limit: 0 }, '/members', '#/properties/members'),
      error('required', { requiredProperties: ['kind'] }, '', '#'),
      error('pattern', { pattern: WEB_URL_PATTERN }, '/url', '#/properties/url'),
    ]);
    expect(renderDetails(details, 'en')).toEqual([
      { path: 'body.name', message: 'must not have more than 300 characters' },
      { path: 'body.members', message: 'must be >= 0' },
      { path: 'body.kind', message: 'is required' },
      { path: 'body.url', message: 'expected: an address starting with http:// or https://' },
    ]);
    expect(renderDetails(details, 'ru')).toEqual([
      { path: 'body.name', message: 'должно быть не длиннее 300 симв.' },
      { path: 'body.members', message: 'должно быть >= 0' },
      { path: 'body.kind', message: 'обязательное поле' },
      { path: 'body.url', message: 'ожидается: адрес, начинающийся с http:// или https://' },
    ]);
  });

  it("translates the domain validators' issues by their code, keeping their values", () => {
    const detail = domainDetail(issue('body.channelIds[0]', 'kind_cannot_go_on_channel', { kind: 'stand_update', channel: 'vk', channelType: 'vk', allowed: ['info_stand', 'info_zone'] }));
    expect(renderDetails([detail], 'en')).toEqual([{ path: 'body.channelIds[0]', message: 'a stand_update cannot go on vk (only info_stand, info_zone)' }]);
    expect(renderDetails([detail], 'ru')).toEqual([{ path: 'body.channelIds[0]', message: 'stand_update нельзя разместить на канале vk (только info_stand, info_zone)' }]);
    expect(render(domainDetail(issue('x', 'not_a_date')).message, 'ru')).toBe('не дата');
    // The code decides, not the English words: a reworded domain message still translates.
    expect(render(issueMessage({ ...issue('x', 'duplicate_id', { id: 'vk' }), message: 'reworded' }), 'ru')).toBe("повторяющийся идентификатор 'vk'");
  });

  // Where the API words an issue for its context: an organisation's own channels and norms, and a
  // range's limit in days whatever it is (the API reads at most 400 days, scenarios ten years).
  const API_WORDING: readonly IssueCode[] = ['unknown_channel', 'not_per_channel', 'range_too_long'];

  it.each(ISSUE_CODES)('renders the domain issue %s in Russian and English, every parameter filled in', (code) => {
    const found = exampleIssue(code, 'body.x');
    const ru = render(issueMessage(found), 'ru');
    const en = render(issueMessage(found), 'en');
    expect(ru).toMatch(/[а-яё]/i);
    expect(ru).not.toMatch(/[{}]/);
    expect(en).not.toMatch(/[{}]/);
    if (!API_WORDING.includes(code)) expect(en).toBe(found.message);
  });

  it("names in each domain entry only its code's parameters (checked by the type checker)", () => {
    expectTypeOf<StrayIssuePlaceholders>().toBeNever();
  });

  it('takes no free text and no message in one language only (checked by the type checker)', () => {
    // Never called: these lines are here for `tsc`, which fails if any of them compiles.
    const wontCompile = () => {
      // @ts-expect-error an error is made from a catalogue key, never from free text
      badRequest('The item is not valid');
      // @ts-expect-error so is a conflict
      conflict('plan_exists', 'There is already a plan');
      // @ts-expect-error an entry with parameters must be given them
      message('planExists');
      // @ts-expect-error every entry has both languages
      const englishOnly: CatalogueEntry = { en: 'Only English' };
      return englishOnly;
    };
    expect(typeof wontCompile).toBe('function');
    expect(() => badRequest('itemInvalid')).not.toThrow();
  });
});
