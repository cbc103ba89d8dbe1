import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Starting an empty embedded PostgreSQL runs initdb, which takes seconds; every test file
 * instead starts from one migrated cluster made here once per run.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const archive = await database.dump!();
  await database.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-test-'));
  const file = path.join(dir, 'template.tar');
  fs.writeFileSync(file, Buffer.from(await archive.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
