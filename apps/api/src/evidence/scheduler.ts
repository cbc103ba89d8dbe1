import { claimDueSources, releaseLease } from '../repositories/evidence-sources.js';
import { readSource, type EvidenceReader } from '../services/evidence.js';

// Reads due sources in the API process until the reminders issue brings a job runner (which will
// call the same `readSource`). Every tick it claims due sources with a lease — rows another process
// is claiming are skipped, so two API processes never read one source at once — and reads at most
// `concurrency` at a time, the network outside any transaction.

export interface SchedulerOptions {
  tickSeconds: number;
  /** Reads at once (the issue asks for 4). */
  concurrency?: number;
  /** How long a claim holds: a process that dies mid-read lets go of its sources after this. */
  leaseMs: number;
  log: { error(payload: object, message: string): void };
}

export interface EvidenceScheduler {
  /** Claims and reads every due source (at most `concurrency` at a time); how many were read. */
  runOnce(): Promise<number>;
  /** Stops ticking, aborts reads in flight and waits for them. */
  stop(): Promise<void>;
}

export function startEvidenceScheduler(reader: EvidenceReader, options: SchedulerOptions): EvidenceScheduler {
  const concurrency = options.concurrency ?? 4;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> | undefined;

  async function readOne(id: string): Promise<void> {
    try {
      await readSource(reader, id, { kind: 'scheduler' }, { userId: null, signal: stopping.signal });
    } catch (error) {
      if (stopping.signal.aborted) {
        // Cut short by closing: the next process reads it, without waiting for the lease to end.
        await releaseLease(reader.db, [id]).catch(() => {});
        return;
      }
      // A bug, not the source's fault: logged; the lease keeps it from being retried at once.
      options.log.error({ err: error, sourceId: id }, 'reading an evidence source failed');
    }
  }

  async function runOnce(): Promise<number> {
    const inFlight = new Set<Promise<void>>();
    let read = 0;
    while (!stopping.signal.aborted) {
      const free = concurrency - inFlight.size;
      if (free > 0) {
        const now = reader.now();
        const ids = await claimDueSources(reader.db, now, new Date(now.getTime() + options.leaseMs), free);
        for (const id of ids) {
          const reading: Promise<void> = readOne(id).finally(() => inFlight.delete(reading));
          inFlight.add(reading);
        }
        read += ids.length;
        // Nothing more is due: finish what runs and stop until the next tick.
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

  const schedule = () => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      current = runOnce()
        .catch((error: unknown) => {
          options.log.error({ err: error }, 'the evidence scheduler could not claim sources');
          return 0;
        })
        .finally(schedule);
    }, options.tickSeconds * 1000);
    timer.unref();
  };
  schedule();

  return {
    runOnce: () => (current = runOnce()),
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await current?.catch(() => {});
    },
  };
}
