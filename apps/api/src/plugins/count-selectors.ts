import fp from 'fastify-plugin';
import { COUNTS_SYNC_JOB, syncCountSelectors } from '../services/count-selectors.js';
import { loadOrgContext } from '../services/org-context.js';

/**
 * What changes which items an organisation's norms count (issue 17): its norms and those above
 * it, its channels, its kind, members and place in the tree. After such a write succeeds, and
 * before it is answered, the selectors of the organisations it concerns are brought in step
 * (services/count-selectors.ts), so that the next summary reads maintained counts. One hook for
 * every such route, so that a new one cannot forget it; changes made elsewhere are caught by the
 * `counts.sync` job (every ten minutes), and until then are counted from the items.
 */
const COUNTING_WRITES: readonly { url: RegExp; subtree: boolean }[] = [
  { url: /^\/api\/orgs\/:orgId\/norms(\/|$)/, subtree: true },
  { url: /^\/api\/orgs\/:orgId\/channels(\/|$)/, subtree: false },
  { url: /^\/api\/orgs\/:orgId$/, subtree: true },
];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Organisations whose selectors a request brings in step itself; beyond, the `counts.sync` job does at once. */
const SYNCED_IN_REQUEST = 200;

export default fp(
  async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (!WRITES.has(request.method) || reply.statusCode >= 400) return payload;
      const url = request.routeOptions.url ?? '';
      const write = COUNTING_WRITES.find((w) => w.url.test(url));
      const orgId = (request.params as { orgId?: unknown }).orgId;
      if (write === undefined || typeof orgId !== 'string') return payload;
      try {
        const org = await loadOrgContext(app.database.db, orgId).catch(() => undefined);
        if (org === undefined) return payload;
        // A change at the top of a large tree registers thousands of organisations' history: the job does that, not the request.
        const synced = await syncCountSelectors(app.database.db, org, write.subtree, { atMost: SYNCED_IN_REQUEST });
        if (synced === undefined) await app.jobs.send(COUNTS_SYNC_JOB, {}, { singletonKey: 'all' });
      } catch (error) {
        // The write stands; its organisations are counted from the items until the next sync.
        request.log.error({ err: error, orgId }, 'count selectors could not be brought in step');
      }
      return payload;
    });
  },
  { name: 'count-selectors', dependencies: ['database', 'jobs'] },
);
