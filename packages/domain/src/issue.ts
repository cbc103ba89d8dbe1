/**
 * What the domain's validators say is wrong with an input value: a machine-readable
 * {@link IssueCode} with typed {@link IssueParams}, and the same in English words for
 * `ritm check`. The API and the admin render an issue from its code and parameters in the
 * user's language, so rewording an English text here changes no translation.
 */

/** Every kind of problem the domain's validators report, one code each. */
export const ISSUE_CODES = [
  'required',
  'not_an_object',
  'not_an_array',
  'not_a_string',
  'empty',
  'empty_means_any',
  'not_a_positive_integer',
  'not_a_non_negative_integer',
  'not_a_non_negative_number',
  'not_a_boolean',
  'not_a_date',
  'outside_product_range',
  'not_one_of',
  'unknown_time_zone',
  'duplicate_id',
  'before_from',
  'range_too_long',
  'before_effective_from',
  'channel_types_or_all_of',
  'at_least_or_per_members',
  'outside_plan_period',
  'unknown_channel',
  'unknown_norm',
  'not_per_channel',
  'kind_cannot_go_on_channel',
  'kind_not_held',
  'kind_not_published',
  'done_in_future',
] as const;

/** A kind of problem with an input value (see {@link ISSUE_CODES}). */
export type IssueCode = (typeof ISSUE_CODES)[number];

import { MAX_RANGE_DAYS, PRODUCT_RANGE } from './product-range.js';

/** No values to put in the message. */
type None = Record<never, never>;

/** The values each code's message names. */
export interface IssueParams {
  required: None;
  not_an_object: None;
  not_an_array: None;
  not_a_string: None;
  /** A blank string, or an empty list where one is needed. */
  empty: None;
  /** An empty list of names, where leaving the field out means any name. */
  empty_means_any: None;
  not_a_positive_integer: None;
  not_a_non_negative_integer: None;
  not_a_non_negative_number: None;
  not_a_boolean: None;
  not_a_date: None;
  /** A real date or instant, but outside the product's range (2000-01-01 … 2100-12-31). */
  outside_product_range: None;
  not_one_of: { allowed: readonly string[] };
  unknown_time_zone: { zone: string };
  duplicate_id: { id: string };
  /** `to` (or the end of a range) is before `from`. */
  before_from: { from: string };
  range_too_long: { days: number; max: number };
  before_effective_from: { from: string };
  /** A presence norm needs exactly one of `channelTypes` and `allOf`. */
  channel_types_or_all_of: None;
  /** A quantity norm needs `atLeast`, `perMembers` or both. */
  at_least_or_per_members: None;
  outside_plan_period: { start: string; end: string };
  unknown_channel: { channel: string };
  unknown_norm: { norm: string };
  /** An exemption names a channel, but its norm is not judged per channel. */
  not_per_channel: { norm: string };
  /** `channel` is the channel's id, `channelType` its type, `allowed` the types the kind may go on. */
  kind_cannot_go_on_channel: { kind: string; channel: string; channelType: string; allowed: readonly string[] };
  /** `held` given to a kind that is published (a post). */
  kind_not_held: { kind: string };
  /** `published` given to a kind that is held (an event). */
  kind_not_published: { kind: string };
  /** `published`/`held` given to an item dated after now; `today` is the organisation's local day. */
  done_in_future: { today: string };
}

/** One problem of one kind (of each kind, given a union), at a JSON path such as `items[3].at`. */
export type IssueOf<C extends IssueCode> = C extends IssueCode
  ? {
      path: string;
      code: C;
      /** The problem in English words, as `ritm check` prints it. */
      message: string;
    } & ([keyof IssueParams[C]] extends [never] ? unknown : { params: IssueParams[C] })
  : never;

/** One problem with an input value, at a JSON path such as `items[3].at`. */
export type Issue = IssueOf<IssueCode>;

/** The arguments an issue of a code takes: its parameters, unless it names none. */
export type IssueArgs<C extends IssueCode> = [keyof IssueParams[C]] extends [never] ? [] : [params: IssueParams[C]];

// The English words of each code, as the validators wrote them before codes existed
// (`ritm check` prints them; its output must not change).
const ENGLISH: { readonly [C in IssueCode]: (params: IssueParams[C]) => string } = {
  required: () => 'required',
  not_an_object: () => 'not an object',
  not_an_array: () => 'not an array',
  not_a_string: () => 'not a string',
  empty: () => 'empty',
  empty_means_any: () => 'empty (leave it out to mean any)',
  not_a_positive_integer: () => 'not a positive integer',
  not_a_non_negative_integer: () => 'not a non-negative integer',
  not_a_non_negative_number: () => 'not a non-negative number',
  not_a_boolean: () => 'not a boolean',
  not_a_date: () => 'not a date',
  outside_product_range: () => `outside ${PRODUCT_RANGE.from} … ${PRODUCT_RANGE.to}`,
  not_one_of: ({ allowed }) => `must be one of ${allowed.join(', ')}`,
  unknown_time_zone: ({ zone }) => `unknown time zone '${zone}'`,
  duplicate_id: ({ id }) => `duplicate id '${id}'`,
  before_from: ({ from }) => `before from (${from})`,
  range_too_long: ({ days, max }) => `range longer than ${max === MAX_RANGE_DAYS ? '10 years' : `${max} days`} (${days} days; at most ${max})`,
  before_effective_from: ({ from }) => `before effectiveFrom (${from})`,
  channel_types_or_all_of: () => 'give either channelTypes or allOf',
  at_least_or_per_members: () => 'give atLeast, perMembers or both',
  outside_plan_period: ({ start, end }) => `outside the plan's period (${start} – ${end})`,
  unknown_channel: ({ channel }) => `unknown channel '${channel}'`,
  unknown_norm: ({ norm }) => `unknown norm '${norm}'`,
  not_per_channel: () => 'applies only to per-channel norms',
  kind_cannot_go_on_channel: ({ kind, channelType, allowed }) => `a ${kind} cannot go on ${channelType} (only ${allowed.join(', ')})`,
  kind_not_held: ({ kind }) => `a ${kind} is published, not held`,
  kind_not_published: ({ kind }) => `a ${kind} is held, not published`,
  done_in_future: ({ today }) => `cannot be published or held yet: it is dated after today (${today})`,
};

/**
 * An issue of a code at a path, its English words filled in from the parameters.
 *
 * @example issue('items[3].at', 'not_a_date') // { path: 'items[3].at', code: 'not_a_date', message: 'not a date' }
 * @example issue('n.per', 'not_one_of', { allowed: ['day', 'week'] })
 * // { path: 'n.per', code: 'not_one_of', params: { allowed: ['day', 'week'] }, message: 'must be one of day, week' }
 */
export function issue<C extends IssueCode>(path: string, code: C, ...args: IssueArgs<C>): IssueOf<C> {
  const params = (args[0] ?? {}) as IssueParams[C];
  const message = ENGLISH[code](params);
  return (args.length === 0 ? { path, code, message } : { path, code, params, message }) as IssueOf<C>;
}

/** The parameters of an issue (none for a code that names no values). */
export function issueParams<C extends IssueCode>(found: IssueOf<C>): IssueParams[C] {
  return ('params' in found ? found.params : {}) as IssueParams[C];
}
