/**
 * After the bureau's grade (M9): the district government's 审定, which feeds the result back
 * to the unit and publishes it; 表彰奖励 / 通报批评 recorded on the approved grades; and the
 * public list of the year (考核结果 2026), which anyone may ask for.
 */
import * as A from '../../domain/assessment';
import { type Assessment, DISTINCTION_LABEL, type DistinctionKind } from '../../domain/assessment';
import { localYear } from '../../domain/calendar/calendar';
import { type Result, fail, ok } from '../../domain/result';
import { justiceBureau, tellStaff } from '../duties';
import type { Turn } from '../turn';
import { bodies, change, loadVisible } from './actions';
import { gradeCounts, periodLabel, titleOf } from './render';

const GOVERNMENT_ONLY = '考核等次由区政府审定，表彰奖励、通报批评由区政府决定。';

/** The unit (liaison, head) and the bureau hear of a result; the reply tells the government who was told. */
async function tellResult(t: Turn, a: Assessment, text: string): Promise<void> {
  const options = [`查询 ${a.recordNo}`, `考核结果 ${a.period}`];
  await tellStaff(t, a.orgId, ['liaison', 'head'], { text, options }, [t.actor.personId]);
  await tellStaff(t, justiceBureau(t).id, ['justice', 'head'], { text, options }, [t.actor.personId]);
}

/** 审定 ZP-… [等次]: approves the bureau's grade (or sets another); the unit is told and the result is public. */
export async function ratifyAssessment(t: Turn, no: string, grade: string): Promise<Result<string>> {
  const a = await loadVisible(t, no);
  if (!a.ok) return a;
  if (!A.canRatify(t.actor, bodies(t).governmentId)) return fail(GOVERNMENT_ONLY);
  const saved = await change(t, no, (x) => A.ratify(x, grade.trim() || undefined, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  const x = saved.value;
  if (x.status !== 'ratified') return fail(`${no} 未能审定。`);
  const dir = t.services.directory;
  const changed = x.result !== x.grade ? `（司法局评定为“${x.grade}”，区政府审定为“${x.result}”）` : '';
  await tellResult(t, x, `【考核结果】${dir.name(x.orgId)} ${periodLabel(x)}依法行政考核等次：${x.result}${changed}，经区政府审定（${no}），并予公布。`);
  return ok(`已审定 ${titleOf(x, dir)}：${x.result}${changed}。已反馈 ${dir.name(x.orgId)}、告知司法局，并在“考核结果 ${x.period}”中公布。`);
}

/** 表彰 ZP-… 事由 / 通报批评 ZP-… 事由, on an approved grade. */
export async function distinguishAssessment(t: Turn, no: string, kind: DistinctionKind, note: string): Promise<Result<string>> {
  const a = await loadVisible(t, no);
  if (!a.ok) return a;
  if (!A.canRatify(t.actor, bodies(t).governmentId)) return fail(GOVERNMENT_ONLY);
  const saved = await change(t, no, (x) => A.distinguish(x, kind, note, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  const dir = t.services.directory;
  const x = saved.value;
  const label = DISTINCTION_LABEL[kind];
  await tellResult(t, x, `【${label}】根据${periodLabel(x)}依法行政考核结果，对 ${dir.name(x.orgId)} 予以${label}：${note.trim()}`);
  return ok(`已记录${label}：${dir.name(x.orgId)}（${periodLabel(x)}，${no}），已告知该单位和司法局，并在“考核结果 ${x.period}”中公布。`);
}

/** 考核结果 [年度]: the year, or last year (a year's results are approved in the next). */
export function resultsYear(text: string, now: Date): Result<number> {
  if (!text.trim()) return ok(localYear(now) - 1);
  const m = text.normalize('NFKC').trim().match(/^(\d{4})年?度?$/);
  if (!m) return fail('请写明年度，如：考核结果 2026。');
  return ok(Number(m[1]));
}

/**
 * The year's public results (M9「予公布」「向社会公开」): the grades the government approved,
 * its commendations and criticisms, the filed self-assessments, the officer evaluations
 * as counts per grade. Grades not yet approved are never shown.
 */
export async function resultsText(t: Turn, year: number): Promise<string> {
  const dir = t.services.directory;
  const all = await t.store.assessments.ofPeriods([`${year}`, `${year}-H1`, `${year}-H2`], ['filed', 'graded', 'ratified']);
  const selfs = all.filter((a) => a.kind === 'self');
  const ratified = selfs.flatMap((a) => (a.status === 'ratified' ? [a] : []));
  const lines = [`${year}年度依法行政考核结果（经区政府审定）：`];
  lines.push(...(ratified.length ? ratified.map((a) => `· ${dir.name(a.orgId)}：${a.result}`) : ['（尚无经区政府审定的考核结果）']));
  for (const kind of ['commend', 'criticise'] as const) {
    const got = ratified.filter((a) => a.distinction?.kind === kind);
    if (got.length) lines.push(`${DISTINCTION_LABEL[kind]}：`, ...got.map((a) => `· ${dir.name(a.orgId)}：${a.distinction!.note}`));
  }
  if (selfs.length) {
    lines.push('考核自评（已报区政府接受监督，向社会公开）：');
    lines.push(...selfs.map((a) => `· ${dir.name(a.orgId)} ${a.recordNo}：平均分 ${A.averageScore(a) ?? '—'}`));
  }
  const officers = all.filter((a) => a.kind === 'officers');
  if (officers.length) {
    lines.push('执法人员考核评议结果：');
    lines.push(...officers.map((a) => `· ${dir.name(a.orgId)} ${periodLabel(a)}：${gradeCounts(a)}`));
  }
  if (selfs.length) lines.push('发送“查询 编号”查看考核自评全文。');
  return lines.join('\n');
}
