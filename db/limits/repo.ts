/**
 * Rate-limit counters over rate-limiter-flexible's drizzle store, in the same database as
 * everything else, so several instances share them.
 *
 * A limiter is made per call over the store's own connection: inside a turn that is the
 * turn's transaction. On PGlite (one connection) a query from outside an open transaction
 * waits for it to end, so a limiter on the database handle, called from inside a turn,
 * would wait for itself; its Postgres store (RateLimiterPostgres) does not speak PGlite's
 * client either. Inside the transaction a taken point also rolls back with a turn that
 * does (a complaint refused by a failure is not counted).
 */
import { lt } from 'drizzle-orm';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import type { LimitKey, RateLimitRepo } from '../../domain/limits';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { rateLimits } from './schema';

export function rateLimitRepo(db: Db): RateLimitRepo {
  const limiter = (k: LimitKey) =>
    new RateLimiterDrizzle({
      storeClient: db, schema: rateLimits, keyPrefix: k.name, points: k.rule.points, duration: k.rule.seconds,
      clearExpiredByTimeout: false, // pruned by the scheduler's daily pass instead of a timer per limiter
    });
  return {
    async take(keys) {
      let wait = 0;
      // In the order given (an account before its address), so two turns lock counters in one order.
      for (const k of keys) {
        try {
          await limiter(k).consume(k.key);
        } catch (e) {
          if (!(e instanceof RateLimiterRes)) throw e;
          wait = Math.max(wait, e.msBeforeNext || 1);
        }
      }
      return wait;
    },
    async wait(keys) {
      let wait = 0;
      for (const k of keys) {
        const res = await limiter(k).get(k.key);
        if (res && res.consumedPoints >= k.rule.points) wait = Math.max(wait, res.msBeforeNext || 1);
      }
      return wait;
    },
    async prune(before) {
      const gone = await db.delete(rateLimits).where(lt(rateLimits.expire, before)).returning({ key: rateLimits.key });
      return gone.length;
    },
  };
}

export const limitStorage = mechanism({
  name: 'limits',
  tables,
  ports: ({ db }) => ({ rateLimits: rateLimitRepo(db) }),
  touches: { rateLimits: { take: [], wait: [], prune: [] } },
});
