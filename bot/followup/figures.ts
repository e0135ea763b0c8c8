/** 满意度统计 YYYY-MM: per handling body, 办结率, 按期办结率, 解决率 and 满意率 with their counts (issue 18). */
import { figures, rateText, type Figures } from '../../domain/followup';
import type { Directory } from '../../domain/organisation';
import type { Store } from '../../domain/ports';

/** The month's bounds in Asia/Shanghai. */
export function monthBounds(period: string): { from: Date; to: Date } | null {
  const m = period.match(/^(\d{4})-(0[1-9]|1[0-2])$/);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return { from: new Date(`${period}-01T00:00:00+08:00`), to: new Date(`${next}-01T00:00:00+08:00`) };
}

const lines = (f: Figures): string[] => [
  `  受理登记 ${f.total} 件，已办结 ${f.resolved} 件，重办 ${f.reopened} 次`,
  `  办结率 ${rateText(f.resolved, f.total)}；按期办结率 ${rateText(f.onTime, f.resolved)}`,
  `  已评价 ${f.rated} 件（未评价 ${f.unrated}，待评价 ${f.waiting}${f.unreachable ? `，无法回访 ${f.unreachable}` : ''}）；解决率 ${rateText(f.solved, f.rated)}；满意率 ${rateText(f.satisfied, f.rated)}`,
];

/**
 * Our reading (README): the month's complaints are those registered in it, counted as they
 * stand now, under the body handling them now; 解决率 and 满意率 are of the ratings given
 * on each complaint's latest 办结.
 */
export async function monthFigures(store: Store, dir: Directory, period: string): Promise<string> {
  const b = monthBounds(period)!;
  const { perOrg, all } = figures(await store.followups.month(b.from, b.to));
  if (!all.total) return `${period} 没有登记的投诉举报。`;
  return [
    `【满意度统计 ${period}】（当月登记的投诉举报，按现承办单位；“已办结”与“已解决”分别统计）`,
    '全区：', ...lines(all),
    ...perOrg.flatMap((f) => [`${dir.name(f.orgId!)}：`, ...lines(f)]),
    '注：解决率、满意率以已评价件数为基数；满意含“基本满意”。',
  ].join('\n');
}
