/**
 * 责令限期移送 (M4): the supervising bodies of case transfers — the justice bureau and the
 * procuratorate (检察机关和司法行政机关为…监督协调机关) — order a department that should
 * transfer a case and does not to transfer it by a date. The order names the case (by its
 * number, or by its facts when the issuer does not know the number) and the body it must go
 * to; only a transfer of that case to that body — or to the police, the case having turned out
 * criminal — meets it. Past the date the deadline machinery chases it, the district
 * government is asked to discipline the department's head, and a fault finding is recorded (M8).
 *
 *   open ──a transfer meeting it is sent──▶ complied
 */
import { type Result, fail, ok } from '../result';
import type { LocalDate } from '../calendar/calendar';
import type { Directory } from '../organisation';
import type { TransferFacts } from './transfer';

export interface OrderFacts {
  issuerOrgId: number; // 司法局 or 检察院
  toOrgId: number; // the department ordered
  caseRef: string; // the case as the issuer knows it: its number or a description (当事人和案由)
  /**
   * The case by its number, or null when the order knows only its facts: then the department
   * says which of its cases answers the order when it transfers it.
   */
  caseNo: string | null;
  /**
   * The body it must go to. Null only on orders issued before an order named one: the
   * department's declaration decides, as it did then (README, readings).
   */
  receiverOrgId: number | null;
  reason: string;
  limitDate: LocalDate; // 限期
}

interface OrderCommon extends OrderFacts {
  id: number;
  orderNo: string; // ZL-YYYY-NNNNNN
  issuerPersonId: number;
  issuedAt: Date;
}

export type TransferOrder = OrderCommon & ({ state: 'open' } | { state: 'complied'; transferNo: string; compliedAt: Date });

/** What an order asks, as a transfer dialogue keeps it. */
export type OrderTerms = Pick<TransferOrder, 'orderNo' | 'issuerOrgId' | 'toOrgId' | 'caseRef' | 'caseNo' | 'receiverOrgId'>;

/** The transfer as an order sees it: which case, from whom, to whom, on which route, answering which order. */
type Answer = Pick<TransferFacts, 'caseNo' | 'fromOrgId' | 'toOrgId' | 'route' | 'orderNo'>;

export const termsOf = (o: TransferOrder): OrderTerms => ({
  orderNo: o.orderNo, issuerOrgId: o.issuerOrgId, toOrgId: o.toOrgId, caseRef: o.caseRef, caseNo: o.caseNo, receiverOrgId: o.receiverOrgId,
});

/** Whether an order concerns that case: named by number, or — known by its facts — declared by the department. */
export const concernsCase = (o: OrderTerms, x: Pick<Answer, 'caseNo' | 'orderNo'>): boolean =>
  o.caseNo ? o.caseNo === x.caseNo : x.orderNo === o.orderNo;

/** Whether a transfer meets what the order asks, or why not. */
export function meets(o: OrderTerms, x: Answer, dir: Directory): Result<true> {
  if (x.fromOrgId !== o.toOrgId) return fail(`责令移送 ${o.orderNo} 是对${dir.name(o.toOrgId)}作出的。`);
  if (!concernsCase(o, x)) return fail(o.caseNo ? `责令移送 ${o.orderNo} 要求移送的是案件 ${o.caseNo}。` : `本次移送未申明执行责令移送 ${o.orderNo}。`);
  if (o.receiverOrgId != null && x.toOrgId !== o.receiverOrgId && x.route !== 'criminal') {
    return fail(`责令移送 ${o.orderNo} 要求移送至${dir.name(o.receiverOrgId)}（涉嫌犯罪的移送公安机关）。`);
  }
  return ok(true);
}

/** The order met by that transfer; an order known by its facts now knows the case too. */
export function comply(o: TransferOrder, x: Answer & { transferNo: string }, at: Date, dir: Directory): Result<TransferOrder> {
  if (o.state !== 'open') return fail(`责令移送 ${o.orderNo} 已执行（${o.transferNo}）。`);
  const m = meets(o, x, dir);
  if (!m.ok) return m;
  return ok({ ...o, caseNo: o.caseNo ?? x.caseNo, state: 'complied', transferNo: x.transferNo, compliedAt: at });
}
