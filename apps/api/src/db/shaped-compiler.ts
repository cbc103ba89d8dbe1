import type { CompiledQuery, Dialect, OperationNode, QueryCompiler, QueryId, RawNode, ReferenceNode, RootOperationNode, ValueNode } from 'kysely';

/*
 * Statements written as SQL text (Kysely's `sql` tag), compiled once per shape. Kysely compiles
 * every statement anew: for a `sql` statement that is its fragments appended one by one into a
 * new text of a few kilobytes, which the prepared pool (db/prepared-pool.ts) then hashes again to
 * find its name. The API's hottest statement, the caller read with a list asked for afresh, is
 * such a text, run on every request (`pnpm bench:api --only items`). Its text depends only on its
 * shape: which templates, nested how, with a parameter where. So the text is kept by shape, and
 * a statement of a known shape only has its values gathered, in the order Kysely numbers them.
 */

/** Ids of the `sql` templates met: a template literal's strings are one object per place in the code. */
const templateIds = new WeakMap<readonly string[], number>();
let nextTemplateId = 0;

// What a shape is spelt in besides templates' ids (0, 1, …) and column references' names.
const VALUE = -1;
const REFERENCE = -2;
const NO_TABLE = -3;
// `sql.join` and `sql.val`: parameters side by side, no text of their own, told apart by their number.
const joined = (fragments: number) => -4 - fragments;
const isEmpty = (fragment: string) => fragment === '';

/**
 * Shapes met, as a tree spelt by their nodes, depth first: each `sql` node by its template's id
 * then its parameters, a value by VALUE, a column reference by REFERENCE and its names. A node's
 * token says how many parameters follow (a template's fragments are one more than its
 * parameters; a join's number is in its token), so no spelling is the start of another. Where
 * the tree has a text, its statements are that text. Looked up by small numbers, without a key
 * made for each statement.
 */
class Shape {
  text: string | undefined = undefined;
  // The first spelling met on from here, and a map only where spellings part: most never do.
  token: number | string | undefined = undefined;
  next: Shape | undefined = undefined;
  others: Map<number | string, Shape> | undefined = undefined;
}

/**
 * Texts kept, bounded by their length and by the steps of the spellings kept: a statement
 * joining a list of values has a shape per length. A million characters is 1–2 MB, 20,000 steps
 * about 1 MB (a few hundred statements of up to a hundred steps; up to 1.7 MB for a tree that
 * parts at every step); past either, new shapes are compiled each time as before. The bounds are
 * per Kysely instance: a process with a read replica keeps twice as much.
 */
const KEPT_CHARACTERS = 1_000_000;
const KEPT_STEPS = 20_000;

class ShapedCompiler implements QueryCompiler {
  readonly #shapes = new Shape();
  #characters = 0;
  #spelt = 0;

  constructor(private readonly inner: QueryCompiler) {}

  compileQuery(node: RootOperationNode, queryId: QueryId): CompiledQuery {
    if (node.kind !== 'RawNode') return this.inner.compileQuery(node, queryId);
    const values: unknown[] = [];
    const shape = this.#spell(node, values, this.#shapes, false);
    // Frozen as Kysely freezes what it compiles: the statement, not its values.
    if (shape?.text !== undefined) return Object.freeze({ query: node, queryId, sql: shape.text, parameters: values });
    const compiled = this.inner.compileQuery(node, queryId);
    // A shape met for the first time is spelt into the tree now, and only one that can be kept:
    // a statement that cannot takes no steps.
    if (shape !== null && this.#characters + compiled.sql.length <= KEPT_CHARACTERS && (shape !== undefined || this.#spelt < KEPT_STEPS)) {
      const kept = shape ?? this.#spell(node, [], this.#shapes, true);
      if (kept) {
        kept.text = compiled.sql;
        this.#characters += compiled.sql.length;
      }
    }
    return compiled;
  }

  /**
   * Follows `node`'s spelling down from `at` (adding the steps missing when `grow`, while fewer
   * than KEPT_STEPS are kept), its values pushed onto `values` in the order Kysely numbers its
   * placeholders ($1, $2, …: fragments and parameters in order, depth first): the shape reached,
   * undefined when a step is missing, or null when its text depends on more than its shape and
   * its column references, which is compiled as Kysely always does: a text given as it is
   * (`sql.raw`), a literal (`sql.lit`), an identifier (`sql.id`, `sql.table`), any other node (a
   * built query), or a template whose strings a plugin copied (none is used).
   */
  #spell(node: OperationNode, values: unknown[], at: Shape | undefined, grow: boolean): Shape | undefined | null {
    switch (node.kind) {
      case 'ValueNode': {
        const value = node as ValueNode;
        if (value.immediate === true) return null;
        values.push(value.value);
        return this.#step(at, VALUE, grow);
      }
      case 'ReferenceNode': {
        // `sql.ref('alias.column')`: its text is its names, written in the code.
        const { table, column } = node as ReferenceNode;
        if (column.kind !== 'ColumnNode' || table?.table.schema !== undefined) return null;
        const named = this.#step(this.#step(at, REFERENCE, grow), table === undefined ? NO_TABLE : table.table.identifier.name, grow);
        return this.#step(named, column.column.name, grow);
      }
      case 'RawNode': {
        const { sqlFragments: fragments, parameters } = node as RawNode;
        let token: number;
        if (Object.hasOwn(fragments, 'raw')) {
          let id = templateIds.get(fragments);
          if (id === undefined) templateIds.set(fragments, (id = nextTemplateId++));
          token = id;
        } else if (fragments.every(isEmpty)) token = joined(fragments.length);
        else return null;
        // Walked to the end even past a missing step: a part further on may make it a statement that cannot be kept.
        let next = this.#step(at, token, grow);
        for (let i = 0; i < parameters.length; i++) {
          const reached = this.#spell(parameters[i]!, values, next, grow);
          if (reached === null) return null;
          next = reached;
        }
        return next;
      }
      default:
        return null;
    }
  }

  #step(at: Shape | undefined, token: number | string, grow: boolean): Shape | undefined {
    if (at === undefined) return undefined;
    if (at.token === token) return at.next;
    let next = at.others?.get(token);
    if (next === undefined && grow && this.#spelt < KEPT_STEPS) {
      next = new Shape();
      if (at.next === undefined) {
        at.token = token;
        at.next = next;
      } else (at.others ??= new Map()).set(token, next);
      this.#spelt++;
    }
    return next;
  }
}

/** `dialect`, with its statements written as SQL text compiled once per shape (see above). */
export function withShapedCompiler(dialect: Dialect): Dialect {
  return {
    createDriver: () => dialect.createDriver(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => new ShapedCompiler(dialect.createQueryCompiler()),
  };
}
