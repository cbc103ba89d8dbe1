import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database in ./data on 127.0.0.1:3000', () => {
    const config = loadConfig({}, '/srv/ritm');
    expect(config).toMatchObject({ databaseUrl: undefined, dataDir: '/srv/ritm/data', port: 3000, host: '127.0.0.1' });
  });

  it("serves the monorepo's built admin unless RITM_ADMIN_DIST says otherwise", () => {
    expect(loadConfig({}, '/srv/ritm').adminDist).toMatch(/apps\/admin\/dist$/);
    expect(loadConfig({ RITM_ADMIN_DIST: 'web' }, '/srv/ritm').adminDist).toBe('/srv/ritm/web');
  });

  it('keeps 32 MB of caches unless RITM_CACHE_MB says otherwise, 0 keeping nothing', () => {
    expect(loadConfig({}).cacheBytes).toBe(32 * 1_048_576);
    expect(loadConfig({ RITM_CACHE_MB: '256' }).cacheBytes).toBe(256 * 1_048_576);
    expect(loadConfig({ RITM_CACHE_MB: '0' }).cacheBytes).toBe(0);
  });

  it('waits 60 s for a database server that is not up yet unless RITM_DB_WAIT_SECONDS says otherwise', () => {
    expect(loadConfig({}).dbWaitSeconds).toBe(60);
    expect(loadConfig({ RITM_DB_WAIT_SECONDS: '0' }).dbWaitSeconds).toBe(0);
  });

  it('reads dashboards and reports from DATABASE_READ_URL only beside a DATABASE_URL, and refuses what is not a postgres URL', () => {
    expect(loadConfig({}).databaseReadUrl).toBeUndefined();
    const both = { DATABASE_URL: 'postgres://ritm@primary/ritm', DATABASE_READ_URL: 'postgresql://ritm@replica/ritm' };
    expect(loadConfig(both).databaseReadUrl).toBe('postgresql://ritm@replica/ritm');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://ritm@primary/ritm', DATABASE_READ_URL: 'mysql://replica' })).toThrowError(/^DATABASE_READ_URL: expected a postgres/);
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://ritm@replica/ritm' })).toThrowError(/^DATABASE_READ_URL: requires DATABASE_URL/);
  });

  it.each([
    ['PORT', 'eighty', /PORT: expected a whole number/],
    ['PORT', '70000', /PORT: expected 0…65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected a postgres/],
    ['DATABASE_URL', 'postgres://u:p@127.0.0.1:99999/db', /^DATABASE_URL: not a valid URL: expected postgres:\/\/user:password@host:5432\/database$/],
    ['DATABASE_URL', 'postgres://u:p@[::1/db', /^DATABASE_URL: not a valid URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of/],
    ['RITM_SECURE_COOKIES', 'maybe', /RITM_SECURE_COOKIES: expected true or false/],
    ['RITM_LOG_FORMAT', 'xml', /RITM_LOG_FORMAT: expected pretty or json/],
    ['RITM_CACHE_MB', '64MB', /RITM_CACHE_MB: expected a whole number/],
    ['RITM_CACHE_MB', '20000', /RITM_CACHE_MB: expected 0…16384/],
    ['RITM_CACHE_MB', '99999999999999999999999', /^RITM_CACHE_MB: expected 0…16384, got 99999999999999999999999$/],
    ['RITM_DB_WAIT_SECONDS', '-1', /RITM_DB_WAIT_SECONDS: expected a whole number/],
    ['RITM_TRUST_PROXY', 'everyone', /RITM_TRUST_PROXY: expected true, false/],
    ['RITM_TRUST_PROXY', '50', /RITM_TRUST_PROXY: expected at most 10/],
  ])('rejects %s=%s naming the variable', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrowError(message);
  });

  it('trusts only the configured proxy hops or addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ RITM_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ RITM_TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ RITM_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ RITM_TRUST_PROXY: '10.0.0.1, 10.0.1.0/24' }).trustProxy).toEqual(['10.0.0.1', '10.0.1.0/24']);
  });

  it('takes the public address for calendar feed URLs without a trailing slash, and refuses what is not one', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ RITM_PUBLIC_URL: 'https://ritm.example.org/' }).publicUrl).toBe('https://ritm.example.org');
    expect(loadConfig({ RITM_PUBLIC_URL: 'https://example.org/ritm/' }).publicUrl).toBe('https://example.org/ritm');
    expect(() => loadConfig({ RITM_PUBLIC_URL: 'ritm.example.org' })).toThrowError('RITM_PUBLIC_URL');
    expect(() => loadConfig({ RITM_PUBLIC_URL: 'ftp://ritm.example.org' })).toThrowError('RITM_PUBLIC_URL');
  });

  it('reads the evidence settings: the key that seals tokens, the fetch limits, the APIs and the schedule', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      secretKey: undefined,
      fetchAllowPrivate: false,
      fetchTimeoutMs: 15_000,
      fetchMaxBytes: 5 * 1_048_576,
      vkApiUrl: 'https://api.vk.com',
      telegramApiUrl: 'https://api.telegram.org',
      evidenceFetch: true,
    });
    const hex = '0123456789abcdef'.repeat(4);
    expect(loadConfig({ RITM_SECRET_KEY: hex }).secretKey).toEqual(Buffer.from(hex, 'hex'));
    expect(loadConfig({ RITM_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') }).secretKey).toEqual(Buffer.alloc(32, 1));
    expect(() => loadConfig({ RITM_SECRET_KEY: 'too short' })).toThrowError(ConfigError);
    expect(() => loadConfig({ RITM_SECRET_KEY: Buffer.alloc(16).toString('base64') })).toThrowError(/^RITM_SECRET_KEY: must be 32 bytes/);
    expect(loadConfig({ RITM_VK_API_URL: 'http://127.0.0.1:8080/', RITM_EVIDENCE_TICK_SECONDS: '0', RITM_FETCH_ALLOW_PRIVATE: 'true' })).toMatchObject({
      vkApiUrl: 'http://127.0.0.1:8080',
      evidenceFetch: false,
      fetchAllowPrivate: true,
    });
    expect(() => loadConfig({ RITM_TELEGRAM_API_URL: 'api.telegram.org' })).toThrowError('RITM_TELEGRAM_API_URL');
    expect(() => loadConfig({ RITM_FETCH_TIMEOUT_MS: '10' })).toThrowError('RITM_FETCH_TIMEOUT_MS');
  });

  // issue 14 — mail
  it('mails nothing without RITM_SMTP_URL, and needs a sender and Ritm’s address with it', () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: undefined, mailFrom: undefined });
    const site = { RITM_PUBLIC_URL: 'https://ritm.example.org' };
    expect(loadConfig({ ...site, RITM_SMTP_URL: 'smtp://ritm:secret@mail.example.org:587', RITM_MAIL_FROM: 'Ритм <ritm@example.org>' })).toMatchObject({
      smtpUrl: 'smtp://ritm:secret@mail.example.org:587',
      mailFrom: 'Ритм <ritm@example.org>',
    });
    expect(loadConfig({ ...site, RITM_SMTP_URL: 'smtps://mail.example.org', RITM_MAIL_FROM: 'ritm@example.org' }).mailFrom).toBe('ritm@example.org');
    expect(() => loadConfig({ ...site, RITM_SMTP_URL: 'smtp://mail.example.org' })).toThrowError(/^RITM_MAIL_FROM: required with RITM_SMTP_URL/);
    // Every mail links into Ritm and carries a one-click unsubscribe link: no mail without the address.
    expect(() => loadConfig({ RITM_SMTP_URL: 'smtp://mail.example.org', RITM_MAIL_FROM: 'ritm@example.org' })).toThrowError(/^RITM_PUBLIC_URL: required with RITM_SMTP_URL/);
    expect(() => loadConfig({ RITM_SMTP_URL: 'smtp://mail.example.org', RITM_MAIL_FROM: 'ritm@example.org', RITM_PUBLIC_URL: ' ' })).toThrowError(/^RITM_PUBLIC_URL: required with RITM_SMTP_URL/);
    expect(() => loadConfig({ RITM_SMTP_URL: 'http://mail.example.org', RITM_MAIL_FROM: 'ritm@example.org' })).toThrowError(/^RITM_SMTP_URL: expected smtp:/);
    // The password in a malformed address is not repeated in the error.
    const malformed = () => loadConfig({ RITM_SMTP_URL: 'mail.example.org:secret', RITM_MAIL_FROM: 'ritm@example.org' });
    expect(malformed).toThrowError(/^RITM_SMTP_URL: expected smtp:/);
    expect(malformed).not.toThrowError(/secret/);
    expect(() => loadConfig({ ...site, RITM_SMTP_URL: 'smtp://mail.example.org', RITM_MAIL_FROM: 'Ритм' })).toThrowError(/^RITM_MAIL_FROM: expected an address/);
  });

  it('reads the job settings: whether this process works jobs, the stuck threshold, pg-boss\'s schema', () => {
    expect(loadConfig({})).toMatchObject({ jobs: true, jobsStuckMinutes: 10, jobsSchema: 'pgboss' });
    expect(loadConfig({ RITM_JOBS: 'off', RITM_JOBS_STUCK_MINUTES: '30', RITM_JOBS_SCHEMA: 'ritm_jobs' })).toMatchObject({ jobs: false, jobsStuckMinutes: 30, jobsSchema: 'ritm_jobs' });
    expect(loadConfig({ RITM_EVIDENCE_TICK_SECONDS: '300' }).evidenceFetch).toBe(true);
    expect(() => loadConfig({ RITM_JOBS: 'sometimes' })).toThrowError('RITM_JOBS');
    expect(() => loadConfig({ RITM_JOBS_STUCK_MINUTES: '0' })).toThrowError('RITM_JOBS_STUCK_MINUTES');
    expect(() => loadConfig({ RITM_JOBS_SCHEMA: 'pg-boss; drop' })).toThrowError('RITM_JOBS_SCHEMA');
  });
});
