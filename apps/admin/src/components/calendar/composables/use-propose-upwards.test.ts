import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick, ref } from 'vue';
import { ApiError, request } from '../../../api/client.js';
import type { Proposal } from '../../../api/proposals.js';
import { planItem } from '../../../test/fixtures.js';
import { useProposeUpwards } from './use-propose-upwards.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const news = planItem({ id: 'i1', orgId: 'ppo', title: 'Субботник в цехе', newsHook: 'Триста человек', notes: 'Фото у председателя' });
const proposal = { id: 'p1', toOrgName: 'Теркомитет', title: 'Субботник', status: 'proposed', version: 1 } as Proposal;

describe('«Предложить наверх» in the item drawer', () => {
  beforeEach(() => requestMock.mockReset());

  it("starts from the item's title, news hook and notes, and proposes it to the organisation above", async () => {
    const item = ref(news);
    const p = useProposeUpwards(item);
    p.begin();
    expect([p.open.value, p.title.value, p.text.value]).toEqual([true, 'Субботник в цехе', 'Триста человек\n\nФото у председателя']);
    p.title.value = '  Субботник ';
    requestMock.mockResolvedValueOnce(proposal);
    expect(await p.send()).toEqual(proposal);
    expect(requestMock).toHaveBeenCalledWith('/orgs/ppo/proposals', {
      method: 'POST',
      body: { itemId: 'i1', title: 'Субботник', text: 'Триста человек\n\nФото у председателя' },
    });
    expect([p.open.value, p.sent.value?.toOrgName]).toEqual([false, 'Теркомитет']);
  });

  it('sends nothing without a title and keeps the form open with the server’s refusal', async () => {
    const p = useProposeUpwards(ref(news));
    p.begin();
    p.title.value = '   ';
    expect(await p.send()).toBeNull();
    expect(requestMock).not.toHaveBeenCalled();
    p.title.value = 'Новость';
    requestMock.mockRejectedValueOnce(new ApiError(400, 'validation', 'Предложение заполнено неверно', [{ path: 'body.toOrgId', message: 'у этой организации нет вышестоящей' }]));
    expect(await p.send()).toBeNull();
    expect([p.open.value, p.error.value]).toEqual([true, 'Предложение заполнено неверно']);
  });

  it('starts afresh when another item is opened in the drawer', async () => {
    const item = ref(news);
    const p = useProposeUpwards(item);
    p.begin();
    requestMock.mockResolvedValueOnce(proposal);
    await p.send();
    item.value = planItem({ id: 'i2', orgId: 'ppo', title: 'Другая новость' });
    await nextTick();
    await flushPromises();
    expect([p.sent.value, p.open.value]).toEqual([null, false]);
  });
});
