import { describe, expect, it } from 'vitest';
import { ISSUE_CODES, issue, issueParams, type Issue } from './issue.js';
import { exampleIssue } from './test-issues.js';
import { checkRange } from './date-range.js';
import { formatIssue, readTimeZone } from './read-json.js';

describe('an issue', () => {
  it('names its problem by a code, with the values in typed parameters and in English words', () => {
    expect(issue('items[3].at', 'not_a_date')).toEqual({ path: 'items[3].at', code: 'not_a_date', message: 'not a date' });
    expect(issue('n.per', 'not_one_of', { allowed: ['day', 'week'] })).toEqual({
      path: 'n.per',
      code: 'not_one_of',
      params: { allowed: ['day', 'week'] },
      message: 'must be one of day, week',
    });
    expect(formatIssue(issue('', 'not_an_object'))).toBe('(root): not an object');
  });

  it('gives its parameters, empty for a code that names no values', () => {
    expect(issueParams(issue('x', 'duplicate_id', { id: 'vk' }))).toEqual({ id: 'vk' });
    expect(issueParams(issue('x', 'required'))).toEqual({});
  });

  it('has one code per problem, each in snake case, each in English words with its values', () => {
    expect(new Set(ISSUE_CODES).size).toBe(ISSUE_CODES.length);
    for (const code of ISSUE_CODES) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      const found = exampleIssue(code);
      expect(found.code).toBe(code);
      expect(found.message).toMatch(/^[a-z(]/);
      expect(found.message).not.toMatch(/undefined|\[object/);
    }
  });

  it('comes from the readers and range checks with the code of what is wrong', () => {
    const issues: Issue[] = [];
    readTimeZone('Mars/Base', 'timezone', issues);
    readTimeZone(3, 'zone', issues);
    checkRange({ from: '2026-01-01', to: '2036-12-31' }, 'to', issues);
    checkRange({ from: '2026-12-01', to: '2026-11-01' }, 'to', issues);
    expect(issues).toEqual([
      { path: 'timezone', code: 'unknown_time_zone', params: { zone: 'Mars/Base' }, message: "unknown time zone 'Mars/Base'" },
      { path: 'zone', code: 'not_a_string', message: 'not a string' },
      { path: 'to', code: 'range_too_long', params: { days: 4018, max: 3653 }, message: 'range longer than 10 years (4018 days; at most 3653)' },
      { path: 'to', code: 'before_from', params: { from: '2026-12-01' }, message: 'before from (2026-12-01)' },
    ]);
  });

  it('takes exactly the parameters its code names (checked by the type checker)', () => {
    // Never called: these lines are here for `tsc`, which fails if any of them compiles.
    const wontCompile = () => [
      // @ts-expect-error a code the domain does not know
      issue('x', 'bad_vibes'),
      // @ts-expect-error a code with parameters must be given them
      issue('x', 'duplicate_id'),
      // @ts-expect-error and the right ones
      issue('x', 'duplicate_id', { key: 'vk' }),
    ];
    expect(typeof wontCompile).toBe('function');
  });
});
