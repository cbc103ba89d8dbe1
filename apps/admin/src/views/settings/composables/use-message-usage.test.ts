import { createTestingPinia } from '@pinia/testing';
import { describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { request } from '../../../api/client.js';
import { planItem } from '../../../test/fixtures.js';
import { lastUsed, useMessageUsage } from './use-message-usage.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));

const carried = (day: string, status: 'published' | 'cancelled' = 'published') => planItem({ id: day, localDay: day, at: day, status, keyMessageIds: ['km'], audienceIds: ['youth', 'families'] });

describe('how recently a key message reached its audiences', () => {
  it('keeps the last day per message and audience, cancelled items aside', () => {
    const last = lastUsed([carried('2026-10-01'), carried('2026-11-20', 'cancelled'), carried('2026-10-15')]);
    expect(Object.fromEntries(last)).toEqual({ 'km|youth': '2026-10-15', 'km|families': '2026-10-15' });
  });

  it('reads the last year of items and calls a message quiet after 30 days', async () => {
    createTestingPinia({ createSpy: vi.fn });
    vi.mocked(request).mockResolvedValue({ items: [carried('2026-10-15'), planItem({ id: 'x', localDay: '2026-11-20', keyMessageIds: ['km'], audienceIds: ['youth'] })] });
    const { usage } = useMessageUsage(ref('org'), ref('2026-11-25'));
    await new Promise((r) => setTimeout(r, 0));
    expect(request).toHaveBeenCalledWith('/orgs/org/items', { query: { from: '2025-11-25', to: '2026-11-25' } });
    expect(usage('km', 'youth')).toEqual({ text: '20.11.2026 (5 дней назад)', quiet: false });
    expect(usage('km', 'families').quiet).toBe(true);
    expect(usage('km', 'employers')).toEqual({ text: 'не использовалось', quiet: true });
  });
});
