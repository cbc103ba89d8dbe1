import type { DefineJobs } from '../jobs/definitions.js';
import { readDueSources } from './scheduler.js';

/**
 * `evidence.read-due`, every minute: reads the sources due a read (issue 13's schedule, on the job
 * runner since issue 14). Not defined when scheduled reading is off (`RITM_EVIDENCE_TICK_SECONDS=0`).
 * One try: the next minute's run is the retry, and a source that failed keeps its own backoff.
 */
export const defineEvidenceJobs: DefineJobs = (runner, { config, evidence, log }) => {
  if (!config.evidenceFetch) return;
  // A read takes at most the fetch timeout per request; a minute more covers applying it.
  const leaseMs = config.fetchTimeoutMs * 4 + 60_000;
  runner.define({
    name: 'evidence.read-due',
    cron: '* * * * *',
    attempts: 1,
    expireSeconds: 60 * 60,
    handler: async (_data, { signal }) => {
      await readDueSources(evidence, { leaseMs, signal, log });
    },
  });
};
