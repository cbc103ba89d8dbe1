import { describe, expect, it } from 'vitest';
import { fetchedUrlProblem, isWebUrl, WEB_URL_PATTERN } from './web-url.js';

describe('web addresses', () => {
  it('are http or https, the scheme in any case, without spaces', () => {
    expect(['https://vk.com/czn', 'http://czn.ru/news?id=1', 'HTTPS://CZN.RU', 'Http://x'].every(isWebUrl)).toBe(true);
    expect(['vk.com/czn', 'ftp://czn.ru', 'https://', 'https://czn.ru/a b', ' https://czn.ru', 5].some(isWebUrl)).toBe(false);
  });

  it('are a JSON Schema pattern without flags', () => {
    expect(new RegExp(WEB_URL_PATTERN).test('hTtPs://czn.ru')).toBe(true);
  });
});

describe('an address Ritm reads itself', () => {
  it('is one a URL parser reads, without a user name or password', () => {
    expect(fetchedUrlProblem('https://example.org/feed?page=1')).toBeUndefined();
    expect(fetchedUrlProblem('HTTP://example.org:8080/rss')).toBeUndefined();
    for (const secret of ['https://user:secret@example.org/feed', 'https://user@example.org/', 'http://:pw@example.org/']) expect(fetchedUrlProblem(secret), secret).toBe('credentials');
    for (const broken of ['http://[', 'https://exa mple.org', 'ftp://example.org', 'http://example.org:99999/']) expect(fetchedUrlProblem(broken), broken).toBe('not_a_url');
  });
});
