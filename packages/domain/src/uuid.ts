/** An identifier as Ritm writes them (PostgreSQL's `uuid`): 32 hexadecimal digits in the 8-4-4-4-12 groups, either case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `text` is an identifier PostgreSQL reads as a `uuid` in its canonical form, so that a
 * value that would fail the cast is never sent.
 *
 * @example isUuid('3F0C1A2B-4D5E-4F60-8A7B-9C0D1E2F3A4B') // true
 * @example isUuid('{3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b}') // false
 */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
