/**
 * 网上巡查 (M5): once a quarter the justice bureau inspects what the departments publish
 * under the 行政执法公示 system — on 河北省政务服务平台, the 「两法衔接」 platform, the
 * district government's 行政执法公示专栏 and the departments' own sites — and reports the
 * result: 「报区委全面依法治区委员会审议后通报全区」. One record per inspection, with what
 * was looked at and what was found; it meets the bureau's duty of that quarter. It goes to
 * the 执法协调小组办公室 (the committee's office here), which records the committee's
 * deliberation (审议意见); that act circulates it to every unit, departments and
 * townships (our reading: the office speaks for the committee in the product).
 *
 *   recorded (待审议) ──office records the deliberation──▶ reviewed (已审议并通报全区)
 */
import { bounded } from './guiding-case';
import { type Result, fail, ok } from './result';
import { type Actor, hasRole } from './roles';

/** Where M5 says the information is published. */
export const PLATFORMS = ['河北省政务服务平台', '“两法衔接”平台', '区政府行政执法公示专栏', '各部门门户网站'] as const;
export const ALL_PLATFORMS = '全部公示平台';

export const INSPECTION_LIMITS = { scope: [2, 500], findings: [10, 3000] } as const;

export interface InspectionFacts {
  scope: string; // 巡查范围
  findings: string; // 巡查结果：发现的问题与通报建议
}

export interface Inspection extends InspectionFacts {
  id: number;
  recordNo: string;
  quarter: string; // '2026-Q4'
  inspectedBy: number;
  inspectedAt: Date;
  /** The committee's deliberation, as the office recorded it; the result was circulated then. */
  review: Review | null;
}

export interface Review {
  opinion: string; // 审议意见
  by: number;
  at: Date;
}

export const MAX_OPINION = 2000;

export function review(i: Inspection, opinion: string, by: number, at: Date): Result<Inspection> {
  if (i.review) return fail(`网上巡查 ${i.recordNo} 已经审议并通报全区。`);
  const o = bounded(opinion, [2, MAX_OPINION], '委员会审议意见');
  return o.ok ? ok({ ...i, review: { opinion: o.value, by, at } }) : o;
}

/** The coordination office records the committee's deliberation: its staff and head. */
export const canReview = (actor: Actor, officeId: number) => hasRole(actor, officeId, ['coordination', 'head']);

export interface OnlineInspectionRepo {
  create(i: Omit<Inspection, 'id' | 'review'>): Promise<Inspection>;
  byNo(recordNo: string): Promise<Inspection | null>;
  /** Saves the review once; false when it was recorded meanwhile. */
  saveReview(i: Inspection): Promise<boolean>;
}

export function checkInspection(f: InspectionFacts): Result<InspectionFacts> {
  const scope = f.scope.trim() === ALL_PLATFORMS ? ok(PLATFORMS.join('、')) : bounded(f.scope, INSPECTION_LIMITS.scope, '巡查范围');
  if (!scope.ok) return scope;
  const findings = bounded(f.findings, INSPECTION_LIMITS.findings, '巡查结果');
  if (!findings.ok) return findings;
  return ok({ scope: scope.value, findings: findings.value });
}

export const canInspect = (actor: Actor, justiceBureauId: number) => hasRole(actor, justiceBureauId, ['justice', 'head']);

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    onlineInspections: OnlineInspectionRepo; // 网上巡查 (M5)
  }
}
