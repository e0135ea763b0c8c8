/**
 * Joint enforcement (M6, M15 四、五): 联合执法 registered by the lead body with its work plan
 * and emergency plan, 确认参加 and 补充方案 by the participants, 联合执法完成 (once started and
 * confirmed by all); and 执法协助 — a township's
 * written request to a district department for technical support or file access, answered
 * by 协助答复.
 */
import { SERIES, parseRecordNo, recordNoPattern } from '../../domain/record-no';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import type { Flow } from '../flow';
import { sharingOrgs } from '../sharing/actions';
import type { Turn } from '../turn';
import {
  actionText, addPlanPart, answerAssistanceBy, assistanceText, completeAction, confirmAction, confirmedOrgs, loadAction, loadAssistance, planParts,
} from './actions';
import { actionFlow, actionFlowOneOrg, assistanceFlow, assistanceFlowOneOrg } from './flows';

const LH = recordNoPattern(SERIES.jointAction);
const XZ = recordNoPattern(SERIES.assistance);
const cmd = (word: string, no: string) => new RegExp(`^${word}\\s*${no}(?:\\s+(.*))?\\s*$`, 's');
const result = (r: { ok: true; value: string } | { ok: false; reason: string }): Outcome => say(r.ok ? r.value : r.reason);

function start<D extends { orgChoices: number[]; orgId?: number }>(orgs: number[], many: Flow<D>, one: Flow<D>): Outcome {
  return orgs.length === 1 ? openFlow(one, { orgChoices: orgs, orgId: orgs[0] } as D) : openFlow(many, { orgChoices: orgs } as D);
}

const townships = (t: Turn) => sharingOrgs(t).filter((id) => t.services.directory.byId(id)?.kind === 'township');

export const joint: Feature = {
  name: 'joint',
  flows: [actionFlow, actionFlowOneOrg, assistanceFlow, assistanceFlowOneOrg],

  help(t) {
    const lines: string[] = [];
    if (sharingOrgs(t).length) {
      lines.push('· 联合执法 —— 牵头登记联合执法（工作方案、应急预案）；确认参加 / 补充方案 编号 —— 配合单位确认、补充本单位方案；联合执法完成 编号');
    }
    if (townships(t).length) lines.push('· 执法协助 —— 书面函告区职能部门提供技术支撑或查阅、复制档案');
    if (sharingOrgs(t).some((id) => t.services.directory.byId(id)?.kind === 'department')) lines.push('· 协助答复 编号 内容 —— 答复乡镇的执法协助函');
    return lines;
  },

  async command(t, text) {
    let m: RegExpMatchArray | null;
    if (/^(联合执法|联合办案)$/.test(text)) {
      const orgs = sharingOrgs(t);
      return orgs.length ? start(orgs, actionFlow, actionFlowOneOrg) : say('联合执法由牵头的行政执法部门或乡镇登记。');
    }
    if (/^(执法协助|协助请求|请求协助)$/.test(text)) {
      const orgs = townships(t);
      return orgs.length ? start(orgs, assistanceFlow, assistanceFlowOneOrg) : say('执法协助由乡镇（街道）工作人员向区职能部门书面函告。');
    }
    if ((m = text.match(/^查询\s*(\S+)$/))) {
      const lh = parseRecordNo(SERIES.jointAction, m[1]!);
      if (lh) {
        const a = await loadAction(t, lh);
        return say(a.ok ? actionText(a.value, t, await confirmedOrgs(t, lh), await planParts(t, lh)) : a.reason);
      }
      const xz = parseRecordNo(SERIES.assistance, m[1]!);
      if (xz) {
        const r = await loadAssistance(t, xz);
        return say(r.ok ? assistanceText(r.value, t) : r.reason);
      }
      return null;
    }
    if ((m = text.match(cmd('确认参加', LH)))) return result(await confirmAction(t, parseRecordNo(SERIES.jointAction, m[1]!)!));
    if ((m = text.match(cmd('补充方案', LH)))) {
      const no = parseRecordNo(SERIES.jointAction, m[1]!)!;
      return m[2]?.trim() ? result(await addPlanPart(t, no, m[2])) : say(`请写明本单位的方案（分工、人员、时间）：补充方案 ${no} 内容`);
    }
    if ((m = text.match(cmd('联合执法完成', LH)))) {
      const no = parseRecordNo(SERIES.jointAction, m[1]!)!;
      return m[2]?.trim() ? result(await completeAction(t, no, m[2])) : say(`请附行动总结：联合执法完成 ${no} 总结`);
    }
    if ((m = text.match(cmd('协助答复', XZ)))) {
      const no = parseRecordNo(SERIES.assistance, m[1]!)!;
      return m[2]?.trim() ? result(await answerAssistanceBy(t, no, m[2])) : say(`请写明答复内容：协助答复 ${no} 内容`);
    }
    return null;
  },

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
