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
import { startTextAction } from '../text-action';
import { record, text } from '../router/args';
import { command } from '../router/command';
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

const JC = record(SERIES.inspection);
const JD = record(SERIES.notice);
/** What may follow the number: a report or a reason (asked for when left out). */
const REST = text({ what: '内容', optional: true });
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

  commands: [
    command({
      words: ['监督检查', '登记监督检查', '记录监督检查', '行政执法监督'],
      help: (t) => [
        ...(bureau(t) ? [
          '监督检查 —— 登记行政执法监督检查（日常、专项、大数据监测、第三方评估、抽查暗访）',
          '通知书 JC-编号 —— 下发行政执法监督通知书；问题通报 / 印发通报 JC-编号 —— 问题通报',
          '验收 / 退回 / 不合格 JD-编号 —— 审查整改报告',
        ] : []),
        ...(rectifierOrgs(t).length ? [
          '整改报告 JD-编号 —— 报送监督通知书的整改情况；提供情况 JC-编号 内容 —— 配合监督检查，如实提供情况',
          '监督检查 —— 本单位法制工作机构对本单位执法人员开展内部监督检查',
        ] : []),
        ...(t.actor.grants.length ? ['查询 JD-编号 —— 监督通知书整改进度'] : []),
      ],
      run(t) {
        if (bureau(t)) return openFlow(inspectionFlow, {});
        const own = legalOfficeOrgs(t);
        return own.length ? openFlow(inspectionFlow, { internalOrgId: own[0] }) : BUREAU_ONLY;
      },
    }),
    command({
      words: ['提供情况', '如实提供情况'],
      args: [JC, text({ what: '情况', example: '情况说明' })],
      async run(t, [no, x]) {
        const r = await provideAccount(t, no, x);
        return r.ok ? say(r.value, [`查询 ${no}`]) : r.reason;
      },
    }),
    command({ words: ['通知书', '下发通知书', '监督通知书', '监督通知'], args: [JC], run: (t, [no]) => startNotice(t, no) }),
    command({ words: ['问题通报'], args: [JC], run: (t, [no]) => bulletin(t, no) }),
    command({ words: ['查询'], args: [JC], inFlow: 'answer', run: (t, [no]) => bulletin(t, no) }),
    command({ words: ['印发通报', '印发'], args: [JC], run: (t, [no]) => publishBulletin(t, no) }),
    command({
      words: ['查询'],
      args: [JD],
      inFlow: 'answer',
      async run(t, [no]) {
        const n = await loadNotice(t, no);
        if (!n.ok) return n.reason;
        const i = await t.store.supervision.inspectionById(n.value.inspectionId);
        return noticeText(n.value, i?.no ?? '', t.services.directory);
      },
    }),
    command({ words: ['整改报告', '报送整改报告', '整改情况'], args: [JD, REST], run: (t, [no, x]) => textAct(t, 'report', no, x) }),
    command({
      words: ['验收', '验收通过'],
      args: [JD],
      async run(t, [no]) {
        const r = await acceptRectification(t, no);
        return r.ok ? say(r.value, [`查询 ${no}`]) : r.reason;
      },
    }),
    command({
      words: ['退回', '退回整改'],
      args: [JD, REST],
      async run(t, [no, x]) {
        const n = await noticeFor(t, no, 'reported', '退回', 'bureau');
        if (!n.ok) return n.reason;
        return openFlow(returnFlow, { no, dueDate: n.value.dueDate, ...(x ? { reason: x } : {}) });
      },
    }),
    command({ words: ['不合格', '整改不合格', '验收不合格'], args: [JD, REST], run: (t, [no, x]) => textAct(t, 'fail', no, x) }),
  ],

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
