import fp from 'fastify-plugin';
import { createEvidenceReader } from '../evidence/registry.js';
import { startEvidenceScheduler, type EvidenceScheduler } from '../evidence/scheduler.js';
import type { EvidenceReader } from '../services/evidence.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Reads evidence sources (issue 13): the adapters, limits, key and clock, for the routes and the scheduler. */
    evidence: EvidenceReader;
  }
}

/**
 * Decorates the app with the evidence reader and, unless `RITM_EVIDENCE_TICK_SECONDS=0`, runs the
 * scheduler from the moment the app is ready until it closes (reads in flight are aborted and
 * awaited, so the database closes after them).
 */
export default fp(
  async (app) => {
    const config = app.ritmConfig;
    const reader = createEvidenceReader(config, app.database.db);
    app.decorate('evidence', reader);
    if (config.evidenceTickSeconds === 0) return;
    let scheduler: EvidenceScheduler | undefined;
    app.addHook('onReady', async () => {
      scheduler = startEvidenceScheduler(reader, {
        tickSeconds: config.evidenceTickSeconds,
        // A read takes at most the fetch timeout per request; a minute more covers applying it.
        leaseMs: config.fetchTimeoutMs * 4 + 60_000,
        log: app.log,
      });
    });
    app.addHook('onClose', async () => {
      await scheduler?.stop();
    });
  },
  { name: 'evidence', dependencies: ['database'] },
);
