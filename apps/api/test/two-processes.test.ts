import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { buildTestApp } from './app.js';
import { testDatabases } from './databases.js';
import { addPost, dashboardPaths, readAll, scaleNow, seedTree, type ScaleTree } from './scale-scenario.js';

// Issue 17, beyond one machine: the API keeps nothing a second process would not have. Two apps
// on one PostgreSQL schema, each with its own pool and its own caches (summaries, periods, item
// lists) as two `ritm serve` processes have, answer every dashboard byte for byte alike — before
// and after a write through either; a cache warmed in one process never hides the other's write
// (caches are keyed by stamps read from the database). Nothing is normalised: no answer carries
// anything of the process that made it. Sessions live in the database: one sign-in serves both.
const postgres = testDatabases().find((target) => target.name === 'postgres');

describe.runIf(postgres)('two API processes on one PostgreSQL database', () => {
  let first: Database;
  let second: Database;
  let a: App;
  let b: App;
  let tree: ScaleTree;
  let paths: string[];

  beforeAll(async () => {
    first = await postgres!.open();
    // The second process's own pool on the same schema, as `ritm serve` elsewhere would open it.
    second = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, schema: first.schema!, poolSize: 5 });
    a = await buildTestApp(first, { now: scaleNow });
    b = await buildTestApp(second, { now: scaleNow });
    tree = await seedTree(first, a, 'admin@two-processes.test');
    paths = dashboardPaths(tree);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await second?.close();
    await first?.close();
  });

  const bothAlike = async () => {
    const [fromA, fromB] = [await readAll(a, tree, paths), await readAll(b, tree, paths)];
    for (const path of paths) expect(fromB[path], path).toEqual(fromA[path]);
    return fromA;
  };

  it('answer the summary, periods, compliance, suggestions and items alike, and both see a write through either at once', async () => {
    const before = await bothAlike();
    // Warm caches in both, then a write through one: the other must not answer from its cache.
    // Two posts in a week meet the weekly norm of two: the summary's counts change.
    for (const day of ['2026-11-11', '2026-11-12']) await addPost(a, tree, tree.centreIds[1]!, day);
    const afterA = await bothAlike();
    for (const day of ['2026-11-16', '2026-11-17']) await addPost(b, tree, tree.centreIds[0]!, day);
    const afterB = await bothAlike();
    const summary = paths[0]!;
    const items = paths[4]!;
    expect(afterA[summary]!.body).not.toBe(before[summary]!.body);
    expect(afterB[summary]!.body).not.toBe(afterA[summary]!.body);
    expect(afterB[items]!.body).not.toBe(afterA[items]!.body);
    expect(JSON.parse(afterB[items]!.body).items.map((item: { title: string }) => item.title)).toContain('Пост 2026-11-17');
  });
});
