import { buildApp, type App } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Database } from '../src/db/connection.js';

/** Configuration for an app under test: nothing read from the developer's environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent' }, process.cwd()), adminDist: undefined, ...overrides };
}

export async function buildTestApp(database: Database, overrides: Partial<Config> = {}): Promise<App> {
  const app = await buildApp({ config: testConfig(overrides), database });
  await app.ready();
  return app;
}
