/**
 * 案例指导 (M11): a department submits a guiding case by chat (kind of act, title, facts,
 * why typical); the justice bureau accepts it, returns it with reasons, and marks the
 * accepted ones published. Each submission counts toward the department's 「不少于3件」
 * of the year it is about (in January, last year's); a returned one stops counting.
 */
import { formatLocal, localYear } from '../../domain/calendar/calendar';
import * as G from '../../domain/guiding-case';
import { ACT_KINDS, type CaseFacts, type GuidingCase, LIMITS, STATUS_LABEL, TYPICAL_BECAUSE } from '../../domain/guiding-case';
import { period } from '../../domain/deadlines/periods';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import { dutyStateText } from '../deadline-text';
import { actingOrg, countTowardDuty, justiceBureau, tellStaff, withdrawFromDuty } from '../duties';
import { type Feature, openFlow, say } from '../feature';
import { type Flow, invalid, next } from '../flow';
import { confirmStep } from '../steps';
import { record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';

export interface CaseDraft extends Partial<CaseFacts> {
  orgId: number;
  /** The year it is about (absent in drafts from before: the default year then). */
  year?: number;
}

const yearOf = (d: CaseDraft, t: Turn) => d.year ?? G.defaultYear(t.now);

const CONFIRM = '确认报送';

function summary(d: CaseDraft): string[] {
  return [`行为种类：${d.actKind}`, `案例名称：${d.title}`, `基本案情：${d.summary}`, `典型意义：${d.why}`];
}

const checked = <K extends keyof CaseFacts, S extends string>(r: Result<string>, d: CaseDraft, key: K, step: S) =>
  r.ok ? next(step, { ...d, [key]: r.value }) : invalid(r.reason);

export const guidingCaseFlow: Flow<CaseDraft, 'act' | 'title' | 'summary' | 'why' | 'confirm'> = {
  name: 'guiding-case',
  title: '报送案例',
  help: '正在报送行政执法指导案例：依次选择行为种类，填写案例名称、基本案情和典型意义，核对后报送司法局。发送“返回”修改，“取消”放弃。',
  first: 'act',
  steps: {
    act: {
      prompt: (d, t) => ({
        text: `【指导案例 1/4】${t.services.directory.name(d.orgId)} 报送${yearOf(d, t)}年度行政执法指导案例（计入${yearOf(d, t)}年度不少于3件；其他年度请发送“取消”后重新发送“报送案例 年度”）。请选择行政执法行为种类：`,
        options: [...ACT_KINDS],
      }),
      answer(text, d) {
        const k = G.parseActKind(text);
        return k ? next('title', { ...d, actKind: k }) : invalid(`请选择：${ACT_KINDS.join('、')}。`);
      },
    },
    title: {
      prompt: () => ({ text: `【指导案例 2/4】请填写案例名称（${LIMITS.title[0]}–${LIMITS.title[1]} 字，如：某超市销售过期食品行政处罚案）：` }),
      answer: (text, d) => checked(G.bounded(text, LIMITS.title, '案例名称'), d, 'title', 'summary'),
    },
    summary: {
      prompt: () => ({ text: '【指导案例 3/4】请简述基本案情、处理依据和处理结果：' }),
      answer: (text, d) => checked(G.bounded(text, LIMITS.summary, '基本案情'), d, 'summary', 'why'),
    },
    why: {
      prompt: () => ({ text: `【指导案例 4/4】请说明典型意义（为何选作指导案例，如：${TYPICAL_BECAUSE.join('、')}）：`, options: [...TYPICAL_BECAUSE] }),
      answer: (text, d) => checked(G.bounded(text, LIMITS.why, '典型意义'), d, 'why', 'confirm'),
    },
    confirm: confirmStep(CONFIRM, (d) => ['请核对：', ...summary(d)].join('\n'), async (d, t) => {
      const r = await submitCase(t, d);
      return r.ok ? r.value : r.reason;
    }),
  },
};

async function submitCase(t: Turn, d: CaseDraft): Promise<Result<string>> {
  const dir = t.services.directory;
  const org = dir.byId(d.orgId);
  if (!org || !G.canSubmit(t.actor, org)) return fail('只有区职能部门的执法人员、联络员或负责人可以报送指导案例。');
  const facts = G.checkFacts({ actKind: d.actKind ?? '', title: d.title ?? '', summary: d.summary ?? '', why: d.why ?? '' });
  if (!facts.ok) return facts;
  const year = yearOf(d, t);
  const recordNo = await t.store.numbers.next(SERIES.guidingCase, localYear(t.now));
  const c = await t.store.guidingCases.create({ ...facts.value, recordNo, orgId: org.id, year, submittedBy: t.actor.personId, submittedAt: t.now });
  const duty = await countTowardDuty(t, 'guiding-cases', org, period('year', year, 1));
  await tellStaff(t, justiceBureau(t).id, ['justice', 'head'], {
    text: [`【指导案例报送】${org.name} 报送 ${recordNo}（${year}年度，${c.actKind}）：${c.title}`, `典型意义：${c.why}`, `审查后请发送“采纳 ${recordNo}”或“退回 ${recordNo} 理由”。`].join('\n'),
    options: [`查询 ${recordNo}`, `采纳 ${recordNo}`],
  });
  return ok([`已报送指导案例 ${recordNo}，司法局审查后会告知结果。`, duty ? dutyStateText(duty) : ''].filter(Boolean).join('\n'));
}

const NOT_FOUND = (no: string) => `未找到指导案例 ${no}，或您无权查看。请核对编号。`;

async function loadVisible(t: Turn, no: string): Promise<Result<GuidingCase>> {
  const c = await t.store.guidingCases.byRecordNo(no);
  return c && G.canView(t.actor, c, justiceBureau(t).id) ? ok(c) : fail(NOT_FOUND(no));
}

function caseText(c: GuidingCase, t: Turn): string {
  const lines = [
    `指导案例 ${c.recordNo}`, `报送单位：${t.services.directory.name(c.orgId)}`, `所属年度：${c.year}年度`, `状态：${STATUS_LABEL[c.status]}`, `报送时间：${formatLocal(c.submittedAt)}`,
    ...summary(c),
  ];
  if (c.status === 'returned') lines.push(`退回理由：${c.reason}`);
  if (c.status === 'published') lines.push(`发布时间：${formatLocal(c.publishedAt)}`);
  return lines.join('\n');
}

/**
 * A review by the justice bureau: loaded, checked, the transition saved, the department
 * told. A returned case stops counting toward its year's three (the duty says where it stands).
 */
async function review(t: Turn, no: string, step: (c: GuidingCase) => Result<GuidingCase>, told: (c: GuidingCase) => string): Promise<Result<string>> {
  const c = await loadVisible(t, no);
  if (!c.ok) return c;
  if (!G.canReview(t.actor, justiceBureau(t).id)) return fail('指导案例由司法局审查。');
  const after = step(c.value);
  if (!after.ok) return after;
  if (!(await t.store.guidingCases.update(c.value, after.value))) return fail(`${no} 刚刚被他人审查，请发送“查询 ${no}”查看。`);
  const org = t.services.directory.byId(c.value.orgId);
  const duty = after.value.status === 'returned' && org ? await withdrawFromDuty(t, 'guiding-cases', org, period('year', c.value.year, 1)) : null;
  const text = [told(after.value), duty ? `退回的案例不计入报送数量。${dutyStateText(duty)}` : ''].filter(Boolean).join('\n');
  const notice = { text, options: [`查询 ${no}`] };
  const sent = await tellStaff(t, c.value.orgId, ['liaison', 'head'], notice);
  if (!sent.includes(c.value.submittedBy)) await t.notify(c.value.submittedBy, notice);
  return ok(`${text}\n已告知 ${t.services.directory.name(c.value.orgId)}。`);
}

const AL = record(SERIES.guidingCase);
const head = (t: Turn, c: GuidingCase) => `指导案例 ${c.recordNo}（${t.services.directory.name(c.orgId)}：${c.title}）`;

export const guidingCases: Feature = {
  name: 'guiding-cases',
  flows: [guidingCaseFlow],
  duties: ['guiding-cases'],

  commands: [
    command({
      words: ['报送案例', '案例指导', '指导案例', '报送指导案例'],
      args: [text({ what: '年度和单位', optional: true })],
      help: (t) => [
        ...(t.actor.grants.some((g) => t.services.directory.byId(g.orgId)?.kind === 'department' && (G.SUBMITTER_ROLES as readonly string[]).includes(g.role)) ? ['报送案例 —— 报送行政执法指导案例（每年不少于3件）'] : []),
        ...(G.canReview(t.actor, justiceBureau(t).id) ? ['采纳 AL-编号 / 退回 AL-编号 理由 / 发布 AL-编号 —— 审查指导案例'] : []),
      ],
      async run(t, [x]) {
        if (G.canReview(t.actor, justiceBureau(t).id) && !x) return reviewList(t);
        // 报送案例 [年度] [单位]: the year the case is about, then the department.
        const words = (x ?? '').trim().split(/\s+/).filter(Boolean);
        const named = words[0] && /^\d{4}/.test(words[0].normalize('NFKC')) ? G.parseYear(words.shift()!, t.now) : undefined;
        if (named && !named.ok) return named.reason;
        const org = actingOrg(t, G.SUBMITTER_ROLES, (o) => o.kind === 'department', words.join(' ') || undefined, {
          word: '报送案例', none: '行政执法指导案例由区职能部门选择报送。',
        });
        return org.ok ? openFlow(guidingCaseFlow, { orgId: org.value.id, year: named?.value ?? G.defaultYear(t.now) }) : org.reason;
      },
    }),
    command({
      words: ['查询'],
      args: [AL],
      inFlow: 'answer',
      async run(t, [no]) {
        const c = await loadVisible(t, no);
        return c.ok ? caseText(c.value, t) : c.reason;
      },
    }),
    command({
      words: ['采纳'],
      args: [AL],
      run: (t, [no]) => review(t, no, (c) => G.accept(c, t.actor.personId, t.now), (c) => `【案例审查】${head(t, c)}经司法局审查合格，待区政府发布。`),
    }),
    command({
      words: ['退回'],
      args: [AL, text({ what: '退回理由', optional: true })],
      run: (t, [no, x]) => review(t, no, (c) => G.sendBack(c, x ?? '', t.actor.personId, t.now), (c) => `【案例退回】${head(t, c)}被司法局退回，理由：${c.status === 'returned' ? c.reason : x ?? ''}`),
    }),
    command({
      words: ['发布'],
      args: [AL],
      run: (t, [no]) => review(t, no, (c) => G.publish(c, t.actor.personId, t.now), (c) => `【案例发布】${head(t, c)}已由区政府发布。`),
    }),
  ],

  async todo(t) {
    if (!G.canReview(t.actor, justiceBureau(t).id)) return null;
    const pending = await t.store.guidingCases.list(undefined, ['submitted', 'accepted'], 20);
    if (!pending.length) return null;
    return {
      lines: ['指导案例：', ...pending.map((c) => `· ${c.status === 'submitted' ? '待审查' : '待发布'}：${c.recordNo} ${t.services.directory.name(c.orgId)} ${c.title}`)],
      options: pending.map((c) => `查询 ${c.recordNo}`),
    };
  },
};

async function reviewList(t: Turn): Promise<string> {
  const pending = await t.store.guidingCases.list(undefined, ['submitted'], 30);
  if (!pending.length) return '目前没有待审查的指导案例。';
  return ['待审查的指导案例：', ...pending.map((c) => `· ${c.recordNo} ${t.services.directory.name(c.orgId)}（${c.actKind}）${c.title}`), '发送“查询 编号”查看全文，“采纳 编号”或“退回 编号 理由”。'].join('\n');
}
