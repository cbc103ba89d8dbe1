import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { syncShippedProductionCalendar } from '../repositories/production-calendar.js';

/**
 * Fills the federal production calendar with the years this release ships, when the app starts
 * (`ritm serve` migrates the database before it listens): a year never written is written, a year
 * nobody edited is brought to the shipped data, an edited year is left alone (issue 16).
 * Idempotent, so several processes starting together do no harm. An app started while its
 * database is unreachable still starts (it answers 503 until the database is back) and fills
 * the calendar at its next start.
 */
export default fp(
  async (app) => {
    app.addHook('onReady', async () => {
      try {
        const written = await syncShippedProductionCalendar(app.database.db);
        if (written.length > 0) app.log.info(`production calendar: filled ${written.join(', ')} from the shipped data`);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        app.log.warn({ err: error }, 'production calendar: the database is unreachable; the shipped years are filled at the next start');
      }
    });
  },
  { name: 'production-calendar', dependencies: ['database'] },
);
