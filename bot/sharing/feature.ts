/**
 * Information sharing (M5, M15 三): 信息查询 between bodies, answered (答复) or refused only
 * on a listed ground (拒绝), and 统计上报 of the six kinds of acts and major decisions,
 * with 统计汇总 for the justice bureau.
 */
import { periodOf } from '../../domain/deadlines/periods';
import { SERIES } from '../../domain/record-no';
import { parsePeriod } from '../../domain/sharing/statistics';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import type { Flow } from '../flow';
import { record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import { answerRequest, loadRequest, oversees, refuseRequest, requestText, sharingOrgs, statisticsSummary } from './actions';
import { requestFlow, requestFlowOneOrg, statisticsFlow, statisticsFlowOneOrg } from './flows';

const XX = record(SERIES.infoRequest);

function start<D extends { orgChoices: number[]; orgId?: number }>(t: Turn, many: Flow<D>, one: Flow<D>, word: string): Outcome {
  const orgs = sharingOrgs(t);
  if (!orgs.length) return say(`“${word}”供行政执法部门和乡镇的工作人员使用。`);
  return orgs.length === 1 ? openFlow(one, { orgChoices: orgs, orgId: orgs[0] } as D) : openFlow(many, { orgChoices: orgs } as D);
}

export const sharing: Feature = {
  name: 'sharing',
  flows: [requestFlow, requestFlowOneOrg, statisticsFlow, statisticsFlowOneOrg],

  commands: [
    command({
      words: ['信息查询', '查询信息', '信息共享', '共享信息'],
      help: (t) => (sharingOrgs(t).length ? '信息查询 —— 向其他单位查询执法信息；答复 / 拒绝 编号 —— 答复查询（拒绝须有法定理由）' : null),
      run: (t) => start(t, requestFlow, requestFlowOneOrg, '信息查询'),
    }),
    command({
      words: ['统计上报', '上报统计', '执法统计'],
      help: (t) => (sharingOrgs(t).length ? '统计上报 —— 上报行政许可、处罚、强制、征收、收费、检查及重大具体行政行为统计' : null),
      run: (t) => start(t, statisticsFlow, statisticsFlowOneOrg, '统计上报'),
    }),
    command({
      words: ['统计汇总'],
      args: [text({ what: '期间', example: '2026-11', optional: true })],
      inFlow: 'answer',
      help: (t) => (oversees(t) ? '统计汇总 期间 —— 各单位执法信息统计及未上报单位（如：统计汇总 2026-11）' : null),
      async run(t, [written]) {
        const p = written ? parsePeriod(written) : periodOf(t.now, 'month');
        if (!p) return '请按 2026-11、2026-Q4、2026-H2 或 2026 写明期间，如：统计汇总 2026-11。';
        return statisticsSummary(t, p.key);
      },
    }),
    command({
      words: ['查询'],
      args: [XX],
      inFlow: 'answer',
      async run(t, [no]) {
        const r = await loadRequest(t, no);
        return r.ok ? requestText(r.value, t) : r.reason;
      },
    }),
    command({ words: ['答复'], args: [XX, text({ what: '提供的信息', example: '信息内容' })], run: (t, [no, x]) => answerRequest(t, no, x) }),
    command({
      words: ['拒绝'],
      args: [XX, text({ what: '拒绝的法定理由', example: '涉密', optional: true })],
      run(t, [no, x]) {
        const [ground = '', ...rest] = (x ?? '').trim().split(/\s+/);
        return refuseRequest(t, no, ground, rest.join(' '));
      },
    }),
  ],

  async todo(t) {
    const lines: string[] = [];
    const options: string[] = [];
    for (const orgId of sharingOrgs(t)) {
      for (const r of await t.store.infoRequests.list({ orgId, states: ['open'] }, 10)) {
        lines.push(`· 待答复信息查询 ${r.requestNo}：${t.services.directory.name(r.fromOrgId)}，${r.subject.slice(0, 30)}`);
        options.push(`答复 ${r.requestNo}`);
      }
    }
    return lines.length ? { lines, options } : null;
  },
};
