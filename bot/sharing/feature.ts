/**
 * Information sharing (M5, M15 三): 信息查询 between bodies, answered (答复) or refused only
 * on a listed ground (拒绝), and 统计上报 of the six kinds of acts and major decisions,
 * with 统计汇总 for the justice bureau.
 */
import { periodOf } from '../../domain/deadlines/periods';
import { SERIES, parseRecordNo, recordNoPattern } from '../../domain/record-no';
import { parsePeriod } from '../../domain/sharing/statistics';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import type { Flow } from '../flow';
import type { Turn } from '../turn';
import { answerRequest, loadRequest, oversees, refuseRequest, requestText, sharingOrgs, statisticsSummary } from './actions';
import { requestFlow, requestFlowOneOrg, statisticsFlow, statisticsFlowOneOrg } from './flows';

const XX = recordNoPattern(SERIES.infoRequest);
const cmd = (word: string) => new RegExp(`^${word}\\s*${XX}(?:\\s+(.*))?\\s*$`, 's');
const xx = (s: string) => parseRecordNo(SERIES.infoRequest, s)!;
const result = (r: { ok: true; value: string } | { ok: false; reason: string }): Outcome => say(r.ok ? r.value : r.reason);

function start<D extends { orgChoices: number[]; orgId?: number }>(t: Turn, many: Flow<D>, one: Flow<D>, word: string): Outcome {
  const orgs = sharingOrgs(t);
  if (!orgs.length) return say(`“${word}”供行政执法部门和乡镇的工作人员使用。`);
  return orgs.length === 1 ? openFlow(one, { orgChoices: orgs, orgId: orgs[0] } as D) : openFlow(many, { orgChoices: orgs } as D);
}

export const sharing: Feature = {
  name: 'sharing',
  flows: [requestFlow, requestFlowOneOrg, statisticsFlow, statisticsFlowOneOrg],

  help(t) {
    const lines: string[] = [];
    if (sharingOrgs(t).length) {
      lines.push('· 信息查询 —— 向其他单位查询执法信息；答复 / 拒绝 编号 —— 答复查询（拒绝须有法定理由）', '· 统计上报 —— 上报行政许可、处罚、强制、征收、收费、检查及重大具体行政行为统计');
    }
    if (oversees(t)) lines.push('· 统计汇总 期间 —— 各单位执法信息统计及未上报单位（如：统计汇总 2026-11）');
    return lines;
  },

  async command(t, text) {
    let m: RegExpMatchArray | null;
    if (/^(信息查询|查询信息|信息共享|共享信息)$/.test(text)) return start(t, requestFlow, requestFlowOneOrg, '信息查询');
    if (/^(统计上报|上报统计|执法统计)$/.test(text)) return start(t, statisticsFlow, statisticsFlowOneOrg, '统计上报');
    if ((m = text.match(/^统计汇总(?:\s+(.*))?$/s))) {
      const p = m[1] ? parsePeriod(m[1]) : periodOf(t.now, 'month');
      if (!p) return say('请按 2026-11、2026-Q4、2026-H2 或 2026 写明期间，如：统计汇总 2026-11。');
      return result(await statisticsSummary(t, p.key));
    }
    if ((m = text.match(/^查询\s*(\S+)$/))) {
      const no = parseRecordNo(SERIES.infoRequest, m[1]!);
      if (!no) return null;
      const r = await loadRequest(t, no);
      return say(r.ok ? requestText(r.value, t) : r.reason);
    }
    if ((m = text.match(cmd('答复')))) return m[2]?.trim() ? result(await answerRequest(t, xx(m[1]!), m[2])) : say(`请写明提供的信息：答复 ${xx(m[1]!)} 信息内容`);
    if ((m = text.match(cmd('拒绝')))) {
      const [ground = '', ...rest] = (m[2] ?? '').trim().split(/\s+/);
      return result(await refuseRequest(t, xx(m[1]!), ground, rest.join(' ')));
    }
    return null;
  },

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
