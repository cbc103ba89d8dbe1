import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { Organisation } from '../../api/types.js';
import { i18n } from '../../i18n.js';
import { useOrgsStore } from '../../stores/orgs.js';
import { planItem } from '../../test/fixtures.js';
import ProposeUpwards from './ProposeUpwards.vue';

const org = (id: string, parentId: string | null, capabilities: Organisation['capabilities']) => ({ id, parentId, name: `Орг ${id}`, capabilities }) as Organisation;

function shown(orgs: Organisation[]): { offered: boolean; text: string } {
  const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn });
  useOrgsStore(pinia).list = orgs;
  const wrapper = mount(ProposeUpwards, { props: { item: planItem({ orgId: 'ppo' }) }, global: { plugins: [i18n, pinia] } });
  return { offered: wrapper.find('[data-test="propose-open"]').exists(), text: wrapper.text() };
}

describe('«Предложить наверх» in the item drawer', () => {
  it('is offered where the server lets the user edit items and there is an organisation above', () => {
    expect(shown([org('terkom', null, ['org.read']), org('ppo', 'terkom', ['org.read', 'item.edit'])]).offered).toBe(true);
  });

  it('is not offered at the top of the tree, nor to someone who may only read', () => {
    expect(shown([org('ppo', null, ['org.read', 'item.edit'])]).offered).toBe(false);
    expect(shown([org('ppo', 'terkom', ['org.read'])]).offered).toBe(false);
    expect(shown([]).offered).toBe(false);
  });
});
