/** The citizen's complaint dialogue (M3): facts step by step, a summary, then the ledger. */
import { formatDue } from '../../domain/calendar/calendar';
import { type Accused, type Contact, type RoutedBy, MAX_TEXT, NO_ACCUSED } from '../../domain/complaint';
import { accusedHandlerIn, handlingRefusal, mayBeAccused } from '../../domain/complaint-access';
import { ORG, canHandleComplaints } from '../../domain/organisation';
import { type Filled, type Flow, boundedText, done, invalid, isConfirm, needs, next, startingAt } from '../flow';
import { type Outcome, openFlow } from '../feature';
import { confirmKnown, orgStep, readPhone, textStep } from '../steps';
import { type Told, describedProblem, readTold } from './told';
import type { Reply } from '../../domain/ports';
import type { Turn } from '../turn';
import { justiceBureauId } from './actions';
import { registerComplaint } from './register';
import { guessAccused } from './accused';
import { accusedLine } from './render';
import { complaintsLimitedText } from '../limits';
import { type WithPhotos, attachPhotos, withPhotos } from './photos';
import { draftFilesLine } from '../attachments/render';

export interface ComplaintDraft extends WithPhotos {
  what?: string;
  where?: string;
  when?: string;
  accused?: Accused;
  /** Drafts begun before the upgrade kept only this (the dialogue state outlives a restart). */
  accusedOrgId?: number | null;
  accusedText?: string | null;
  /** The question which body is accused: the likely ones, and whether the citizen had said none (跳过). */
  accusedAsk?: { candidates: number[]; skipped: boolean };
  contact?: Contact | null;
  /** What the first sentence said of place, time and accused body, each to be confirmed (./told.ts). */
  told?: Told;
  route?: { orgId: number; by: RoutedBy; confidence: number; alternatives: number[] };
}

const SKIP = '跳过';
/** Answers to 被投诉对象 that mean "no one": as 跳过. */
const NO_ONE = new Set([SKIP, '无', '没有', '否', '不是', '不涉及', '没有投诉部门']);
const UNSURE = '不确定';
const UNSURE_WORDS = new Set([UNSURE, '不知道', '不清楚', '不确定是哪个单位']);
const NOT_A_DEPARTMENT = '不涉及执法部门';
const ANONYMOUS = '匿名';
const CONFIRM = '确认提交';
const CHANGE_ORG = '更改受理单位';
const CANCEL = '取消';

/** The 事由's lower bound: a first message shorter than this only asks to complain. */
const MIN_WHAT = 5;

export function parseContact(text: string): Contact | null | { error: string } {
  const t = text.trim();
  if (t === ANONYMOUS) return null;
  const phone = readPhone(t);
  if (!phone) return { error: '请留下手机号码（11位）或固定电话（如 0335-1234567），或选择“匿名”。' };
  const name = t.replace(/[\s\d\-－—+()（）:：,，;；。.]/g, '').replace(/^(姓名|联系人|电话|手机)+/, '').replace(/(电话|手机)$/, '').slice(0, 20);
  return { name: name || null, phone };
}

/** The draft's accused body; a draft of the last release with an unmatched accused text is possibly any. */
function accusedOf(d: ComplaintDraft): Accused {
  if (d.accused) return d.accused;
  if (d.accusedOrgId != null) return { kind: 'body', orgId: d.accusedOrgId };
  return d.accusedText ? { kind: 'unresolved' } : NO_ACCUSED;
}

function proposeRoute(t: Turn, d: ComplaintDraft): NonNullable<ComplaintDraft['route']> {
  const dir = t.services.directory;
  const justice = dir.byCode(ORG.justiceBureau)!;
  const routed = t.services.router.route(d.what ?? '', d.where ?? '');
  const alternatives = routed ? [routed.orgId, ...routed.alternatives.map((a) => a.orgId)] : [];
  // A complaint about a department or its officers goes to the justice bureau (M3): it may
  // take them directly; the accused body — or, when unresolved, any body — only assists.
  const accused = accusedOf(d);
  const handler = accusedHandlerIn(dir, accused);
  if (handler != null) {
    return { orgId: handler, by: 'accused', confidence: 1, alternatives: alternatives.filter((id) => id !== handler && !mayBeAccused({ accused }, id, justice.id)) };
  }
  if (!routed) return { orgId: justice.id, by: 'classifier', confidence: 0, alternatives: [] };
  return { orgId: routed.orgId, by: routed.by, confidence: routed.confidence, alternatives: alternatives.slice(1) };
}

function summary(t: Turn, d: Complete): string {
  const dir = t.services.directory;
  const route = d.route;
  const why =
    route.by === 'accused' ? `（涉及${route.orgId === justiceBureauId(t) ? '执法部门或执法人员，由司法局' : '司法局，由执法协调小组办公室'}直接受理）`
      : route.by === 'citizen' ? '（您选择的单位）'
        : route.confidence < 0.5 ? '（系统初步判断，如不准确请更改）' : '';
  return [
    '请核对您的投诉举报：',
    `事由：${d.what}`,
    `地点：${d.where}`,
    `时间：${d.when}`,
    accusedLine({ accused: accusedOf(d), accusedText: d.accusedText ?? null }, dir) ?? '被投诉对象：无',
    `联系方式：${d.contact ? `${d.contact.name ?? ''} ${d.contact.phone}`.trim() : '匿名'}`,
    `拟交由：${dir.name(route.orgId)}${why}`,
    draftFilesLine('照片', d.photos),
  ].filter((l) => l !== null).join('\n');
}

type ComplaintStep = 'what' | 'where' | 'when' | 'accused' | 'accusedBody' | 'contact' | 'confirm' | 'org';
/** The draft once the facts are in and a body proposed: what the summary and the ledger need. */
type Complete = Filled<ComplaintDraft, 'what' | 'where' | 'when' | 'route'>;

/** The 事由, and what it already says of place, time and accused body (slot filling, ./told.ts). */
const described = (t: Turn, d: ComplaintDraft, what: string): ComplaintDraft => ({
  ...d, what, told: readTold(what, t.services.directory, t.services.router),
});
const forgetTold = (d: ComplaintDraft, slot: keyof Told): ComplaintDraft => ({ ...d, told: { ...d.told, [slot]: undefined } });

/** 被投诉对象 answered: none, one body for certain, or a question which body. */
function accusedAnswered(t: Turn, d: ComplaintDraft, answer: string | null, skipped: boolean) {
  // Not an exact alias alone: abbreviations, sounds, officer words, the router (./accused.ts).
  const guess = guessAccused(t.services.directory, t.services.router, { answer, what: d.what ?? '', where: d.where ?? '' });
  const base = { ...d, accusedText: answer, accusedAsk: undefined };
  switch (guess.kind) {
    case 'none':
      return next('contact', { ...base, accused: NO_ACCUSED });
    case 'certain':
      return next('contact', { ...base, accused: { kind: 'body', orgId: guess.orgId } as const });
    case 'unsure':
      return next('accusedBody', { ...base, accused: undefined, accusedAsk: { candidates: guess.candidates, skipped } });
  }
}

const WHEN_ASK = '【投诉举报 3/5】事情是什么时候发生的？（如：11月20日下午、最近一周每天夜里）';

export const complaintFlow: Flow<ComplaintDraft, ComplaintStep> = {
  name: 'complaint',
  title: '投诉举报',
  help: '正在填写投诉举报。按提示逐项回答即可；发送“返回”修改上一项，“取消”放弃本次填写。',
  first: 'what',
  steps: withPhotos({
    what: textStep({
      ask: '【投诉举报 1/5】请描述您要投诉举报的事情：发生了什么？（可同时发送照片，最多 9 张）',
      what: '事情经过', min: MIN_WHAT, max: MAX_TEXT.what,
      then: (what, d, t) => next('where', described(t, d, what)),
    }),
    where: confirmKnown({
      self: 'where',
      known: (d) => d.told?.where,
      question: (v) => `【投诉举报 2/5】地点：${v}，对吗？`,
      forget: (d) => forgetTold(d, 'where'),
      keep: (d) => next('when', { ...d, where: d.told?.where }),
      ask: textStep({
        ask: '【投诉举报 2/5】事情发生在哪里？（如：抚宁镇某村、某路某号某商店）',
        what: '地点', min: 2, max: MAX_TEXT.where,
        then: (where, d) => next('when', { ...d, where }),
      }),
    }),
    when: confirmKnown({
      self: 'when',
      known: (d) => d.told?.when,
      question: (v) => `【投诉举报 3/5】时间：${v}，对吗？`,
      forget: (d) => forgetTold(d, 'when'),
      keep: (d) => next('accused', { ...d, when: d.told?.when }),
      ask: textStep({
        ask: WHEN_ASK, options: ['不清楚'],
        what: '时间', min: 1, max: MAX_TEXT.when,
        then: (when, d) => next('accused', { ...d, when }),
      }),
    }),
    accused: confirmKnown({
      self: 'accused',
      known: (d, t) => (d.told?.accusedOrgId != null ? t.services.directory.name(d.told.accusedOrgId) : undefined),
      question: (v) => `【投诉举报 4/5】被投诉对象：${v}，对吗？\n您的身份信息不会告知被投诉单位。`,
      forget: (d) => forgetTold(d, 'accusedOrgId'),
      keep(d, t) {
        const orgId = d.told?.accusedOrgId;
        if (orgId == null) return next('accused', d);
        return next('contact', { ...d, accused: { kind: 'body', orgId }, accusedText: t.services.directory.name(orgId), accusedAsk: undefined });
      },
      ask: {
        prompt: () => ({
          text: '【投诉举报 4/5】是否投诉某个执法部门或执法人员？如是，请写明单位或人员；如否，请选择“跳过”。',
          options: [SKIP],
        }),
        answer(text, d, t) {
          const skipped = NO_ONE.has(text.trim());
          if (skipped) return accusedAnswered(t, d, null, true);
          const v = boundedText(text, 2, MAX_TEXT.accused, '被投诉单位或人员');
          return v.ok ? accusedAnswered(t, d, v.value, false) : invalid(v.reason);
        },
      },
    }),
    // Which body is accused, when the answer or the 事由 names a department, an officer or an
    // act of enforcement but not surely one body. 不确定 → possibly any: 司法局 handles it.
    accusedBody: {
      prompt: (d, t) => {
        const ask = d.accusedAsk ?? { candidates: [], skipped: false };
        return {
          text: [
            ask.skipped
              ? '【投诉举报 4/5】您的描述涉及执法部门、执法人员或执法行为。被投诉的是哪个单位（或哪个单位的人员）？'
              : '【投诉举报 4/5】请确认被投诉的单位（您投诉的是哪个单位或哪个单位的人员）：',
            `请选择或输入单位名称；说不准请选“${UNSURE}”——将由司法局受理，您的身份不会告知任何执法部门。`,
          ].join('\n'),
          options: [...ask.candidates.map((id) => t.services.directory.name(id)), UNSURE, ...(ask.skipped ? [NOT_A_DEPARTMENT] : [])],
        };
      },
      answer(text, d, t) {
        const a = text.trim();
        if (UNSURE_WORDS.has(a)) return next('contact', { ...d, accused: { kind: 'unresolved' } });
        if (a === NOT_A_DEPARTMENT && d.accusedAsk?.skipped) return next('contact', { ...d, accused: NO_ACCUSED });
        const guess = guessAccused(t.services.directory, t.services.router, { answer: a, what: '', where: '' });
        if (guess.kind !== 'certain') return invalid(`请从选项中选择被投诉的单位，或输入单位全称、简称；说不准请选“${UNSURE}”。`);
        return next('contact', { ...d, accused: { kind: 'body', orgId: guess.orgId } });
      },
    },
    contact: {
      prompt: () => ({
        // The privacy notice comes with the question, before any contact detail is given
        // (who sees it: README "Readings of the plan", domain/complaint-access.ts).
        text: '【投诉举报 5/5】请留下姓名和电话，便于核实和告知办理情况；也可以选择“匿名”（仍可在本对话中查询进度）。\n隐私说明：姓名和电话只有您本人和负责办理的单位能看到，被投诉的单位和协助调查的单位都看不到。',
        options: [ANONYMOUS],
      }),
      answer(text, d, t) {
        const c = parseContact(text);
        if (c && 'error' in c) return invalid(c.error);
        const draft = { ...d, contact: c };
        return next('confirm', { ...draft, route: proposeRoute(t, draft) });
      },
    },
    confirm: needs(['what', 'where', 'when', 'route'], {
      prompt: (d, t) => ({ text: summary(t, d), options: [CONFIRM, CHANGE_ORG, CANCEL] }),
      async answer(text, d, t) {
        const a = text.trim();
        if (a === CHANGE_ORG) return next('org', d);
        if (!isConfirm(a, CONFIRM) && a !== '提交') return invalid(`请选择“${CONFIRM}”、“${CHANGE_ORG}”或“${CANCEL}”。`);
        // Never registered with the accused body handling it, whatever path the draft took.
        if (handlingRefusalFor(t, d, d.route.orgId)) return next('confirm', { ...d, route: proposeRoute(t, d) });
        // A burst of submissions (anonymous ones cost nothing) must not notify staff and open
        // clocks (README, readings: how many complaints one sender may submit).
        const wait = await t.limits.complaint();
        if (wait) return invalid(complaintsLimitedText(wait));
        return done(await register(t, d));
      },
    }),
    org: orgStep({
      ask: '请选择受理单位，或直接输入单位名称（如“市场监管局”“抚宁镇”）：',
      offer: (d, t) => [...new Set([...(d.route?.alternatives ?? []), justiceBureauId(t)])]
        .filter((id) => id !== d.route?.orgId && !handlingRefusalFor(t, d, id)).slice(0, 6),
      filter: canHandleComplaints,
      notFound: '没有找到该单位。请从选项中选择，或输入区职能部门、乡镇（街道）的名称。',
      then(org, d, t) {
        const refusal = handlingRefusalFor(t, d, org.id);
        if (refusal) return invalid(refusal);
        return next('confirm', { ...d, route: { orgId: org.id, by: 'citizen', confidence: 1, alternatives: d.route?.alternatives ?? [] } });
      },
    }),
  }),
};

/**
 * The form opened by a message that already describes the problem (「昨晚11点在东风路12号
 * 工地夜间施工噪音扰民」 instead of 投诉): the 事由 is taken, and the form starts at the place.
 */
export const complaintToldFlow = startingAt(complaintFlow, 'complaint-told', 'where');

/** 投诉, or a sentence that tells the problem: the form, with what the sentence already says filled in. */
export function startComplaint(t: Turn, text: string): Outcome {
  const what = describedProblem(text, MIN_WHAT);
  if (!what || what.length > MAX_TEXT.what) return openFlow(complaintFlow, {});
  return openFlow(complaintToldFlow, described(t, {}, what), { text: `已记下您反映的问题：${what}` });
}

const handlingRefusalFor = (t: Turn, d: ComplaintDraft, orgId: number): string | null =>
  handlingRefusal({ accused: accusedOf(d) }, orgId, t.services.directory.name(orgId), justiceBureauId(t));

async function register(t: Turn, d: Complete): Promise<Reply> {
  const dir = t.services.directory;
  const route = d.route;
  let photos: string | null = null;
  const c = await registerComplaint(t, {
    what: d.what, where: d.where, when: d.when,
    accused: accusedOf(d), accusedText: d.accusedText ?? null,
    contact: d.contact ?? null,
  }, route, async (c) => {
    photos = await attachPhotos(t, d.photos, c.trackingNo); // before the notice, which links them
  });
  const org = dir.byId(route.orgId)!;
  return {
      text: [
        `已登记。您的投诉举报编号：${c.trackingNo}`,
        `交由：${org.name}（电话：${org.phone || '—'}）`,
        `受理告知期限：${formatDue(c.acceptDue)}`,
        ...(photos ? [photos] : []),
        '受理和办理结果会在本对话中告知您；也可随时发送“查询 编号”查看进度。',
      ].join('\n'),
      options: [`查询 ${c.trackingNo}`],
  };
}
