import fp from 'fastify-plugin';
import type { Database } from '../db/connection.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
  }
}

/** Makes the open database available to every plugin and route as `app.database`. */
export default fp<{ database: Database }>(
  async (app, { database }) => {
    app.decorate('database', database);
  },
  { name: 'database' },
);
