import type { Series } from '@ritm/contracts/series';
import type { Channel, EffectiveNorm, MediaPlan, PlanItem } from '../api/types.js';

// Whole API resources for tests and benches: typed from the contracts, so a new field fails
// to compile here once instead of in every test that builds one.

export function planItem(overrides: Partial<PlanItem> = {}): PlanItem {
  return {
    id: 'item',
    orgId: 'org',
    planId: null,
    kind: 'post',
    title: 'Ярмарка вакансий',
    newsHook: '',
    format: '',
    status: 'planned',
    at: '2026-11-24',
    localDay: '2026-11-24',
    channelIds: [],
    audienceIds: [],
    keyMessageIds: [],
    responsibleId: null,
    publishedAt: null,
    url: null,
    views: null,
    likes: null,
    reposts: null,
    comments: null,
    reachReadAt: null,
    notes: '',
    attachmentCount: 0,
    confirmed: false,
    seriesId: null,
    seriesDay: null,
    materialId: null,
    version: 1,
    createdAt: '2026-11-20T01:00:00.000Z',
    updatedAt: '2026-11-20T01:00:00.000Z',
    updatedBy: null,
    ...overrides,
  };
}

export function channel(overrides: Partial<Channel> = {}): Channel {
  return { id: 'vk', orgId: 'org', type: 'vk', name: 'ВКонтакте', url: null, since: null, active: true, version: 1, ...overrides };
}

/** Three posts a week on each social network: the norm the calendar tests judge. */
export function weeklyPostsNorm(overrides: Partial<EffectiveNorm> = {}): EffectiveNorm {
  return {
    key: 'social-posts',
    id: '00000000-0000-4000-8000-000000000001',
    orgId: 'org',
    orgName: 'ЦЗН',
    inherited: false,
    overrides: false,
    preset: null,
    enabled: true,
    norm: { id: 'social-posts', type: 'frequency', title: 'Посты в соцсетях', min: 3, per: 'week', kinds: ['post'], channelTypes: ['vk'], perChannel: true },
    version: 1,
    setBy: null,
    adjustment: null,
    may: { edit: true, adjust: false, delete: true },
    ...overrides,
  };
}

/** A week's draft plan; `transitions` are the moves the server says the caller may make (none here). */
export function mediaPlan(overrides: Partial<MediaPlan> = {}): MediaPlan {
  return {
    id: 'plan',
    orgId: 'org',
    period: 'week',
    periodStart: '2026-11-23',
    periodEnd: '2026-11-29',
    title: 'Медиаплан на неделю',
    status: 'draft',
    approvedBy: null,
    approvedAt: null,
    approverName: null,
    createdBy: null,
    returnComment: null,
    returnedBy: null,
    returnedAt: null,
    itemCount: 0,
    version: 3,
    createdAt: '2026-11-20T01:00:00.000Z',
    updatedAt: '2026-11-20T01:00:00.000Z',
    transitions: [],
    ...overrides,
  };
}

/** A series of eight posts on Tuesdays and Thursdays from 24 November 2026 (issue 15). */
export function series(overrides: Partial<Series> = {}): Series {
  return {
    id: 's1',
    orgId: 'org',
    rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8',
    startsAt: '2026-11-24',
    skipNonWorkingDays: false,
    exdates: [],
    materialisedUntil: null,
    lastDay: '2026-12-17',
    occurrenceCount: 8,
    template: { kind: 'post', title: 'Пост ВКонтакте', newsHook: '', format: '', channelIds: ['vk'], audienceIds: [], keyMessageIds: [], responsibleId: null, notes: '' },
    version: 3,
    createdAt: '2026-11-20T01:00:00.000Z',
    ...overrides,
  };
}
