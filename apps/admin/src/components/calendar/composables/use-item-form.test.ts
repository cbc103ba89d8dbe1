import { describe, expect, it, vi } from 'vitest';
import { nextTick, reactive } from 'vue';
import { ApiError } from '../../../api/client.js';
import { i18n } from '../../../i18n.js';
import type { MediaPlan } from '../../../api/types.js';
import { channel, planItem } from '../../../test/fixtures.js';
import { blankDraft, draftOf, itemChanges, toItemCreate, toPreviewItem, useItemForm, validateDraft, type ItemFormProps } from './use-item-form.js';

const vk = channel();
const stand = channel({ id: 'stand', type: 'info_stand', name: 'Стенд в холле' });
const plan = { id: 'plan', title: 'План на ноябрь', status: 'draft', period: 'month', periodStart: '2026-11-01', periodEnd: '2026-11-30' } as MediaPlan;
const context = { item: null, defaultDate: '2026-11-26', timeZone: 'Europe/Moscow', channels: [vk, stand], plans: [plan] };
const draft = (overrides: Partial<ReturnType<typeof blankDraft>> = {}) => ({ ...blankDraft('2026-11-26'), title: 'Ярмарка вакансий', ...overrides });

function form(overrides: Partial<ItemFormProps> = {}) {
  const props = reactive<ItemFormProps>({
    ...context,
    show: true,
    editable: true,
    audiences: [],
    keyMessages: [],
    members: [],
    effect: vi.fn(() => []),
    save: vi.fn(async () => {}),
    remove: vi.fn(async () => {}),
    ...overrides,
  });
  return { props, form: useItemForm(props) };
}

describe('checking an item draft', () => {
  it('accepts a complete draft', () => {
    expect(validateDraft(draft({ channelIds: ['vk'], url: 'https://vk.com/wall-1_2', views: 10 }), context)).toEqual({});
  });

  it('names every missing or malformed field in Russian', () => {
    expect(validateDraft(draft({ title: '  ', date: null, url: 'vk.com/wall', views: -3 }), context)).toEqual({
      title: 'Обязательное поле',
      date: 'Обязательное поле',
      url: 'Ссылка должна начинаться с http:// или https://',
      views: 'Целое число от 0 до 2 000 000 000',
    });
  });

  it('checks all four reach counts as the contract does: whole numbers from 0 to 2,000,000,000', () => {
    const bad = 'Целое число от 0 до 2 000 000 000';
    expect(validateDraft(draft({ views: 2_000_000_000, likes: 0, reposts: 12, comments: 3 }), context)).toEqual({});
    expect(validateDraft(draft({ views: 2_000_000_001, likes: -1, reposts: 1.5, comments: 2 ** 31 }), context)).toEqual({ views: bad, likes: bad, reposts: bad, comments: bad });
    i18n.global.locale.value = 'en';
    try {
      expect(validateDraft(draft({ likes: 1e20 }), context).likes).toBe('A whole number from 0 to 2,000,000,000');
    } finally {
      i18n.global.locale.value = 'ru';
    }
  });

  it("refuses published or held on a day still to come on the organisation's calendar", () => {
    // 22:30 UTC on the 25th is already the 26th in Moscow.
    const now = Date.parse('2026-11-25T22:30:00Z');
    const future = 'Отметить «опубликовано» или «проведено» можно только в прошедший или сегодняшний день';
    expect(validateDraft(draft({ status: 'published', date: '2026-11-26' }), context, now)).toEqual({});
    expect(validateDraft(draft({ status: 'published', date: '2026-11-27' }), context, now).status).toBe(future);
    expect(validateDraft(draft({ kind: 'meeting', status: 'held', date: '2026-11-27' }), context, now).status).toBe(future);
    expect(validateDraft(draft({ status: 'planned', date: '2026-11-27' }), context, now)).toEqual({});
    expect(validateDraft(draft({ status: 'published', date: '2026-11-26' }), { ...context, timeZone: 'UTC' }, now).status).toBe(future);
    expect(validateDraft(draft({ status: 'cancelled', date: '2027-01-01' }), context, now).status).toBeUndefined();
  });

  it('takes the link as the API does: any case of the scheme, and nothing but http(s)', () => {
    expect(validateDraft(draft({ url: 'HTTPS://vk.com' }), context).url).toBeUndefined();
    expect(validateDraft(draft({ url: 'ftp://vk.com' }), context).url).toBe('Ссылка должна начинаться с http:// или https://');
  });

  it("refuses an organisation's own kind the API could not store", () => {
    expect(validateDraft(draft({ kind: 'Стенд' }), context).kind).toBe('Вид: латинские строчные буквы, цифры и _, начиная с буквы');
    expect(validateDraft(draft({ kind: 'job_fair_stand' }), context)).toEqual({});
  });

  it("applies the domain's rules between fields: a kind's channels, held for events, the plan's period", () => {
    expect(validateDraft(draft({ kind: 'stand_update', channelIds: ['vk'] }), context).channelIds).toBe('Этот вид материала не размещают в канале «ВКонтакте»');
    expect(validateDraft(draft({ kind: 'meeting', status: 'published' }), context).status).toBe('Этот статус не подходит для такого вида материала');
    expect(validateDraft(draft({ planId: 'plan', date: '2026-12-02' }), context).date).toBe('Дата вне периода плана (01.11.2026 – 30.11.2026)');
  });
});

describe('the body and the preview of a draft', () => {
  const saved = planItem({ id: 'post', at: '2026-11-24T07:00:00.000Z', localDay: '2026-11-24', channelIds: ['vk'], url: 'https://vk.com/x' });

  it('keeps an unchanged instant as it was, and sends a new time as an instant of the zone', () => {
    const edit = { ...context, item: saved };
    expect(toItemCreate(draftOf(saved, 'Europe/Moscow'), edit).at).toBe('2026-11-24T07:00:00.000Z');
    expect(toItemCreate({ ...draftOf(saved, 'Europe/Moscow'), time: '12:30' }, edit).at).toBe('2026-11-24T12:30:00.000+03:00');
    expect(toItemCreate(draft({ url: '  ', planId: '' }), context)).toMatchObject({ at: '2026-11-26', url: null, planId: null, title: 'Ярмарка вакансий' });
  });

  it('previews exactly what the evaluator reads, under the item’s id', () => {
    const body = toItemCreate({ ...draftOf(saved, 'Europe/Moscow'), date: '2026-11-27', status: 'published' }, { ...context, item: saved });
    expect(toPreviewItem(body, 'post')).toEqual({ id: 'post', kind: 'post', title: 'Ярмарка вакансий', status: 'published', at: '2026-11-27T10:00:00.000+03:00', channelIds: ['vk'] });
  });
});

describe('what an edit changes', () => {
  const saved = planItem({ id: 'post', at: '2026-11-24T07:00:00.000Z', localDay: '2026-11-24', channelIds: ['vk', 'ok'], audienceIds: ['youth'], url: 'https://vk.com/x', views: 5 });
  const edit = { ...context, item: saved };
  const loaded = () => draftOf(saved, 'Europe/Moscow');
  const changes = (d: ReturnType<typeof blankDraft>) => itemChanges(toItemCreate(loaded(), edit), toItemCreate(d, edit));

  it('is nothing when the draft is as loaded, whatever order the ids were picked in', () => {
    expect(changes(loaded())).toEqual({});
    expect(changes({ ...loaded(), channelIds: ['ok', 'vk'], title: ' Ярмарка вакансий ' })).toEqual({});
  });

  it('is only the fields the user touched, arrays whole', () => {
    expect(changes({ ...loaded(), channelIds: ['vk'], likes: 3 })).toEqual({ channelIds: ['vk'], likes: 3 });
    expect(changes({ ...loaded(), url: '', views: null })).toEqual({ url: null, views: null });
    expect(changes({ ...loaded(), time: '12:30' })).toEqual({ at: '2026-11-24T12:30:00.000+03:00' });
  });

  it('compares `at` by the moment it names, not its spelling', () => {
    expect(itemChanges({ ...toItemCreate(loaded(), edit), at: '2026-11-24T10:00:00+03:00' }, toItemCreate(loaded(), edit))).toEqual({});
    expect(itemChanges({ ...toItemCreate(loaded(), edit), at: '2026-11-24' }, toItemCreate(loaded(), edit))).toEqual({ at: '2026-11-24T07:00:00.000Z' });
  });
});

describe('the item form', () => {
  it('starts blank on the day given, and from the item when one is opened', async () => {
    const { props, form: f } = form();
    expect(f.draft).toMatchObject({ title: '', date: '2026-11-26', kind: 'post' });
    props.item = planItem({ title: 'Пост', at: '2026-11-24', localDay: '2026-11-24' });
    await nextTick();
    expect(f.draft).toMatchObject({ title: 'Пост', date: '2026-11-24' });
  });

  it('previews the draft as the user types, under a draft id for a new item', async () => {
    const { props, form: f } = form();
    f.draft.channelIds = ['vk'];
    expect(f.effects.value).toEqual([]);
    expect(props.effect).toHaveBeenLastCalledWith({ id: '__draft__', kind: 'post', title: '', status: 'planned', at: '2026-11-26', channelIds: ['vk'] });
  });

  it('offers only the statuses of the kind and the plans the date falls in', () => {
    const { form: f } = form({ plans: [plan, { ...plan, id: 'old', status: 'archived' }, { ...plan, id: 'dec', periodStart: '2026-12-01', periodEnd: '2026-12-31' }] });
    expect(f.options.statuses.value.map((o) => o.value)).toEqual(['planned', 'in_progress', 'published', 'cancelled']);
    expect(f.options.plans.value.map((o) => o.value)).toEqual(['', 'plan']);
    f.draft.kind = 'meeting';
    expect(f.options.statuses.value.map((o) => o.value)).toContain('held');
  });

  it('does not save a draft with errors, and saves a good one', async () => {
    const { props, form: f } = form();
    await f.submit();
    expect(props.save).not.toHaveBeenCalled();
    expect(f.errors.value.title).toBe('Обязательное поле');
    f.draft.title = 'Пост';
    await f.submit();
    expect(props.save).toHaveBeenCalledWith(expect.objectContaining({ title: 'Пост', at: '2026-11-26' }), null);
  });

  it('saves only what the user changed on an existing item', async () => {
    const saved = planItem({ id: 'post', title: 'Пост', channelIds: ['vk'], keyMessageIds: ['a', 'b'] });
    const { props, form: f } = form({ item: saved });
    f.draft.audienceIds = ['youth'];
    f.draft.keyMessageIds = ['b', 'a'];
    f.draft.kind = 'post';
    await f.submit();
    expect(props.save).toHaveBeenCalledWith({ audienceIds: ['youth'] }, saved);
  });

  it('shows the link and all four reach counts for a published item, or once any is filled', async () => {
    const { form: f } = form();
    expect(f.evidenceShown.value).toBe(false);
    f.draft.comments = 4;
    expect(f.evidenceShown.value).toBe(true);
    f.draft.comments = null;
    f.draft.status = 'published';
    expect(f.evidenceShown.value).toBe(true);
  });

  it("shows the API's field messages beside the fields", async () => {
    const refusal = new ApiError(400, 'validation', 'Bad', [
      { path: 'body.at', message: 'Дата вне периода плана' },
      { path: 'body.channelIds[0]', message: 'Канал не найден' },
      { path: 'body.other', message: 'Что-то ещё' },
    ]);
    const { form: f } = form({ save: vi.fn(async () => Promise.reject(refusal)) });
    f.draft.title = 'Пост';
    await f.submit();
    expect(f.errors.value).toMatchObject({ date: 'Дата вне периода плана', channelIds: 'Канал не найден', form: 'Что-то ещё' });
    expect(f.saving.value).toBe(false);
  });
});
