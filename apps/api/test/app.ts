import { afterAll, beforeAll } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Database } from '../src/db/connection.js';

/**
 * Configuration for an app under test: nothing read from the developer's environment. The app
 * does not work jobs (scheduled evidence reading, mail, digests) unless a test turns them on (`jobs`).
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent' }, process.cwd()), adminDist: undefined, jobs: false, ...overrides };
}

export async function buildTestApp(database: Database, overrides: Partial<Config> = {}): Promise<App> {
  const app = await buildApp({ config: testConfig(overrides), database });
  await app.ready();
  return app;
}

/** A fresh database and an app over it, for the tests of one `describe` block. */
export interface TestAppContext {
  readonly database: Database;
  readonly app: App;
}

/**
 * Opens a database and builds an app over it before the enclosing block's tests, and closes both
 * after them. Read `app` and `database` inside hooks and tests, once they are open.
 */
export function useTestApp(open: () => Promise<Database>, overrides: Partial<Config> = {}): TestAppContext {
  let database: Database | undefined;
  let app: App | undefined;
  beforeAll(async () => {
    database = await open();
    app = await buildTestApp(database, overrides);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });
  return {
    get database() {
      return opened(database, 'database');
    },
    get app() {
      return opened(app, 'app');
    },
  };
}

/**
 * A second app over the same database with other settings (behind a proxy, say). Registered after
 * `useTestApp`, it is built after that app and, vitest running after-hooks in reverse, closed first.
 */
export function useOtherApp(context: TestAppContext, overrides: Partial<Config> = {}): { readonly app: App } {
  let app: App | undefined;
  beforeAll(async () => {
    app = await buildTestApp(context.database, overrides);
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    get app() {
      return opened(app, 'app');
    },
  };
}

function opened<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the test ${what} is not open: read it inside a hook or a test`);
  return value;
}
