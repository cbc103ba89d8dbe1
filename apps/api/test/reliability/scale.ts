/**
 * How much each part of the reliability suite does: `full` by default (`pnpm test:reliability`),
 * `short` when RITM_RELIABILITY=short (CI).
 */
export const SHORT = process.env.RITM_RELIABILITY === 'short';

export function scale<T>(full: T, short: T): T {
  return SHORT ? short : full;
}

/** One line of figures, easy to find in the output and to copy into the README. */
export function report(part: string, figures: Record<string, unknown>): void {
  console.info(`[reliability] ${part} (${SHORT ? 'short' : 'full'}): ${JSON.stringify(figures)}`);
}
