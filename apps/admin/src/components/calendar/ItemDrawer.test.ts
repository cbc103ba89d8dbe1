import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n.js';
import { channel, planItem } from '../../test/fixtures.js';
import ItemDrawer from './ItemDrawer.vue';

function open(item = planItem({ status: 'published', at: '2020-03-02', localDay: '2020-03-02', views: 10, likes: 2 })) {
  const save = vi.fn(async () => {});
  mount(ItemDrawer, {
    props: { show: true, item, defaultDate: '2020-03-02', channels: [channel()], audiences: [], keyMessages: [], members: [], plans: [], timeZone: 'Europe/Moscow', editable: true, effect: () => [], save, remove: vi.fn() },
    // The evidence panel (attachments) and «Предложить наверх» have tests of their own and talk to the API; the form is under test here.
    global: { plugins: [i18n], stubs: { ItemEvidence: true, ProposeUpwards: true } },
    attachTo: document.body,
  });
  return save;
}

const input = (id: string) => document.querySelector<HTMLInputElement>(`#${id}`);

describe('the item drawer', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the link and all four reach counts of a published item, labelled', async () => {
    open();
    await flushPromises();
    expect(['item-url', 'item-views', 'item-likes', 'item-reposts', 'item-comments'].map((id) => input(id)?.getAttribute('aria-label'))).toEqual([
      'Ссылка на публикацию',
      'Охват (просмотры)',
      'Отметки «нравится»',
      'Репосты',
      'Комментарии',
    ]);
    expect([input('item-views')?.value, input('item-likes')?.value, input('item-reposts')?.value]).toEqual(['10', '2', '']);
  });

  it('keeps them out of the way of an item still planned with none given', async () => {
    open(planItem({ at: '2020-03-02', localDay: '2020-03-02' }));
    await flushPromises();
    expect(document.querySelector('[data-test="item-form"]')).not.toBeNull();
    expect(document.querySelector('[data-test="item-evidence-fields"]')).toBeNull();
  });

  it('refuses to save an item marked published on a day still to come, saying why beside the status', async () => {
    const save = open(planItem({ status: 'published', at: '2099-01-05', localDay: '2099-01-05' }));
    await flushPromises();
    document.querySelector<HTMLButtonElement>('[data-test="item-save"]')?.click();
    await flushPromises();
    expect(document.body.textContent).toContain('Отметить «опубликовано» или «проведено» можно только в прошедший или сегодняшний день');
    expect(save).not.toHaveBeenCalled();
  });
});

describe('the item drawer’s «Повторять» section (issue 15)', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('is there for a new item and not for a single one already saved', async () => {
    mount(ItemDrawer, {
      props: { show: true, item: null, defaultDate: '2026-11-24', channels: [channel()], audiences: [], keyMessages: [], members: [], plans: [], timeZone: 'Europe/Moscow', editable: true, effect: () => [], save: vi.fn(), remove: vi.fn() },
      global: { plugins: [i18n], stubs: { ItemEvidence: true } },
      attachTo: document.body,
    });
    await flushPromises();
    expect(document.querySelector('[data-test="item-recurrence"]')?.textContent).toContain('Повторять');
    document.body.innerHTML = '';
    open(planItem({ at: '2020-03-02', localDay: '2020-03-02' }));
    await flushPromises();
    expect(document.querySelector('[data-test="item-form"]')).not.toBeNull();
    expect(document.querySelector('[data-test="item-recurrence"]')).toBeNull();
  });
});
