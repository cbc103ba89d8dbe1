import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literalUnion, Uuid } from '@ritm/contracts/common';
import { IMPORT_FIELDS } from '@ritm/domain/exchange';
import { ITEM_STATUSES } from '@ritm/domain/item';
import { EvidenceSourceCreate } from '@ritm/contracts/evidence';
import errorsPlugin from './errors.js';
import validationPlugin from './validation.js';

/*
 * What a client hears of a query it got wrong (found by a probe of the API): a parameter given
 * twice was refused as the wrong type, listing values no one may give («must be one of: text,
 * week, month»); an id that is not one was said to "match format uuid".
 */
describe('query validation', () => {
  const app = Fastify();
  beforeAll(async () => {
    await app.register(errorsPlugin);
    await app.register(validationPlugin);
    const querystring = Type.Object(
      {
        granularity: Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month')])),
        year: Type.Optional(Type.Integer({ minimum: 2000 })),
        share: Type.Optional(Type.Number()),
        channelId: Type.Optional(Uuid),
        tags: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    );
    app.get('/q', { schema: { querystring } }, async (request) => request.query);
    const body = Type.Object({
      channelIds: Type.Array(Uuid),
      planId: Type.Union([Uuid, Type.Null()]),
      links: Type.Optional(Type.Array(Type.Object({ id: Uuid, name: Type.String() }))),
      name: Type.String(),
    });
    app.post('/sources', { schema: { body: EvidenceSourceCreate } }, async () => ({}));
    app.post('/statuses', { schema: { body: Type.Array(Type.Object({ status: literalUnion(ITEM_STATUSES) })) } }, async () => ({}));
    app.post('/status', { schema: { body: Type.Object({ status: literalUnion(ITEM_STATUSES), field: Type.Union([literalUnion(IMPORT_FIELDS), Type.Null()]) }) } }, async () => ({}));
    app.post('/unique', { schema: { body: Type.Object({ channelIds: Type.Array(Uuid, { uniqueItems: true }), ids: Type.Optional(Type.Array(Uuid)) }) } }, async (request) => request.body);
    app.post('/confirm', async () => ({ done: true }));
    app.post('/file', { config: { fileBody: true } }, async (request) => ({ body: request.body }));
    app.post('/b/:orgId', { schema: { body, params: Type.Object({ orgId: Uuid }) } }, async (request) => ({ params: request.params, body: request.body }));
    await app.ready();
  });
  afterAll(() => app.close());

  const details = async (url: string, lang = 'en') => {
    const response = await app.inject({ method: 'GET', url, headers: { 'accept-language': lang } });
    expect(response.statusCode, url).toBe(400);
    return response.json().error.details as { path: string; message: string }[];
  };

  it('names a parameter given more than once, in English and Russian', async () => {
    expect(await details('/q?granularity=week&granularity=month')).toEqual([{ path: 'querystring.granularity', message: 'is given more than once: give it once' }]);
    expect(await details('/q?year=2026&year=2027', 'ru')).toEqual([{ path: 'querystring.year', message: 'указан несколько раз: укажите один' }]);
    // Given twice alike, it is still given twice.
    expect(await details('/q?granularity=week&granularity=week')).toEqual([{ path: 'querystring.granularity', message: 'is given more than once: give it once' }]);
  });

  it('still names every other bad parameter beside it', async () => {
    expect(await details('/q?granularity=week&granularity=month&year=1999')).toEqual([
      { path: 'querystring.granularity', message: 'is given more than once: give it once' },
      { path: 'querystring.year', message: 'must be >= 2000' },
    ]);
  });

  it('takes a parameter given more than once where it takes a list', async () => {
    const response = await app.inject({ method: 'GET', url: '/q?tags=a&tags=b&granularity=week' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ tags: ['a', 'b'], granularity: 'week' });
  });

  it('reads a number only from plain decimal digits', async () => {
    // A fraction written out is no whole number, even of zeros (found by a probe: `year=2026.0`).
    for (const year of ['0x7E8', '%20%202026', '02026', '2026%20', '%2B2026', '2.026e3', '2026.5', '2026.0', '2026.000000']) {
      expect(await details(`/q?year=${year}`), year).toEqual([{ path: 'querystring.year', message: 'must be a whole number' }]);
    }
    expect(await details('/q?year=2026.0', 'ru')).toEqual([{ path: 'querystring.year', message: 'ожидается: целое число' }]);
    const response = await app.inject({ method: 'GET', url: '/q?year=2026' });
    expect(response.json()).toEqual({ year: 2026 });
    // Where a fraction is taken, it is written with a point.
    expect((await app.inject({ method: 'GET', url: '/q?share=0.25' })).json()).toEqual({ share: 0.25 });
    expect((await app.inject({ method: 'GET', url: '/q?share=1.0' })).json()).toEqual({ share: 1 });
  });

  it('takes ids written in capitals as the database writes them, and leaves other text alone', async () => {
    const id = 'F7D41DBC-1A2B-4C3D-8E9F-0A1B2C3D4E5F';
    const response = await app.inject({
      method: 'POST',
      url: `/b/${id}`,
      payload: { channelIds: [id, id.toLowerCase()], planId: id, links: [{ id, name: 'ABC-DEF' }], name: id },
    });
    expect(response.statusCode).toBe(200);
    const lower = id.toLowerCase();
    expect(response.json()).toEqual({ params: { orgId: lower }, body: { channelIds: [lower, lower], planId: lower, links: [{ id: lower, name: 'ABC-DEF' }], name: id } });
  });

  it('refuses one id written in two cases where ids must differ, as it refuses one id written twice', async () => {
    // Found by a probe: `uniqueItems` was checked before ids were lower-cased, so [C, C-upper]
    // passed and its links were written twice (a 500 on the primary key, or stored duplicates).
    const id = 'f7d41dbc-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    for (const [lang, words] of [
      ['en', 'must not have duplicate items'],
      ['ru', 'не должно содержать повторов'],
    ] as const) {
      for (const channelIds of [[id, id.toUpperCase()], [id, id]]) {
        const response = await app.inject({ method: 'POST', url: '/unique', headers: { 'accept-language': lang }, payload: { channelIds } });
        expect(response.statusCode, JSON.stringify(channelIds)).toBe(400);
        expect(response.json().error.details).toEqual([{ path: 'body.channelIds', message: words }]);
      }
    }
    // Where repeats are allowed, both spellings still read as the one id.
    const response = await app.inject({ method: 'POST', url: '/unique', payload: { channelIds: [id.toUpperCase()], ids: [id, id.toUpperCase()] } });
    expect(response.json()).toEqual({ channelIds: [id], ids: [id, id] });
  });

  it('refuses fields sent to a route that declares no body, and takes none or {}', async () => {
    for (const payload of ['{"x":1}', '[]', 'null', '"text"', '0']) {
      const response = await app.inject({ method: 'POST', url: '/confirm', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, payload });
      expect(response.statusCode, payload).toBe(400);
      expect(response.json().error.details).toEqual([{ path: 'body', message: 'this request takes no fields: send it without a body, or with an empty object' }]);
    }
    expect((await app.inject({ method: 'POST', url: '/confirm', payload: { x: 1 } })).json().error.details[0].message).toMatch(/^этот запрос не принимает полей/);
    expect((await app.inject({ method: 'POST', url: '/confirm' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/confirm', payload: {} })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/confirm', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"x":1}' })).statusCode).toBe(400);
    // A route that takes a file reads its body itself, and so does one given another type.
    expect((await app.inject({ method: 'POST', url: '/file', payload: { x: 1 } })).json()).toEqual({ body: { x: 1 } });
    expect((await app.inject({ method: 'POST', url: '/confirm', headers: { 'content-type': 'text/plain' }, payload: 'x' })).statusCode).toBe(200);
  });

  it('names the field of the kind of thing given, of a body that is one of several kinds told apart by its type', async () => {
    // Found by a probe: every mistake in an evidence source was «body: is not valid».
    const post = async (payload: object) => {
      const response = await app.inject({ method: 'POST', url: '/sources', headers: { 'accept-language': 'en' }, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      return (response.json().error.details as { path: string; message: string }[]).map((d) => d.path);
    };
    expect(await post({ type: 'feed', url: 'ftp://example.org/feed' })).toEqual(['body.url']);
    expect(await post({ type: 'feed', url: 'https://example.org/feed', intervalMinutes: 1 })).toEqual(['body.intervalMinutes']);
    expect(await post({ type: 'feed', url: 'https://example.org/feed', colour: 'red' })).toEqual(['body.colour']);
    expect(await post({ type: 'feed' })).toEqual(['body.url']);
    expect(await post({ url: 'https://example.org/feed' })).toEqual(['body.type']);
    const unknown = await app.inject({ method: 'POST', url: '/sources', headers: { 'accept-language': 'en' }, payload: { type: 'fax', url: 'https://example.org' } });
    expect(unknown.json().error.details).toEqual([{ path: 'body.type', message: expect.stringMatching(/^must be one of: feed, /) }]);
  });

  it('lists every value one of many may be, and only values (a probe saw «text, planned, …» cut after eight)', async () => {
    const response = await app.inject({ method: 'POST', url: '/status', headers: { 'accept-language': 'en' }, payload: { status: 5, field: true } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: 'body.status', message: `must be one of: ${ITEM_STATUSES.join(', ')}` },
      { path: 'body.field', message: `must be one of: ${IMPORT_FIELDS.join(', ')}, empty` },
    ]);
  });

  it('never names part of the values: a list the error limit cut says the value is not valid', async () => {
    const response = await app.inject({ method: 'POST', url: '/statuses', headers: { 'accept-language': 'en' }, payload: Array.from({ length: 30 }, () => ({ status: 5 })) });
    expect(response.statusCode).toBe(400);
    const messages = (response.json().error.details as { message: string }[]).map((d) => d.message);
    expect(messages.length).toBeGreaterThan(1);
    for (const text of messages) expect([`must be one of: ${ITEM_STATUSES.join(', ')}`, 'is not valid']).toContain(text);
    expect(messages.at(-1)).toBe('is not valid');
  });

  it('says in words what an id is', async () => {
    expect(await details('/q?channelId=42')).toEqual([
      { path: 'querystring.channelId', message: 'must be an identifier (a UUID): 32 hexadecimal digits with hyphens, such as 3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b' },
    ]);
    expect((await details('/q?channelId=42', 'ru'))[0]!.message).toMatch(/^идентификатор \(UUID\)/);
  });
});
