/** How an assessment reads in chat. */
import { formatLocal } from '../../domain/calendar/calendar';
import { type Assessment, DIMENSIONS, DISTINCTION_LABEL, GRADES, KIND_LABEL, STATUS_LABEL, averageScore, missing } from '../../domain/assessment';
import { parsePeriodKey } from '../../domain/deadlines/periods';
import type { Directory } from '../../domain/organisation';

export const periodLabel = (a: Pick<Assessment, 'period'>) => parsePeriodKey(a.period)?.label ?? a.period;

/** 「抚宁区市场监督管理局 2026年度考核自评 ZP-2026-000001」 */
export const titleOf = (a: Assessment, dir: Directory) => `${dir.name(a.orgId)} ${periodLabel(a)}${KIND_LABEL[a.kind]} ${a.recordNo}`;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Where the draft stands: each dimension answered or not, or the officers so far. */
export function progressLines(a: Assessment): string[] {
  if (a.kind === 'officers') {
    return a.items.length ? a.items.map((i, n) => `${n + 1}. ${i.key}：${i.grade ?? '等次未定'}${i.pending ? '（评语未填）' : ''}`) : ['（尚未评议任何执法人员）'];
  }
  return DIMENSIONS.map((d, n) => {
    const item = a.items.find((i) => i.key === d.key);
    return `${n + 1}. ${d.short}：${item ? `${item.score}分${item.pending ? '（依据未填）' : ' ✓'}` : '未填'}`;
  });
}

/** 「共评议 2 人：优秀 1 人，合格 1 人」: an officer evaluation without names, as the public sees it. */
export function gradeCounts(a: Assessment): string {
  const counts = GRADES.map((g) => [g, a.items.filter((i) => i.grade === g).length] as const).filter(([, c]) => c > 0);
  return `共评议 ${a.items.length} 人：${counts.map(([g, c]) => `${g} ${c} 人`).join('，') || '无'}`;
}

/** Everything, for the summary before submitting, the head's review and the bureau's file. */
export function summaryLines(a: Assessment, opts: { full?: boolean } = {}): string[] {
  const n = opts.full ? 1000 : 80;
  if (a.kind === 'officers') {
    return [gradeCounts(a), ...a.items.map((i, k) => `${k + 1}. ${i.key}：${i.grade ?? '等次未定'}。评语：${i.pending ? '未填' : clip(i.note, n)}`)];
  }
  const avg = averageScore(a);
  return [
    ...DIMENSIONS.map((d, k) => {
      const item = a.items.find((i) => i.key === d.key);
      return item ? `${k + 1}. ${d.short}：${item.score}分。依据：${item.pending ? '未填' : clip(item.note, n)}` : `${k + 1}. ${d.short}：未填`;
    }),
    avg != null ? `平均分：${avg}` : '',
  ].filter(Boolean);
}

/** The grade lines: the approved grade for all; the bureau's proposal only to those who `proposal` (司法局, 区政府). */
function gradeLines(a: Assessment, proposal: boolean): string[] {
  if (a.status === 'graded') {
    return [proposal ? `司法局评定等次：${a.grade}（${formatLocal(a.gradedAt)} 评定），待区政府审定` : '考核等次：待区政府审定'];
  }
  if (a.status !== 'ratified') return [];
  const changed = proposal && a.grade !== a.result ? `；司法局评定为“${a.grade}”` : '';
  return [
    `考核等次：${a.result}（区政府 ${formatLocal(a.ratifiedAt)} 审定${changed}）`,
    ...(a.distinction ? [`${DISTINCTION_LABEL[a.distinction.kind]}：${a.distinction.note}（${formatLocal(a.distinction.at)}）`] : []),
  ];
}

/** 查询 ZP-… by the unit, the bureau or the government: status and content. */
export function statusText(a: Assessment, dir: Directory, opts: { proposal: boolean }): string {
  const lines = [titleOf(a, dir), `状态：${STATUS_LABEL[a.status]}`];
  if (a.status === 'draft') {
    const left = missing(a);
    if (left.length) lines.push(`尚未填写：${left.join('、')}`);
    if (a.returned) lines.push(`负责人于 ${formatLocal(a.returned.at)} 退回，理由：${a.returned.reason}`);
  }
  if (a.status !== 'draft') lines.push(`提交时间：${formatLocal(a.submittedAt)}`);
  if (a.status === 'filed' || a.status === 'graded' || a.status === 'ratified') lines.push(`备案时间：${formatLocal(a.filedAt)}`);
  lines.push(...gradeLines(a, opts.proposal));
  lines.push('——', ...summaryLines(a, { full: true }));
  return lines.join('\n');
}

/**
 * 查询 ZP-… / KP-… by anyone else, once filed (M9「向社会公开」): a self-assessment in full with
 * its approved grade; an officer evaluation as counts per grade — officers' names and the
 * comments on them are personal information and stay inside (our reading).
 */
export function publicText(a: Assessment, dir: Directory): string {
  const lines = [titleOf(a, dir), '（向社会公开）'];
  if (a.kind === 'officers') return [...lines, gradeCounts(a)].join('\n');
  return [...lines, ...gradeLines(a, false), '——', ...summaryLines(a, { full: true })].join('\n');
}
