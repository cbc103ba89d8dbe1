import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n.js';
import type { PlanItem } from '../../api/types.js';
import { useCatalogStore } from '../../stores/catalog.js';
import { channel } from '../../test/fixtures.js';
import ConflictDialog from './ConflictDialog.vue';

const theirs = { title: 'Ярмарка вакансий', at: '2026-11-25' } as PlanItem;

function text(props: { by: string | null; at: string | null }): string {
  mount(ConflictDialog, {
    props: { mine: { at: '2026-11-26' }, theirs, timeZone: 'Asia/Vladivostok', ...props },
    global: { plugins: [i18n, createTestingPinia()] },
    attachTo: document.body,
  });
  return document.querySelector('[data-test="conflict-body"]')?.textContent ?? '';
}

describe('the conflict dialog', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('names who changed the item and when, on the organisation’s clock', () => {
    // 00:15 UTC is 10:15 in Vladivostok (UTC+10).
    expect(text({ by: 'Мария Второва', at: '2026-11-23T00:15:00.000Z' })).toBe(
      'Пока вы редактировали, «Ярмарка вакансий» изменил(а) Мария Второва — 23 нояб. 2026, 10:15. Ваши изменения не потеряны.',
    );
  });

  it('says «другой пользователь» only when nobody is named', () => {
    expect(text({ by: null, at: null })).toBe('Пока вы редактировали, «Ярмарка вакансий» изменил(а) другой пользователь. Ваши изменения не потеряны.');
  });

  it('lists only the fields I changed, mine beside theirs, by the names the user knows', () => {
    const server = { ...theirs, title: 'Их заголовок', channelIds: ['vk'], at: '2026-11-25', status: 'planned' } as PlanItem;
    const pinia = createTestingPinia();
    useCatalogStore(pinia).channels = [channel(), channel({ id: 'ok', type: 'ok', name: 'Одноклассники' })];
    mount(ConflictDialog, {
      props: { mine: { channelIds: ['vk', 'ok'], at: '2026-11-26', status: 'cancelled' }, theirs: server, by: null, at: null, timeZone: 'Europe/Moscow' },
      global: { plugins: [i18n, pinia] },
      attachTo: document.body,
    });
    const rows = [...document.querySelectorAll('.diff tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Каналы', 'ВКонтакте', 'ВКонтакте, Одноклассники'],
      ['Дата', '25.11.2026', '26.11.2026'],
      ['Статус', 'запланировано', 'отменено'],
    ]);
  });

  it('holds both choices while my change is being saved on top', async () => {
    const dialog = mount(ConflictDialog, {
      props: { mine: { at: '2026-11-26' }, theirs, by: null, at: null, timeZone: 'Europe/Moscow', busy: true },
      global: { plugins: [i18n, createTestingPinia()] },
      attachTo: document.body,
    });
    const button = (name: string) => document.querySelector<HTMLButtonElement>(`[data-test="conflict-${name}"]`) as HTMLButtonElement;
    expect([button('overwrite').disabled, button('reload').disabled]).toEqual([true, true]);
    button('reload').click();
    expect(dialog.emitted()).not.toHaveProperty('reload');
    await dialog.setProps({ busy: false });
    expect([button('overwrite').disabled, button('reload').disabled]).toEqual([false, false]);
  });
});
