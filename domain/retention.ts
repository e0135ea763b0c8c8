/**
 * How long the delivery bookkeeping is kept. Neither table is a record of the plan — the
 * ledgers (complaint and case events, deadlines, findings, 干预记录) are, and they are kept —
 * but both grow with every message, so they are pruned once a day.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Processed platform message ids (deliveries), with the replies a redelivery gets. Far
 * beyond any redelivery: Telegram keeps an unconfirmed update for 24 hours, WeCom retries
 * within seconds, a web client retries its Idempotency-Key at once.
 */
export const DELIVERIES_KEPT_DAYS = 30;

/** Notifications delivered or given up on; waiting ones are kept however old. */
export const SETTLED_OUTBOX_KEPT_DAYS = 90;

/** Files sent but never attached to a record (a form left unsubmitted), and blobs no file names (issue 17). */
export const UNATTACHED_FILES_KEPT_DAYS = 1;

export interface RetentionCutoffs {
  deliveriesBefore: Date;
  outboxSettledBefore: Date;
  unattachedFilesBefore: Date;
}

export function retentionCutoffs(now: Date): RetentionCutoffs {
  return {
    deliveriesBefore: new Date(now.getTime() - DELIVERIES_KEPT_DAYS * DAY_MS),
    outboxSettledBefore: new Date(now.getTime() - SETTLED_OUTBOX_KEPT_DAYS * DAY_MS),
    unattachedFilesBefore: new Date(now.getTime() - UNATTACHED_FILES_KEPT_DAYS * DAY_MS),
  };
}
