import fs from 'node:fs';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, ROLES } from '@ritm/domain/access';
import { ITEM_STATUSES } from '@ritm/domain/item';
import { PLAN_ACTIONS, PLAN_PERIODS, PLAN_STATUSES } from '@ritm/domain/media-plan';
import { isKnownChannelType } from '@ritm/domain/channel';
import { foreignNormFields, NORM_TYPES } from '@ritm/domain/norm';
import { PRESETS } from '@ritm/domain/presets';
import { ORGANISATION_KINDS } from '@ritm/domain/organisation';
import { PERIOD_KINDS } from '@ritm/domain/period';
import { Capability, LoginBody, Role } from './auth.js';
import { ErrorBody, Instant, INT4_MAX, LocalDate, Text, Version } from './common.js';
import { Item, ItemAt, ItemCreate, ItemStatus } from './items.js';
import { NormCreate, NormDefinition, NormKey } from './norms.js';
import { OrganisationKind } from './orgs.js';
import { PlanAction, PlanPeriod, PlanStatus } from './plans.js';
import { VersionQuery } from './version.js';

// Every schema the API validates with and documents must compile; a broken one would only
// surface as a route that fails to register.
const modules = fs
  .readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));

function isSchema(value: unknown): value is object {
  return typeof value === 'object' && value !== null && ('type' in value || 'anyOf' in value || 'allOf' in value);
}

describe('contracts', () => {
  it.each(modules)('%s: every exported schema compiles', async (file) => {
    const exported = (await import(`./${file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
    const schemas = Object.entries(exported).filter(([, value]) => isSchema(value));
    expect(schemas.length).toBeGreaterThan(0);
    for (const [, schema] of schemas) expect(() => Compile(schema as never)).not.toThrow();
  });

  it('takes a local date only when it is a real calendar day', () => {
    const check = Compile(LocalDate);
    expect(check.Check('2026-11-20')).toBe(true);
    expect(check.Check('2024-02-29')).toBe(true);
    for (const bad of ['2026-13-45', '2026-02-30', '20.11.2026', '2026-11-20T10:00:00Z', '']) {
      expect(check.Check(bad), bad).toBe(false);
    }
  });

  it('takes an item time as a local date or an exact instant with its offset', () => {
    const check = Compile(ItemAt);
    for (const good of ['2026-11-20', '2026-11-15T14:30:00Z', '2026-11-20T10:00:00+03:00', '2026-11-20T10:00+10:00']) {
      expect(check.Check(good), good).toBe(true);
    }
    // A time without an offset would be read in whatever zone the server runs in.
    for (const bad of ['2026-11-20T10:00:00', 'tomorrow', '2026-11-20 10:00']) expect(check.Check(bad), bad).toBe(false);
  });

  it('describes errors with a code, a message and field paths', () => {
    const check = Compile(ErrorBody);
    expect(check.Check({ error: { code: 'validation', message: 'Некорректный запрос', details: [{ path: 'body.at', message: 'не дата' }] } })).toBe(true);
    expect(check.Check({ error: { message: 'no code' } })).toBe(false);
  });

  it("builds every vocabulary from the domain's list, in its order", () => {
    const literals = (schema: { anyOf: readonly { const: unknown }[] }) => schema.anyOf.map((branch) => branch.const);
    expect(literals(OrganisationKind)).toEqual(ORGANISATION_KINDS);
    expect(literals(Role)).toEqual(ROLES);
    expect(literals(Capability)).toEqual(CAPABILITIES);
    expect(literals(ItemStatus)).toEqual(ITEM_STATUSES);
    expect(literals(PlanStatus)).toEqual(PLAN_STATUSES);
    expect(literals(PlanPeriod)).toEqual(PLAN_PERIODS);
    expect(literals(PlanAction)).toEqual(PLAN_ACTIONS);
    expect(literals(NormDefinition.properties.type)).toEqual(NORM_TYPES);
    expect(literals(NormDefinition.properties.per)).toEqual(PERIOD_KINDS);
  });

  it("refuses a norm's kinds and channel types spelt otherwise than items' and channels', or repeated; takes every preset's norms", () => {
    const create = Compile(NormCreate);
    const norm = { id: 'pr1', min: 1, per: 'week' };
    expect(create.Check({ ...norm, kinds: ['post'], channelTypes: ['vk', 'pop_up'] })).toBe(true);
    for (const bad of [{ kinds: ['пост'] }, { kinds: ['Post kind!'] }, { kinds: ['post', 'post'] }, { channelTypes: ['VK'] }, { allOf: [['vk'], ['vk', 'vk']] }, { allOf: [['vk'], ['vk']] }]) {
      expect(create.Check({ ...norm, ...bad }), JSON.stringify(bad)).toBe(false);
    }
    for (const preset of PRESETS) {
      for (const presetNorm of preset.norms) {
        expect(create.Check(presetNorm), presetNorm.id).toBe(true);
        expect(foreignNormFields(presetNorm.type, Object.keys(presetNorm)), presetNorm.id).toEqual([]);
        const types = presetNorm.type === 'quantity' ? [] : [...(presetNorm.channelTypes ?? []), ...(presetNorm.type === 'presence' ? (presetNorm.allOf ?? []).flat() : [])];
        expect(types.filter((type) => !isKnownChannelType(type)), presetNorm.id).toEqual([]);
      }
    }
  });

  it("takes an item's web address with the scheme in any case, and a norm key as the domain writes it", () => {
    const url = Compile(Item.properties.url);
    for (const good of ['https://vk.com/czn', 'HTTP://czn.ru/news', null]) expect(url.Check(good), String(good)).toBe(true);
    for (const bad of ['vk.com/czn', 'ftp://czn.ru', 'https://czn.ru/a b', '']) expect(url.Check(bad), bad).toBe(false);
    const key = Compile(NormKey);
    expect(key.Check('social-posts')).toBe(true);
    expect(key.Check('-posts')).toBe(false);
  });

  it('bounds every date by the product range, 2000-01-01 … 2100-12-31', () => {
    const date = Compile(LocalDate);
    for (const good of ['2000-01-01', '2100-12-31']) expect(date.Check(good), good).toBe(true);
    for (const bad of ['0001-01-01', '0000-01-01', '1999-12-31', '2101-01-01', '9999-12-31']) expect(date.Check(bad), bad).toBe(false);
    const at = Compile(ItemAt);
    for (const bad of ['9999-12-31T23:59:59-14:00', '2100-12-31T23:00:00-14:00', '0001-01-01']) expect(at.Check(bad), bad).toBe(false);
  });

  it('takes offsets up to ±14:00 and no further', () => {
    const instant = Compile(Instant);
    const at = Compile(ItemAt);
    for (const good of ['2026-11-20T10:00:00+14:00', '2026-11-20T10:00:00-14:00', '2026-11-20T10:00:00Z']) {
      expect(instant.Check(good), good).toBe(true);
      expect(at.Check(good), good).toBe(true);
    }
    for (const bad of ['2026-11-20T10:00:00+23:59', '2026-11-20T10:00:00+14:01', '2026-11-20T10:00:00-15:00']) {
      expect(instant.Check(bad), bad).toBe(false);
      expect(at.Check(bad), bad).toBe(false);
    }
  });

  it('keeps versions and integers within PostgreSQL int4', () => {
    const version = Compile(Version);
    expect(version.Check(INT4_MAX)).toBe(true);
    for (const bad of [INT4_MAX + 1, 2 ** 31, 1e21, 0]) expect(version.Check(bad), String(bad)).toBe(false);
    expect(Compile(VersionQuery).Check({ version: 1e21 })).toBe(false);
  });

  it('refuses NUL and unpaired surrogates in any text, the login included', () => {
    const text = Compile(Text());
    expect(text.Check('Пресс-релиз 🎉')).toBe(true);
    for (const bad of ['a\u0000b', '\ud800', 'x\udc00', '\udbff\ud800']) expect(text.Check(bad), JSON.stringify(bad)).toBe(false);
    expect(Compile(LoginBody).Check({ email: 'a\u0000@example.org', password: 'secret' })).toBe(false);
    expect(Compile(ItemCreate).Check({ kind: 'post', title: '\ud800', at: '2026-11-20' })).toBe(false);
  });
});
