import { createTestingPinia } from '@pinia/testing';
import { flushPromises } from '@vue/test-utils';
import { capabilitiesOf } from '@ritm/domain/access';
import { ref } from 'vue';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { PlanTemplateSummary, TemplateApplied } from '../../../api/templates.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { centre } from '../../calendar/composables/calendar-test-setup.js';
import { useSaveTemplate } from './use-save-template.js';
import { useTemplateApply } from './use-template-apply.js';
import { useTemplates } from './use-templates.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

function api(answer: (path: string, options?: RequestOptions) => unknown) {
  const calls: Array<{ path: string; options?: RequestOptions }> = [];
  requestMock.mockImplementation(async (path: string, options?: RequestOptions) => {
    calls.push({ path, ...(options && { options }) });
    return answer(path, options);
  });
  return calls;
}

const summary = (over: Partial<PlanTemplateSummary>): PlanTemplateSummary => ({
  id: 't1',
  orgId: 'org',
  orgName: centre.name,
  name: 'Типовая неделя',
  span: 'week',
  shareDown: false,
  entryCount: 3,
  may: { edit: true, apply: true, applyBelow: false },
  version: 1,
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  ...over,
});
const fromAbove = summary({ id: 't2', orgId: 'region', orgName: 'Теркомитет', name: 'Неделя теркома', shareDown: true, may: { edit: false, apply: true, applyBelow: true } });

beforeEach(() => {
  requestMock.mockReset();
  vi.useFakeTimers({ now: new Date('2026-11-25T09:00:00Z'), toFake: ['Date'] });
  createTestingPinia({ stubActions: false, createSpy: vi.fn });
  const orgs = useOrgsStore();
  orgs.list = [
    { ...centre, id: 'region', name: 'Теркомитет', capabilities: capabilitiesOf(['viewer']) },
    { ...centre, parentId: 'region', depth: 1 },
    { ...centre, id: 'child', parentId: 'org', depth: 2, name: 'ППО цеха' },
    { ...centre, id: 'read-only', parentId: 'org', depth: 2, name: 'ППО склада', capabilities: capabilitiesOf(['viewer']) },
  ];
  orgs.currentId = 'org';
});

describe('the templates screen', () => {
  it('lists own templates apart from those shared from above, saying where each comes from', async () => {
    const calls = api(() => ({ templates: [summary({}), fromAbove] }));
    const screen = useTemplates();
    await flushPromises();
    expect(calls[0]?.path).toBe('/orgs/org/templates');
    expect(screen.own.value.map((x) => x.id)).toEqual(['t1']);
    expect(screen.shared.value.map((x) => x.id)).toEqual(['t2']);
    expect(screen.originOf(fromAbove)).toBe('от: Теркомитет');
    expect(screen.originOf(summary({}))).toBe('свой');
  });

  it('shares a template down and deletes one with their versions, then reads the list again', async () => {
    const calls = api(() => ({ templates: [summary({})] }));
    const screen = useTemplates();
    await flushPromises();
    await screen.setShared(summary({}), true);
    await screen.remove(summary({ version: 2 }));
    expect(calls.filter((c) => c.options?.method)).toEqual([
      { path: '/orgs/org/templates/t1', options: { method: 'PATCH', body: { shareDown: true }, version: 1 } },
      { path: '/orgs/org/templates/t1', options: { method: 'DELETE', version: 2 } },
    ]);
    expect(calls.filter((c) => c.path === '/orgs/org/templates')).toHaveLength(3);
  });
});

describe('applying a template', () => {
  const previewOf = (orgId: string): TemplateApplied => ({
    orgId,
    period: { start: '2026-11-30', end: '2026-12-06' },
    created: [{ title: 'Пост', day: '2026-12-01' }],
    skipped: [{ title: 'Стенд', day: '2026-12-03', why: 'no_channel' }],
  });

  it('offers here and below where the server lets the caller plan, and previews the next period first', async () => {
    const calls = api((path, options) => previewOf((options?.body as { orgId?: string }).orgId ?? 'org'));
    const apply = useTemplateApply(ref(fromAbove));
    await flushPromises();
    expect(apply.targets.value.map((o) => o.value)).toEqual(['org', 'child']);
    expect(apply.from.value).toBe('2026-11-30');
    expect(calls).toEqual([{ path: '/orgs/org/templates/t2/apply', options: { method: 'POST', body: { from: '2026-11-30', preview: true } } }]);
    expect(apply.preview.value?.created).toHaveLength(1);
    expect(apply.reasonOf('no_channel')).toBe('у организации нет канала нужного типа');
    apply.targetId.value = 'child';
    await flushPromises();
    expect(calls.at(-1)?.options?.body).toEqual({ from: '2026-11-30', orgId: 'child', preview: true });
  });

  it('offers only here a template not shared down, as the server allows', async () => {
    api((path, options) => previewOf((options?.body as { orgId?: string }).orgId ?? 'org'));
    const apply = useTemplateApply(ref(summary({})));
    await flushPromises();
    expect(apply.targets.value.map((o) => o.value)).toEqual(['org']);
  });

  it('creates what the preview showed, and shows the reason when the server refuses', async () => {
    const calls = api((path, options) => {
      const body = options?.body as { preview?: boolean; from: string };
      if (body.from === '2026-12-14') throw new ApiError(400, 'validation', 'Шаблон плана задан неверно', [{ path: 'body.orgId', message: 'шаблон недоступен этой организации' }]);
      return body.preview ? previewOf('org') : { ...previewOf('org'), created: [{ id: 'i1', title: 'Пост', day: '2026-12-01' }] };
    });
    const apply = useTemplateApply(ref(summary({})));
    await flushPromises();
    const done = await apply.apply();
    expect(calls.at(-1)).toEqual({ path: '/orgs/org/templates/t1/apply', options: { method: 'POST', body: { from: '2026-11-30' } } });
    expect(done?.created[0]?.id).toBe('i1');
    apply.from.value = '2026-12-14';
    await flushPromises();
    expect(apply.problem.value).toBe('шаблон недоступен этой организации');
    expect(apply.preview.value).toBeNull();
  });
});

describe('saving the calendar’s period as a template', () => {
  it('saves the visible month named after it, its placing and sharing as chosen', async () => {
    const calls = api(() => ({ ...summary({ span: 'month' }), entries: [] }));
    const saver = useSaveTemplate(ref('month'), ref({ start: '2026-11-01', end: '2026-11-30' }));
    expect(saver.allowed.value).toBe(true);
    saver.show();
    expect(saver.form.name).toBe('План: Ноябрь 2026');
    saver.form.placing = 'weekday';
    saver.form.shareDown = true;
    expect(await saver.save()).not.toBeNull();
    expect(calls[0]).toEqual({
      path: '/orgs/org/templates',
      options: { method: 'POST', body: { name: 'План: Ноябрь 2026', span: 'month', from: '2026-11-01', shareDown: true, placing: 'weekday' } },
    });
    expect(saver.open.value).toBe(false);
  });

  it('is not offered where the server does not let the caller plan', () => {
    useOrgsStore().currentId = 'read-only';
    expect(useSaveTemplate(ref('week'), ref({ start: '2026-11-23', end: '2026-11-29' })).allowed.value).toBe(false);
  });
});
