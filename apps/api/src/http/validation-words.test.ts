import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TValidationError } from 'typebox/error';
import { patternMessage, render, renderDetails, validationDetails } from './messages.js';

const contractsDir = fileURLToPath(new URL('../../../../packages/contracts/src/', import.meta.url));
const modules = readdirSync(contractsDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

/** Every `pattern` any schema of the contracts declares, at any depth. */
async function contractPatterns(): Promise<Set<string>> {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const pattern = (value as { pattern?: unknown }).pattern;
    if (typeof pattern === 'string') found.add(pattern);
    for (const child of Object.values(value)) walk(child);
  };
  for (const name of modules) walk(await import(`@ritm/contracts/${name.replace(/\.ts$/, '')}`));
  return found;
}

const error = (keyword: string, params: Record<string, unknown>, instancePath: string, schemaPath: string): TValidationError =>
  ({ keyword, params, instancePath, schemaPath, message: '' }) as unknown as TValidationError;

describe('what a validation error says', () => {
  it('says in words what every pattern of the contracts expects, never the regular expression', async () => {
    const patterns = await contractPatterns();
    expect(patterns.size).toBeGreaterThan(5);
    for (const pattern of patterns) {
      for (const lang of ['ru', 'en'] as const) {
        const text = render(patternMessage(pattern), lang);
        expect(text, pattern).not.toBe(render({ key: 'fieldPatternUnknown' }, lang));
        expect(text, pattern).not.toContain(pattern);
        expect(text).not.toMatch(/[\^$\\]/);
      }
    }
    expect(render(patternMessage('^[a-z][a-z0-9_]{0,39}$'), 'ru')).toBe('ожидается: латинские строчные буквы, цифры и _, начиная с буквы');
  });

  it('names types in words, not as JSON Schema spells them (no "null", no "string")', () => {
    const details = validationDetails('body', [
      error('type', { type: 'string' }, '/url/0', '#/properties/url/anyOf/0'),
      error('type', { type: 'null' }, '/url', '#/properties/url/anyOf/1'),
      error('anyOf', {}, '/url', '#/properties/url'),
      error('type', { type: 'integer' }, '/priority', '#/properties/priority'),
    ]);
    expect(renderDetails(details, 'ru')).toEqual([
      { path: 'body.url', message: 'должно быть одним из: текст, пустое значение' },
      { path: 'body.priority', message: 'ожидается: целое число' },
    ]);
    expect(renderDetails(details, 'en')).toEqual([
      { path: 'body.url', message: 'must be one of: text, empty' },
      { path: 'body.priority', message: 'must be a whole number' },
    ]);
  });

  it("tells a bad link in a nullable field by the link's own rule, not «not valid»", () => {
    const details = validationDetails('body', [
      error('pattern', { pattern: '^[Hh][Tt][Tt][Pp][Ss]?://\\S+$' }, '/url', '#/properties/url/anyOf/0'),
      error('type', { type: 'null' }, '/url', '#/properties/url/anyOf/1'),
      error('anyOf', {}, '/url', '#/properties/url'),
    ]);
    expect(renderDetails(details, 'ru')).toEqual([{ path: 'body.url', message: 'ожидается: адрес, начинающийся с http:// или https://' }]);
  });
});
