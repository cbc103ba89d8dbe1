import { describe, expect, it } from 'vitest';
import { isWebUrl, WEB_URL_PATTERN } from './web-url.js';

describe('web addresses', () => {
  it('are http or https, the scheme in any case, without spaces', () => {
    expect(['https://vk.com/czn', 'http://czn.ru/news?id=1', 'HTTPS://CZN.RU', 'Http://x'].every(isWebUrl)).toBe(true);
    expect(['vk.com/czn', 'ftp://czn.ru', 'https://', 'https://czn.ru/a b', ' https://czn.ru', 5].some(isWebUrl)).toBe(false);
  });

  it('are a JSON Schema pattern without flags', () => {
    expect(new RegExp(WEB_URL_PATTERN).test('hTtPs://czn.ru')).toBe(true);
  });
});
