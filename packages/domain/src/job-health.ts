/**
 * Why a queue does not move (issue 14), as `/api/health` reports it and `ritm jobs` says it:
 * `waiting`, a due job has waited longer than the threshold; `expired`, a try ran past its
 * expiry; `mail-waiting`, a due mail has waited longer than the threshold; `mail-failed`, a mail
 * failed for good in the last 7 days; `unreadable`, the job store itself could not be read.
 * Each has its words in the API's catalogue (`cli.jobs.stuck.<reason>`), checked by type.
 *
 * @example STUCK_REASONS.includes('mail-failed') // true
 */
export const STUCK_REASONS = ['waiting', 'expired', 'mail-waiting', 'mail-failed', 'unreadable'] as const;
export type StuckReason = (typeof STUCK_REASONS)[number];
