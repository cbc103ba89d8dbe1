import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { Proposal, ProposalAccept, ProposalCreate, ProposalDecline, ProposalList, ProposalListQuery, ProposalParams } from '@ritm/contracts/materials';
import { requireAccess } from '../../auth/access.js';
import { nowOf } from '../../config.js';
import { notFound } from '../../http/errors.js';
import { expectedVersion } from '../../http/version.js';
import { findProposal, listProposals } from '../../repositories/proposals.js';
import { loadOrgContext } from '../../services/org-context.js';
import { acceptProposal, declineProposal, proposeUpwards } from '../../services/proposals.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const answerErrors = { 409: ErrorBody, 428: ErrorBody, ...errors };

// News proposed upwards (issue 15): the proposer writes and reads its outgoing proposals, the
// organisation asked reads its incoming ones and answers each once. Either sees a proposal under
// its own id in the URL; anyone else gets 404.
const proposals: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.post(
    '/orgs/:orgId/proposals',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Propose news to an organisation above (by default the parent), from an item of this organisation or written here',
        params: OrgParams,
        body: ProposalCreate,
        response: { 201: Proposal, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const proposal = await db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId);
        return proposeUpwards(trx, org, request.body, request.user!);
      });
      return reply.code(201).send(proposal);
    },
  );

  app.get(
    '/orgs/:orgId/proposals',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Proposals this organisation made (outgoing, the default) or was asked (incoming), newest first',
        params: OrgParams,
        querystring: ProposalListQuery,
        response: { 200: ProposalList, ...errors },
      },
    },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      return { proposals: await listProposals(db, request.params.orgId, request.query) };
    },
  );

  app.get(
    '/orgs/:orgId/proposals/:proposalId',
    { schema: { tags: ['proposals'], summary: 'One proposal made or asked of this organisation', params: ProposalParams, response: { 200: Proposal, ...errors } } },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const proposal = await findProposal(db, request.params.orgId, request.params.proposalId);
      if (!proposal) throw notFound('proposal');
      return proposal;
    },
  );

  app.post(
    '/orgs/:orgId/proposals/:proposalId/accept',
    {
      schema: {
        tags: ['proposals'],
        summary: "Accept a proposal made to this organisation (versioned, once): an item in its plan on `at`, of `kind`, on `channelIds`",
        params: ProposalParams,
        body: ProposalAccept,
        response: { 200: Proposal, ...answerErrors },
      },
    },
    async (request) => {
      const { orgId, proposalId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const expected = expectedVersion(request);
      const { version: _ignored, ...input } = request.body;
      return db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId, { lock: true });
        const proposal = await incoming(trx, orgId, proposalId);
        const { proposal: answered } = await acceptProposal(trx, org, proposal, input, { expected, actor: request.user!, now: nowOf(app.ritmConfig) });
        return answered;
      });
    },
  );

  app.post(
    '/orgs/:orgId/proposals/:proposalId/decline',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Decline a proposal made to this organisation, saying why (versioned, once)',
        params: ProposalParams,
        body: ProposalDecline,
        response: { 200: Proposal, ...answerErrors },
      },
    },
    async (request) => {
      const { orgId, proposalId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const expected = expectedVersion(request);
      return db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId);
        const proposal = await incoming(trx, orgId, proposalId);
        return declineProposal(trx, org, proposal, request.body.reason, { expected, actor: request.user!, now: nowOf(app.ritmConfig) });
      });
    },
  );

  /** A proposal made to `orgId`, locked for its answer; 404 for one it made or nobody's. */
  async function incoming(trx: Parameters<typeof findProposal>[0], orgId: string, proposalId: string): Promise<Proposal> {
    const proposal = await findProposal(trx, orgId, proposalId, { forUpdate: true });
    if (!proposal || proposal.toOrgId !== orgId) throw notFound('proposal');
    return proposal;
  }
};

export default proposals;
