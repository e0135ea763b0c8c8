/**
 * 执法信息报送 (四(三)): a unit's staff send a piece of enforcement work information to the
 * justice bureau by chat; it counts toward the unit's 「每月不少于2篇」 of that month. The
 * bureau is told of each piece, lists a month's by unit (执法信息 2026-11), reads one
 * (查询 XB-…) and marks it used (采用 XB-…); the unit is told. A unit's staff see their own.
 */
import { formatLocal, localYear } from '../../domain/calendar/calendar';
import { owes } from '../../domain/deadlines/duties';
import { periodOf } from '../../domain/deadlines/periods';
import * as R from '../../domain/info-report';
import { type InfoReport, type ReportFacts, REPORT_LIMITS, REPORTER_ROLES, canReport, checkReport } from '../../domain/info-report';
import { bounded } from '../../domain/guiding-case';
import type { Organisation } from '../../domain/organisation';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import { dutyStateText } from '../deadline-text';
import { actingOrg, countTowardDuty, justiceBureau, tellStaff } from '../duties';
import { type Feature, openFlow, say } from '../feature';
import { type Flow, invalid, next } from '../flow';
import { confirmStep } from '../steps';
import { record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';

export interface ReportDraft extends Partial<ReportFacts> {
  orgId: number;
}

const CONFIRM = '确认报送';

const isUnit = (o: { kind: string }) => o.kind === 'department' || o.kind === 'township';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export const infoReportFlow: Flow<ReportDraft, 'title' | 'body' | 'confirm'> = {
  name: 'info-report',
  title: '信息报送',
  help: '正在报送行政执法信息（四(三)：每月不少于2篇）：填写标题和正文，核对后报送司法局。发送“返回”修改，“取消”放弃。',
  first: 'title',
  steps: {
    title: {
      prompt: (d, t) => ({ text: `【信息报送 1/2】${t.services.directory.name(d.orgId)} 报送行政执法信息。请填写标题（${REPORT_LIMITS.title[0]}–${REPORT_LIMITS.title[1]} 字）：` }),
      answer(text, d) {
        const r = bounded(text, REPORT_LIMITS.title, '标题');
        return r.ok ? next('body', { ...d, title: r.value }) : invalid(r.reason);
      },
    },
    body: {
      prompt: () => ({ text: '【信息报送 2/2】请填写正文（工作动态、创新举措、典型做法等）：' }),
      answer(text, d) {
        const r = checkReport({ title: d.title ?? '', body: text });
        return r.ok ? next('confirm', { ...d, body: r.value.body }) : invalid(r.reason);
      },
    },
    confirm: confirmStep(CONFIRM, (d) => `请核对：\n标题：${d.title}\n正文：${d.body}`, submitReport),
  },
};

async function submitReport(d: ReportDraft, t: Turn): Promise<string> {
  const org = t.services.directory.byId(d.orgId);
  if (!org || !canReport(t.actor, org)) return '只有区职能部门、乡镇（街道）的工作人员可以报送执法信息。';
  const facts = checkReport({ title: d.title ?? '', body: d.body ?? '' });
  if (!facts.ok) return facts.reason;
  const month = periodOf(t.now, 'month');
  const recordNo = await t.store.numbers.next(SERIES.infoReport, localYear(t.now));
  await t.store.infoReports.create({ ...facts.value, recordNo, orgId: org.id, period: month.key, submittedBy: t.actor.personId, submittedAt: t.now });
  const duty = await countTowardDuty(t, 'info-reports', org, month);
  // 四(三)「加强与区司法局的沟通联系…工作信息的起草上报」: the bureau receives each piece.
  await tellStaff(t, justiceBureau(t).id, ['justice', 'head'], {
    text: [`【执法信息】${org.name} 报送 ${recordNo}：${facts.value.title}`, clip(facts.value.body, 300), `采用请发送“采用 ${recordNo}”。`].join('\n'),
    options: [`采用 ${recordNo}`, `查询 ${recordNo}`],
  }, [t.actor.personId]);
  return [`已报送执法信息 ${recordNo}：${facts.value.title}，已送司法局。`, duty ? dutyStateText(duty) : ''].filter(Boolean).join('\n');
}

const NOT_FOUND = (no: string) => `未找到执法信息 ${no}，或您无权查看。请核对编号。`;

async function loadVisible(t: Turn, no: string): Promise<Result<InfoReport>> {
  const r = await t.store.infoReports.byRecordNo(no);
  return r && R.canView(t.actor, r, justiceBureau(t).id) ? ok(r) : fail(NOT_FOUND(no));
}

function reportText(r: InfoReport, t: Turn): string {
  return [
    `执法信息 ${r.recordNo}`, `报送单位：${t.services.directory.name(r.orgId)}`, `报送时间：${formatLocal(r.submittedAt)}`,
    `状态：${r.used ? `已采用（${formatLocal(r.used.at)}${r.used.note ? `，${r.used.note}` : ''}）` : '已报送司法局'}`,
    `标题：${r.title}`, `正文：${r.body}`,
  ].join('\n');
}

/** 采用 XB-… [说明]: the bureau used the piece; the submitter and the unit's liaison and head are told. */
async function useReport(t: Turn, no: string, note: string): Promise<Result<string>> {
  const r = await loadVisible(t, no);
  if (!r.ok) return r;
  if (!R.canReview(t.actor, justiceBureau(t).id)) return fail('执法信息由司法局采用。');
  const after = R.markUsed(r.value, note, t.actor.personId, t.now);
  if (!after.ok) return after;
  if (!(await t.store.infoReports.markUsed(after.value))) return fail(`执法信息 ${no} 已被采用。`);
  const unit = t.services.directory.name(r.value.orgId);
  const text = `【信息采用】${unit} 报送的执法信息 ${no}“${r.value.title}”已被司法局采用${after.value.used!.note ? `：${after.value.used!.note}` : ''}。`;
  const sent = await tellStaff(t, r.value.orgId, ['liaison', 'head'], { text, options: [`查询 ${no}`] });
  if (!sent.includes(r.value.submittedBy)) await t.notify(r.value.submittedBy, { text, options: [`查询 ${no}`] });
  return ok(`已采用 ${no}（${unit}：${r.value.title}），已告知报送单位。`);
}

/**
 * 执法信息 [单位] [月份]: the bureau sees a month's pieces by unit, with the units that sent
 * fewer than two; a unit's staff see their own unit's.
 */
async function listReports(t: Turn, args: string): Promise<string> {
  const dir = t.services.directory;
  const words = args.trim().split(/\s+/).filter(Boolean);
  const monthWord = words.findIndex((w) => /^\d/.test(w.normalize('NFKC')));
  const month = R.parseMonth(monthWord >= 0 ? words.splice(monthWord, 1)[0]! : '', t.now);
  if (!month.ok) return month.reason;
  const reviewer = R.canReview(t.actor, justiceBureau(t).id);
  let unit: Organisation | undefined;
  if (reviewer) {
    if (words.length && !(unit = dir.find(words.join(' '), isUnit))) return `没有找到单位“${words.join(' ')}”。`;
  } else {
    const own = actingOrg(t, REPORTER_ROLES, isUnit, words.join(' ') || undefined, { word: '执法信息', none: '执法信息由司法局查阅；各单位工作人员可查看本单位报送的执法信息。' });
    if (!own.ok) return own.reason;
    unit = own.value;
  }
  const reports = await t.store.infoReports.ofMonth(month.value.key, unit?.id);
  const used = reports.filter((r) => r.used).length;
  const lines = [`${month.value.label}${unit ? ` ${unit.name}` : ''}执法信息报送（共 ${reports.length} 篇，已采用 ${used} 篇）：`];
  const byOrg = new Map<number, InfoReport[]>();
  for (const r of reports) byOrg.set(r.orgId, [...(byOrg.get(r.orgId) ?? []), r]);
  for (const [orgId, rs] of byOrg) {
    lines.push(`${dir.name(orgId)}（${rs.length} 篇${rs.length < 2 ? '，不足2篇' : ''}）：`);
    lines.push(...rs.map((r) => `· ${r.recordNo} ${r.title}${r.used ? '（已采用）' : ''}`));
  }
  if (!reports.length) lines.push('（本月尚无报送）');
  if (reviewer && !unit) {
    const none = dir.all.filter((o) => owes('info-reports', o) && !byOrg.has(o.id)).map((o) => o.name);
    if (none.length) lines.push(`未报送的单位（${none.length} 个）：${none.join('、')}`);
  }
  lines.push(reviewer ? '发送“查询 编号”查看全文，“采用 编号 [采用说明]”标记采用。' : '发送“查询 编号”查看全文。');
  return lines.join('\n');
}

const XB = record(SERIES.infoReport);

export const infoReports: Feature = {
  name: 'info-reports',
  flows: [infoReportFlow],
  duties: ['info-reports'],

  commands: [
    command({
      words: ['信息报送', '报送信息', '执法信息报送'],
      args: [text({ what: '单位', optional: true })],
      help: (t) => (t.actor.grants.some((g) => isUnit(t.services.directory.byId(g.orgId) ?? { kind: '' }) && (REPORTER_ROLES as readonly string[]).includes(g.role))
        ? '信息报送 —— 向司法局报送行政执法信息（每月不少于2篇）；执法信息 [月份] —— 本单位报送的信息'
        : null),
      run(t, [x]) {
        const org = actingOrg(t, REPORTER_ROLES, isUnit, x, { word: '信息报送', none: '执法信息由区职能部门、乡镇（街道）报送（四(三)）。' });
        return org.ok ? openFlow(infoReportFlow, { orgId: org.value.id }) : org.reason;
      },
    }),
    command({
      words: ['执法信息', '执法信息列表'],
      args: [text({ what: '单位或月份', optional: true })],
      inFlow: 'answer',
      help: (t) => (R.canReview(t.actor, justiceBureau(t).id) ? '执法信息 [单位] [月份] / 采用 XB-编号 [说明] —— 按单位、月份查看各单位报送的执法信息，标记采用' : null),
      run: (t, [x]) => listReports(t, x ?? ''),
    }),
    command({
      words: ['查询'],
      args: [XB],
      inFlow: 'answer',
      async run(t, [no]) {
        const r = await loadVisible(t, no);
        return r.ok ? reportText(r.value, t) : r.reason;
      },
    }),
    command({ words: ['采用', '采纳'], args: [XB, text({ what: '说明', optional: true })], run: (t, [no, x]) => useReport(t, no, x ?? '') }),
  ],

  async todo(t) {
    if (!R.canReview(t.actor, justiceBureau(t).id)) return null;
    const month = periodOf(t.now, 'month');
    const reports = await t.store.infoReports.ofMonth(month.key);
    const fresh = reports.filter((r) => !r.used);
    if (!fresh.length) return null;
    return {
      lines: [`执法信息：${month.label}已收到 ${reports.length} 篇，${fresh.length} 篇未采用（发送“执法信息”按单位查看）`],
      options: ['执法信息'],
    };
  },
};
