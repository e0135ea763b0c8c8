/**
 * 行政执法监督检查 (M7): the justice bureau 监督检查 (records an inspection), 通知书 JC-…
 * (issues a 行政执法监督通知书), 验收 / 退回 / 不合格 JD-… (reviews the rectification),
 * 问题通报 / 印发通报 JC-… (the bulletin); the body's liaison or head 整改报告 JD-… and
 * 提供情况 JC-… (如实提供情况), and 监督检查 for its own officers (法制工作机构);
 * 查询 JD-… / JC-… for those who may see them.
 */
import type { Organisation } from '../../domain/organisation';
import { SERIES } from '../../domain/record-no';
import { RECTIFIER_ROLES, canBeSupervised, isInternal, isOverseer, isSupervisor } from '../../domain/supervision';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import { matchRecordCommand } from '../record-command';
import { startTextAction } from '../text-action';
import type { Turn } from '../turn';
import {
  BUREAU_ONLY, INTERNAL_ONLY, acceptRectification, accountsOf, bodies, legalOfficeOrgs, loadInspection, loadNotice, noticeFor, provideAccount, publishBulletin,
} from './actions';
import { SUPERVISION_TEXT_ACTIONS, inspectionFlow, noticeFlow, returnFlow, supervisionTextFlow } from './flows';
import { accountLines, bulletinText, dueLine, inspectionLines, noticeText } from './render';

const bureau = (t: Turn) => isSupervisor(t.actor, bodies(t));

/** Bodies where the person answers notices (liaison or head of a department or township). */
function rectifierOrgs(t: Turn): number[] {
  const dir = t.services.directory;
  return [...new Set(t.actor.grants.filter((g) => RECTIFIER_ROLES.includes(g.role)).map((g) => g.orgId))].filter((id) => {
    const o: Organisation | undefined = dir.byId(id);
    return !!o && canBeSupervised(o);
  });
}

const inspectionCmd = (text: string, words: string) => matchRecordCommand(text, words, SERIES.inspection);
const noticeCmd = (text: string, words: string) => matchRecordCommand(text, words, SERIES.notice);
const textAct = (t: Turn, action: string, no: string, rest?: string) => startTextAction(t, supervisionTextFlow, SUPERVISION_TEXT_ACTIONS, action, no, rest);

/**
 * An inspection as the person may read it: the bulletin (every body's findings) for the
 * overseers and, once 印发全区, for all; before that an inspected body sees the inspection
 * and its own account only; an internal inspection reads as the body's own record.
 */
async function bulletin(t: Turn, no: string): Promise<Outcome> {
  const i = await loadInspection(t, no);
  if (!i.ok) return say(i.reason);
  const dir = t.services.directory;
  const accounts = accountLines(await accountsOf(t, i.value), dir);
  if (isInternal(i.value, bodies(t))) return say([`本部门内部监督检查 ${no}`, ...inspectionLines(i.value, dir)].join('\n'), [`追责立项 ${no}`]);
  if (!isOverseer(t.actor, bodies(t)) && !i.value.bulletinAt) {
    return say([`监督检查 ${no}`, ...inspectionLines(i.value, dir), ...accounts, '问题通报尚未印发。'].join('\n'), [`提供情况 ${no}`]);
  }
  const text = [bulletinText(i.value, await t.store.supervision.noticesOf(i.value.id), dir), ...accounts].join('\n');
  return say(text, bureau(t) && !i.value.bulletinAt ? [`通知书 ${no}`, `印发通报 ${no}`] : undefined);
}

async function startNotice(t: Turn, no: string): Promise<Outcome> {
  if (!bureau(t)) return say(BUREAU_ONLY);
  const i = await loadInspection(t, no);
  if (!i.ok) return say(i.reason);
  if (isInternal(i.value, bodies(t))) return say(INTERNAL_ONLY(no));
  const issued = new Set((await t.store.supervision.noticesOf(i.value.id)).map((n) => n.orgId));
  const candidates = [...i.value.orgIds.filter((id) => !issued.has(id)), ...i.value.orgIds.filter((id) => issued.has(id))];
  return openFlow(noticeFlow, { inspectionNo: no, candidates });
}

export const supervision: Feature = {
  name: 'supervision',
  flows: [inspectionFlow, noticeFlow, returnFlow, supervisionTextFlow],

  help(t) {
    const lines: string[] = [];
    if (bureau(t)) {
      lines.push(
        '· 监督检查 —— 登记行政执法监督检查（日常、专项、大数据监测、第三方评估、抽查暗访）',
        '· 通知书 JC-编号 —— 下发行政执法监督通知书；问题通报 / 印发通报 JC-编号 —— 问题通报',
        '· 验收 / 退回 / 不合格 JD-编号 —— 审查整改报告',
      );
    }
    if (rectifierOrgs(t).length) {
      lines.push(
        '· 整改报告 JD-编号 —— 报送监督通知书的整改情况；提供情况 JC-编号 内容 —— 配合监督检查，如实提供情况',
        '· 监督检查 —— 本单位法制工作机构对本单位执法人员开展内部监督检查',
      );
    }
    if (t.actor.grants.length) lines.push('· 查询 JD-编号 —— 监督通知书整改进度');
    return lines;
  },

  async command(t, text) {
    let c;
    if (/^(监督检查|登记监督检查|记录监督检查|行政执法监督)$/.test(text)) {
      if (bureau(t)) return openFlow(inspectionFlow, {});
      const own = legalOfficeOrgs(t);
      return own.length ? openFlow(inspectionFlow, { internalOrgId: own[0] }) : say(BUREAU_ONLY);
    }
    if ((c = inspectionCmd(text, '提供情况|如实提供情况'))) {
      if (!c.rest) return say(`请写明情况：提供情况 ${c.no} 情况说明`);
      const r = await provideAccount(t, c.no, c.rest);
      return r.ok ? say(r.value, [`查询 ${c.no}`]) : say(r.reason);
    }
    if ((c = inspectionCmd(text, '通知书|下发通知书|监督通知书|监督通知'))) return startNotice(t, c.no);
    if ((c = inspectionCmd(text, '问题通报|查询'))) return bulletin(t, c.no);
    if ((c = inspectionCmd(text, '印发通报|印发'))) {
      const r = await publishBulletin(t, c.no);
      return say(r.ok ? r.value : r.reason);
    }
    if ((c = noticeCmd(text, '查询'))) {
      const n = await loadNotice(t, c.no);
      if (!n.ok) return say(n.reason);
      const i = await t.store.supervision.inspectionById(n.value.inspectionId);
      return say(noticeText(n.value, i?.no ?? '', t.services.directory));
    }
    if ((c = noticeCmd(text, '整改报告|报送整改报告|整改情况'))) return textAct(t, 'report', c.no, c.rest);
    if ((c = noticeCmd(text, '验收|验收通过'))) {
      const r = await acceptRectification(t, c.no);
      return r.ok ? say(r.value, [`查询 ${c.no}`]) : say(r.reason);
    }
    if ((c = noticeCmd(text, '退回|退回整改'))) {
      const n = await noticeFor(t, c.no, 'reported', '退回', 'bureau');
      if (!n.ok) return say(n.reason);
      return openFlow(returnFlow, { no: c.no, dueDate: n.value.dueDate, ...(c.rest ? { reason: c.rest } : {}) });
    }
    if ((c = noticeCmd(text, '不合格|整改不合格|验收不合格'))) return textAct(t, 'fail', c.no, c.rest);
    if (/^(通知书|问题通报|印发通报)\s*$/.test(text)) return say(`请在指令后写上监督检查编号，如：${text.trim()} JC-2026-000001。`);
    if (/^(整改报告|验收|退回|不合格)\s*$/.test(text)) return say(`请在指令后写上监督通知书编号，如：${text.trim()} JD-2026-000001。`);
    return null;
  },

  async todo(t) {
    const lines: string[] = [];
    const options: string[] = [];
    const dir = t.services.directory;
    if (bureau(t)) {
      for (const n of await t.store.supervision.noticesIn(['reported'], 20)) {
        lines.push(`· ${n.no} ${dir.name(n.orgId)} 已报送整改报告，待验收`);
        options.push(`验收 ${n.no}`);
      }
    }
    const mine = rectifierOrgs(t);
    if (mine.length) {
      for (const n of (await t.store.supervision.noticesIn(['issued'], 100)).filter((x) => mine.includes(x.orgId))) {
        lines.push(`· ${n.no} ${dir.name(n.orgId)} 待整改，${dueLine(n)}`);
        options.push(`整改报告 ${n.no}`);
      }
    }
    return lines.length ? { lines: ['行政执法监督通知书：', ...lines], options } : null;
  },
};
