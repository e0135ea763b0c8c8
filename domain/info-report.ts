/**
 * 执法信息报送 (四(三)「确保行政执法信息每月不少于2篇」): each unit — department or township —
 * drafts and sends pieces of enforcement work information to the justice bureau
 * (「加强与区司法局的沟通联系，安排专人做好工作信息的起草上报工作」). Every piece counts toward
 * the unit's `required: 2` of the month it is sent in.
 */
import { bounded } from './guiding-case';
import { type Result, fail, ok } from './result';
import { type Actor, hasRole } from './roles';
import type { Organisation } from './organisation';

export const REPORT_LIMITS = { title: [4, 60], body: [20, 3000] } as const;

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
}

export function checkReport(f: ReportFacts): Result<ReportFacts> {
  const title = bounded(f.title, REPORT_LIMITS.title, '标题');
  if (!title.ok) return title;
  const body = bounded(f.body, REPORT_LIMITS.body, '正文');
  if (!body.ok) return body;
  if (body.value === title.value) return fail('正文不能与标题相同，请写明工作信息的内容。');
  return ok({ title: title.value, body: body.value });
}

/** The plan addresses every unit; its officers, liaison or head send the pieces. */
export const REPORTER_ROLES = ['officer', 'liaison', 'head'] as const;
export const canReport = (actor: Actor, org: Organisation) =>
  (org.kind === 'department' || org.kind === 'township') && hasRole(actor, org.id, REPORTER_ROLES);
