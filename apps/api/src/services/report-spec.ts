import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { ReportSpec } from '@ritm/domain/report-jobs';
import type { DB } from '../db/schema.js';
import { message, render, type Language, type Message } from '../http/messages.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { annualReviewFile, complianceReportFile, dateText } from './report-files.js';
import { checkReportRange, writeAnnualReview, writeComplianceReport } from './reports.js';

/*
 * One report as asked for, whichever way it is delivered: streamed onto a response
 * (routes/reports), built by a background job into a stored file (services/report-jobs.ts), or
 * written by `ritm report`. All three name, check and write it here, so they cannot drift.
 */

export type { ReportSpec };

/** Refuses what no delivery can build (a range backwards or over a year). @throws 400 */
export function checkReportSpec(spec: ReportSpec): void {
  if (spec.kind === 'compliance') checkReportRange({ from: spec.from, to: spec.to });
}

/** The file's name: `compliance-2026-10-01-2026-12-31.xlsx`, `annual-review-2026.pdf`. */
export function reportFileName(spec: ReportSpec): string {
  const base = spec.kind === 'compliance' ? `compliance-${spec.from}-${spec.to}` : `annual-review-${spec.year}`;
  return `${base}.${spec.format}`;
}

/** What the report is, as a person reads it in `lang` (a job's list, the «report ready» notice). */
export function reportTitle(spec: ReportSpec, lang: Language): string {
  const msg: Message =
    spec.kind === 'compliance'
      ? message('reportJob.title.compliance', { from: dateText(spec.from, lang), to: dateText(spec.to, lang) })
      : message('report.annual.title', { year: spec.year });
  return render(msg, lang);
}

/**
 * Writes the report of `root` and its subtree onto `out`: an XLSX as organisations are judged, a
 * PDF at the end (refused with 413 over its bound before anything is written).
 */
export async function writeReport(db: Kysely<DB>, root: OrganisationContext, spec: ReportSpec, now: Date, out: Writable): Promise<void> {
  const target = { rootName: root.name, lang: spec.lang, out };
  const when = { asOf: spec.asOf, now };
  if (spec.kind === 'compliance') {
    const range = { from: spec.from, to: spec.to };
    await writeComplianceReport(db, root, range, when, complianceReportFile(spec.format, target, range));
  } else {
    await writeAnnualReview(db, root, spec.year, when, annualReviewFile(spec.format, target, spec.year));
  }
}

/** A file's bytes, kept until the document is done (a PDF cannot stream; a job stores the whole file). */
class Collected extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk);
    done();
  }
}

/**
 * The whole report's bytes. `signal` stops the build part-way (the job's process is stopping): the
 * file being written is broken off, so the writer fails at its next write.
 */
export async function reportBytes(db: Kysely<DB>, root: OrganisationContext, spec: ReportSpec, now: Date, signal?: AbortSignal): Promise<Buffer> {
  signal?.throwIfAborted();
  const out = new Collected();
  const stop = () => out.destroy(signal?.reason instanceof Error ? signal.reason : new Error('stopped'));
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await writeReport(db, root, spec, now, out);
    await finished(out);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  signal?.throwIfAborted();
  return Buffer.concat(out.chunks);
}
