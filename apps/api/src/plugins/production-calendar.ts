import fp from 'fastify-plugin';
import { syncShippedProductionCalendar } from '../repositories/production-calendar.js';

/**
 * Fills the federal production calendar with the years this release ships, when the app starts
 * (after `ritm serve` migrated the database): a year never written is written, a year nobody
 * edited is brought to the shipped data, an edited year is left alone (issue 16). Idempotent, so
 * several processes starting together do no harm.
 */
export default fp(
  async (app) => {
    app.addHook('onReady', async () => {
      const written = await syncShippedProductionCalendar(app.database.db);
      if (written.length > 0) app.log.info(`production calendar: filled ${written.join(', ')} from the shipped data`);
    });
  },
  { name: 'production-calendar', dependencies: ['database'] },
);
