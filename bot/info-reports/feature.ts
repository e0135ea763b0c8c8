/**
 * 执法信息报送 (四(三)): a unit's staff send a piece of enforcement work information to the
 * justice bureau by chat; it counts toward the unit's 「每月不少于2篇」 of that month.
 */
import { localYear } from '../../domain/calendar/calendar';
import { periodOf } from '../../domain/deadlines/periods';
import { type ReportFacts, REPORT_LIMITS, REPORTER_ROLES, canReport, checkReport } from '../../domain/info-report';
import { bounded } from '../../domain/guiding-case';
import { SERIES } from '../../domain/record-no';
import { dutyStateText } from '../deadline-text';
import { actingOrg, countTowardDuty } from '../duties';
import { type Feature, openFlow, say } from '../feature';
import { type Flow, confirmStep, invalid, next } from '../flow';
import type { Turn } from '../turn';

export interface ReportDraft extends Partial<ReportFacts> {
  orgId: number;
}

const CONFIRM = '确认报送';

const isUnit = (o: { kind: string }) => o.kind === 'department' || o.kind === 'township';

export const infoReportFlow: Flow<ReportDraft> = {
  name: 'info-report',
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
  return [`已报送执法信息 ${recordNo}：${facts.value.title}`, duty ? dutyStateText(duty) : ''].filter(Boolean).join('\n');
}

export const infoReports: Feature = {
  name: 'info-reports',
  flows: [infoReportFlow],
  duties: ['info-reports'],

  help(t) {
    const dir = t.services.directory;
    return t.actor.grants.some((g) => isUnit(dir.byId(g.orgId) ?? { kind: '' }) && (REPORTER_ROLES as readonly string[]).includes(g.role))
      ? ['· 信息报送 —— 向司法局报送行政执法信息（每月不少于2篇）']
      : [];
  },

  async command(t, text) {
    const m = text.match(/^(?:信息报送|报送信息|执法信息报送)(?:\s+(.*))?$/s);
    if (!m) return null;
    const org = actingOrg(t, REPORTER_ROLES, isUnit, m[1], { word: '信息报送', none: '执法信息由区职能部门、乡镇（街道）报送（四(三)）。' });
    return org.ok ? openFlow(infoReportFlow, { orgId: org.value.id }) : say(org.reason);
  },
};
