/**
 * Approval decisions (M14 二、三、四): decisions imported by the bureau (POST /api/approvals,
 * npm run import-approvals) reach the supervising department's liaison, who acknowledges
 * (签收) and reports supervision (监管情况) — or returns a misrouted one (退回) for the
 * bureau to route (分派). The bureau may record a refusal to cooperate (拒绝配合).
 */
import { SERIES } from '../../domain/record-no';
import { hasRole } from '../../domain/roles';
import { type Feature, type Outcome, say } from '../feature';
import { record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import { acknowledgeDecision, isBureau, loadDecision, reportDecision, reportRefusal, returnDecision, routeDecision } from './actions';
import { decisionLine, decisionText } from './render';

const SP = record(SERIES.approval);

/** Departments whose decisions the person handles. */
const departmentsOf = (t: Turn) =>
  [...new Set(t.actor.grants.filter((g) => t.services.directory.byId(g.orgId)?.kind === 'department' && ['liaison', 'head', 'officer'].includes(g.role)).map((g) => g.orgId))];

async function list(t: Turn): Promise<Outcome> {
  const dir = t.services.directory;
  const lines: string[] = [];
  const options: string[] = [];
  if (isBureau(t)) {
    const open = await t.store.approvals.list({ states: ['unrouted'] }, 20);
    lines.push(open.length ? `待分派的审批决定 ${open.length} 件：` : '没有待分派的审批决定。', ...open.map((d) => decisionLine(d, dir)));
    const recent = await t.store.approvals.list({ states: ['routed', 'acknowledged', 'supervised'] }, 10);
    if (recent.length) lines.push('最近推送：', ...recent.map((d) => decisionLine(d, dir)));
  }
  for (const orgId of departmentsOf(t)) {
    const mine = await t.store.approvals.list({ orgId, states: ['routed', 'acknowledged'] }, 20);
    lines.push(mine.length ? `${dir.name(orgId)} 待监管的审批决定 ${mine.length} 件：` : `${dir.name(orgId)} 没有待监管的审批决定。`, ...mine.map((d) => decisionLine(d, dir)));
    options.push(...mine.slice(0, 4).map((d) => (d.state === 'routed' ? `签收 ${d.approvalNo}` : `监管情况 ${d.approvalNo}`)));
  }
  if (!lines.length) return say('“审批决定”供行政审批局和对口监管部门使用。');
  return say(lines.join('\n'), options.length ? options : undefined);
}

export const approvals: Feature = {
  name: 'approvals',
  flows: [],

  commands: [
    command({
      words: ['审批决定', '审批信息'],
      inFlow: 'answer',
      help: (t) => [
        ...(isBureau(t) ? ['审批决定 —— 待分派和已推送的审批决定；分派 审批编号 单位、拒绝配合 审批编号 情况'] : []),
        ...(departmentsOf(t).length ? ['审批决定 / 签收 审批编号 / 监管情况 审批编号 情况 / 退回 审批编号 理由 —— 对口监管的审批决定'] : []),
      ],
      run: list,
    }),
    command({
      words: ['查询'],
      args: [SP],
      inFlow: 'answer',
      async run(t, [no]) {
        const d = await loadDecision(t, no);
        return d.ok ? decisionText(d.value, t.services.directory) : d.reason;
      },
    }),
    command({ words: ['签收'], args: [SP], run: (t, [no]) => acknowledgeDecision(t, no) }),
    command({ words: ['监管情况'], args: [SP, text({ what: '监管情况', example: '已现场核查，符合许可条件' })], run: (t, [no, x]) => reportDecision(t, no, x) }),
    command({ words: ['退回'], args: [SP, text({ what: '退回理由', example: '不属本部门监管职责' })], run: (t, [no, x]) => returnDecision(t, no, x) }),
    command({ words: ['分派'], args: [SP, text({ what: '对口监管部门', example: '市场监管局' })], run: (t, [no, x]) => routeDecision(t, no, x) }),
    command({ words: ['拒绝配合'], args: [SP, text({ what: '拒绝配合的情况', example: '情况' })], run: (t, [no, x]) => reportRefusal(t, no, x) }),
  ],

  async todo(t) {
    const dir = t.services.directory;
    const lines: string[] = [];
    const options: string[] = [];
    if (isBureau(t) && hasRole(t.actor, dir.byCode('spj')!.id, ['approval', 'head'])) {
      for (const d of await t.store.approvals.list({ states: ['unrouted'] }, 10)) lines.push(`· 待分派审批决定 ${d.approvalNo}：${d.item.slice(0, 20)}`);
    }
    for (const orgId of departmentsOf(t)) {
      for (const d of await t.store.approvals.list({ orgId, states: ['routed'] }, 10)) {
        lines.push(`· 待签收审批决定 ${d.approvalNo}：${d.item.slice(0, 20)}，${d.applicant.slice(0, 20)}`);
        options.push(`签收 ${d.approvalNo}`);
      }
    }
    return lines.length ? { lines, options } : null;
  },
};
