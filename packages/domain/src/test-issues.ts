/**
 * One issue of every code, for the tests of whoever renders issues (the API's catalogue, the
 * admin's locales): each must say every code in both languages (not built into dist).
 */
import { issue, type Issue, type IssueArgs, type IssueCode } from './issue.js';

/** One example of each code's parameters: a new code without one does not compile. */
const EXAMPLES: { readonly [C in IssueCode]: IssueArgs<C> } = {
  required: [],
  not_an_object: [],
  not_an_array: [],
  not_a_string: [],
  empty: [],
  empty_means_any: [],
  not_a_positive_integer: [],
  not_a_non_negative_integer: [],
  not_a_non_negative_number: [],
  not_a_boolean: [],
  not_a_date: [],
  outside_product_range: [],
  not_one_of: [{ allowed: ['day', 'week'] }],
  unknown_time_zone: [{ zone: 'Mars/Base' }],
  duplicate_id: [{ id: 'vk' }],
  before_from: [{ from: '2026-11-10' }],
  range_too_long: [{ days: 4018, max: 3653 }],
  before_effective_from: [{ from: '2026-12-01' }],
  channel_types_or_all_of: [],
  at_least_or_per_members: [],
  outside_plan_period: [{ start: '2026-11-16', end: '2026-11-22' }],
  unknown_channel: [{ channel: 'fb' }],
  unknown_norm: [{ norm: 'nope' }],
  not_per_channel: [{ norm: 'public-events' }],
  kind_cannot_go_on_channel: [{ kind: 'stand_update', channel: 'vk', channelType: 'vk', allowed: ['info_stand', 'info_zone'] }],
  kind_not_held: [{ kind: 'post' }],
  kind_not_published: [{ kind: 'public_event' }],
  done_in_future: [{ today: '2026-11-25' }],
};

/**
 * An issue of the code with example parameters.
 *
 * @example exampleIssue('duplicate_id') // { path: 'x', code: 'duplicate_id', params: { id: 'vk' }, message: "duplicate id 'vk'" }
 */
export function exampleIssue(code: IssueCode, path = 'x'): Issue {
  return issue(path, code, ...(EXAMPLES[code] as IssueArgs<typeof code>));
}
