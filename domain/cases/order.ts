/**
 * 责令限期移送 (M4): the supervising bodies of case transfers — the justice bureau and the
 * procuratorate (检察机关和司法行政机关为…监督协调机关) — order a department that should
 * transfer a case and does not to transfer it by a date. The order is met by a transfer
 * of that case approved and sent; past the date the deadline machinery chases it, the
 * district government is told, and a fault finding is recorded (M8).
 *
 *   open ──a transfer answering it is sent──▶ complied
 */
import { type Result, fail, ok } from '../result';
import type { LocalDate } from '../calendar/calendar';

export interface OrderFacts {
  issuerOrgId: number; // 司法局 or 检察院
  toOrgId: number; // the department ordered
  caseRef: string; // the case as the issuer knows it: a number (AJ-…) or a description
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

export function comply(o: TransferOrder, transferNo: string, at: Date): Result<TransferOrder> {
  if (o.state !== 'open') return fail(`责令移送 ${o.orderNo} 已执行（${o.transferNo}）。`);
  return ok({ ...o, state: 'complied', transferNo, compliedAt: at });
}
