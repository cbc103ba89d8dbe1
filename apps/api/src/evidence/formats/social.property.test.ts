import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../source-error.js';
import { readReachCsv } from './reach-csv.js';
import { socialPost } from './social-post.js';
import { readTelegramUpdates } from './telegram-bot.js';
import { readTelegramExport } from './telegram-export.js';
import { readVkWall } from './vk.js';

// Whatever a third party sends, a reader answers posts or a SourceError the editor can act on:
// anything else thrown is a 500 and a source stuck failing without a word.

let postsSeen = 0;

/** Runs a reader; true when it answered or threw a SourceError. */
function answersOrSourceError(read: () => unknown): boolean {
  try {
    const answer = read() as { posts?: { title: unknown }[] };
    for (const post of answer.posts ?? []) expect(typeof post.title === 'string' && post.title !== '').toBe(true);
    postsSeen += answer.posts?.length ?? 0;
    return true;
  } catch (error) {
    if (error instanceof SourceError) return true;
    throw error;
  }
}

// JSON has no undefined: a top-level one is sent as nothing at all.
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value) ?? '');
/** JSON shaped like each API's answers, with any values where the fields are. */
const loose = fc.anything({ maxDepth: 3, withNullPrototype: false });
/** A field that is usually of the documented type, sometimes anything. */
const num = fc.oneof(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), loose);
/**
 * A post's date: usually a moment within the product's range (2000–2100), which readers keep,
 * sometimes any number or anything, which they leave out. Drawn from `num` alone, three dates in
 * four fell outside the range, and a run of 500 answers could hold no post to check.
 */
const date = fc.oneof(fc.integer({ min: 946_684_800, max: 4_102_444_799 }), num);
const str = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('constructor', '__proto__', 'toString', 'photo', 'poll', 'video_file'), loose);
const vkAnswers = fc.oneof(
  loose,
  fc.record({ response: fc.record({ count: loose, items: fc.array(fc.oneof(loose, fc.record({ id: num, owner_id: num, date, text: str, copy_history: fc.oneof(loose, fc.array(fc.record({ text: str, attachments: loose }))), attachments: fc.oneof(loose, fc.array(fc.record({ type: str, poll: loose }))), views: fc.oneof(loose, fc.record({ count: num })) }))) }) }),
  fc.record({ error: fc.record({ error_code: loose, error_msg: loose }) }),
);
const telegramAnswers = fc.oneof(
  loose,
  fc.record({ ok: fc.constant(true), result: fc.array(fc.record({ update_id: num, channel_post: fc.oneof(loose, fc.record({ message_id: num, date, chat: fc.oneof(loose, fc.record({ id: num, username: fc.oneof(fc.constant('czn_ekb'), str) })), text: str, photo: loose, poll: loose })) })) }),
  fc.record({ ok: fc.constant(false), error_code: loose, description: loose, parameters: loose }),
);
const exports = fc.oneof(
  loose,
  fc.record({ type: fc.constantFrom('public_channel', 'private_channel'), messages: fc.array(fc.oneof(loose, fc.record({ id: num, type: fc.constant('message'), date_unixtime: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }).map(String), loose), text: fc.oneof(str, fc.array(fc.oneof(str, fc.record({ type: str, text: str })))), text_entities: loose, views: num, media_type: str }))) }),
);

describe('social readers on anything', () => {
  it('VK: posts or a SourceError', () => {
    postsSeen = 0;
    fc.assert(fc.property(vkAnswers, (answer) => answersOrSourceError(() => readVkWall(bytes(answer)))), { numRuns: 500 });
    expect(postsSeen).toBeGreaterThan(0);
  });

  it('Telegram Bot API: posts or a SourceError, whatever the status', () => {
    postsSeen = 0;
    fc.assert(fc.property(telegramAnswers, fc.constantFrom(200, 401, 429, 500), (answer, status) => answersOrSourceError(() => readTelegramUpdates(status, bytes(answer), '@czn_ekb'))), { numRuns: 500 });
    expect(postsSeen).toBeGreaterThan(0);
  });

  it('Telegram export: posts or a SourceError', () => {
    postsSeen = 0;
    fc.assert(fc.property(exports, (answer) => answersOrSourceError(() => readTelegramExport(bytes(answer), { state: { username: 'czn_ekb' } }))), { numRuns: 500 });
    expect(postsSeen).toBeGreaterThan(0);
  });

  it('statistics CSV: rows or a SourceError, for any bytes and any text', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (body) => answersOrSourceError(() => readReachCsv(body))), { numRuns: 300 });
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('2026-11-24', '24.11.2026', 'https://vk.com/wall-1_2', '1 234', '"1,234"', '-', ''));
    const csv = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }).map((rows) => ['Дата;Ссылка;Просмотры;Лайки', ...rows.map((r) => r.join(';'))].join('\n'));
    fc.assert(fc.property(csv, (text) => answersOrSourceError(() => readReachCsv(Buffer.from(text)))), { numRuns: 300 });
  });

  it('a post’s title is one line of at most 300 characters, its text at most 10,000', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12_000, unit: fc.constantFrom('a', ' ', '\n', 'я', '😀', '\r', '\u00a0') }), (text) => {
        const post = socialPost({ externalId: '1', url: null, text, publishedAt: '2026-11-24T06:00:00.000Z', reach: { views: null, likes: null, reposts: null, comments: null } });
        return post.title.length <= 300 && !post.title.includes('\n') && post.title !== '' && post.text.length <= 10_000;
      }),
      { numRuns: 200 },
    );
    expect(socialPost({ externalId: '1', url: null, text: 'x'.repeat(400), publishedAt: '2026-11-24T06:00:00.000Z', reach: { views: null, likes: null, reposts: null, comments: null } }).title).toHaveLength(300);
  });
});
