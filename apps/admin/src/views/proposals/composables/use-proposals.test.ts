import { createTestingPinia } from '@pinia/testing';
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { Proposal, ProposalDirection, ProposalStatus } from '../../../api/proposals.js';
import { setLocale } from '../../../i18n.js';
import { useProposalAnswer } from './use-proposal-answer.js';
import { directionOf, refusalText, useProposalList } from './use-proposals.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const proposal = (id: string, over: Partial<Proposal> = {}): Proposal => ({
  id,
  fromOrgId: 'ppo',
  fromOrgName: 'ППО завода',
  toOrgId: 'terkom',
  toOrgName: 'Теркомитет',
  itemId: null,
  title: `Новость ${id}`,
  text: '',
  url: null,
  status: 'proposed',
  reason: null,
  acceptedItemId: null,
  createdAt: '2026-11-25T09:00:00.000Z',
  createdBy: { id: 'u1', name: 'Анна' },
  answeredAt: null,
  answeredBy: null,
  version: 1,
  ...over,
});

describe('the proposals screen', () => {
  beforeEach(() => {
    requestMock.mockReset();
    createTestingPinia({ stubActions: false, createSpy: vi.fn });
    setLocale('ru');
  });

  it('reads the direction from the address, outgoing unless incoming is asked', () => {
    expect(directionOf('incoming')).toBe('incoming');
    expect(['outgoing', undefined, ['incoming'], 'x'].map(directionOf)).toEqual(['outgoing', 'outgoing', 'outgoing', 'outgoing']);
  });

  it('lists by direction and status, again when either changes, and keeps only the latest answer', async () => {
    const direction = ref<ProposalDirection>('outgoing');
    const status = ref<ProposalStatus | null>(null);
    const answers: Array<(value: unknown) => void> = [];
    requestMock.mockImplementation((_path: string) => new Promise((resolve) => answers.push(resolve)));
    const scope = effectScope();
    const list = scope.run(() => useProposalList(() => 'ppo', direction, status))!;
    void list.load();
    expect(requestMock).toHaveBeenLastCalledWith('/orgs/ppo/proposals', { query: { direction: 'outgoing' } });
    direction.value = 'incoming';
    status.value = 'declined';
    await flushPromises();
    expect(requestMock).toHaveBeenLastCalledWith('/orgs/ppo/proposals', { query: { direction: 'incoming', status: 'declined' } });
    answers.at(-1)!({ proposals: [proposal('new')] });
    answers[0]!({ proposals: [proposal('old')] });
    await flushPromises();
    expect(list.proposals.value.map((p) => p.id)).toEqual(['new']);
    list.replace(proposal('new', { status: 'declined', reason: 'Не для СМИ' }));
    expect(list.proposals.value[0]).toMatchObject({ status: 'declined', reason: 'Не для СМИ' });
    scope.stop();
  });

  it('accepts with a day, kind and channels at the version read, the title only when changed', async () => {
    const answered = vi.fn();
    const a = useProposalAnswer(() => 'terkom', { answered, stale: vi.fn() });
    a.startAccept(proposal('p1'), '2026-12-03');
    expect(a.draft).toEqual({ date: '2026-12-03', kind: 'post', title: 'Новость p1', channelIds: [] });
    a.draft.channelIds = ['vk'];
    const done = proposal('p1', { status: 'accepted', acceptedItemId: 'i9', version: 2 });
    requestMock.mockResolvedValueOnce(done);
    expect(await a.accept()).toEqual(done);
    const [path, options] = requestMock.mock.calls[0] as [string, RequestOptions];
    expect(path).toBe('/orgs/terkom/proposals/p1/accept');
    expect(options).toEqual({ method: 'POST', body: { at: '2026-12-03', kind: 'post', channelIds: ['vk'] }, version: 1 });
    expect(answered).toHaveBeenCalledWith(done);
    expect(a.mode.value).toBeNull();

    a.startAccept(proposal('p2'), '2026-12-03');
    a.draft.title = 'Свой заголовок';
    requestMock.mockResolvedValueOnce(proposal('p2', { status: 'accepted' }));
    await a.accept();
    expect((requestMock.mock.calls[1] as [string, RequestOptions])[1].body).toMatchObject({ title: 'Свой заголовок' });
  });

  it('shows the server’s refusal at the field it names, and reads the list again when someone answered first', async () => {
    const stale = vi.fn();
    const a = useProposalAnswer(() => 'terkom', { answered: vi.fn(), stale });
    a.startAccept(proposal('p1'), '2026-12-03');
    a.draft.date = null;
    expect(await a.accept()).toBeNull();
    expect(a.errors.at).toBe('Укажите дату');
    expect(requestMock).not.toHaveBeenCalled();

    a.draft.date = '2026-12-03';
    requestMock.mockRejectedValueOnce(new ApiError(400, 'validation', 'Публикация заполнена неверно', [{ path: 'body.channelIds[0]', message: 'не канал этой организации' }]));
    await a.accept();
    expect([a.errors.channelIds, a.error.value, a.mode.value]).toEqual(['не канал этой организации', null, 'accept']);

    requestMock.mockRejectedValueOnce(new ApiError(409, 'proposal_answered', 'На это предложение уже ответили'));
    await a.accept();
    expect([a.errors.channelIds, a.error.value]).toEqual([undefined, 'На это предложение уже ответили']);
    expect(stale).toHaveBeenCalledOnce();
  });

  it('declines only with a reason, trimmed, at the version read', async () => {
    const a = useProposalAnswer(() => 'terkom', { answered: vi.fn(), stale: vi.fn() });
    a.startDecline(proposal('p1', { version: 4 }));
    a.reason.value = '   ';
    expect(await a.decline()).toBeNull();
    expect(a.errors.reason).toBe('Укажите причину');
    a.reason.value = ' Не для внешних СМИ ';
    requestMock.mockResolvedValueOnce(proposal('p1', { status: 'declined', reason: 'Не для внешних СМИ' }));
    await a.decline();
    expect(requestMock).toHaveBeenCalledWith('/orgs/terkom/proposals/p1/decline', { method: 'POST', body: { reason: 'Не для внешних СМИ' }, version: 4 });
  });

  it('says a refusal in the server’s words, and a failure of the server in general words', () => {
    expect(refusalText(new ApiError(409, 'proposal_answered', 'На это предложение уже ответили'))).toBe('На это предложение уже ответили');
    expect(refusalText(new ApiError(500, 'internal', 'boom'))).not.toBe('boom');
  });
});
