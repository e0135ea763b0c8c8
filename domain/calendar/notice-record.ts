/**
 * An entered holiday notice and its two-person rule (两人核对):
 *
 *   pending ──confirm (another person)──▶ confirmed ──a later notice of the year confirmed──▶ superseded
 *      └──────reject (with a reason)────▶ rejected
 *
 * One person (司法局 staff or an administrator, in chat; or an operator with the file on the
 * server) enters it; it takes effect only when a second one confirms it. The confirmer may
 * not be the person who entered it: a wrong date moves every clock of the year, so no one
 * person can change the calendar alone. A file entered on the server has no person behind
 * it in the system; any 司法局 staff member or administrator may confirm it.
 */
import { type Result, fail, ok } from '../result';
import { formatLocal } from './calendar';
import type { HolidayNotice } from './notice';

/** Who entered it: a person in chat, or an operator with `npm run calendar -- --file`. */
export type Entrant = { via: 'chat'; personId: number } | { via: 'file' };

interface Common {
  id: number;
  year: number;
  notice: HolidayNotice;
  enteredBy: Entrant;
  enteredAt: Date;
}

export type NoticeRecord = Common &
  (
    | { state: 'pending' }
    | { state: 'confirmed'; confirmedBy: number; confirmedAt: Date }
    | { state: 'rejected'; rejectedBy: number; rejectedAt: Date; reason: string }
    | { state: 'superseded'; confirmedBy: number; confirmedAt: Date; supersededAt: Date }
  );

export type PendingNotice = Extract<NoticeRecord, { state: 'pending' }>;
export type ConfirmedNotice = Extract<NoticeRecord, { state: 'confirmed' }>;

export const MAX_REJECT_REASON = 500;

const common = (r: NoticeRecord): Common => ({ id: r.id, year: r.year, notice: r.notice, enteredBy: r.enteredBy, enteredAt: r.enteredAt });

function notPending(r: NoticeRecord): string {
  switch (r.state) {
    case 'confirmed':
      return `${r.year}年节假日安排已于 ${formatLocal(r.confirmedAt)} 确认生效。`;
    case 'rejected':
      return `${r.year}年节假日安排已于 ${formatLocal(r.rejectedAt)} 退回。`;
    case 'superseded':
      return `该${r.year}年节假日安排已被后来确认的安排取代。`;
    case 'pending':
      return `${r.year}年节假日安排待确认。`;
  }
}

/** The second person confirms: never the one who entered it. */
export function confirm(r: NoticeRecord, by: number, at: Date): Result<ConfirmedNotice> {
  if (r.state !== 'pending') return fail(notPending(r));
  if (r.enteredBy.via === 'chat' && r.enteredBy.personId === by) {
    return fail(`两人核对：${r.year}年节假日安排由您录入，须由另一名司法局工作人员或管理员核对确认后才生效。`);
  }
  return ok({ ...common(r), state: 'confirmed', confirmedBy: by, confirmedAt: at });
}

/** Sent back with the reason (the entrant may withdraw their own, too). */
export function reject(r: NoticeRecord, by: number, reason: string, at: Date): Result<NoticeRecord> {
  if (r.state !== 'pending') return fail(notPending(r));
  const text = reason.trim();
  if (!text) return fail('退回须写明理由，如：退回节假日 2027 国庆节日期与通知不符');
  if (text.length > MAX_REJECT_REASON) return fail(`退回理由不能超过 ${MAX_REJECT_REASON} 字。`);
  return ok({ ...common(r), state: 'rejected', rejectedBy: by, rejectedAt: at, reason: text });
}

/** The confirmed notice a newer confirmed one of the same year replaces. */
export function supersede(r: ConfirmedNotice, at: Date): NoticeRecord {
  return { ...r, state: 'superseded', supersededAt: at };
}
