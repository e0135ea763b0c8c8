/**
 * 投诉举报 (M3, M15 二): a complaint's lifecycle as a discriminated union, so a
 * result cannot exist without acceptance and an accepted complaint always has a handler.
 *
 *   registered (登记, routed) ──accept──▶ accepted (受理) ──resolve──▶ resolved (办结)
 *        ▲                                   │
 *        └──────────── forward (转办) ◀──────┘
 *
 * While accepted, the handler may ask another body — usually the department complained
 * about — to assist the investigation (协助调查, M3); that body answers (协查答复) once per
 * request, and a new request may follow an answer. Forwarding drops the request.
 */
import { SERIES, formatRecordNo, parseRecordNo } from './record-no';
import type { Due } from './calendar/calendar';
import { type Result, ok, fail } from './result';

/** How to reach the complainant: a phone from the chat form; through Open311 a phone, an email or both. */
export interface Contact {
  name: string | null;
  phone: string | null;
  /** Only an Open311 request gives one (the chat form asks for a phone). */
  email?: string;
}

/**
 * 被投诉单位, as far as it is known. `unresolved`: the complaint is about a department or
 * its officers, but which one is not known — so any of them may be the accused one.
 */
export type Accused = { kind: 'none' } | { kind: 'body'; orgId: number } | { kind: 'unresolved' };

export const NO_ACCUSED: Accused = { kind: 'none' };

/** The accused body's id, when one is known. */
export const accusedOrgId = (a: Accused): number | null => (a.kind === 'body' ? a.orgId : null);

/** What the citizen said, fixed at registration. */
export interface ComplaintFacts {
  what: string; // 事由
  where: string; // 地点
  when: string; // 时间（群众自述）
  accused: Accused; // 被投诉单位
  accusedText: string | null; // 被投诉单位或人员（原话）
  contact: Contact | null; // null = 匿名
}

export type RoutedBy = 'keywords' | 'classifier' | 'citizen' | 'accused'; // accused: about a department → 司法局

/** The assisting body's answer to a 协助调查 request. */
export interface AssistAnswer {
  text: string;
  at: Date;
  personId: number;
}

interface Common extends ComplaintFacts {
  id: number;
  trackingNo: string;
  complainantPersonId: number;
  handlingOrgId: number;
  routedBy: RoutedBy;
  forwardedFromOrgId: number | null; // the body that passed it on: gets the result back (M15 二)
  assistingOrgId: number | null; // asked to assist the investigation (协助调查)
  assistRounds: number; // 协助调查 requests made so far: the nth has its own clock
  assistAnswer: AssistAnswer | null; // the answer to the current request (协查答复)
  registeredAt: Date;
  acceptDue: Due; // 受理告知 deadline
}

export type Complaint =
  | (Common & { status: 'registered' })
  | (Common & { status: 'accepted'; handlerPersonId: number; acceptedAt: Date })
  | (Common & { status: 'resolved'; handlerPersonId: number; acceptedAt: Date; result: string; resolvedAt: Date });

export type ComplaintStatus = Complaint['status'];

export const STATUS_LABEL: Record<ComplaintStatus, string> = {
  registered: '已登记，待受理',
  accepted: '已受理，办理中',
  resolved: '已办结',
};

/**
 * How long the handling body has to tell the complainant who handles it (受理告知).
 * The plan says 及时; the district reads it as 7 working days, the limit of
 * 市场监督管理投诉举报处理暂行办法 and common 12345 practice.
 */
export const ACCEPT_NOTICE_WORKING_DAYS = 7;

export const MAX_TEXT = { what: 2000, where: 200, when: 100, accused: 200, result: 2000, reason: 500 } as const;

export const formatTrackingNo = (year: number, seq: number): string => formatRecordNo(SERIES.complaint, year, seq);

/** Accepts what people type: lower case, full-width dash, spaces. */
export const parseTrackingNo = (text: string): string | undefined => parseRecordNo(SERIES.complaint, text);

export function accept(c: Complaint, handlerPersonId: number, at: Date): Result<Complaint> {
  if (c.status !== 'registered') return fail(`投诉 ${c.trackingNo} ${c.status === 'accepted' ? '已经受理' : '已经办结'}，无需再次受理。`);
  return ok({ ...c, status: 'accepted', handlerPersonId, acceptedAt: at });
}

/** Whether the complaint's state allows forwarding (asked before the 转办 dialogue opens, too). */
export function canForward(c: Complaint): Result<Complaint> {
  return c.status === 'resolved' ? fail(`投诉 ${c.trackingNo} 已经办结，不能转办。`) : ok(c);
}

/** Whether the complaint's state allows recording a result (asked before the 办结 dialogue opens, too). */
export function canResolve(c: Complaint): Result<Extract<Complaint, { status: 'accepted' }>> {
  if (c.status === 'registered') return fail('请先受理，再登记办理结果。');
  if (c.status === 'resolved') return fail(`投诉 ${c.trackingNo} 已经办结。`);
  return ok(c);
}

export function forward(c: Complaint, toOrgId: number, acceptDue: Due): Result<Complaint> {
  const allowed = canForward(c);
  if (!allowed.ok) return allowed;
  if (toOrgId === c.handlingOrgId) return fail('不能转办给本单位。');
  return ok({
    ...common(c), status: 'registered', handlingOrgId: toOrgId, forwardedFromOrgId: c.handlingOrgId, assistingOrgId: null, assistAnswer: null, acceptDue,
  });
}

/** The fields every state shares, without the ones a later state adds. */
function common(c: Complaint): Common {
  const { status: _s, handlerPersonId: _h, acceptedAt: _a, result: _r, resolvedAt: _v, ...base } = c as Complaint &
    Partial<{ handlerPersonId: number; acceptedAt: Date; result: string; resolvedAt: Date }>;
  return base;
}

export function requestAssist(c: Complaint, orgId: number): Result<Complaint> {
  if (c.status !== 'accepted') return fail(c.status === 'registered' ? '请先受理，再请求协助调查。' : `投诉 ${c.trackingNo} 已经办结。`);
  if (orgId === c.handlingOrgId) return fail('不能请求本单位协助。');
  if (c.assistingOrgId === orgId && !c.assistAnswer) return fail(`已请该单位协助调查 ${c.trackingNo}，尚待其答复。`);
  return ok({ ...c, assistingOrgId: orgId, assistRounds: c.assistRounds + 1, assistAnswer: null });
}

/** The assisting body answers the request (协查答复): once, while the complaint is being handled. */
export function answerAssist(c: Complaint, orgId: number, text: string, personId: number, at: Date): Result<Complaint> {
  if (c.assistingOrgId !== orgId) return fail(`投诉 ${c.trackingNo} 没有请贵单位协助调查。`);
  if (c.status !== 'accepted') return fail(`投诉 ${c.trackingNo} 已经办结，无需再答复协助调查。`);
  if (c.assistAnswer) return fail(`贵单位已答复 ${c.trackingNo} 的协助调查。`);
  const t = text.trim();
  if (t.length < 4) return fail('请写明协助调查的情况。');
  if (t.length > MAX_TEXT.result) return fail(`协查答复不能超过 ${MAX_TEXT.result} 字。`);
  return ok({ ...c, assistAnswer: { text: t, at, personId } });
}

export function resolve(c: Complaint, result: string, at: Date): Result<Complaint> {
  const allowed = canResolve(c);
  if (!allowed.ok) return allowed;
  const text = result.trim();
  if (text.length < 4) return fail('办理结果太短，请写明调查处理情况。');
  if (text.length > MAX_TEXT.result) return fail(`办理结果不能超过 ${MAX_TEXT.result} 字。`);
  return ok({ ...allowed.value, status: 'resolved', result: text, resolvedAt: at });
}

export interface NewComplaint extends ComplaintFacts {
  complainantPersonId: number;
  handlingOrgId: number;
  routedBy: RoutedBy;
  registeredAt: Date;
  acceptDue: Due;
}

export interface ComplaintEvent {
  kind: 'registered' | 'accepted' | 'forwarded' | 'assist_requested' | 'assist_answered' | 'resolved'
    | 'followup_asked' | 'followup_reminded' | 'rated' | 'unrated' | 'reopen_requested' | 'reopened' | 'reopen_declined'; // 回访, 评价, 重办
  actorPersonId: number;
  orgId: number; // the body acting
  toOrgId?: number | null;
  note?: string | null;
}

export interface ComplaintRepo {
  /** Registers it in the ledger (登记台账) with the next tracking number of the year. */
  register(c: NewComplaint, year: number): Promise<Complaint>;
  byTrackingNo(trackingNo: string): Promise<Complaint | null>;
  /** Saves a transition; fails if someone else changed it since it was read (optimistic check on status). */
  update(before: Complaint, after: Complaint): Promise<boolean>;
  addEvent(complaintId: number, e: ComplaintEvent, at: Date): Promise<void>;
  listForOrg(orgId: number, statuses: readonly ComplaintStatus[], limit: number): Promise<Complaint[]>;
  /** The person's own complaints, newest first. */
  listByComplainant(personId: number, limit: number): Promise<Complaint[]>;
  /** Accepted complaints the body was asked to assist (协助调查) and has not answered, oldest first. */
  awaitingAssist(orgId: number, limit: number): Promise<Complaint[]>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    complaints: ComplaintRepo;
  }
}
