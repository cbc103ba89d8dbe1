import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { PlanItem } from '../../../api/types.js';
import { planItem } from '../../../test/fixtures.js';
import { calendarOf } from './calendar-test-setup.js';
import { useItemMoves } from './use-item-moves.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const refused = new ApiError(409, 'version_conflict', 'Someone else changed this in the meantime', [], 3);
const patches = () => requestMock.mock.calls.filter(([, o]) => o?.method === 'PATCH').map(([path, o]) => ({ path, body: o?.body, version: o?.version }));

/** The API: PATCH answers `patch`'s result (or throws it), GET of the item answers `theirs`. */
function api(patch: (options: RequestOptions) => PlanItem, theirs?: PlanItem) {
  requestMock.mockReset().mockImplementation(async (path: string, options: RequestOptions = {}) => {
    if (options.method === 'PATCH') return patch(options);
    if (path === '/orgs/org/items/post' && theirs) return theirs;
    return null;
  });
}

describe('moving an item', () => {
  const post = planItem({ id: 'post', at: '2026-11-24T07:00:00.000Z', localDay: '2026-11-24', version: 2 });
  let stores: ReturnType<typeof calendarOf>;
  let moves: ReturnType<typeof useItemMoves>;
  const theirs = { ...post, title: 'Их заголовок', version: 3, updatedBy: { id: 'b', name: 'Мария' } };
  /** Moves the post while someone else has saved `theirs`: the server refuses the move. */
  async function refusedMove(): Promise<void> {
    api(() => {
      throw refused;
    }, theirs);
    await moves.move('post', '2026-11-26');
  }
  beforeEach(() => {
    stores = calendarOf({ items: [post] });
    moves = useItemMoves(ref('Europe/Moscow'));
  });

  it('sends the same time of day on the new date, with the version it was based on', async () => {
    api((o) => ({ ...post, ...(o.body as object), localDay: '2026-11-26', version: 3 }));
    await moves.move('post', '2026-11-26');
    // 10:00 in Moscow, two days later.
    expect(patches()).toEqual([{ path: '/orgs/org/items/post', body: { at: '2026-11-26T07:00:00.000Z' }, version: 2 }]);
    expect(stores.calendar.items[0]).toMatchObject({ localDay: '2026-11-26', version: 3 });
  });

  it('shows the move at once, before the server has answered', async () => {
    let answer: (item: PlanItem) => void = () => {};
    requestMock.mockReset().mockImplementation((_path: string, o?: RequestOptions) => (o?.method === 'PATCH' ? new Promise((r) => (answer = r as never)) : Promise.resolve(null)));
    const done = moves.move('post', '2026-11-27');
    expect(stores.calendar.items[0]?.localDay).toBe('2026-11-27');
    answer({ ...post, localDay: '2026-11-27', version: 3 });
    await done;
  });

  it('sends nothing for a drop on the same day or an unknown item', async () => {
    api(() => post);
    await moves.move('post', '2026-11-24');
    await moves.move('gone', '2026-11-25');
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('puts the item back and keeps both versions when someone else changed it first', async () => {
    await refusedMove();
    expect(stores.calendar.items[0]).toEqual(post);
    expect(stores.calendar.conflict).toMatchObject({ mine: { at: '2026-11-26T07:00:00.000Z' }, theirs, by: 'Мария', itemId: 'post' });
  });

  it('applies the move again on top of their version when the user keeps their own change', async () => {
    await refusedMove();
    api((o) => ({ ...theirs, ...(o.body as object), localDay: '2026-11-26', version: 4 }));
    await moves.overwrite();
    expect(patches()).toEqual([{ path: '/orgs/org/items/post', body: { at: '2026-11-26T07:00:00.000Z' }, version: 3 }]);
    expect(stores.calendar.conflict).toBeNull();
    expect(stores.calendar.items[0]).toMatchObject({ title: 'Их заголовок', localDay: '2026-11-26', version: 4 });
  });

  it('keeps the conflict shown, and sends once, until their version has my change on top', async () => {
    await refusedMove();
    let answer: (item: PlanItem) => void = () => {};
    requestMock.mockReset().mockImplementation((_path: string, o?: RequestOptions) => (o?.method === 'PATCH' ? new Promise((r) => (answer = r as never)) : Promise.resolve(null)));
    const saving = moves.overwrite();
    expect(stores.calendar.settling).toBe(true);
    expect(stores.calendar.conflict).not.toBeNull();
    await moves.overwrite();
    moves.acceptTheirs();
    expect(patches()).toHaveLength(1);
    expect(stores.calendar.conflict).not.toBeNull();
    answer({ ...theirs, at: '2026-11-26T07:00:00.000Z', localDay: '2026-11-26', version: 4 });
    await saving;
    expect(stores.calendar.settling).toBe(false);
    expect(stores.calendar.conflict).toBeNull();
    expect(stores.calendar.items[0]).toMatchObject({ localDay: '2026-11-26', version: 4 });
  });

  it('keeps my change in the conflict when applying it on top fails for another reason', async () => {
    await refusedMove();
    const before = stores.calendar.conflict;
    api(() => {
      throw new ApiError(503, 'unavailable', 'send again');
    }, theirs);
    await moves.overwrite();
    expect(stores.calendar.settling).toBe(false);
    expect(stores.calendar.conflict).toEqual(before);
    expect(stores.calendar.items[0]).toEqual(post);
    // Sent again once the server is back, it lands.
    api((o) => ({ ...theirs, ...(o.body as object), localDay: '2026-11-26', version: 4 }));
    await moves.overwrite();
    expect(stores.calendar.conflict).toBeNull();
    expect(stores.calendar.items[0]).toMatchObject({ localDay: '2026-11-26', version: 4 });
  });

  it('shows the newer conflict when a third person saved before my change went on top', async () => {
    await refusedMove();
    const newest = { ...theirs, title: 'Третий заголовок', version: 4, updatedBy: { id: 'c', name: 'Пётр' } };
    api(() => {
      throw refused;
    }, newest);
    await moves.overwrite();
    expect(stores.calendar.conflict).toMatchObject({ mine: { at: '2026-11-26T07:00:00.000Z' }, theirs: newest, by: 'Пётр' });
  });

  it("takes the server's version when the user chooses theirs", async () => {
    await refusedMove();
    moves.acceptTheirs();
    expect(stores.calendar.conflict).toBeNull();
    expect(stores.calendar.items[0]).toEqual(theirs);
  });

  it('puts the item back when the save fails for another reason', async () => {
    api(() => {
      throw new ApiError(0, 'network', 'offline');
    });
    await moves.move('post', '2026-11-26');
    expect(stores.calendar.items[0]).toEqual(post);
    expect(stores.calendar.conflict).toBeNull();
  });
});
