import { claimDueSources, releaseLease } from '../repositories/evidence-sources.js';
import { readSource, type EvidenceReader } from '../services/evidence.js';

// Reads the sources that are due, for the per-minute `evidence.read-due` job (issue 14; `jobs.ts`
// beside this file). It claims due sources with a lease — rows another process is claiming are
// skipped, so two API processes running the job never read one source at once, and a process that
// dies mid-read lets go when the lease ends — and reads at most `concurrency` at a time, the
// network outside any transaction.

export interface ReadDueOptions {
  /** Reads at once (the evidence issue asks for 4). */
  concurrency?: number;
  /** How long a claim holds: a process that dies mid-read lets go of its sources after this. */
  leaseMs: number;
  /** Aborts the reads in flight (the process is stopping); their sources are let go at once. */
  signal?: AbortSignal;
  log: { error(payload: object, message: string): void };
}

/**
 * Claims and reads every due source, at most `concurrency` at a time, until none is due.
 * @returns how many were claimed.
 */
export async function readDueSources(reader: EvidenceReader, options: ReadDueOptions): Promise<number> {
  const concurrency = options.concurrency ?? 4;
  const signal = options.signal ?? new AbortController().signal;
  const inFlight = new Set<Promise<void>>();
  let read = 0;

  async function readOne(id: string): Promise<void> {
    try {
      await readSource(reader, id, { kind: 'scheduler' }, { userId: null, signal });
    } catch (error) {
      if (signal.aborted) {
        // Cut short by closing: the next process reads it, without waiting for the lease to end.
        await releaseLease(reader.db, [id]).catch(() => {});
        return;
      }
      // A bug, not the source's fault: logged; the lease keeps it from being retried at once.
      options.log.error({ err: error, sourceId: id }, 'reading an evidence source failed');
    }
  }

  while (!signal.aborted) {
    const free = concurrency - inFlight.size;
    if (free > 0) {
      const now = reader.now();
      const ids = await claimDueSources(reader.db, now, new Date(now.getTime() + options.leaseMs), free);
      for (const id of ids) {
        const reading: Promise<void> = readOne(id).finally(() => inFlight.delete(reading));
        inFlight.add(reading);
      }
      read += ids.length;
      // Nothing more is due: finish what runs and stop until the next run.
      if (ids.length < free && inFlight.size === 0) break;
      if (ids.length < free) {
        await Promise.race(inFlight);
        continue;
      }
    }
    await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return read;
}
