import { randomUUID } from 'node:crypto';

/** The part of JSON Schema (as OpenAPI 3.0 shows TypeBox's schemas) the generator reads. */
export interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

/** A small seeded generator, so that a failing run can be repeated (RITM_FUZZ_SEED). */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }
  next(): number {
    // xorshift32
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state / 2 ** 32;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/**
 * Values that broke or may break an API of this kind: integer and float edges, NUL and lone
 * surrogates, calendar edges and impossible dates, extreme offsets, wrong types, huge strings.
 */
export const NASTY: readonly unknown[] = [
  0, -1, 1.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e21, -1e21, 1e308,
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\uffff', '💥', 'ё'.repeat(600), 'x'.repeat(70_000),
  '0000-01-01', '0001-01-01', '0999-12-31', '9999-12-31', '10000-01-01', '2026-02-30', '2026-13-01', '2026-1-1',
  '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-14:00', '9999-12-31T23:59:59+23:59', '2026-11-20T10:00:00+23:59',
  '2026-11-20T10:00:00-23:59', '2026-11-20T24:00:00Z', '2026-11-20T10:00:00+14:01', '2026-11-20T10:00',
  '1e21', '-0', 'NaN', 'null', 'true', '../../etc/passwd', "'; drop table items; --", '<script>alert(1)</script>',
  '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  null, true, false, [], {}, [null], { a: 1 }, [1, 2, 3],
];

// The pattern \d{4}-\d{2}-\d{2} lets the years 0000 and 9999 through: they are "valid" input.
const DATES = ['2026-11-20', '2026-01-01', '2026-12-31', '2000-01-01', '2100-12-31', '2024-02-29', '0000-01-01', '0001-01-01', '9999-12-01', '9999-12-31', '1000-01-01'];
const OFFSETS = ['Z', '+03:00', '-14:00', '+14:00', '+23:59', '-23:59', '+05:45'];

function date(random: Random): string {
  if (random.chance(0.3)) return random.pick(DATES);
  return `${random.int(2020, 2030)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
}

function instant(random: Random): string {
  return `${date(random)}T${String(random.int(0, 23)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00${random.pick(OFFSETS)}`;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюя ABCXYZ0123456789-_.';

/** Characters a JSON string may hold that PostgreSQL text or jsonb may not. */
const ODD_CHARACTERS = ['\u0000', '\ud800', '\udfff', '\u0001', '\ufffe'];

function text(random: Random, min: number, max: number): string {
  const length = random.chance(0.1) ? max : random.chance(0.1) ? min : random.int(min, Math.min(max, min + 40));
  let out = '';
  for (let i = 0; i < length; i++) out += LETTERS[random.int(0, LETTERS.length - 1)];
  // Within the schema, still: a string of the right length with a NUL or a lone surrogate in it.
  if (out.length > 0 && random.chance(0.08)) {
    const at = random.int(0, out.length - 1);
    out = out.slice(0, at) + random.pick(ODD_CHARACTERS) + out.slice(at + 1);
  }
  return out;
}

/** Nasty values of the same JSON type as `value`: they pass a type check and reach the code behind it. */
function sameTypeNasty(value: unknown, random: Random): unknown {
  const candidates = NASTY.filter((n) => typeof n === typeof value && Array.isArray(n) === Array.isArray(value) && (n === null) === (value === null));
  return candidates.length > 0 ? random.pick(candidates) : random.pick(NASTY);
}

export interface GenerateContext {
  random: Random;
  /** Ids that exist, by the name of the field or parameter they are likely to fill. */
  ids: (name: string) => string[];
}

/** A value the schema accepts, leaning on edges (bounds, nulls, the longest strings). */
export function valid(schema: Schema, context: GenerateContext, name = ''): unknown {
  const { random } = context;
  if (schema.nullable && random.chance(0.1)) return null;
  if (schema.enum) return random.pick(schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return valid(random.pick(branches), context, name);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => valid(part, context, name)));
  switch (schema.type) {
    case 'string':
      return validString(schema, context, name);
    case 'integer':
    case 'number': {
      // Versions that exist: an edit gets past the 409 to the code behind it.
      if (name === 'version' && random.chance(0.6)) return random.int(1, 3);
      const min = schema.minimum ?? (random.chance(0.5) ? 0 : -1000);
      const max = schema.maximum ?? random.pick([100, 10_000, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1, 1e21]);
      const value = random.chance(0.3) ? random.pick([min, max]) : random.int(Math.max(min, -1000), Math.min(max, min + 1000));
      return schema.type === 'number' && random.chance(0.2) ? value / 4 : value;
    }
    case 'boolean':
      return random.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      const items = schema.items ?? {};
      const length = random.int(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, (schema.minItems ?? 0) + 3));
      const out = Array.from({ length }, () => valid(items, context, singular(name)));
      return (schema as { uniqueItems?: boolean }).uniqueItems ? [...new Set(out)] : out;
    }
    case 'object':
    default: {
      if (!schema.properties) return {};
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties)) {
        if (schema.required?.includes(key) || random.chance(0.5)) out[key] = valid(property, context, key);
      }
      return out;
    }
  }
}

function singular(name: string): string {
  return name.endsWith('Ids') ? name.slice(0, -1) : name;
}

function validString(schema: Schema, context: GenerateContext, name: string): string {
  const { random } = context;
  if (schema.format === 'uuid') {
    const known = context.ids(name);
    return known.length > 0 && random.chance(0.85) ? random.pick(known) : randomUUID();
  }
  if (schema.format === 'date') return date(random);
  if (schema.format === 'date-time') return instant(random);
  if (schema.format === 'email') return `${text(random, 1, 10).replace(/[^a-z0-9]/g, '') || 'x'}@fuzz.test`;
  if (schema.format === 'uri' || name === 'url') return random.pick(['https://vk.com/czn', 'https://example.org/a?b=c', 'http://t.me/x']);
  if (schema.pattern) {
    if (schema.pattern.startsWith('^\\d{4}-\\d{2}-\\d{2}(T')) return random.chance(0.5) ? date(random) : instant(random);
    if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return date(random);
    const known = context.ids(name);
    if (known.length > 0 && random.chance(0.7)) return random.pick(known);
    if (typeof schema.example === 'string') return schema.example;
    return 'a';
  }
  const known = context.ids(name);
  if (known.length > 0 && random.chance(0.5)) return random.pick(known);
  return text(random, schema.minLength ?? 0, schema.maxLength ?? 60);
}

/** A valid value with one or two parts replaced by something the schema should refuse or that strains it. */
export function invalid(schema: Schema, context: GenerateContext, name = ''): unknown {
  const { random } = context;
  let value = valid(schema, context, name);
  for (let n = random.int(1, 2); n > 0; n--) value = mutate(value, schema, context);
  return value;
}

function mutate(value: unknown, schema: Schema, context: GenerateContext): unknown {
  const { random } = context;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && random.chance(0.85)) {
    const object = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(schema.properties ?? object);
    const roll = random.next();
    if (roll < 0.1) object[`unknown_${random.int(0, 9)}`] = random.pick(NASTY);
    else if (roll < 0.2 && keys.length > 0) delete object[random.pick(keys)];
    else if (keys.length > 0) {
      const key = random.pick(keys);
      const property = schema.properties?.[key] ?? {};
      const current = key in object ? object[key] : valid(property, context, key);
      object[key] = random.chance(0.3) ? mutate(current, property, context) : random.chance(0.6) ? sameTypeNasty(current, random) : random.pick(NASTY);
    }
    return object;
  }
  if (Array.isArray(value) && value.length > 0 && random.chance(0.7)) {
    const array = [...value];
    array[random.int(0, array.length - 1)] = mutate(array[0], schema.items ?? {}, context);
    return array;
  }
  return random.chance(0.6) ? sameTypeNasty(value, random) : random.pick(NASTY);
}

/** A query or path value as text; a lone surrogate, which encodeURIComponent refuses, as its raw UTF-8 bytes. */
export function encodeParam(value: unknown): string {
  const raw = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  try {
    return encodeURIComponent(raw);
  } catch {
    return raw.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/[^%\w.-]/g, (c) => encodeURIComponent(c));
  }
}
