/** Dialogues of information sharing: a request for enforcement information, and a period's statistics. */
import { ACT_KINDS, ACT_LABEL, checkMajor, checkPeriod, parseCounts, parsePeriod, type ActKind } from '../../domain/sharing/statistics';
import { checkPurpose, checkSubject } from '../../domain/sharing/request';
import { parsePeriodKey } from '../../domain/deadlines/periods';
import { type Flow, type Step, done, invalid, isConfirm, next, startingAt, needs } from '../flow';
import { submitRequest, submitStatistics } from './actions';
import { actingOrgStep } from '../steps';

export interface RequestDraft {
  orgChoices: number[];
  orgId?: number;
  toOrgId?: number;
  subject?: string;
  purpose?: string;
}

export const requestFlow: Flow<RequestDraft, 'org' | 'to' | 'subject' | 'purpose' | 'confirm'> = {
  name: 'info-request',
  title: '信息查询',
  help: '正在提出信息查询：被请求单位、所需信息、用途。发送“返回”修改上一项，“取消”放弃。',
  first: 'org',
  steps: {
    org: actingOrgStep('to', '【信息查询】'),
    to: {
      prompt: () => ({ text: '【信息查询 1/3】向哪个单位查询？' }),
      answer(text, d, t) {
        const o = t.services.directory.find(text, (x) => x.kind === 'department' || x.kind === 'township' || x.code === 'sfj' || x.code === 'spj');
        if (!o) return invalid('未找到该行政执法部门或乡镇，请写出单位名称。');
        if (o.id === d.orgId) return invalid('不能向本单位查询信息。');
        return next('subject', { ...d, toOrgId: o.id });
      },
    },
    subject: {
      prompt: () => ({ text: '【信息查询 2/3】所需的执法信息（如：某公司近三年行政处罚记录）：' }),
      answer(text, d) {
        const v = checkSubject(text);
        return v.ok ? next('purpose', { ...d, subject: v.value }) : invalid(v.reason);
      },
    },
    purpose: {
      prompt: () => ({ text: '【信息查询 3/3】用途（如：办理某案件需核实当事人违法记录）：' }),
      answer(text, d) {
        const v = checkPurpose(text);
        return v.ok ? next('confirm', { ...d, purpose: v.value }) : invalid(v.reason);
      },
    },
    confirm: needs(['orgId', 'toOrgId', 'subject', 'purpose'], {
      prompt: (d, t) => ({
        text: ['请确认信息查询：', `请求单位：${t.services.directory.name(d.orgId)}`, `被请求单位：${t.services.directory.name(d.toOrgId)}`, `所需信息：${d.subject}`, `用途：${d.purpose}`].join('\n'),
        options: ['确认提出', '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text, '确认提出')) return invalid('请回复“确认提出”，或发送“返回”修改、“取消”放弃。');
        const r = await submitRequest(t, { fromOrgId: d.orgId, toOrgId: d.toOrgId, subject: d.subject, purpose: d.purpose });
        return r.ok ? done({ text: r.value }) : invalid(r.reason);
      },
    }),
  },
};
export const requestFlowOneOrg = startingAt(requestFlow, 'info-request-one', 'to');

export interface StatisticsDraft {
  orgChoices: number[];
  orgId?: number;
  period?: string;
  counts?: Record<ActKind, number>;
  major?: string;
}

const ORDER = ACT_KINDS.map((k) => ACT_LABEL[k]).join('、');

export const statisticsFlow: Flow<StatisticsDraft, 'org' | 'period' | 'counts' | 'major' | 'confirm'> = {
  name: 'info-statistics',
  title: '统计上报',
  help: `正在上报执法信息统计：统计期间、${ORDER}件数、重大具体行政行为。发送“返回”修改上一项，“取消”放弃。`,
  first: 'org',
  steps: {
    org: actingOrgStep('period', '【统计上报】'),
    period: {
      prompt: () => ({ text: '【统计上报 1/3】统计期间（如 2026-11、2026年第4季度、2026年度）：' }),
      answer(text, d, t) {
        const p = parsePeriod(text);
        if (!p) return invalid('请按 2026-11、2026-Q4、2026-H2 或 2026 的格式填写统计期间。');
        const c = checkPeriod(p, t.now);
        return c.ok ? next('counts', { ...d, period: p.key }) : invalid(c.reason);
      },
    },
    counts: {
      prompt: () => ({ text: `【统计上报 2/3】请按顺序填写件数（${ORDER}），以空格分隔，如：12 30 2 0 0 45` }),
      answer(text, d) {
        const c = parseCounts(text);
        return c.ok ? next('major', { ...d, counts: c.value }) : invalid(c.reason);
      },
    },
    major: {
      prompt: () => ({ text: '【统计上报 3/3】重大具体行政行为（件数及简要情况，没有请回复“无”）：' }),
      answer(text, d) {
        const m = checkMajor(text);
        return m.ok ? next('confirm', { ...d, major: m.value }) : invalid(m.reason);
      },
    },
    confirm: needs(['period', 'counts', 'orgId', 'major'], {
      prompt: (d, t) => ({
        text: [
          `请确认上报${t.services.directory.name(d.orgId)}${parsePeriodKey(d.period)?.label ?? d.period}执法信息统计：`,
          ...ACT_KINDS.map((k) => `${ACT_LABEL[k]}：${d.counts[k]} 件`),
          `重大具体行政行为：${d.major}`,
        ].join('\n'),
        options: ['确认上报', '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text, '确认上报')) return invalid('请回复“确认上报”，或发送“返回”修改、“取消”放弃。');
        const r = await submitStatistics(t, { orgId: d.orgId, period: d.period, counts: d.counts, major: d.major });
        return r.ok ? done({ text: r.value }) : invalid(r.reason);
      },
    }),
  },
};
export const statisticsFlowOneOrg = startingAt(statisticsFlow, 'info-statistics-one', 'period');
