import type { Database } from './connection.js';
import { isDatabaseUnavailable } from './unavailable.js';

export interface WaitOptions {
  /** Give up after this long; 0 tries once. */
  seconds: number;
  /** Told of each failed attempt, with the delay before the next. */
  onRetry: (attempt: number, error: unknown, delayMs: number) => void;
  /** First delay; each next one doubles, up to {@link WaitOptions.maxDelayMs}. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Resolves once the database answers. A server started together with the API (a container, a
 * reboot) is often not up yet: an unreachable one is asked again with exponential backoff until
 * `seconds` pass. Anything else (a wrong password, a missing database) fails at once: waiting
 * would not mend it.
 * @throws the last error once the time is up, or the first one that is not an outage.
 */
export async function waitForDatabase(database: Database, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.seconds * 1000;
  let delay = options.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await database.ping();
      return;
    } catch (error) {
      const left = deadline - Date.now();
      if (!isDatabaseUnavailable(error) || left <= 0) throw error;
      const wait = Math.min(delay, left);
      options.onRetry(attempt, error, wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 5_000);
    }
  }
}
