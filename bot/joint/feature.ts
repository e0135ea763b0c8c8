/**
 * Joint enforcement (M6, M15 四、五): 联合执法 registered by the lead body with its work plan
 * and emergency plan, 确认参加 and 补充方案 by the participants, 联合执法完成 (once started and
 * confirmed by all); and 执法协助 — a township's
 * written request to a district department for technical support or file access, answered
 * by 协助答复.
 */
import { SERIES } from '../../domain/record-no';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import type { Flow } from '../flow';
import { sharingOrgs } from '../sharing/actions';
import { record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import {
  actionText, addPlanPart, answerAssistanceBy, assistanceText, completeAction, confirmAction, confirmedOrgs, loadAction, loadAssistance, planParts,
} from './actions';
import { actionFlow, actionFlowOneOrg, assistanceFlow, assistanceFlowOneOrg } from './flows';

const LH = record(SERIES.jointAction);
const XZ = record(SERIES.assistance);

function start<D extends { orgChoices: number[]; orgId?: number }>(orgs: number[], many: Flow<D>, one: Flow<D>): Outcome {
  return orgs.length === 1 ? openFlow(one, { orgChoices: orgs, orgId: orgs[0] } as D) : openFlow(many, { orgChoices: orgs } as D);
}

const townships = (t: Turn) => sharingOrgs(t).filter((id) => t.services.directory.byId(id)?.kind === 'township');

export const joint: Feature = {
  name: 'joint',
  flows: [actionFlow, actionFlowOneOrg, assistanceFlow, assistanceFlowOneOrg],

  commands: [
    command({
      words: ['联合执法', '联合办案'],
      help: (t) => (sharingOrgs(t).length ? '联合执法 —— 牵头登记联合执法（工作方案、应急预案）；确认参加 / 补充方案 编号 —— 配合单位确认、补充本单位方案；联合执法完成 编号' : null),
      run(t) {
        const orgs = sharingOrgs(t);
        return orgs.length ? start(orgs, actionFlow, actionFlowOneOrg) : '联合执法由牵头的行政执法部门或乡镇登记。';
      },
    }),
    command({
      words: ['执法协助', '协助请求', '请求协助'],
      help: (t) => (townships(t).length ? '执法协助 —— 书面函告区职能部门提供技术支撑或查阅、复制档案' : null),
      run(t) {
        const orgs = townships(t);
        return orgs.length ? start(orgs, assistanceFlow, assistanceFlowOneOrg) : '执法协助由乡镇（街道）工作人员向区职能部门书面函告。';
      },
    }),
    command({
      words: ['查询'],
      args: [LH],
      inFlow: 'answer',
      async run(t, [lh]) {
        const a = await loadAction(t, lh);
        return a.ok ? actionText(a.value, t, await confirmedOrgs(t, lh), await planParts(t, lh)) : a.reason;
      },
    }),
    command({
      words: ['查询'],
      args: [XZ],
      inFlow: 'answer',
      async run(t, [xz]) {
        const r = await loadAssistance(t, xz);
        return r.ok ? assistanceText(r.value, t) : r.reason;
      },
    }),
    command({ words: ['确认参加'], args: [LH], run: (t, [no]) => confirmAction(t, no) }),
    command({ words: ['补充方案'], args: [LH, text({ what: '本单位的方案（分工、人员、时间）', example: '内容' })], run: (t, [no, x]) => addPlanPart(t, no, x) }),
    command({ words: ['联合执法完成'], args: [LH, text({ what: '行动总结', example: '总结' })], run: (t, [no, x]) => completeAction(t, no, x) }),
    command({
      words: ['协助答复'],
      args: [XZ, text({ what: '答复内容', example: '内容' })],
      help: (t) => (sharingOrgs(t).some((id) => t.services.directory.byId(id)?.kind === 'department') ? '协助答复 编号 内容 —— 答复乡镇的执法协助函' : null),
      run: (t, [no, x]) => answerAssistanceBy(t, no, x),
    }),
  ],

  async todo(t) {
    const lines: string[] = [];
    const options: string[] = [];
    for (const orgId of sharingOrgs(t)) {
      for (const r of await t.store.assistance.list({ orgId, states: ['open'] }, 10)) {
        lines.push(`· 待答复执法协助 ${r.requestNo}：${t.services.directory.name(r.townshipOrgId)}`);
        options.push(`协助答复 ${r.requestNo}`);
      }
      for (const a of await t.store.jointActions.list({ orgId, states: ['planned'] }, 10)) lines.push(`· 牵头联合执法 ${a.actionNo}：${a.title.slice(0, 30)}`);
    }
    return lines.length ? { lines, options } : null;
  },
};
