import { describe, expect, it } from 'vitest';
import { isReportJobPending, REPORT_FILE_KEPT_DAYS, reportFileExpiry } from './report-jobs.js';

describe('reports prepared in the background', () => {
  it('are kept a week after they were asked for', () => {
    expect(REPORT_FILE_KEPT_DAYS).toBe(7);
    expect(reportFileExpiry(new Date('2026-11-26T10:00:00Z')).toISOString()).toBe('2026-12-03T10:00:00.000Z');
    // Whole days of 24 hours: a clock change in some zone does not move the instant.
    expect(reportFileExpiry(new Date('2026-03-27T23:30:00Z')).toISOString()).toBe('2026-04-03T23:30:00.000Z');
  });

  it('are pending while queued or running, and done once ready or failed', () => {
    expect(isReportJobPending('queued')).toBe(true);
    expect(isReportJobPending('running')).toBe(true);
    expect(isReportJobPending('ready')).toBe(false);
    expect(isReportJobPending('failed')).toBe(false);
  });
});
