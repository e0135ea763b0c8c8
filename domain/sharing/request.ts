/**
 * 信息共享 (M5, M15 三): a department or township asks another body for enforcement
 * information it needs; the other answers, or refuses only on a ground the plan lists:
 * 「除涉及国家秘密、商业秘密、个人隐私及其他法定事由外，行政机关不得以保守秘密为由拒绝其他
 * 行政机关查询所需的执法信息」. A refusal names its ground; 其他法定事由 must name the law and
 * the article relied on (《…》第…条); keeping secrets in general — 保密, 工作秘密, 内部资料 —
 * is no ground, and is answered with the plan's own sentence.
 *
 *   open ──answer──▶ answered
 *     └──refuse (listed ground)──▶ refused
 */
import { type Result, fail, ok } from '../result';
import { type Actor, hasRole, isStaffOf } from '../roles';
import { requireText } from '../text';

export const MAX_REQUEST_TEXT = { subject: 500, purpose: 300, answer: 3000, statement: 500 } as const;

export const REFUSAL_GROUNDS = ['state-secret', 'trade-secret', 'privacy', 'other-legal'] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

export const GROUND_LABEL: Record<RefusalGround, string> = {
  'state-secret': '涉及国家秘密',
  'trade-secret': '涉及商业秘密',
  privacy: '涉及个人隐私',
  'other-legal': '其他法定事由',
};

const GROUND_WORDS: Record<RefusalGround, readonly string[]> = {
  'state-secret': ['国家秘密', '涉及国家秘密', '国密'],
  'trade-secret': ['商业秘密', '涉及商业秘密'],
  privacy: ['个人隐私', '涉及个人隐私', '隐私'],
  'other-legal': ['其他法定事由', '法定事由', '其他'],
};

export interface RequestFacts {
  fromOrgId: number; // 请求单位
  toOrgId: number; // 被请求单位
  subject: string; // 所需执法信息
  purpose: string; // 用途
}

interface RequestCommon extends RequestFacts {
  id: number;
  requestNo: string; // XX-YYYY-NNNNNN
  requesterPersonId: number;
  requestedAt: Date;
}

export type InfoRequest = RequestCommon &
  (
    | { state: 'open' }
    | { state: 'answered'; answer: string; answererPersonId: number; answeredAt: Date }
    | { state: 'refused'; ground: RefusalGround; statement: string; refuserPersonId: number; refusedAt: Date }
  );

export const REQUEST_STATE_LABEL: Record<InfoRequest['state'], string> = { open: '待答复', answered: '已提供', refused: '已拒绝' };

const words = requireText;

export const checkSubject = (s: string) => words(s, 4, MAX_REQUEST_TEXT.subject, '所需执法信息');
export const checkPurpose = (s: string) => words(s, 2, MAX_REQUEST_TEXT.purpose, '用途');

export function checkRequest(f: RequestFacts): Result<RequestFacts> {
  if (f.fromOrgId === f.toOrgId) return fail('不能向本单位查询信息。');
  const s = checkSubject(f.subject);
  if (!s.ok) return s;
  const p = checkPurpose(f.purpose);
  return p.ok ? ok({ ...f, subject: s.value, purpose: p.value }) : p;
}

export function parseGround(text: string): RefusalGround | undefined {
  const t = text.trim();
  return REFUSAL_GROUNDS.find((g) => GROUND_WORDS[g].includes(t));
}

const closed = (r: InfoRequest) => `信息查询 ${r.requestNo} ${REQUEST_STATE_LABEL[r.state]}。`;

export function answer(r: InfoRequest, text: string, personId: number, at: Date): Result<InfoRequest> {
  if (r.state !== 'open') return fail(closed(r));
  const a = words(text, 2, MAX_REQUEST_TEXT.answer, '提供的信息');
  if (!a.ok) return a;
  return ok({ ...r, state: 'answered', answer: a.value, answererPersonId: personId, answeredAt: at });
}

/** M5 in the plan's words: what a refusal on secrecy in general is answered with. */
export const NO_SECRECY_REFUSAL = '除涉及国家秘密、商业秘密、个人隐私及其他法定事由外，行政机关不得以保守秘密为由拒绝其他行政机关查询所需的执法信息。';

/**
 * Whether a reason rests on keeping secrets in general (工作秘密, 保密, 涉密, 内部资料 …) rather
 * than a listed ground: the names of laws and the two listed kinds of secret do not count.
 */
export function isGeneralSecrecy(text: string): boolean {
  const rest = text.replace(/《[^》]*》/g, '').replace(/国家秘密|商业秘密/g, '');
  return /秘密|保密|涉密|机密|内部(资料|文件|信息|材料|事项)/.test(rest);
}

/** 「其他法定事由」 names the law (《…》) and its article (第…条). */
export const namesLawAndArticle = (text: string): boolean => /《[^》]{2,}》/.test(text) && /第[一二三四五六七八九十百零〇\d]+条/.test(text);

/** Refuses on a listed ground; 其他法定事由 needs the law and article relied on, and no ground rests on secrecy in general. */
export function refuse(r: InfoRequest, groundText: string, statement: string, personId: number, at: Date): Result<InfoRequest> {
  if (r.state !== 'open') return fail(closed(r));
  const ground = parseGround(groundText);
  const s = statement.trim();
  if (!ground || ground === 'other-legal') {
    if (isGeneralSecrecy(`${groundText} ${s}`)) return fail(`${NO_SECRECY_REFUSAL}请提供所需信息，或写明国家秘密、商业秘密、个人隐私或其他法定事由。`);
  }
  const listed = REFUSAL_GROUNDS.map((g) => GROUND_LABEL[g].replace('涉及', '')).join('、');
  if (!ground) return fail(`拒绝提供须写明法定理由：${listed}。`);
  if (ground === 'other-legal' && !namesLawAndArticle(s)) {
    return fail('以“其他法定事由”拒绝的，须写明所依据的法律、法规名称和条款，如：依据《中华人民共和国××法》第××条。');
  }
  if (s.length > MAX_REQUEST_TEXT.statement) return fail(`说明不能超过 ${MAX_REQUEST_TEXT.statement} 字。`);
  return ok({ ...r, state: 'refused', ground, statement: s, refuserPersonId: personId, refusedAt: at });
}

/** The justice bureau oversees enforcement information (M5 「统筹监督机关」): its staff and head. */
export const OVERSEER_ROLES = ['justice', 'head'] as const;

/** A request is seen by the staff of the body asking and of the body asked, and by the bureau's overseers. */
export const canSeeRequest = (a: Actor, r: Pick<RequestFacts, 'fromOrgId' | 'toOrgId'>, justiceBureauId: number): boolean =>
  isStaffOf(a, r.fromOrgId) || isStaffOf(a, r.toOrgId) || hasRole(a, justiceBureauId, OVERSEER_ROLES);
