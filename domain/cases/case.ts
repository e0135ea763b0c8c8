/**
 * 行政执法案件 — an enforcement case of one body, as far as the plan follows it: who the
 * parties are (M10), the evidence confirmations (M13), transfers (M4, M15 一) and closure.
 * The lifecycle is a discriminated union on `status`:
 *
 *   open ──submit transfer──▶ transferring ──receiver accepts──▶ open (at the receiver)
 *    │ ▲                         │  └──police accept──▶ with-police ──outcome──▶ open | closed
 *    │ └──refused / returned ────┘
 *    └──close (evidence complete)──▶ closed
 *
 * While open, the body may record that the case is another body's (管辖, M15 一 「发现违法行为
 * 属于…管辖的」): that finding starts the transfer clock between township and district.
 */
import { type LocalDate, formatLocal } from '../calendar/calendar';
import { type Result, fail, ok } from '../result';
import { type EvidenceItem, evidenceComplete } from './evidence';
import type { Party } from './party';

export const MAX_CASE_TEXT = { summary: 1000, legalBasis: 500, outcome: 1000, decisionNo: 100 } as const;

export interface CaseFacts {
  summary: string; // 案由及基本事实
  legalBasis: string; // 法律依据
  amount: number | null; // 涉案金额（元）
  discoveredAt: Date; // 发现违法行为的时间
  discoveredOn: LocalDate; // … and its local date (the day the 3-working-day clock starts from)
  parties: Party[];
  /** Found to be another body's (发现属于对方管辖); null while the holder takes it as its own. */
  jurisdiction: Jurisdiction | null;
}

/**
 * 发现属于对方管辖: the body the case belongs to and when that was found — the start of the
 * 3-working-day (24-hour if urgent) clock between township and district. Recorded at 立案
 * (found = the discovery of the violation) or later, when the holder finds it out (found = then).
 */
export interface Jurisdiction {
  orgId: number;
  foundAt: Date;
  /** 情况紧急: 24 hours (township ↔ district only). */
  urgent: boolean;
}

/** Why a case ended. */
export type CaseOutcome =
  | { kind: 'penalty'; decisionNo: string; summary: string } // 作出行政处罚决定
  | { kind: 'no-penalty'; summary: string } // 不予处罚、撤销立案等
  | { kind: 'criminal'; summary: string; decisionNo: string | null }; // 已追究刑事责任 (with the penalty decided before the transfer, if any)

export const OUTCOME_LABEL: Record<CaseOutcome['kind'], string> = {
  penalty: '作出行政处罚决定',
  'no-penalty': '不予行政处罚',
  criminal: '已依法追究刑事责任',
};

interface CaseCommon extends CaseFacts {
  id: number;
  caseNo: string; // AJ-YYYY-NNNNNN
  orgId: number; // the body that holds the case now
  officerPersonId: number; // 承办人
  registeredAt: Date;
  evidence: Array<EvidenceItem & { no: number }>;
}

export type EnforcementCase = CaseCommon &
  (
    | { status: 'open' }
    | { status: 'transferring'; transferNo: string }
    | { status: 'with-police'; transferNo: string; decisionNo: string | null }
    | { status: 'closed'; closedAt: Date; outcome: CaseOutcome }
  );

export type CaseStatus = EnforcementCase['status'];

export const CASE_STATUS_LABEL: Record<CaseStatus, string> = {
  open: '办理中',
  transferring: '移送中',
  'with-police': '已移送公安机关，待刑事处理结果',
  closed: '已办结',
};

type Open = Extract<EnforcementCase, { status: 'open' }>;

function base(c: EnforcementCase): CaseCommon {
  const { status: _s, ...rest } = c as EnforcementCase & Record<string, unknown>;
  delete rest.transferNo;
  delete rest.decisionNo;
  delete rest.closedAt;
  delete rest.outcome;
  return rest as unknown as CaseCommon;
}

export function canTransfer(c: EnforcementCase): Result<Open> {
  switch (c.status) {
    case 'open': {
      const ev = evidenceComplete(c.evidence, '移送');
      return ev.ok ? ok(c) : ev;
    }
    case 'transferring':
      return fail(`案件 ${c.caseNo} 已在移送中（${c.transferNo}），请等待审批或接收。`);
    case 'with-police':
      return fail(`案件 ${c.caseNo} 已移送公安机关，待刑事处理结果。`);
    case 'closed':
      return fail(`案件 ${c.caseNo} 已办结，不能移送。`);
  }
}

export function canClose(c: EnforcementCase): Result<Open> {
  if (c.status !== 'open') return c.status === 'closed' ? fail(`案件 ${c.caseNo} 已经办结。`) : fail(`案件 ${c.caseNo} ${CASE_STATUS_LABEL[c.status]}，不能办结。`);
  const ev = evidenceComplete(c.evidence, '办结');
  return ev.ok ? ok(c) : ev;
}

/** Submits a transfer; `found`: the finding of jurisdiction this transfer is the first record of (M15 一). */
export function startTransfer(c: EnforcementCase, transferNo: string, found?: Jurisdiction): Result<EnforcementCase> {
  const allowed = canTransfer(c);
  return allowed.ok ? ok({ ...allowed.value, ...(found ? { jurisdiction: found } : {}), status: 'transferring', transferNo }) : allowed;
}

/** The transfer did not go (head refused, receiver returned): the case is the sender's again. */
export function transferBack(c: EnforcementCase, transferNo: string): Result<EnforcementCase> {
  if (c.status !== 'transferring' || c.transferNo !== transferNo) return fail(`案件 ${c.caseNo} 不在移送 ${transferNo} 中。`);
  return ok({ ...base(c), status: 'open' });
}

/** The receiving body accepted: it holds the case now, its officer handles it (the sender's finding of jurisdiction is spent). */
export function handOver(c: EnforcementCase, transferNo: string, toOrgId: number, officerPersonId: number): Result<EnforcementCase> {
  if (c.status !== 'transferring' || c.transferNo !== transferNo) return fail(`案件 ${c.caseNo} 不在移送 ${transferNo} 中。`);
  return ok({ ...base(c), status: 'open', orgId: toOrgId, officerPersonId, jurisdiction: null });
}

/** Records that the case is another body's (管辖); once — a later finding does not move the clock. */
export function findJurisdiction(c: EnforcementCase, j: Jurisdiction): Result<EnforcementCase> {
  if (c.status !== 'open') return fail(`案件 ${c.caseNo} ${CASE_STATUS_LABEL[c.status]}，不能再认定管辖。`);
  if (j.orgId === c.orgId) return fail('该单位即本单位，无需认定；属本单位管辖的案件照常办理。');
  if (c.jurisdiction) return fail(`案件 ${c.caseNo} 已于 ${formatLocal(c.jurisdiction.foundAt)} 认定属其他单位管辖，请发送“移送 ${c.caseNo}”移送。`);
  return ok({ ...c, jurisdiction: j });
}

/** The police accepted a criminal transfer; the department waits for the outcome. */
export function toPolice(c: EnforcementCase, transferNo: string, decisionNo: string | null): Result<EnforcementCase> {
  if (c.status !== 'transferring' || c.transferNo !== transferNo) return fail(`案件 ${c.caseNo} 不在移送 ${transferNo} 中。`);
  return ok({ ...base(c), status: 'with-police', transferNo, decisionNo });
}

/**
 * 刑事处理结果 (M4): when criminal liability is pursued the case ends; when it is not
 * (不予立案、撤销案件、不起诉、无罪、免于刑事处罚) the department decides on an
 * administrative penalty — unless it had already made one, which then stands.
 */
export function criminalOutcome(c: EnforcementCase, pursued: boolean, summary: string, at: Date): Result<EnforcementCase> {
  if (c.status !== 'with-police') return fail(`案件 ${c.caseNo} 不在等待刑事处理结果。`);
  if (pursued) return ok({ ...base(c), status: 'closed', closedAt: at, outcome: { kind: 'criminal', summary, decisionNo: c.decisionNo } });
  if (c.decisionNo) return ok({ ...base(c), status: 'closed', closedAt: at, outcome: { kind: 'penalty', decisionNo: c.decisionNo, summary } });
  return ok({ ...base(c), status: 'open' });
}

export function close(c: EnforcementCase, outcome: CaseOutcome, at: Date): Result<EnforcementCase> {
  const allowed = canClose(c);
  if (!allowed.ok) return allowed;
  if (outcome.summary.trim().length < 4) return fail('办结情况太短，请写明处理结果。');
  if (outcome.kind === 'penalty' && !outcome.decisionNo.trim()) return fail('请填写行政处罚决定书文号。');
  return ok({ ...allowed.value, status: 'closed', closedAt: at, outcome });
}

/**
 * The administrative penalty decision a closed case ended with (M10 「依法受到行政处罚」), on
 * every path: closed with a penalty, or a penalty decided before a criminal transfer that stands
 * whatever the criminal outcome.
 */
export function penaltyDecision(c: EnforcementCase): string | null {
  if (c.status !== 'closed') return null;
  if (c.outcome.kind === 'penalty') return c.outcome.decisionNo;
  return c.outcome.kind === 'criminal' ? c.outcome.decisionNo : null;
}

/** Evidence is recorded by the body holding the case while it is in its hands (办理中). */
export function addEvidence(c: EnforcementCase, item: EvidenceItem): Result<EnforcementCase> {
  if (c.status !== 'open') return fail(`案件 ${c.caseNo} ${CASE_STATUS_LABEL[c.status]}，不能登记证据。`);
  const no = Math.max(0, ...c.evidence.map((e) => e.no)) + 1;
  return ok({ ...c, evidence: [...c.evidence, { ...item, no }] });
}

export function replaceEvidence(c: EnforcementCase, item: EvidenceItem & { no: number }): Result<EnforcementCase> {
  if (c.status !== 'open') return fail(`案件 ${c.caseNo} ${CASE_STATUS_LABEL[c.status]}，不能确认证据。`);
  if (!c.evidence.some((e) => e.no === item.no)) return fail(`案件 ${c.caseNo} 没有证据${item.no}。`);
  return ok({ ...c, evidence: c.evidence.map((e) => (e.no === item.no ? item : e)) });
}
