import { describe, expect, it } from 'vitest';
import { CHANNEL_TYPES, channelTypeLabelKey, isChannelLive, isKnownChannelType, parseChannel } from './channel.js';
import { isEventKind, ITEM_KINDS, parseItem, statusClass } from './item.js';
import { isKnownOrganisationKind, ORGANISATION_KINDS, parseOrganisation } from './organisation.js';
import type { Issue } from './read-json.js';
import { childPath, formatIssue, readOneOf } from './read-json.js';

describe('channels', () => {
  it('know at least the channel types of the issue', () => {
    for (const type of ['website', 'vk', 'ok', 'telegram', 'max', 'dzen', 'rutube', 'email', 'chat', 'print', 'info_stand', 'info_zone', 'mass_media', 'portal', 'in_person']) {
      expect(CHANNEL_TYPES).toContain(type);
    }
    expect(isKnownChannelType('instagram')).toBe(false);
    expect(channelTypeLabelKey('vk')).toBe('channelType.vk');
    expect(channelTypeLabelKey('instagram')).toBe('channelType.other');
  });

  it('are judged from periods that start on or after `since`', () => {
    expect(isChannelLive({ id: 'tg', type: 'telegram', since: '2026-11-11' }, '2026-11-09')).toBe(false);
    expect(isChannelLive({ id: 'tg', type: 'telegram', since: '2026-11-11' }, '2026-11-11')).toBe(true);
    expect(isChannelLive({ id: 'vk', type: 'vk' }, '1990-01-01')).toBe(true);
  });

  it('are read with their path', () => {
    const issues: Issue[] = [];
    expect(parseChannel({ id: 'tg', type: 'telegram', since: '2026-01-01' }, 'channels[1]', issues)).toEqual({ id: 'tg', type: 'telegram', since: '2026-01-01' });
    expect(parseChannel({ id: 3 }, 'channels[2]', issues)).toBeUndefined();
    expect(issues).toEqual([
      { path: 'channels[2].id', code: 'not_a_string', message: 'not a string' },
      { path: 'channels[2].type', code: 'required', message: 'required' },
    ]);
  });
});

describe('items', () => {
  it('know the kinds of the issue and which are events', () => {
    for (const kind of ['post', 'press_release', 'comment', 'publication', 'print_material', 'video', 'audio', 'vacancy_material', 'stand_update', 'newsletter', 'public_event', 'group_event', 'meeting', 'review']) {
      expect(ITEM_KINDS).toContain(kind);
    }
    expect(isEventKind('group_event')).toBe(true);
    expect(isEventKind('post')).toBe(false);
  });

  it('count published and held as done, planned and in progress as open, cancelled never', () => {
    expect(['published', 'held', 'planned', 'in_progress', 'cancelled'].map((s) => statusClass(s as never))).toEqual(['done', 'done', 'open', 'open', 'void']);
  });

  it('are read with their path, channels defaulting to none', () => {
    const issues: Issue[] = [];
    expect(parseItem({ id: 'm', kind: 'meeting', status: 'held', at: '2026-11-10T10:00' }, 'items[0]', issues)).toEqual({
      id: 'm',
      kind: 'meeting',
      channels: [],
      status: 'held',
      at: '2026-11-10T10:00',
    });
    expect(parseItem({ id: 'p', kind: 'post', channels: 'vk', status: 'posted', at: '10.11.2026' }, 'items[3]', issues)).toBeUndefined();
    expect(issues).toEqual([
      { path: 'items[3].channels', code: 'not_an_array', message: 'not an array' },
      { path: 'items[3].status', code: 'not_one_of', params: { allowed: ['planned', 'in_progress', 'published', 'held', 'cancelled'] }, message: 'must be one of planned, in_progress, published, held, cancelled' },
      { path: 'items[3].at', code: 'not_a_date', message: 'not a date' },
    ]);
  });
});

describe('organisations and paths', () => {
  it('know the kinds the API stores, and accept others in a scenario', () => {
    expect(ORGANISATION_KINDS).toEqual(['employment_authority', 'employment_center', 'union_central', 'union_territorial', 'union_primary', 'other']);
    expect(isKnownOrganisationKind('employment_center')).toBe(true);
    expect(isKnownOrganisationKind('employment_service')).toBe(false);
    expect(parseOrganisation({ kind: 'club' }, 'org', [])).toEqual({ kind: 'club' });
  });

  it('read kind, members and figures', () => {
    const issues: Issue[] = [];
    expect(parseOrganisation({ kind: 'union_primary', members: 650, figures: { solidarnost_copies: 5 } }, 'org', issues)).toEqual({
      kind: 'union_primary',
      members: 650,
      figures: { solidarnost_copies: 5 },
    });
    expect(parseOrganisation({ figures: [] }, 'org', issues)).toBeUndefined();
    expect(issues).toEqual([{ path: 'org.figures', code: 'not_an_object', message: 'not an object' }]);
  });

  it('write JSON paths the way people read them', () => {
    expect(childPath(childPath(childPath('', 'items'), 3), 'at')).toBe('items[3].at');
    expect(formatIssue({ path: 'items[3].at', code: 'not_a_date', message: 'not a date' })).toBe('items[3].at: not a date');
    expect(formatIssue({ path: '', code: 'not_an_object', message: 'not an object' })).toBe('(root): not an object');
    const issues: Issue[] = [];
    expect(readOneOf(['a', 'b'])('c', 'x', issues)).toBeUndefined();
    expect(issues).toEqual([{ path: 'x', code: 'not_one_of', params: { allowed: ['a', 'b'] }, message: 'must be one of a, b' }]);
  });
});
