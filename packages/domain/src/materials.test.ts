import { describe, expect, it } from 'vitest';
import { checkMaterialDates, isOpenPlacement, OPEN_PLACEMENT_STATUSES, PLACEMENT_STATUSES } from './materials.js';

describe('material rules shared by the API and the admin', () => {
  it('owes a placement while it is pending or overdue, not once placed or declined', () => {
    expect(PLACEMENT_STATUSES.filter(isOpenPlacement)).toEqual([...OPEN_PLACEMENT_STATUSES]);
    expect(OPEN_PLACEMENT_STATUSES).toEqual(['pending', 'overdue']);
  });

  it('lets a material be placed on or before its deadline, never after', () => {
    expect(checkMaterialDates({ placeOn: '2026-12-01', deadline: '2026-12-01' })).toBeUndefined();
    expect(checkMaterialDates({ placeOn: '2026-11-30', deadline: '2026-12-01' })).toBeUndefined();
    expect(checkMaterialDates({ placeOn: '2026-12-02', deadline: '2026-12-01' })).toBe('place_on_after_deadline');
  });
});
