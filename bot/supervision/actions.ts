/**
 * 监督检查 (M7) acts: the bureau records an inspection and issues notices; the body's
 * liaison and head report the rectification; the bureau accepts it, returns it for a new
 * round, or finds it failed (a fault finding, M8). Each act re-reads the record in the
 * turn's transaction and saves with an optimistic check; the rectification clock of the
 * current round opens and closes in the same transaction.
 */
import { type LocalDate, localDate, localYear } from '../../domain/calendar/calendar';
import { deadlineFor } from '../../domain/deadlines/rules';
import { remindersFor } from '../../domain/deadlines/reminders';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import * as S from '../../domain/supervision';
import {
  type Inspection, type NewInspection, type Notice, RECTIFIER_ROLES, SUPERVISOR_ROLES, type SupervisionBodies, canViewInspection, canViewNotice,
  isSupervisor, noticeIn, roundSubject, validateInspection, validateNotice,
} from '../../domain/supervision';
import { hasRole, isStaffOf } from '../../domain/roles';
import { contextOf, proposeFinding } from '../accountability/actions';
import { fixedBodies, notifyStaffOf } from '../staff';
import type { Turn } from '../turn';
import { bulletinText, dueLine, inspectionLines, noticeLines } from './render';

export const bodies = (t: Turn): SupervisionBodies => fixedBodies(t.services.directory);

export const BUREAU_ONLY = '只有司法局工作人员或负责人可以开展行政执法监督、下发和验收监督通知书。';
export const RECTIFIERS_ONLY = (org: string) => `只有被监督单位（${org}）的联络员或负责人可以报送整改报告。`;
const NOTICE_NOT_FOUND = (no: string) => `未找到监督通知书 ${no}，或您无权查看。`;
const INSPECTION_NOT_FOUND = (no: string) => `未找到监督检查 ${no}，或您无权查看。`;

export async function loadInspection(t: Turn, no: string): Promise<Result<Inspection>> {
  const i = await t.store.supervision.inspectionByNo(no);
  if (!i || !canViewInspection(t.actor, i, bodies(t))) return fail(INSPECTION_NOT_FOUND(no));
  return ok(i);
}

export async function loadNotice(t: Turn, no: string): Promise<Result<Notice>> {
  const n = await t.store.supervision.noticeByNo(no);
  if (!n || !canViewNotice(t.actor, n, bodies(t))) return fail(NOTICE_NOT_FOUND(no));
  return ok(n);
}

/** A notice in the state an act needs, if the actor is the bureau (or, for a report, the body's liaison or head). */
export async function noticeFor<St extends S.NoticeStatus>(t: Turn, no: string, status: St, action: string, by: 'bureau' | 'body'): Promise<Result<S.NoticeIn<St>>> {
  const n = await loadNotice(t, no);
  if (!n.ok) return n;
  if (by === 'bureau' && !isSupervisor(t.actor, bodies(t))) return fail(BUREAU_ONLY);
  if (by === 'body' && !hasRole(t.actor, n.value.orgId, RECTIFIER_ROLES)) return fail(RECTIFIERS_ONLY(t.services.directory.name(n.value.orgId)));
  return noticeIn(n.value, status, action);
}

async function save<N extends Notice>(t: Turn, before: Notice, after: Result<N>): Promise<Result<N>> {
  if (!after.ok) return after;
  if (!(await t.store.supervision.updateNotice(before, after.value))) return fail(`监督通知书 ${before.no} 刚刚被他人处理，请发送“查询 ${before.no}”查看。`);
  return after;
}

/** The due instant of a rectification date, on the deadline rules (not before today). */
function rectificationDue(t: Turn, date: LocalDate, orgId: number) {
  return deadlineFor({ kind: 'rectification', date }, { from: t.now, orgId, subject: { type: 'notice', id: '' } }, t.services.calendar);
}

/** A rectification date the rules accept (a real date, not before today). */
export function checkRectificationDate(t: Turn, date: LocalDate): Result<LocalDate> {
  const due = rectificationDue(t, date, 0);
  return due.ok ? ok(date) : due;
}

/** Opens the clock of the notice's current round, with its reminders. */
async function openRoundDeadline(t: Turn, n: Notice): Promise<void> {
  const spec = rectificationDue(t, n.dueDate, n.orgId);
  if (!spec.ok) throw new Error(spec.reason); // checked before the notice was saved
  const d = { ...spec.value, subject: roundSubject(n) };
  await t.store.deadlines.open(d, remindersFor(d, t.now, t.services.calendar));
}

const tellBody = (t: Turn, n: Notice, text: string, options: string[] = []) =>
  notifyStaffOf(t, [n.orgId], RECTIFIER_ROLES, { text, options: [...options, `查询 ${n.no}`] }, [t.actor.personId]);

const tellBureau = (t: Turn, n: Notice, text: string, options: string[] = []) =>
  notifyStaffOf(t, [bodies(t).justiceBureauId], SUPERVISOR_ROLES, { text, options: [...options, `查询 ${n.no}`] }, [t.actor.personId]);

/** The bodies whose 法制工作机构 the person speaks for (liaison or head of a department or township). */
export function legalOfficeOrgs(t: Turn): number[] {
  const dir = t.services.directory;
  return [...new Set(t.actor.grants.map((g) => g.orgId))].filter((id) => {
    const o = dir.byId(id);
    return !!o && S.isLegalOffice(t.actor, o);
  });
}

export const INTERNAL_ONLY = (no: string) => `监督检查 ${no} 是本部门内部监督检查，由该部门自行督促整改，不下发监督通知书、不印发全区通报。`;

/**
 * Records an inspection: the bureau's over the bodies it names — each is asked to
 * cooperate and give its account — or a body's own (its 法制工作机构), reported to the bureau.
 */
export async function recordInspection(t: Turn, i: Omit<NewInspection, 'recordedBy' | 'recordedAt'>): Promise<Result<Inspection>> {
  const b = bodies(t);
  const internal = S.isInternal(i, b);
  if (internal ? !legalOfficeOrgs(t).includes(i.inspectorOrgId) : !isSupervisor(t.actor, b)) return fail(BUREAU_ONLY);
  const valid = validateInspection({ ...i, recordedBy: t.actor.personId, recordedAt: t.now }, b);
  if (!valid.ok) return valid;
  const no = await t.store.numbers.next(SERIES.inspection, localYear(t.now));
  const created = await t.store.supervision.createInspection(valid.value, no);
  const dir = t.services.directory;
  const lines = inspectionLines(created, dir).join('\n');
  if (internal) {
    await notifyStaffOf(t, [b.justiceBureauId], SUPERVISOR_ROLES, { text: `【内部监督检查】${dir.name(created.inspectorOrgId)}开展本部门行政执法监督检查 ${no}\n${lines}`, options: [`查询 ${no}`] });
  } else {
    // 「被监督机关要予以配合，并如实提供情况」
    await notifyStaffOf(t, created.orgIds, RECTIFIER_ROLES, {
      text: `【行政执法监督检查】${dir.name(b.justiceBureauId)}开展行政执法监督检查 ${no}，请予以配合，并如实提供情况：发送“提供情况 ${no} 情况说明”。\n${lines}`,
      options: [`提供情况 ${no}`, `查询 ${no}`],
    }, [t.actor.personId]);
  }
  return ok(created);
}

/** 如实提供情况: an inspected body's account of itself, on the record and sent to the bureau. */
export async function provideAccount(t: Turn, no: string, text: string): Promise<Result<string>> {
  const i = await loadInspection(t, no);
  if (!i.ok) return i;
  const b = bodies(t);
  if (S.isInternal(i.value, b)) return fail(INTERNAL_ONLY(no));
  const orgs = i.value.orgIds.filter((id) => hasRole(t.actor, id, RECTIFIER_ROLES));
  if (!orgs.length) return fail(`提供情况由被监督单位的联络员或负责人以单位名义报送。`);
  const v = S.checkAccount(text);
  if (!v.ok) return v;
  const dir = t.services.directory;
  for (const orgId of orgs) await t.store.caseEvents.add({ recordNo: no, kind: ACCOUNT_EVENT, actorPersonId: t.actor.personId, orgId, note: v.value }, t.now);
  const names = orgs.map((id) => dir.name(id)).join('、');
  await notifyStaffOf(t, [b.justiceBureauId], SUPERVISOR_ROLES, { text: `【提供情况】${names}就监督检查 ${no} 提供情况：\n${v.value}`, options: [`查询 ${no}`] }, [t.actor.personId]);
  return ok(`已向司法局提供情况（监督检查 ${no}）。`);
}

const ACCOUNT_EVENT = 'account';

/** The accounts on record the person may read: all for the overseers, else only their own bodies'. */
export async function accountsOf(t: Turn, i: Inspection) {
  const all = (await t.store.caseEvents.list(i.no)).filter((e) => e.kind === ACCOUNT_EVENT);
  return S.isOverseer(t.actor, bodies(t)) ? all : all.filter((e) => isStaffOf(t.actor, e.orgId));
}

export async function issueNotice(t: Turn, inspectionNo: string, orgId: number, findings: string, dueDate: LocalDate): Promise<Result<string>> {
  if (!isSupervisor(t.actor, bodies(t))) return fail(BUREAU_ONLY);
  const i = await loadInspection(t, inspectionNo);
  if (!i.ok) return i;
  if (S.isInternal(i.value, bodies(t))) return fail(INTERNAL_ONLY(inspectionNo));
  const due = rectificationDue(t, dueDate, orgId);
  if (!due.ok) return due;
  const valid = validateNotice(
    { inspectionId: i.value.id, orgId, findings, dueDate, dueAt: due.value.dueAt, issuedBy: t.actor.personId, issuedAt: t.now }, i.value,
  );
  if (!valid.ok) return valid;
  const no = await t.store.numbers.next(SERIES.notice, localYear(t.now));
  const n = await t.store.supervision.createNotice(valid.value, no);
  await openRoundDeadline(t, n);
  await tellBody(
    t, n,
    ['【行政执法监督通知书】', ...noticeLines(n, t.services.directory), `请按期整改，并在期限内发送“整改报告 ${no}”报送整改情况。`].join('\n'),
    [`整改报告 ${no}`],
  );
  return ok(`已下发行政执法监督通知书 ${no} 至 ${t.services.directory.name(orgId)}，已通知其联络员和负责人。\n${dueLine(n)}`);
}

export async function submitRectification(t: Turn, no: string, report: string): Promise<Result<string>> {
  const n = await noticeFor(t, no, 'issued', '报送整改报告', 'body');
  if (!n.ok) return n;
  const saved = await save(t, n.value, S.submitReport(n.value, report, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  // A report filed in time meets the round's clock; one filed after the sweep marked it missed stays late.
  const inTime = await t.store.deadlines.close('rectification', n.value.orgId, roundSubject(n.value), { state: 'met' }, t.now);
  await tellBureau(
    t, saved.value,
    [`【整改报告】${t.services.directory.name(n.value.orgId)} 报送监督通知书 ${no} 的整改报告${inTime ? '' : '（已逾期）'}：`, saved.value.report].join('\n'),
    [`验收 ${no}`, `退回 ${no}`, `不合格 ${no}`],
  );
  return ok(`已报送 ${no} 的整改报告，等待司法局验收。`);
}

export async function acceptRectification(t: Turn, no: string): Promise<Result<string>> {
  const n = await noticeFor(t, no, 'reported', '验收', 'bureau');
  if (!n.ok) return n;
  const saved = await save(t, n.value, S.acceptReport(n.value, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  await tellBody(t, saved.value, `【整改验收】监督通知书 ${no} 的整改报告已验收通过，本通知书办结。`);
  return ok(`${no} 整改验收通过，已告知 ${t.services.directory.name(n.value.orgId)}。`);
}

/** The new round's date: 沿用原期限 while it has not passed, or a date. */
export function parseRoundDate(text: string, n: Pick<Notice, 'dueDate'>, now: Date): Result<LocalDate> {
  if (/^沿用/.test(text.trim())) {
    return n.dueDate >= localDate(now) ? ok(n.dueDate) : fail('原整改期限已过，请写明新的整改期限（如 2026-12-31）。');
  }
  const d = S.parseLocalDate(text);
  return d ? ok(d) : fail('请按 2026-12-31 的格式写明整改期限。');
}

export async function returnRectification(t: Turn, no: string, reason: string, date: LocalDate): Promise<Result<string>> {
  const n = await noticeFor(t, no, 'reported', '退回', 'bureau');
  if (!n.ok) return n;
  const due = rectificationDue(t, date, n.value.orgId);
  if (!due.ok) return due;
  const saved = await save(t, n.value, S.returnReport(n.value, reason, { date, at: due.value.dueAt }, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  await openRoundDeadline(t, saved.value);
  await tellBody(
    t, saved.value,
    [`【整改退回】监督通知书 ${no} 的整改报告未通过验收，请重新整改。`, `理由：${reason.trim()}`, dueLine(saved.value)].join('\n'),
    [`整改报告 ${no}`],
  );
  return ok(`已退回 ${no}，${dueLine(saved.value)}，已告知 ${t.services.directory.name(n.value.orgId)}。`);
}

export async function failRectification(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const n = await noticeFor(t, no, 'reported', '认定整改不合格', 'bureau');
  if (!n.ok) return n;
  const saved = await save(t, n.value, S.failReport(n.value, reason, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  const finding = await proposeFinding(contextOf(t), {
    target: { kind: 'org', orgId: n.value.orgId },
    ground: 'rectification-failed',
    facts: `监督通知书 ${no} 指出的问题：${n.value.findings}。整改报告验收不合格：${reason.trim()}`,
    source: { type: 'notice', id: no },
    proposedBy: t.actor.personId,
  });
  if (!finding.ok) return finding;
  // The body is the 追究机关 of its officers (M8): it is offered to take up theirs.
  await tellBody(
    t, saved.value,
    `【整改不合格】监督通知书 ${no} 的整改经验收不合格，已移交责任追究。\n理由：${reason.trim()}\n对负有责任的执法人员，请负责人发送“追责立项 ${no}”登记追责线索并认定处理。`,
    [`追责立项 ${no}`],
  );
  const fno = finding.value?.no;
  return ok(`已认定 ${no} 整改不合格，已告知 ${t.services.directory.name(n.value.orgId)}${fno ? `，并登记追责记录 ${fno}` : ''}。涉及执法人员个人过错的，可发送“追责立项 ${no}”登记。`);
}

export async function publishBulletin(t: Turn, inspectionNo: string): Promise<Result<string>> {
  if (!isSupervisor(t.actor, bodies(t))) return fail(BUREAU_ONLY);
  const i = await loadInspection(t, inspectionNo);
  if (!i.ok) return i;
  if (S.isInternal(i.value, bodies(t))) return fail(INTERNAL_ONLY(inspectionNo));
  if (!(await t.store.supervision.publishBulletin(i.value.id, t.now))) return fail(`监督检查 ${inspectionNo} 的问题通报已经印发。`);
  const published = { ...i.value, bulletinAt: t.now };
  const text = bulletinText(published, await t.store.supervision.noticesOf(i.value.id), t.services.directory);
  const units = t.services.directory.all.filter(S.canBeSupervised).map((o) => o.id);
  const told = await notifyStaffOf(t, units, ['head', 'liaison'], { text: `【问题通报】\n${text}` }, [t.actor.personId]);
  return ok(`已印发监督检查 ${inspectionNo} 的问题通报，送达各执法部门和乡镇（街道）负责人、联络员 ${told.length} 人。`);
}
