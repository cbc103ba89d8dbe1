import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDate, Uuid } from '@ritm/contracts/common';
import errorsPlugin from './errors.js';
import validationPlugin from './validation.js';

/*
 * Found by a probe of the API: a format among a union's branches read «must be one of: must be an
 * identifier (a UUID)…, empty», and a list that must hold something «must not have fewer than 1
 * items». Each now reads as a person says it, in both languages.
 */
describe('the words of a validation error', () => {
  const app = Fastify();
  beforeAll(async () => {
    await app.register(errorsPlugin);
    await app.register(validationPlugin);
    const body = Type.Object({
      planId: Type.Optional(Type.Union([Uuid, Type.Null()])),
      until: Type.Optional(Type.Union([LocalDate, Type.Null()])),
      ids: Type.Optional(Type.Array(Uuid, { minItems: 1 })),
      name: Type.Optional(Type.String({ minLength: 1 })),
      code: Type.Optional(Type.String({ minLength: 3 })),
    });
    app.post('/b', { schema: { body } }, async () => ({}));
  });
  afterAll(() => app.close());

  const details = async (payload: object, lang: string) => {
    const response = await app.inject({ method: 'POST', url: '/b', headers: { 'accept-language': lang }, payload });
    expect(response.statusCode, response.body).toBe(400);
    return response.json().error.details as { path: string; message: string }[];
  };

  it('lists a format among the branches of a union as what it is, not as a sentence of its own', async () => {
    expect(await details({ planId: 'x' }, 'en')).toEqual([
      { path: 'body.planId', message: 'must be one of: an identifier (a UUID): 32 hexadecimal digits with hyphens, such as 3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b, empty' },
    ]);
    expect((await details({ until: '2026-02-30' }, 'en'))[0]!.message).toBe('must be one of: a date YYYY-MM-DD from 2000-01-01 to 2100-12-31, empty');
    expect((await details({ until: '2026-02-30' }, 'ru'))[0]!.message).toBe('должно быть одним из: дата ГГГГ-ММ-ДД с 2000-01-01 по 2100-12-31, пустое значение');
  });

  it('says a list or a text that must hold something must not be empty, and other bounds by their number', async () => {
    expect(await details({ ids: [], name: '', code: 'ab' }, 'en')).toEqual([
      { path: 'body.ids', message: 'must not be empty' },
      { path: 'body.name', message: 'must not be empty' },
      { path: 'body.code', message: 'must not have fewer than 3 characters' },
    ]);
    expect((await details({ ids: [] }, 'ru'))[0]!.message).toBe('не должно быть пустым');
  });
});
