import { describe, expect, it } from 'vitest';
import { allowedChannelTypes } from './plan-ops.js';
import { CHANNEL_TYPES } from './channel.js';
import { unplannedPostKind } from './evidence-source.js';

describe('the kind of an unplanned post', () => {
  it('is a publication on a website and a post on a social network', () => {
    expect(unplannedPostKind('website')).toBe('publication');
    expect(unplannedPostKind('vk')).toBe('post');
    expect(unplannedPostKind('telegram')).toBe('post');
  });

  it('always fits the channel it came from, so the item rules accept it', () => {
    for (const type of CHANNEL_TYPES) {
      const allowed = allowedChannelTypes(unplannedPostKind(type));
      if (allowed !== undefined) expect(allowed, type).toContain(type);
    }
  });
});
