/**
 * 联合办案 (M6) and township–district cooperation (M15 四、五).
 *
 * A joint action: 「在对食品药品、安全生产、环境保护等重点执法领域开展重大执法活动时，需要两个或
 * 两个以上部门相互协调配合的，牵头部门应制定具体工作方案和应急预案，并及时与有关部门进行沟通协商」;
 * 「对于重大案件，乡镇可会同区相关职能部门开展联合执法」. The lead body (a department or a
 * township) registers it with its work plan and emergency plan; the participating bodies
 * are notified, confirm (确认参加) and add their own part of the plan (补充方案, the
 * plan's 沟通协商), both in the ledger; the lead closes it with a summary — not before its
 * start date, and only once every participant has confirmed (a joint action nobody
 * joined is not one; our reading).
 *
 *   planned ──lead closes (summary; started, all confirmed)──▶ completed
 *
 * An assistance request (执法协助, M15 五): 「乡镇…需要由区职能部门提供技术支撑的，要及时书面
 * 函告该部门；乡镇因办案需查阅、复制相关区职能部门档案等资料的，相关部门要积极支持」. A township
 * writes to a district department; the department answers.
 *
 *   open ──department answers──▶ answered
 */
import type { LocalDate } from '../calendar/calendar';
import { type Result, fail, ok } from '../result';
import { type Actor, hasRole, isStaffOf } from '../roles';
import { OVERSEER_ROLES } from '../sharing/request';
import { requireText } from '../text';

export const FIELDS = ['food-drug', 'work-safety', 'environment', 'other'] as const;
export type Field = (typeof FIELDS)[number];
export const FIELD_LABEL: Record<Field, string> = { 'food-drug': '食品药品', 'work-safety': '安全生产', environment: '环境保护', other: '其他重点领域' };

export const MAX_JOINT_TEXT = { title: 200, plan: 3000, summary: 2000, request: 2000, answer: 3000 } as const;

export interface ActionFacts {
  leadOrgId: number; // 牵头部门（或乡镇）
  field: Field;
  title: string; // 行动名称及目标
  participantOrgIds: number[]; // 配合单位
  workPlan: string; // 工作方案
  emergencyPlan: string; // 应急预案
  startsOn: LocalDate;
}

interface ActionCommon extends ActionFacts {
  id: number;
  actionNo: string; // LH-YYYY-NNNNNN
  registrarPersonId: number;
  registeredAt: Date;
}

export type JointAction = ActionCommon & ({ state: 'planned' } | { state: 'completed'; summary: string; completedAt: Date });

export const ACTION_STATE_LABEL: Record<JointAction['state'], string> = { planned: '已部署', completed: '已完成' };

const words = requireText;

export const checkTitle = (s: string) => words(s, 4, MAX_JOINT_TEXT.title, '行动名称及目标');
/** A work plan or emergency plan: substantive text (the plan requires both to be made). */
export const checkPlan = (s: string, what: '工作方案' | '应急预案') => words(s, 10, MAX_JOINT_TEXT.plan, what);

export function parseField(text: string): Field | undefined {
  const t = text.trim();
  if (/食品|药品/.test(t)) return 'food-drug';
  if (/安全生产|安全/.test(t)) return 'work-safety';
  if (/环境|环保|生态/.test(t)) return 'environment';
  if (/其他/.test(t)) return 'other';
  return undefined;
}

/** Two or more bodies: the lead and at least one other, none twice. */
export function checkParticipants(lead: number, ids: readonly number[]): Result<number[]> {
  const others = [...new Set(ids)].filter((id) => id !== lead);
  return others.length ? ok(others) : fail('联合执法需要至少一个配合单位（不含牵头单位）。');
}

/** Why a planned action cannot be closed yet: it has not started, or these participants have not confirmed. */
export type CompletionBlock = { kind: 'not-started'; startsOn: LocalDate } | { kind: 'unconfirmed'; orgIds: number[] };

export function completionBlock(a: JointAction, confirmed: readonly number[], today: LocalDate): CompletionBlock | null {
  if (a.startsOn > today) return { kind: 'not-started', startsOn: a.startsOn };
  const missing = a.participantOrgIds.filter((id) => !confirmed.includes(id));
  return missing.length ? { kind: 'unconfirmed', orgIds: missing } : null;
}

/** A participant's own part of the plan (沟通协商): its tasks, people, times. */
export const checkPart = (s: string) => words(s, 4, MAX_JOINT_TEXT.plan, '本单位的方案');

export function complete(a: JointAction, summary: string, at: Date): Result<JointAction> {
  if (a.state !== 'planned') return fail(`联合执法 ${a.actionNo} 已完成。`);
  const s = words(summary, 4, MAX_JOINT_TEXT.summary, '行动总结');
  return s.ok ? ok({ ...a, state: 'completed', summary: s.value, completedAt: at }) : s;
}

// ── 执法协助 (M15 五) ────────────────────────────────────────────────────────────────

export const ASSISTANCE_KINDS = ['technical', 'file-access'] as const;
export type AssistanceKind = (typeof ASSISTANCE_KINDS)[number];
export const ASSISTANCE_LABEL: Record<AssistanceKind, string> = { technical: '技术支撑', 'file-access': '查阅、复制档案资料' };

export interface AssistanceFacts {
  townshipOrgId: number;
  departmentOrgId: number;
  kind: AssistanceKind;
  letter: string; // 书面函告的内容
}

interface AssistanceCommon extends AssistanceFacts {
  id: number;
  requestNo: string; // XZ-YYYY-NNNNNN
  requesterPersonId: number;
  requestedAt: Date;
}

export type AssistanceRequest = AssistanceCommon & ({ state: 'open' } | { state: 'answered'; answer: string; answererPersonId: number; answeredAt: Date });

export const parseAssistanceKind = (text: string): AssistanceKind | undefined =>
  /技术/.test(text) ? 'technical' : /查阅|复制|档案|资料/.test(text) ? 'file-access' : undefined;

export const checkLetter = (s: string) => words(s, 10, MAX_JOINT_TEXT.request, '函告内容');

export function answerAssistance(r: AssistanceRequest, text: string, personId: number, at: Date): Result<AssistanceRequest> {
  if (r.state !== 'open') return fail(`执法协助 ${r.requestNo} 已答复。`);
  const a = words(text, 2, MAX_JOINT_TEXT.answer, '答复内容');
  return a.ok ? ok({ ...r, state: 'answered', answer: a.value, answererPersonId: personId, answeredAt: at }) : a;
}

// ── who sees what ──

/** A joint action: the staff of the lead body and of every participant, and the justice bureau's overseers. */
export const canSeeAction = (a: Actor, x: Pick<ActionFacts, 'leadOrgId' | 'participantOrgIds'>, justiceBureauId: number): boolean =>
  isStaffOf(a, x.leadOrgId) || x.participantOrgIds.some((id) => isStaffOf(a, id)) || hasRole(a, justiceBureauId, OVERSEER_ROLES);

/** An assistance request: the staff of the township and of the department, and the justice bureau's overseers. */
export const canSeeAssistance = (a: Actor, r: Pick<AssistanceFacts, 'townshipOrgId' | 'departmentOrgId'>, justiceBureauId: number): boolean =>
  isStaffOf(a, r.townshipOrgId) || isStaffOf(a, r.departmentOrgId) || hasRole(a, justiceBureauId, OVERSEER_ROLES);
