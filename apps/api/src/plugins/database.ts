import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/connection.js';
import type { DB } from '../db/schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    /**
     * Where dashboards and reports read: the streaming replica (DATABASE_READ_URL), falling back to
     * the primary while it cannot be reached; the primary itself when there is no replica. Read-only
     * work that may lag the primary by the replica's replay lag: never a write, a sign-in or access
     * check, or a read that must see the request's own writes.
     */
    readDb: Kysely<DB>;
  }
}

/** Makes the open database available to every plugin and route as `app.database`, and its read side as `app.readDb`. */
export default fp<{ database: Database }>(
  async (app, { database }) => {
    app.decorate('database', database);
    app.decorate('readDb', database.replica?.db ?? database.db);
  },
  { name: 'database' },
);
