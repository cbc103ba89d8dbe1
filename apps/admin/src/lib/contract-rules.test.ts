import { describe, expect, it } from 'vitest';
import { ChannelCreate } from '@ritm/contracts/channels';
import { ItemCreate } from '@ritm/contracts/items';
import { NormKey } from '@ritm/contracts/norms';
import { integerProblem, textProblem } from './contract-rules.js';

describe("checking a form field with the contract's schema", () => {
  it('takes an item link as the API does: http or https in any case (as RFC 3986 has schemes), no spaces', () => {
    expect(textProblem(ItemCreate.properties.url, 'https://vk.com/wall-1_2')).toBeNull();
    expect(textProblem(ItemCreate.properties.url, 'ftp://vk.com')).toEqual({ problem: 'format' });
    expect(textProblem(ItemCreate.properties.url, 'HTTPS://VK.COM')).toBeNull();
    expect(textProblem(ItemCreate.properties.url, 'HTTPS//VK.COM')).toEqual({ problem: 'format' });
    expect(textProblem(ChannelCreate.properties.url, 'https://t.me/czn x')).toEqual({ problem: 'format' });
  });

  it('says an empty required text is missing and a long one says how long it may be', () => {
    expect(textProblem(ItemCreate.properties.title, '')).toEqual({ problem: 'required' });
    expect(textProblem(ItemCreate.properties.title, 'я'.repeat(501))).toEqual({ problem: 'tooLong', max: 500 });
  });

  it("reads a norm's key and an item's kind from their patterns", () => {
    expect(textProblem(NormKey, 'social-posts')).toBeNull();
    expect(textProblem(NormKey, '-posts')).toEqual({ problem: 'format' });
    expect(textProblem(ItemCreate.properties.kind, 'press_release')).toBeNull();
    expect(textProblem(ItemCreate.properties.kind, 'Пресс-релиз')).toEqual({ problem: 'format' });
  });

  it('checks a count as a whole number in range', () => {
    expect(integerProblem(ItemCreate.properties.views, 120)).toBeNull();
    expect(integerProblem(ItemCreate.properties.views, 1.5)).toEqual({ problem: 'format' });
    expect(integerProblem(ItemCreate.properties.views, -1)).toEqual({ problem: 'outOfRange' });
  });
});
