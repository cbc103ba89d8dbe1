import { describe, expect, it } from 'vitest';
import { evidenceFixture, sourceErrorOf } from '../../../test/evidence-server.js';
import type { SourceState, UploadAdapter } from '../adapter.js';
import { readTelegramExport } from './telegram-export.js';

const read = (body: Uint8Array | string, state: SourceState = { username: '@czn_ekb' }) =>
  readTelegramExport(typeof body === 'string' ? Buffer.from(body) : body, { state });

const errorOf = (body: Uint8Array | string) => sourceErrorOf(() => read(body));

const channel = () => JSON.parse(evidenceFixture('telegram/export-channel.json').toString());

describe('readTelegramExport', () => {
  it('is an upload adapter', () => {
    const adapter: UploadAdapter = readTelegramExport;
    expect(adapter(evidenceFixture('telegram/export-channel.json'), { id: 's', type: 'telegram_export', url: null, target: null, token: null, state: {} }).kind).toBe('posts');
  });

  it('reads a channel’s result.json: entity arrays as plain text, service messages left out, media-only posts titled by their media', () => {
    const reading = read(evidenceFixture('telegram/export-channel.json'));
    expect(reading.kind).toBe('posts');
    if (reading.kind !== 'posts') return;
    expect(reading.posts.map((p) => [p.externalId, p.title])).toEqual([
      ['2', 'Ярмарка вакансий 25 ноября'],
      ['4', 'Фото'],
      ['5', 'Видео'],
      ['6', 'Опрос: Удобно ли вам время ярмарки?'],
      ['7', 'Стикер'],
      ['8', 'Итоги месяца: отчёт о работе центра — спасибо всем участникам!'],
      ['9', 'Напоминаем: приём по пятницам до 16:00.'],
    ]);
    expect(reading.posts[0]).toEqual({
      externalId: '2',
      url: 'https://t.me/czn_ekb/2',
      title: 'Ярмарка вакансий 25 ноября',
      text: 'Ярмарка вакансий 25 ноября\nНачало в 11:00, Дом молодёжи. Регистрация: https://czn.example.org/yarmarka #ярмарка',
      // 11:00 in Yekaterinburg, where the export was made: `date_unixtime` is the instant, `date` only a wall clock.
      publishedAt: '2026-11-24T06:00:00.000Z',
      reach: { views: null, likes: null, reposts: null, comments: null },
    });
  });

  it('links posts only when the source knows the channel’s public name', () => {
    const reading = read(evidenceFixture('telegram/export-channel.json'), {});
    expect(reading.kind === 'posts' && reading.posts.every((p) => p.url === null)).toBe(true);
    const named = read(evidenceFixture('telegram/export-channel.json'), { username: 'CZN_Ekb' });
    expect(named.kind === 'posts' && named.posts[1]!.url).toBe('https://t.me/CZN_Ekb/4');
  });

  it('takes views when the export has them, reads `text` when there are no entities, and skips undated messages', () => {
    const json = channel();
    json.messages = [
      { id: 20, type: 'message', date: '2026-11-24T11:00:00', date_unixtime: '1795500000', views: 1520, text: ['Жирный ', { type: 'bold', text: 'текст' }] },
      { id: 21, type: 'message', date: '2026-11-24T12:00:00', text: 'Без date_unixtime: старая выгрузка' },
      { id: 22, type: 'message', date_unixtime: '1795500000', text: '' },
      // A media type this reader does not know is a file, even one named like an object's property.
      { id: 23, type: 'message', date_unixtime: '1795500000', file: 'files/x', media_type: 'constructor', text: '' },
    ];
    const reading = read(JSON.stringify(json));
    expect(reading.kind === 'posts' && reading.posts.map((p) => [p.externalId, p.title, p.reach.views])).toEqual([
      ['20', 'Жирный текст', 1520],
      ['22', 'Публикация', null],
      ['23', 'Файл', null],
    ]);
  });

  it('refuses an export whose posts all lack their instant, rather than reading none', () => {
    const json = channel();
    json.messages = [
      { id: 1, type: 'service', action: 'create_channel', date: '2026-11-01T10:00:00' },
      { id: 2, type: 'message', date: '2026-11-24T11:00:00', text: 'Без date_unixtime' },
      { id: 3, type: 'message', date: '2026-11-24T12:00:00', date_unixtime: 'вчера', text: 'Дата испорчена' },
    ];
    const error = errorOf(JSON.stringify(json));
    expect([error.code, error.params]).toEqual(['wrong_kind', { found: 'no_dates' }]);
    // A channel with no posts yet reads as none.
    json.messages = [json.messages[0]];
    expect(read(JSON.stringify(json))).toEqual({ kind: 'posts', posts: [] });
  });

  it('refuses an export of another kind of chat, or of a whole account, as the wrong kind', () => {
    expect(errorOf(evidenceFixture('telegram/export-personal-chat.json')).params).toEqual({ found: 'personal_chat' });
    expect(errorOf(JSON.stringify({ ...channel(), type: 'private_group' })).params).toEqual({ found: 'private_group' });
    expect(errorOf(JSON.stringify({ ...channel(), type: 'public_supergroup' })).params).toEqual({ found: 'public_supergroup' });
    const full = errorOf(evidenceFixture('telegram/export-full.json'));
    expect([full.code, full.params]).toEqual(['wrong_kind', { found: 'full_export' }]);
    expect(errorOf('[1,2,3]').params).toEqual({ found: 'not_telegram_export' });
    expect(errorOf(evidenceFixture('vk/wall-get.json')).params).toEqual({ found: 'not_telegram_export' });
    expect(errorOf(JSON.stringify({ ...channel(), type: 'private_channel' }).replace('"messages"', '"posts"')).code).toBe('wrong_kind');
    expect(read(JSON.stringify({ ...channel(), type: 'private_channel' })).kind).toBe('posts');
  });

  it('refuses what is not JSON, cut short, or not UTF-8', () => {
    const whole = evidenceFixture('telegram/export-channel.json');
    expect(errorOf(whole.subarray(0, Math.floor(whole.length * 0.7))).params).toMatchObject({ reason: 'truncated' });
    expect(errorOf('{"name": "ЦЗН", "type": }').params).toMatchObject({ reason: 'syntax', line: 1 });
    // A statistics CSV or a PDF sent here is a file of another kind, not a damaged export.
    for (const other of [evidenceFixture('csv/reach-en.csv'), Buffer.from('%PDF-1.7\n'), Buffer.from('\ufeff  Дата;Просмотры\n')]) {
      const error = errorOf(other);
      expect([error.code, error.params]).toEqual(['wrong_kind', { found: 'not_telegram_export' }]);
    }
    expect(errorOf('').code).toBe('malformed');
    expect(read('\ufeff {"name":"ЦЗН","type":"public_channel","messages":[]}')).toEqual({ kind: 'posts', posts: [] });
    const latin = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xcf, 0xf0, 0xe8]), Buffer.from('","type":"public_channel","messages":[]}')]);
    expect(errorOf(latin).params).toEqual({ charset: 'utf-8' });
  });
});
