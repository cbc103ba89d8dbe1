import fp from 'fastify-plugin';
import { createEvidenceReader } from '../evidence/registry.js';
import type { EvidenceReader } from '../services/evidence.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Reads evidence sources (issue 13): the adapters, limits, key and clock, for the routes and the `evidence.read-due` job. */
    evidence: EvidenceReader;
  }
}

/**
 * Decorates the app with the evidence reader. Scheduled reading is a job (`evidence/jobs.ts`),
 * run by the job runner (`plugins/jobs.ts`), which aborts and awaits reads in flight on close.
 */
export default fp(
  async (app) => {
    app.decorate('evidence', createEvidenceReader(app.ritmConfig, app.database.db));
  },
  { name: 'evidence', dependencies: ['database'] },
);
