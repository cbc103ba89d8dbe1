import { i18n } from '../i18n.js';

// A form checks a field with the contract's own schema (the JSON Schema TypeBox builds), so the
// admin never carries a copy of a pattern or a limit: `ItemCreate.properties.url`, `NormKey`…

/** The parts of a JSON-schema field a form checks; `anyOf` holds `T | null`. */
export interface FieldSchema {
  type?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  anyOf?: readonly FieldSchema[];
}

/** What is wrong with a value: too short (for a required text, empty), too long, the wrong shape, out of range. */
export type FieldProblem = { problem: 'required' } | { problem: 'tooLong'; max: number } | { problem: 'format' } | { problem: 'outOfRange' };

function branch(schema: FieldSchema, type: string): FieldSchema | undefined {
  return schema.type === type ? schema : schema.anyOf?.find((s) => s.type === type);
}

/**
 * Checks a text against a contract's string field.
 *
 * @example textProblem(ItemCreate.properties.url, 'ftp://x') // { problem: 'format' }
 */
export function textProblem(schema: unknown, value: string): FieldProblem | null {
  const s = branch(schema as FieldSchema, 'string');
  if (!s) return null;
  if (s.minLength !== undefined && value.length < s.minLength) return { problem: 'required' };
  if (s.maxLength !== undefined && value.length > s.maxLength) return { problem: 'tooLong', max: s.maxLength };
  if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) return { problem: 'format' };
  return null;
}

/** Checks a number against a contract's integer field. */
export function integerProblem(schema: unknown, value: number): FieldProblem | null {
  const s = branch(schema as FieldSchema, 'integer');
  if (!s) return null;
  if (!Number.isInteger(value)) return { problem: 'format' };
  if ((s.minimum !== undefined && value < s.minimum) || (s.maximum !== undefined && value > s.maximum)) return { problem: 'outOfRange' };
  return null;
}

/** A problem in the UI language; `format` names the message for a value of the wrong shape. */
export function problemText(problem: FieldProblem | null, format: string): string | undefined {
  const { t } = i18n.global;
  if (!problem) return undefined;
  if (problem.problem === 'required') return t('item.required');
  if (problem.problem === 'tooLong') return t('item.tooLong', { max: problem.max });
  return t(format);
}
