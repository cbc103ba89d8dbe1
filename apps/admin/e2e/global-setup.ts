import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startServer, type Login } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    login: Login;
    admin: Login;
    demo: boolean;
    chromium: string | null;
  }
}

/** One server for the run, on a fresh database; the journeys share it and use separate browser contexts. */
export default async function setup(project: TestProject) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    const message = `Chromium not found at ${chromium}: install it (apt-get install chromium) or set CHROMIUM_PATH.`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING the end-to-end journeys. ${message}\n${'!'.repeat(78)}\n`);
    project.provide('chromium', null);
    project.provide('baseUrl', '');
    project.provide('login', { email: '', password: '' });
    project.provide('admin', { email: '', password: '' });
    project.provide('demo', false);
    return;
  }
  const server = await startServer();
  project.provide('chromium', chromium);
  project.provide('baseUrl', server.url);
  project.provide('login', server.login);
  project.provide('admin', server.admin);
  project.provide('demo', server.demo);
  return async () => {
    await server.stop();
  };
}
