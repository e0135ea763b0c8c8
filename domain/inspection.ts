/**
 * 网上巡查 (M5): once a quarter the justice bureau inspects the enforcement information the
 * departments publish — on 河北省政务服务平台, the 「两法衔接」 platform, the district
 * government's 行政执法公示专栏 and the departments' own sites — and reports the result
 * (报区委全面依法治区委员会审议后通报全区). One record per inspection, with what was looked
 * at and what was found; it meets the bureau's duty of that quarter.
 */
import { bounded } from './guiding-case';
import { type Result, ok } from './result';
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
}

export function checkInspection(f: InspectionFacts): Result<InspectionFacts> {
  const scope = f.scope.trim() === ALL_PLATFORMS ? ok(PLATFORMS.join('、')) : bounded(f.scope, INSPECTION_LIMITS.scope, '巡查范围');
  if (!scope.ok) return scope;
  const findings = bounded(f.findings, INSPECTION_LIMITS.findings, '巡查结果');
  if (!findings.ok) return findings;
  return ok({ scope: scope.value, findings: findings.value });
}

export const canInspect = (actor: Actor, justiceBureauId: number) => hasRole(actor, justiceBureauId, ['justice', 'head']);
