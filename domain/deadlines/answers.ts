/**
 * The clocks of answers one body owes another (issue 14): a party's answer to a
 * coordination opinion (M2), the reply to a 信息查询 (M5, M15 三), to a township's 执法协助
 * letter (M15 五), to a complaint's 协助调查 request (M3), and the result of an accepted
 * complaint (M3, M15 二). Each is a row in `deadlines`, opened when the answer becomes owed
 * and met by the answer; the limits are in rules.ts. Their subjects are named here, once,
 * for the chat layer that opens and meets them and for the start-up step that gives
 * records of an older release their clocks (db/answer-clocks.ts).
 */
import type { DeadlineKind, Subject } from './deadline';

export const ANSWER_KINDS = ['dispute-response', 'info-request-reply', 'assistance-reply', 'complaint-assist', 'complaint-resolve'] as const satisfies readonly DeadlineKind[];
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export const disputeSubject = (no: string): Subject => ({ type: 'dispute', id: no });
export const infoRequestSubject = (no: string): Subject => ({ type: 'info-request', id: no });
export const assistanceSubject = (no: string): Subject => ({ type: 'assistance', id: no });
export const complaintSubject = (trackingNo: string): Subject => ({ type: 'complaint', id: trackingNo });

/** The nth 协助调查 request of a complaint: `TS-2026-000001`, then `TS-2026-000001#2` … */
export const complaintAssistSubject = (trackingNo: string, round: number): Subject => ({
  type: 'complaint-assist',
  id: round <= 1 ? trackingNo : `${trackingNo}#${round}`,
});

/** `TS-2026-000001#2` → the tracking number and the round. */
export function parseAssistSubject(id: string): { trackingNo: string; round: number } {
  const [trackingNo, round] = id.split('#');
  return { trackingNo: trackingNo!, round: round ? Number(round) : 1 };
}
