/**
 * 执法信息报送 (四(三)「确保行政执法信息每月不少于2篇」): each unit — department or township —
 * drafts and sends pieces of enforcement work information to the justice bureau
 * (「加强与区司法局的沟通联系，安排专人做好工作信息的起草上报工作」). Every piece counts toward
 * the unit's `required: 2` of the month it is sent in. The bureau reads them (by unit and
 * month) and marks the ones it uses (采用 — in its briefings, reports to the city, 宣传
 * 「主动发出好声音」); the unit is told. A piece is used once.
 *
 *   sent ──use (司法局, where)──▶ used
 */
import { localDate } from './calendar/calendar';
import { type Period, parsePeriodKey, periodOf } from './deadlines/periods';
import { bounded } from './guiding-case';
import { type Result, fail, ok } from './result';
import { type Actor, hasRole, isAdmin, isStaffOf } from './roles';
import type { Organisation } from './organisation';

export const REPORT_LIMITS = { title: [4, 60], body: [20, 3000], note: [0, 200] } as const;

export interface ReportFacts {
  title: string;
  body: string;
}

export interface InfoReport extends ReportFacts {
  id: number;
  recordNo: string;
  orgId: number;
  period: string; // the month it counts toward: '2026-11'
  submittedBy: number;
  submittedAt: Date;
  /** 采用 by the justice bureau, with where it was used. */
  used: { by: number; at: Date; note: string } | null;
}

export function checkReport(f: ReportFacts): Result<ReportFacts> {
  const title = bounded(f.title, REPORT_LIMITS.title, '标题');
  if (!title.ok) return title;
  const body = bounded(f.body, REPORT_LIMITS.body, '正文');
  if (!body.ok) return body;
  if (body.value === title.value) return fail('正文不能与标题相同，请写明工作信息的内容。');
  return ok({ title: title.value, body: body.value });
}

/** 采用: the bureau used the piece (`note`: where, may be empty). */
export function markUsed(r: InfoReport, note: string, by: number, at: Date): Result<InfoReport> {
  if (r.used) return fail(`执法信息 ${r.recordNo} 已被采用。`);
  const text = note.trim();
  if (text.length > REPORT_LIMITS.note[1]) return fail(`采用说明不能超过 ${REPORT_LIMITS.note[1]} 字。`);
  return ok({ ...r, used: { by, at, note: text } });
}

/** The plan addresses every unit; its officers, liaison or head send the pieces. */
export const REPORTER_ROLES = ['officer', 'liaison', 'head'] as const;
export const canReport = (actor: Actor, org: Organisation) =>
  (org.kind === 'department' || org.kind === 'township') && hasRole(actor, org.id, REPORTER_ROLES);

/** The justice bureau (its staff and head) receives, reads and uses them. */
export const canReview = (actor: Actor, justiceBureauId: number) => hasRole(actor, justiceBureauId, ['justice', 'head']);
/** The unit's own staff, the bureau and admins read a piece; nobody else. */
export const canView = (actor: Actor, r: Pick<InfoReport, 'orgId'>, justiceBureauId: number) =>
  isAdmin(actor) || isStaffOf(actor, r.orgId) || canReview(actor, justiceBureauId);

/** A month as people name it: 2026-11, 2026年11月, 11月 (this year); none is this month. Never a future one. */
export function parseMonth(text: string, now: Date): Result<Period> {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (!t) return ok(periodOf(now, 'month'));
  const thisYear = localDate(now).slice(0, 4);
  const m = t.match(/^(?:(\d{4})(?:年|-|\/|\.))?(\d{1,2})月?$/);
  const p = m ? parsePeriodKey(`${m[1] ?? thisYear}-${m[2]!.padStart(2, '0')}`) : undefined;
  if (!p || p.kind !== 'month') return fail('请写明月份，如：执法信息 2026-11。');
  if (p.start.getTime() > now.getTime()) return fail(`${p.label}尚未开始。`);
  return ok(p);
}

/** 执法信息报送 (四(三)). */
export interface InfoReportRepo {
  create(r: Omit<InfoReport, 'id' | 'used'>): Promise<InfoReport>;
  byRecordNo(recordNo: string): Promise<InfoReport | null>;
  /** Saves 采用 if nobody used it meanwhile. */
  markUsed(after: InfoReport): Promise<boolean>;
  /** A month's pieces ('2026-11'), of one unit or all, by unit then time. */
  ofMonth(period: string, orgId?: number): Promise<InfoReport[]>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/info-reports/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    infoReports: InfoReportRepo;
  }
}
