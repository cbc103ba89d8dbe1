import fp from 'fastify-plugin';
import { COUNTS_SYNC_JOB, syncCountSelectors } from '../services/count-selectors.js';
import { findOrgContext } from '../repositories/org-context.js';

/**
 * What changes which items an organisation's norms count (issue 17): its norms and those above
 * it, its channels, its kind, members and place in the tree. After such a write succeeds, and
 * before it is answered, the selectors of the organisations it concerns are brought in step
 * (services/count-selectors.ts), so that the next summary reads maintained counts. One hook for
 * every such route, so that a new one cannot forget it; changes made elsewhere are caught by the
 * `counts.sync` job (every ten minutes), and until then are counted from the items.
 */
const COUNTING_WRITES: readonly { url: RegExp; subtree: boolean; created?: true }[] = [
  { url: /^\/api\/orgs\/:orgId\/norms(\/|$)/, subtree: true },
  { url: /^\/api\/orgs\/:orgId\/channels(\/|$)/, subtree: false },
  { url: /^\/api\/orgs\/:orgId$/, subtree: true },
  // A new organisation: bound by the norms above it from its first item, named by the answer.
  { url: /^\/api\/orgs$/, subtree: false, created: true },
];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Organisations whose selectors a request brings in step itself; beyond, the `counts.sync` job does at once. */
const SYNCED_IN_REQUEST = 200;

// The id in a creation's answer (JSON written by the route's serializer; onSend sees it as text).
function createdId(payload: unknown): string | undefined {
  if (typeof payload !== 'string') return undefined;
  try {
    const { id } = JSON.parse(payload) as { id?: unknown };
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export default fp(
  async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (!WRITES.has(request.method) || reply.statusCode >= 400) return payload;
      const url = request.routeOptions.url ?? '';
      const write = COUNTING_WRITES.find((w) => w.url.test(url));
      if (write === undefined) return payload;
      const orgId = write.created ? createdId(payload) : (request.params as { orgId?: unknown }).orgId;
      if (typeof orgId !== 'string') return payload;
      try {
        // None: the write deleted it, and its selectors went with it.
        const org = await findOrgContext(app.database.db, orgId);
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
