import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type Compilable, type Dialect, type RawBuilder } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withShapedCompiler } from './shaped-compiler.js';

const dialect: Dialect = {
  createAdapter: () => new PostgresAdapter(),
  createDriver: () => new DummyDriver(),
  createIntrospector: (db) => new PostgresIntrospector(db),
  createQueryCompiler: () => new PostgresQueryCompiler(),
};
// Kysely as it compiles, and the same with texts kept by shape.
const plain = new Kysely<Record<string, { id: string; n: number }>>({ dialect });
const shaped = new Kysely<Record<string, { id: string; n: number }>>({ dialect: withShapedCompiler(dialect) });

/** Kysely with texts kept by shape, over a compiler that counts how often it is asked (`compiled()`). */
function countingKysely() {
  let compiled = 0;
  const db = new Kysely({
    dialect: withShapedCompiler({
      ...dialect,
      createQueryCompiler: () => {
        const compiler = new PostgresQueryCompiler();
        return { compileQuery: (node, queryId) => (compiled++, compiler.compileQuery(node, queryId)) };
      },
    }),
  });
  return Object.assign(db, { compiled: () => compiled });
}

type Values = { a: unknown; b: unknown; c: unknown; list: unknown[]; flag: boolean };
const inner = (v: Values) => sql`inner(${v.b})`;
// Statements whose text depends on their shape only, and ones whose text depends on more.
const statements: Record<string, (v: Values) => RawBuilder<unknown> | Compilable<unknown>> = {
  'a value': (v) => sql`select ${v.a}`,
  'values and a nested template': (v) => sql`select ${v.a}, ${inner(v)} where x = ${v.c}`,
  'a template nested in two places': (v) => sql`${inner(v)} and ${inner(v)} or ${v.a}`,
  'a nested template or a value in one place': (v) => sql`select ${v.flag ? inner(v) : v.b} from t where y = ${v.a}`,
  'an optional part': (v) => sql`select 1 ${v.flag ? sql`and a = ${v.a}` : sql``} where b = ${v.b}`,
  'an array as one value': (v) => sql`select * from t where id = any(${v.list}::uuid[]) and n = ${v.a}`,
  'a join of values': (v) => sql`select ${sql.join(v.list)} , ${v.a}`,
  'a join of templates': (v) => sql`where ${sql.join(v.list.map((x) => sql`x = ${x}`), sql` and `)}`,
  'sql.val': (v) => sql`select ${sql.val(v.a)}`,
  'sql.raw (its text as given)': (v) => sql`select ${sql.raw(String(v.c))}, ${v.a}`,
  'sql.lit (a literal in the text)': (v) => sql`select ${sql.lit(String(v.c))}, ${v.a}`,
  'sql.ref': (v) => sql`select ${sql.ref(`t.${String(v.c)}`)}, ${sql.ref(String(v.c))} where a = ${v.a}`,
  'sql.ref with a schema': (v) => sql`select ${sql.ref(`s.t.${String(v.c)}`)} where a = ${v.a}`,
  'sql.id': (v) => sql`select 1 from ${sql.id(String(v.c))} where a = ${v.a}`,
  'sql.table': (v) => sql`select 1 from ${sql.table(`s.${String(v.c)}`)} where a = ${v.a}`,
  'every column of a table': (v) => sql`select ${sql.ref(`${String(v.c)}.*`)} where a = ${v.a}`,
  'a built query': (v) => plain.selectFrom('t').select('id').where('n', '=', v.a as number),
  'a built query inside a template': (v) => sql`select exists (${plain.selectFrom('t').select('id').where('n', '=', v.a as number)}) and ${v.b}`,
};

const valueSets: Values[] = [
  { a: 1, b: 'x', c: 'col_a', list: ['00000000-0000-0000-0000-000000000001'], flag: true },
  { a: 'два', b: null, c: 'col_b', list: ['00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000003'], flag: false },
  { a: [1, 2], b: true, c: 'col_c', list: [], flag: true },
  { a: 3, b: new Date(0), c: 'col_a', list: ['00000000-0000-0000-0000-000000000004'], flag: false },
];

describe('statements written as SQL text, compiled once per shape', () => {
  it('give the text and values Kysely gives, statement after statement, whatever values and shapes follow', () => {
    // Every statement with every set of values, twice over and interleaved: the later ones meet texts kept by the earlier.
    for (let round = 0; round < 2; round++) {
      for (const values of valueSets) {
        for (const [name, build] of Object.entries(statements)) {
          const expected = build(values).compile(plain);
          const got = build(values).compile(shaped);
          expect({ name, sql: got.sql, parameters: got.parameters }).toEqual({ name, sql: expected.sql, parameters: expected.parameters });
        }
      }
    }
  });

  it('tell apart shapes of one template whose texts differ only by what sits where', () => {
    const f = (a: unknown, b: unknown) => sql`f(${a}, ${b})`;
    const x = (a: unknown) => sql`x(${a})`;
    const compiled = [f(x(1), 2), f(2, x(1)), f(x(x(1)), 2), f(x(1), x(2)), f(1, 2), f(sql.ref('a.b'), 2), f(sql.ref('a.c'), 2), f(sql.ref('b'), 2), f(2, sql.ref('b'))];
    expect(compiled.map((s) => s.compile(shaped).sql)).toEqual([
      'f(x($1), $2)',
      'f($1, x($2))',
      'f(x(x($1)), $2)',
      'f(x($1), x($2))',
      'f($1, $2)',
      'f("a"."b", $1)',
      'f("a"."c", $1)',
      'f("b", $1)',
      'f($1, "b")',
    ]);
  });

  it('compile a shape once: later statements of it only gather their values', () => {
    const counting = countingKysely();
    for (const values of [...valueSets, ...valueSets]) statements['values and a nested template']!(values).compile(counting);
    expect(counting.compiled()).toBe(1);
    // Texts that depend on more than their shape are compiled each time.
    for (const values of valueSets) statements['sql.raw (its text as given)']!(values).compile(counting);
    expect(counting.compiled()).toBe(1 + valueSets.length);
  });

  it('keep a bounded number of shapes: past it, statements are compiled each time, as right as before', () => {
    const counting = countingKysely();
    // A join of n values has a shape of its own, 2n steps long: 300 of them are 90,000 steps.
    const joined = (n: number) => sql`select ${sql.join(Array.from({ length: n }, (_, i) => i))}`;
    for (let n = 1; n <= 300; n++) expect(joined(n).compile(counting).sql).toBe(joined(n).compile(plain).sql);
    expect(counting.compiled()).toBe(300);
    const compiledBefore = counting.compiled();
    expect(joined(1).compile(counting).parameters).toEqual([0]);
    expect(counting.compiled()).toBe(compiledBefore);
    expect(joined(300).compile(counting).sql).toBe(joined(300).compile(plain).sql);
    expect(counting.compiled()).toBe(compiledBefore + 1);
  });

  it('take no steps for statements that cannot be kept, however many', () => {
    const counting = countingKysely();
    // Joins of 300 lengths, each followed by a text given as it is: 90,000 steps had they been spelt.
    for (let n = 1; n <= 300; n++) sql`select ${sql.join(Array.from({ length: n }, (_, i) => i))}, ${sql.raw('1')}`.compile(counting);
    expect(counting.compiled()).toBe(300);
    const fresh = (a: number) => sql`select ${a} + 1`;
    expect(fresh(1).compile(counting).parameters).toEqual([1]);
    expect(fresh(2).compile(counting).parameters).toEqual([2]);
    expect(counting.compiled()).toBe(301);
  });

  it('keep the values of one statement apart from the next, the text shared', () => {
    const read = (id: string, day: string) => sql`select ${id}::uuid where d = ${day}`.compile(shaped);
    const first = read('00000000-0000-0000-0000-00000000000a', '2026-11-01');
    const second = read('00000000-0000-0000-0000-00000000000b', '2026-11-02');
    expect(second.sql).toBe(first.sql);
    expect(first.parameters).toEqual(['00000000-0000-0000-0000-00000000000a', '2026-11-01']);
    expect(second.parameters).toEqual(['00000000-0000-0000-0000-00000000000b', '2026-11-02']);
  });
});
