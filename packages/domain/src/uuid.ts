/** An identifier as Ritm writes them (PostgreSQL's `uuid`): 32 hexadecimal digits in the 8-4-4-4-12 groups, either case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is an identifier PostgreSQL reads as a `uuid` in its canonical form (a value that would fail the cast is never sent). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
