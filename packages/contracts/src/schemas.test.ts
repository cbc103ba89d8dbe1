import fs from 'node:fs';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { ErrorBody, LocalDate } from './common.js';
import { ItemAt } from './items.js';

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
});
