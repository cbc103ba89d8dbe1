import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n.js';
import NormStrip, { type StripRow } from './NormStrip.vue';

const row = (channel: string | null, channelName: string | null): StripRow => ({
  key: `social-posts|${channel ?? ''}|2026-11-23`,
  norm: 'social-posts',
  title: 'Посты в социальных сетях — не менее двух раз в неделю в каждом аккаунте',
  channel,
  channelName,
  periodStart: '2026-11-23',
  periodEnd: '2026-11-29',
  required: 2,
  actual: 0,
  confirmed: null,
  planned: 0,
  overdue: 0,
  status: 'at_risk',
  source: null,
});

describe('the norm strip', () => {
  it("tells a per-channel norm's rows apart by their channel, shown whole beside the title", () => {
    const strip = mount(NormStrip, {
      props: { rows: [row('vk', 'Группа ЦЗН ВКонтакте'), row('ok', 'Одноклассники ЦЗН'), row('gone', null)], editable: false, label: 'Нормативы' },
      global: { plugins: [i18n] },
    });
    expect(strip.findAll('[data-test="norm-channel"]').map((c) => c.text())).toEqual(['Группа ЦЗН ВКонтакте', 'Одноклассники ЦЗН', 'канал не найден']);
    expect(strip.findAll('[data-test="norm-status"]').map((r) => r.attributes('data-channel'))).toEqual(['vk', 'ok', 'gone']);
  });

  it('gives an across-channel row no channel', () => {
    const strip = mount(NormStrip, { props: { rows: [row(null, null)], editable: false, label: 'Нормативы' }, global: { plugins: [i18n] } });
    expect(strip.find('[data-test="norm-channel"]').exists()).toBe(false);
  });
});
