import fp from 'fastify-plugin';
import { CacheBudget } from '../services/stamped-memo.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The bytes the process keeps between requests (RITM_CACHE_MB), shared by every cache. */
    cacheBudget: CacheBudget;
  }
}

/** One budget for every cache of the app: summaries, organisations' contributions, item lists. */
export default fp(
  async (app) => {
    app.decorate('cacheBudget', new CacheBudget(app.ritmConfig.cacheBytes));
  },
  { name: 'cache-budget' },
);
