/** The outbox as a delivery queue (domain port DeliveryQueue) for the dispatcher. */
import { sql } from 'drizzle-orm';
import type { DeliveryQueue } from '../domain/ports';
import type { Db } from './client';
import { accounts, outbox } from './schema';

interface ClaimedRow {
  id: number | string;
  text: string;
  options: string[] | null;
  account_id: number;
  platform: string;
  external_id: string;
  attempts: number;
}

export function deliveryQueue(db: Db): DeliveryQueue {
  const exec = async <T>(q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
  return {
    async claim(platforms, batch, leaseSeconds) {
      if (!platforms.length) return [];
      // SKIP LOCKED: rows another instance is claiming right now are passed over, not waited for.
      const rows = await exec<ClaimedRow>(sql`
        WITH due AS (
          SELECT o.id FROM ${outbox} o JOIN ${accounts} a ON a.id = o.account_id
          WHERE o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= now()
            AND (o.lease_until IS NULL OR o.lease_until < now())
            AND a.platform IN (${sql.join(platforms.map((p) => sql`${p}`), sql`, `)})
          ORDER BY o.id LIMIT ${batch}
          FOR UPDATE OF o SKIP LOCKED)
        UPDATE ${outbox} o SET lease_until = now() + make_interval(secs => ${leaseSeconds}), attempts = o.attempts + 1
        FROM due, ${accounts} a
        WHERE o.id = due.id AND a.id = o.account_id
        RETURNING o.id, o.text, o.options, o.account_id, o.attempts, a.platform, a.external_id`);
      return rows
        .map((r) => ({
          id: Number(r.id),
          accountId: r.account_id,
          platform: r.platform,
          externalId: r.external_id,
          attempts: r.attempts,
          reply: r.options?.length ? { text: r.text, options: r.options } : { text: r.text },
        }))
        .sort((a, b) => a.id - b.id);
    },
    async delivered(id, platform) {
      await db.execute(sql`UPDATE ${outbox} SET delivered_at = now(), channel = ${platform}, lease_until = NULL WHERE id = ${id}`);
    },
    async retry(id, delayMs, error) {
      await db.execute(sql`UPDATE ${outbox} SET lease_until = NULL, last_error = ${error},
        next_attempt_at = now() + make_interval(secs => ${delayMs / 1000}) WHERE id = ${id}`);
    },
    async failed(id, error) {
      await db.execute(sql`UPDATE ${outbox} SET failed_at = now(), lease_until = NULL, last_error = ${error} WHERE id = ${id}`);
    },
  };
}
