/**
 * What people do to an assessment (M9), each re-read inside the turn's transaction and
 * saved with the optimistic version check, and who is told.
 */
import * as A from '../../domain/assessment';
import { type Assessment, type AssessmentKind, COMMAND_OF, DUTY_OF, SERIES_OF } from '../../domain/assessment';
import { type Period, parsePeriodKey } from '../../domain/deadlines/periods';
import { owes } from '../../domain/deadlines/duties';
import type { Directory } from '../../domain/organisation';
import { SERIES, parseRecordNo } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import { dutyStateText } from '../deadline-text';
import { actingOrg, justiceBureau, meetDuty, tellStaff } from '../duties';
import { GOVERNMENT_ROLES } from '../../domain/dispute';
import { isAdmin } from '../../domain/roles';
import { fixedBodies, notifyStaffOf } from '../staff';
import type { Turn } from '../turn';
import { periodLabel, publicText, statusText, summaryLines, titleOf } from './render';

export const NUMBER = String.raw`((?:${SERIES.assessment}|${SERIES.evaluation})[-－—–_\s]*\d{4}[-－—–_\s]*\d{6})`;

/** ZP-… (自评) or KP-… (考核评议) as people type it. */
export const parseAssessmentNo = (text: string) => parseRecordNo(SERIES.assessment, text) ?? parseRecordNo(SERIES.evaluation, text);

const NOT_FOUND = (no: string) => `未找到 ${no}，或您无权查看。请核对编号。`;

/** 司法局 and 区政府, from the directory. */
export function bodies(t: Turn): A.AssessmentBodies {
  const { justiceBureauId, governmentId } = fixedBodies(t.services.directory);
  return { justiceBureauId, governmentId };
}

/** The bureau's grade before the government approved it is for the bureau and the government only. */
export const seesProposal = (t: Turn): boolean => {
  const b = bodies(t);
  return isAdmin(t.actor) || A.canGrade(t.actor, b.justiceBureauId) || A.canRatify(t.actor, b.governmentId);
};

/** The assessment if the actor may see it whole; "not found" otherwise, so existence does not leak. */
export async function loadVisible(t: Turn, no: string): Promise<Result<Assessment>> {
  const a = await t.store.assessments.byRecordNo(no);
  if (!a || !A.canView(t.actor, a, bodies(t))) return fail(NOT_FOUND(no));
  return ok(a);
}

async function save(t: Turn, before: Assessment, after: Assessment): Promise<Result<Assessment>> {
  if (!(await t.store.assessments.update(before, after))) return fail(`${before.recordNo} 刚刚被他人修改，请发送“查询 ${before.recordNo}”查看最新情况后再试。`);
  return ok(after);
}

/** Applies a domain transition to the stored assessment and saves it. */
export async function change(t: Turn, no: string, step: (a: Assessment) => Result<Assessment>): Promise<Result<Assessment>> {
  const a = await t.store.assessments.byRecordNo(no);
  if (!a) return fail(NOT_FOUND(no));
  const next = step(a);
  return next.ok ? save(t, a, next.value) : next;
}

const USAGE: Record<AssessmentKind, string> = {
  self: '考核自评由各行政执法部门、乡镇（街道）的联络员或负责人填写。司法局可发送“待办”查看待评定的自评。',
  officers: '执法人员考核评议由各部门、乡镇（街道）的联络员或负责人填写。',
};

/**
 * 自评 [年度] [单位] / 考核评议 [半年度] [单位]: the unit's assessment of that period — the
 * draft to continue, or a new one; or where it stands when it is no longer a draft.
 */
export async function startAssessment(t: Turn, kind: AssessmentKind, args: string): Promise<Result<Assessment>> {
  let period: Period | undefined;
  const rest: string[] = [];
  for (const word of args.split(/\s+/).filter(Boolean)) {
    if (!period && /^\d{4}/.test(word)) {
      const p = A.parsePeriod(kind, word, t.now);
      if (!p.ok) return p;
      period = p.value;
    } else rest.push(word);
  }
  const org = actingOrg(t, A.DRAFTER_ROLES, (o) => owes(DUTY_OF[kind], o), rest.join(' ') || undefined, { word: COMMAND_OF[kind], none: USAGE[kind] });
  if (!org.ok) return org;
  const p = period ?? A.defaultPeriod(kind, t.now);
  const existing = await t.store.assessments.find(kind, org.value.id, p.key);
  if (existing) return ok(existing);
  const recordNo = await t.store.numbers.next(SERIES_OF[kind], p.year);
  return ok(await t.store.assessments.open({ recordNo, kind, orgId: org.value.id, period: p.key, createdBy: t.actor.personId, createdAt: t.now }));
}

/** What reopens this very assessment: 自评 2025, 考核评议 2026-H1. */
export const reopenWord = (a: Pick<Assessment, 'kind' | 'period'>) => `${COMMAND_OF[a.kind]} ${a.period}`;

/** Drafters of the unit only, and only while it is a draft. */
export async function loadDraft(t: Turn, no: string): Promise<Result<Assessment>> {
  const a = await loadVisible(t, no);
  if (!a.ok) return a;
  if (!A.canDraft(t.actor, a.value.orgId)) return fail(`只有${t.services.directory.name(a.value.orgId)}的联络员或负责人可以填写。`);
  return a;
}

export async function submitAssessment(t: Turn, no: string): Promise<Result<string>> {
  const a = await loadDraft(t, no);
  if (!a.ok) return a;
  const saved = await change(t, no, (x) => A.submit(x, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  const dir = t.services.directory;
  const title = titleOf(saved.value, dir);
  await tellStaff(t, saved.value.orgId, ['head'], {
    text: [`【待审核】${title} 已提交，请审核。`, ...summaryLines(saved.value), `审核通过请发送“批准 ${no}”；需修改请发送“退回 ${no} 理由”。`].join('\n'),
    options: [`批准 ${no}`, `查询 ${no}`],
  }, [t.actor.personId]);
  const own = A.canApprove(t.actor, saved.value) ? `您是负责人，确认无误请发送“批准 ${no}”。` : '已通知本单位负责人审核。';
  return ok(`已提交 ${title}。${own}审核通过后报司法局备案。`);
}

export async function approveAssessment(t: Turn, no: string): Promise<Result<string>> {
  const a = await loadVisible(t, no);
  if (!a.ok) return a;
  const dir = t.services.directory;
  if (!A.canApprove(t.actor, a.value)) return fail(`只有${dir.name(a.value.orgId)}的负责人可以审核 ${no}。`);
  const saved = await change(t, no, (x) => A.approve(x, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  const x = saved.value;
  const title = titleOf(x, dir);
  const org = dir.byId(x.orgId)!;
  // Filing with the justice bureau (备案) is what meets the period's duty.
  const duty = await meetDuty(t, DUTY_OF[x.kind], org, parsePeriodKey(x.period)!);
  const sfj = justiceBureau(t);
  await tellStaff(t, sfj.id, ['justice', 'head'], {
    text: [
      `【备案】${title} 已经本单位负责人审核，报司法局备案。`,
      ...summaryLines(x),
      ...(x.kind === 'self' ? [`评定年度考核等次请发送“评定 ${no} 等次”（${A.GRADES.join('、')}），评定后报区政府审定。`] : []),
    ].join('\n'),
    options: [`查询 ${no}`],
  });
  // M9: 考核自评情况主动报本级政府接受监督并向社会公开; 评议结果 too are public (as counts).
  if (x.kind === 'self') {
    await notifyStaffOf(t, [bodies(t).governmentId], GOVERNMENT_ROLES, {
      text: `【考核自评】${title} 已经本单位负责人审核，报区政府接受监督，并向社会公开。`, options: [`查询 ${no}`],
    }, [t.actor.personId]);
  }
  const where = x.kind === 'self' ? '已报司法局备案，并报区政府接受监督、向社会公开' : '已报司法局备案；评议结果（各等次人数）向社会公开';
  if (x.status !== 'draft' && x.submittedBy !== t.actor.personId) {
    await t.notify(x.submittedBy, { text: `【审核通过】${title} 已由负责人批准，${where}。`, options: [`查询 ${no}`] });
  }
  return ok([`已批准 ${title}，${where}。`, duty ? dutyStateText(duty) : ''].filter(Boolean).join('\n'));
}

export async function returnAssessment(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const a = await loadVisible(t, no);
  if (!a.ok) return a;
  const dir = t.services.directory;
  if (!A.canApprove(t.actor, a.value)) return fail(`只有${dir.name(a.value.orgId)}的负责人可以退回 ${no}。`);
  const submitter = a.value.status === 'submitted' ? a.value.submittedBy : null;
  const saved = await change(t, no, (x) => A.sendBack(x, reason, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  const title = titleOf(saved.value, dir);
  const word = reopenWord(saved.value);
  const notice = { text: `【退回】${title} 被负责人退回，理由：${saved.value.returned!.reason}\n已填写的内容均已保留，请发送“${word}”修改后重新提交。`, options: [word] };
  const told = await tellStaff(t, saved.value.orgId, ['liaison'], notice, [t.actor.personId]);
  if (submitter != null && submitter !== t.actor.personId && !told.includes(submitter)) await t.notify(submitter, notice);
  return ok(`已退回 ${title}，已告知填写人。`);
}

/**
 * 司法局 评定: the bureau's grade, sent to the district government for 审定 (M9「考核结果报
 * 本级政府审定后向被考核单位反馈并予公布」) — the unit hears of it only once approved.
 */
export async function gradeAssessment(t: Turn, no: string, grade: string): Promise<Result<string>> {
  const a = await loadVisible(t, no);
  if (!a.ok) return a;
  if (!A.canGrade(t.actor, justiceBureau(t).id)) return fail('年度考核等次由司法局评定。');
  const saved = await change(t, no, (x) => A.grade(x, grade.trim(), t.actor.personId, t.now));
  if (!saved.ok) return saved;
  const dir = t.services.directory;
  const x = saved.value;
  await notifyStaffOf(t, [bodies(t).governmentId], GOVERNMENT_ROLES, {
    text: [
      `【待审定】司法局评定 ${dir.name(x.orgId)} ${periodLabel(x)}依法行政考核等次：${grade.trim()}（${no}）。`,
      `审定请发送“审定 ${no}”；调整等次请发送“审定 ${no} 等次”（${A.GRADES.join('、')}）。`,
    ].join('\n'),
    options: [`审定 ${no}`, `查询 ${no}`],
  }, [t.actor.personId]);
  return ok(`已评定 ${titleOf(x, dir)}：${grade.trim()}，已报区政府审定；审定后反馈 ${dir.name(x.orgId)} 并予公布。`);
}

/** 查询 ZP-… / KP-…: the whole record to the unit, the bureau and the government; the public view to anyone once filed. */
export async function viewAssessment(t: Turn, no: string): Promise<string> {
  const a = await t.store.assessments.byRecordNo(no);
  if (!a) return NOT_FOUND(no);
  const dir = t.services.directory;
  if (A.canView(t.actor, a, bodies(t))) return statusText(a, dir, { proposal: seesProposal(t) });
  return A.isPublic(a) ? publicText(a, dir) : NOT_FOUND(no);
}

/** What `自评` / `考核评议` says when the assessment is no longer a draft. */
export function whereItStands(a: Assessment, dir: Directory): string {
  const title = titleOf(a, dir);
  switch (a.status) {
    case 'submitted':
      return `${title} 已提交，正在等待负责人审核。`;
    case 'filed':
      return `${title} 已报司法局备案${a.kind === 'self' ? '，等待司法局评定等次' : ''}。`;
    case 'graded':
      return `${title} 已由司法局评定等次，待区政府审定。`;
    case 'ratified':
      return `${title} 经区政府审定，考核等次：${a.result}。`;
    case 'draft':
      return `${title} 填写中。`;
  }
}
