import fp from 'fastify-plugin';
import { hasCapability } from '@ritm/domain/access';
import { WITHHELD_IN_ARCHIVE } from '@ritm/domain/org-archive';
import { rolesIn } from '../auth/access.js';
import { conflict } from '../http/errors.js';
import { isInArchive } from '../repositories/orgs.js';

/**
 * What an archive makes read-only (issue 16): the organisation's items (with their attachments
 * and imports), plans, catalogues (a channel's evidence sources too), norms, exemptions, evidence review and its own production-calendar days — the things the domain's
 * `WITHHELD_IN_ARCHIVE` capabilities change — written under `/orgs/:orgId/<segment>`; and (issue
 * 15) its recurring series, materials sent down and the answers to them (place, adapt, decline,
 * their attachments), plan templates (applying one too) and proposals sent up or decided. People's
 * roles and the organisation itself (unarchive, delete) stay open; reads (GET) always do.
 */
const READ_ONLY_IN_ARCHIVE =
  /\/orgs\/:orgId\/(items|plans|channels|audiences|key-messages|norms|exemptions|imports|production-calendar|evidence|series|materials|templates|proposals)(\/|$)/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses every write into an archived organisation, or one below an archived one, with 409
 * `org_archived`, whatever route makes it: one check, so that a new route cannot forget it. It
 * runs after the auth plugin made sure the caller sees the organisation (outside their trees it
 * is 404, and stays so); a caller who could change nothing there anyway hears 403 from the route.
 */
export default fp(
  async (app) => {
    app.addHook('preHandler', async (request) => {
      if (!WRITES.has(request.method) || !READ_ONLY_IN_ARCHIVE.test(request.routeOptions.url ?? '')) return;
      const orgId = (request.params as { orgId?: unknown }).orgId;
      if (typeof orgId !== 'string' || !request.user) return;
      const roles = await rolesIn(app.database.db, request.user, orgId);
      if (!WITHHELD_IN_ARCHIVE.some((capability) => hasCapability(roles, capability))) return;
      if (await isInArchive(app.database.db, orgId)) throw conflict('org_archived', 'orgArchived');
    });
  },
  { name: 'archived-orgs', dependencies: ['database', 'auth'] },
);
