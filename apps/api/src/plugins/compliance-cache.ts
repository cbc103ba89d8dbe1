import fp from 'fastify-plugin';
import type { Kysely, Transaction } from 'kysely';
import type { CompliancePeriodsHead, ComplianceSummaryHead, OrganisationCompliance, OrganisationPeriods } from '@ritm/contracts/compliance';
import { periodsOverlapping } from '@ritm/domain/period';
import type { SummaryGranularity } from '@ritm/domain/period-summary';
import type { DateRange } from '@ritm/domain/local-date';
import type { OrganisationContribution } from '@ritm/domain/rollup';
import type { DB } from '../db/schema.js';
import { inOneSnapshot, judgingInputs, subtreeStamp, type JudgingInput } from '../repositories/judging-inputs.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { checkDateRange } from '../http/date-range.js';
import { adjustmentMarksOf, judgeContributions, summaryParts, todaysOf, type JudgedWhen } from '../services/compliance.js';
import { adjustedNormRows } from '../repositories/norms.js';
import { judgePeriodContributions, periodsParts, type PeriodContribution } from '../services/compliance-periods.js';
import { codingFor, compressed, heapBytes, keptFormBytes, StampedMemo, tagOf, taggedBodyBytes, taggedList, type CacheBudget, type KeptForm, type TaggedBody } from '../services/stamped-memo.js';
import { answerOf, keptFormAnswer, type Answer, type Asked } from '../http/conditional.js';
import { WorkGate } from '../services/work-gate.js';

/**
 * Organisations judged and written out at once by all requests together: a summary of the whole
 * 2,500-organisation tree runs alone, districts' side by side. Measured with `pnpm bench:api
 * --only memory`: six new ranges of the whole tree at once took `ritm serve` to 372 MB resident
 * (a quarter's summary) and 498 MB (its periods week by week); one at a time, 228 and 286 MB.
 */
const ORGANISATIONS_AT_ONCE = 500;

/** A route's serializers of an answer's head and of one of its organisations (http/serialize.ts `serializerOf`). */
export interface Encoders<Head, Organisation> {
  head: (head: Head) => string;
  organisation: (organisation: Organisation) => string;
}

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
  /** Whole subtrees' summaries, as the JSON sent (a megabyte or two for thousands of organisations) and its ETag. */
  readonly summaries: StampedMemo<TaggedBody>;
  /** One organisation's contribution (counts and three worst rows: about 2 KB in the heap). */
  readonly contributions: StampedMemo<OrganisationContribution>;

  /** Subtrees' answers period by period (issue 16), as the JSON sent. */
  readonly periodBodies: StampedMemo<TaggedBody>;
  /** One organisation's part of those answers. */
  readonly periodContributions: StampedMemo<PeriodContribution>;

  /**
   * Answers larger than the whole cache as JSON, kept as the compressed form a client took (by
   * coding), so that asked again in that coding they are sent rather than judged again.
   */
  readonly summaryForms: StampedMemo<KeptForm>;
  readonly periodForms: StampedMemo<KeptForm>;

  constructor(
    budget: CacheBudget,
    private readonly gate: WorkGate = new WorkGate(ORGANISATIONS_AT_ONCE),
  ) {
    this.summaries = new StampedMemo<TaggedBody>(budget, taggedBodyBytes);
    this.contributions = new StampedMemo<OrganisationContribution>(budget, heapBytes);
    this.periodBodies = new StampedMemo<TaggedBody>(budget, taggedBodyBytes);
    this.periodContributions = new StampedMemo<PeriodContribution>(budget, heapBytes);
    this.summaryForms = new StampedMemo<KeptForm>(budget, keptFormBytes);
    this.periodForms = new StampedMemo<KeptForm>(budget, keptFormBytes);
  }

  /**
   * The compliance of `root` and every organisation below it as JSON with its ETag (`encode`: the
   * route's serializers of its head and of one organisation, which write it one organisation at a
   * time), kept under the subtree's stamp (see {@link subtree}), answered as `asked`.
   */
  async summary(
    db: Kysely<DB>,
    root: OrganisationContext,
    range: DateRange,
    when: JudgedWhen,
    encode: Encoders<ComplianceSummaryHead, OrganisationCompliance>,
    asked: Asked,
  ): Promise<Answer> {
    checkDateRange(range);
    const memos = { key: `${range.from}|${range.to}`, bodies: this.summaries, parts: this.contributions, forms: this.summaryForms };
    return this.subtree(
      db,
      root,
      when,
      memos,
      asked,
      (trx, stale, todayOf) => judgeContributions(trx, stale, range, todayOf),
      async (trx, orgs, contributions, todayOf) => {
        const marks = adjustmentMarksOf(orgs, await adjustedNormRows(trx, root));
        const { head, organisations } = summaryParts(root, orgs, contributions, todayOf(root.timeZone), marks);
        return taggedList('organisations', organisations, encode.organisation, encode.head(head));
      },
    );
  }

  /**
   * The compliance of `root` and every organisation below it period by period, with each
   * organisation's profile status (issue 16, the dashboard's heatmap in one request), as JSON;
   * kept and judged again exactly as {@link summary} is, in memos of its own.
   */
  async periods(
    db: Kysely<DB>,
    root: OrganisationContext,
    range: DateRange,
    granularity: SummaryGranularity,
    when: JudgedWhen,
    encode: Encoders<CompliancePeriodsHead, OrganisationPeriods>,
    asked: Asked,
  ): Promise<Answer> {
    checkDateRange(range);
    const columns = periodsOverlapping(range, granularity);
    const memos = { key: `${range.from}|${range.to}|${granularity}`, bodies: this.periodBodies, parts: this.periodContributions, forms: this.periodForms };
    return this.subtree(
      db,
      root,
      when,
      memos,
      asked,
      (trx, stale, todayOf) => judgePeriodContributions(trx, stale, columns, todayOf),
      async (_trx, orgs, contributions, todayOf) => {
        const { head, organisations } = periodsParts(root, orgs, contributions, columns, granularity, todayOf(root.timeZone));
        return taggedList('organisations', organisations, encode.organisation, encode.head(head));
      },
    );
  }

  /**
   * A subtree's answer under its stamp: given back as it was when nothing in the subtree
   * changed, after one small statement; otherwise only the organisations whose stamp changed
   * are judged again (`judge`) and the answer is put together (`build`). Everything is read in
   * one snapshot, so a stamp always belongs to what was judged under it. The answer is given as
   * the client asked (`answerOf`: 304, or compressed) after the snapshot is closed.
   */
  private async subtree<Part>(
    db: Kysely<DB>,
    root: OrganisationContext,
    when: JudgedWhen,
    memos: { key: string; bodies: StampedMemo<TaggedBody>; parts: StampedMemo<Part>; forms: StampedMemo<KeptForm> },
    asked: Asked,
    judge: (trx: Transaction<DB>, stale: JudgingInput[], todayOf: (timeZone: string) => string) => Promise<Map<string, Part>>,
    build: (trx: Transaction<DB>, orgs: OrganisationContext[], parts: Part[], todayOf: (timeZone: string) => string) => Promise<TaggedBody>,
  ): Promise<Answer> {
    const keyOf = (stamp: { timeZones: readonly string[] }, todayOf: (timeZone: string) => string) => `${root.id}|${memos.key}|${stamp.timeZones.map(todayOf).join()}`;
    // What is kept under a subtree's key and stamp: its body, or else the form this client takes
    // of an answer too large to keep as JSON (looked up only then: each look-up hashes the stamp).
    const formKey = (key: string) => `${key}|${asked.coding}`;
    const lookUp = (key: string, stamp: string) => {
      const body = memos.bodies.get(key, stamp);
      const form = body !== undefined || asked.coding === undefined ? undefined : memos.forms.get(formKey(key), stamp);
      return { key, stamp, body, form };
    };
    // Asked again over an unchanged subtree: one small statement, past the gate.
    const kept = await inOneSnapshot(db, async (trx) => {
      const stamp = await subtreeStamp(trx, root);
      return { ...lookUp(keyOf(stamp, todaysOf(when)), stamp.text), size: stamp.organisations };
    });
    // Judging and writing the answer hold memory in proportion to its organisations: the gate
    // keeps what all requests hold at once bounded (issue 17), whatever the mix. It is passed
    // before the snapshot is opened, so a request waiting its turn holds no connection.
    const found =
      kept.body !== undefined || kept.form !== undefined
        ? kept
        : await this.gate.run(kept.size, () =>
            inOneSnapshot(db, async (trx) => {
              const stamp = await subtreeStamp(trx, root);
              const todayOf = todaysOf(when);
              const again = lookUp(keyOf(stamp, todayOf), stamp.text);
              if (again.body !== undefined || again.form !== undefined) return again;
              const { key } = again;
              const inputs = await judgingInputs(trx, { root, subtree: true });
              const partKey = (org: OrganisationContext) => `${org.id}|${memos.key}|${todayOf(org.timeZone)}`;
              const parts = inputs.organisations.map(({ org, stamp }) => memos.parts.get(partKey(org), stamp));
              const stale = inputs.organisations.filter((_, at) => parts[at] === undefined);
              if (stale.length > 0) {
                const judged = await judge(trx, await inputs.load(stale.map(({ org }) => org)), todayOf);
                for (const { org, stamp } of stale) memos.parts.set(partKey(org), stamp, judged.get(org.id)!);
                inputs.organisations.forEach(({ org }, at) => (parts[at] ??= judged.get(org.id)));
              }
              const body = await build(trx, inputs.organisations.map(({ org }) => org), parts as Part[], todayOf);
              memos.bodies.set(key, stamp.text, body);
              return { key, stamp: stamp.text, body, form: undefined };
            }),
          );
    if (found.body === undefined) return keptFormAnswer(found.form!, asked);
    const answer = await answerOf(found.body, asked, memos.bodies, found.key);
    // Not kept as JSON (larger than the cache): kept as the form this client takes, when that
    // fits; made for a 304 too, for a browser holding the answer asks again with its tag each time.
    const coding = codingFor(found.body, asked.coding);
    if (coding !== undefined && !memos.bodies.keeps(found.key, found.body)) {
      const bytes = answer.bytes ?? (await compressed(found.body.bytes, coding));
      memos.forms.set(formKey(found.key), found.stamp, { etag: tagOf(found.body, coding), coding, bytes });
    }
    return answer;
  }
}

/** The compliance cache of the app, as `app.complianceCache`. */
export default fp(
  async (app) => {
    app.decorate('complianceCache', new ComplianceCache(app.cacheBudget));
  },
  { name: 'compliance-cache', dependencies: ['cache-budget'] },
);
