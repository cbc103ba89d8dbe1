import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { ComplianceSummary } from '@ritm/contracts/compliance';
import type { DateRange } from '@ritm/domain/local-date';
import type { OrganisationContribution } from '@ritm/domain/rollup';
import type { DB } from '../db/schema.js';
import { inOneSnapshot, judgingInputs, subtreeStamp } from '../repositories/judging-inputs.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { checkDateRange } from '../http/date-range.js';
import { adjustmentMarksOf, judgeContributions, summaryOf, todaysOf, type JudgedWhen } from '../services/compliance.js';
import { adjustedNormRows } from '../repositories/norms.js';
import { bodyBytes, heapBytes, keptBody, StampedMemo, type CacheBudget } from '../services/stamped-memo.js';

declare module 'fastify' {
  interface FastifyInstance {
    complianceCache: ComplianceCache;
  }
}

/**
 * Summaries, and organisations' contributions to them, kept under the stamps of what they were
 * judged from (repositories/judging-inputs.ts). A director's dashboard asks the same question
 * again and again while only a few organisations change: those are judged anew, the rest are
 * reused. Both take from the app's cache budget.
 */
export class ComplianceCache {
  /** Whole subtrees' summaries, as the JSON sent (a megabyte or two for thousands of organisations). */
  readonly summaries: StampedMemo<Buffer>;
  /** One organisation's contribution (counts and three worst rows: about 2 KB in the heap). */
  readonly contributions: StampedMemo<OrganisationContribution>;

  constructor(budget: CacheBudget) {
    this.summaries = new StampedMemo<Buffer>(budget, bodyBytes);
    this.contributions = new StampedMemo<OrganisationContribution>(budget, heapBytes);
  }

  /**
   * The compliance of `root` and every organisation below it as JSON (`encode`, the route's
   * serializer, writes it): given back as it was when nothing in the subtree changed, after one
   * small statement; otherwise only the organisations whose stamp changed are counted and
   * judged again. Everything is read in one snapshot, so a stamp always belongs to what was
   * judged under it.
   */
  async summary(db: Kysely<DB>, root: OrganisationContext, range: DateRange, when: JudgedWhen, encode: (summary: ComplianceSummary) => string): Promise<Buffer> {
    checkDateRange(range);
    return inOneSnapshot(db, async (trx) => {
      const stamp = await subtreeStamp(trx, root);
      const todayOf = todaysOf(when);
      const key = `${root.id}|${range.from}|${range.to}|${stamp.timeZones.map(todayOf).join()}`;
      const again = this.summaries.get(key, stamp.text);
      if (again !== undefined) return again;

      const inputs = await judgingInputs(trx, { root, subtree: true });
      const keyOf = (org: OrganisationContext) => `${org.id}|${range.from}|${range.to}|${todayOf(org.timeZone)}`;
      const contributions = inputs.organisations.map(({ org, stamp }) => this.contributions.get(keyOf(org), stamp));
      const stale = inputs.organisations.filter((_, at) => contributions[at] === undefined);
      if (stale.length > 0) {
        const judged = await judgeContributions(trx, await inputs.load(stale.map(({ org }) => org)), range, todayOf);
        for (const { org, stamp } of stale) this.contributions.set(keyOf(org), stamp, judged.get(org.id)!);
        inputs.organisations.forEach(({ org }, at) => (contributions[at] ??= judged.get(org.id)));
      }
      const orgs = inputs.organisations.map(({ org }) => org);
      const marks = adjustmentMarksOf(orgs, await adjustedNormRows(trx, root));
      const body = keptBody(encode(summaryOf(root, orgs, contributions as OrganisationContribution[], todayOf(root.timeZone), marks)));
      this.summaries.set(key, stamp.text, body);
      return body;
    });
  }
}

/** The compliance cache of the app, as `app.complianceCache`. */
export default fp(
  async (app) => {
    app.decorate('complianceCache', new ComplianceCache(app.cacheBudget));
  },
  { name: 'compliance-cache', dependencies: ['cache-budget'] },
);
