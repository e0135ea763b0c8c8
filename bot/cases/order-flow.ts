/**
 * 责令移送 (M4): the justice bureau or the procuratorate orders a department to transfer a
 * case — named by its number or its facts — to a named body by a date. The department is
 * reminded before and at the limit; past it the district government is asked to discipline the
 * head (bot/cases/order-missed.ts) and the fault is recorded (M8).
 */
import { localYear } from '../../domain/calendar/calendar';
import { deadlineFor, formatLocalDate } from '../../domain/deadlines/rules';
import { remindersFor } from '../../domain/deadlines/reminders';
import { SERIES } from '../../domain/record-no';
import { type Flow, boundedText, done, invalid, isConfirm, next, needs } from '../flow';
import { EXTRA_ORG, RECEIVER_ROLES } from '../../domain/cases/access';
import { routeBetween } from '../../domain/cases/transfer';
import { parseRecordNo } from '../../domain/record-no';
import { notifyOrg } from './actions';
import { orderText } from './render';
import { parseFutureDate } from './parse';

export interface OrderDraft {
  issuerOrgId: number;
  toOrgId?: number;
  caseRef?: string;
  /** The case by number when the issuer gave one; null: known by its facts. */
  caseNo?: string | null;
  /** The body it must go to. */
  receiverOrgId?: number;
  reason?: string;
  limitDate?: string;
}

const CONFIRM = '确认下达';

export const orderFlow: Flow<OrderDraft, 'org' | 'caseRef' | 'receiver' | 'reason' | 'limit' | 'confirm'> = {
  name: 'case-order',
  title: '责令移送',
  help: '正在起草责令限期移送：被责令单位、案件、理由、期限。发送“返回”修改上一项，“取消”放弃。',
  first: 'org',
  steps: {
    org: {
      prompt: () => ({ text: '【责令限期移送 1/5】责令哪个单位移送？' }),
      answer(text, d, t) {
        const o = t.services.directory.find(text, (x) => x.kind === 'department' || x.kind === 'township');
        return o ? next('caseRef', { ...d, toOrgId: o.id }) : invalid('未找到该行政执法部门或乡镇，请写出单位名称。');
      },
    },
    caseRef: {
      prompt: () => ({ text: '【责令限期移送 2/5】应移送的案件（案件编号，或当事人和案由）：' }),
      async answer(text, d, t) {
        const caseNo = parseRecordNo(SERIES.case, text);
        if (caseNo) {
          // Named by number: a case the ordered department holds and has not sent on.
          const c = await t.store.cases.byNo(caseNo);
          if (!c || c.orgId !== d.toOrgId) return invalid(`未找到${t.services.directory.name(d.toOrgId)}办理的案件 ${caseNo}。请核对编号，或写明当事人和案由。`);
          if (c.status === 'with-police' || c.status === 'closed') return invalid(`案件 ${caseNo} ${c.status === 'closed' ? '已办结' : '已移送公安机关'}，无需责令移送。`);
          return next('receiver', { ...d, caseRef: caseNo, caseNo });
        }
        const v = boundedText(text, 4, 300, '案件');
        return v.ok ? next('receiver', { ...d, caseRef: v.value, caseNo: null }) : invalid(v.reason);
      },
    },
    receiver: needs(['toOrgId'], {
      prompt: () => ({ text: '【责令限期移送 3/5】应移送至哪个单位？（有管辖权的区职能部门、乡镇；涉嫌犯罪的写“公安”）' }),
      answer(text, d, t) {
        const dir = t.services.directory;
        const to = dir.find(text, (o) => o.kind !== 'authority');
        if (!to) return invalid('未找到该单位，请写出有管辖权的单位名称或简称（如：市场监管局、台营镇、公安）。');
        const route = routeBetween(dir.byId(d.toOrgId)!, to, EXTRA_ORG.police);
        return route.ok ? next('reason', { ...d, receiverOrgId: to.id }) : invalid(route.reason);
      },
    }),
    reason: {
      prompt: () => ({ text: '【责令限期移送 4/5】责令理由（应移送而未移送的情形）：' }),
      answer(text, d) {
        const v = boundedText(text, 4, 500, '理由');
        return v.ok ? next('limit', { ...d, reason: v.value }) : invalid(v.reason);
      },
    },
    limit: {
      prompt: () => ({ text: '【责令限期移送 5/5】移送期限（如 2026-12-10）：' }),
      answer(text, d, t) {
        const date = parseFutureDate(text, t.now);
        return typeof date === 'string' ? next('confirm', { ...d, limitDate: date }) : invalid(date.error);
      },
    },
    confirm: needs(['limitDate', 'toOrgId', 'caseRef', 'reason'], {
      prompt: (d, t) => ({
        text: [
          `请确认下达责令限期移送：`, `被责令单位：${t.services.directory.name(d.toOrgId)}`, `案件：${d.caseRef}`, `应移送至：${t.services.directory.name(d.receiverOrgId)}`,
          `理由：${d.reason}`, `期限：${formatLocalDate(d.limitDate)}`,
        ].join('\n'),
        options: [CONFIRM, '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text, CONFIRM)) return invalid(`请回复“${CONFIRM}”，或发送“返回”修改、“取消”放弃。`);
        const orderNo = await t.store.numbers.next(SERIES.order, localYear(t.now));
        const spec = deadlineFor({ kind: 'transfer-order', date: d.limitDate }, { from: t.now, orgId: d.toOrgId, subject: { type: 'order', id: orderNo } }, t.services.calendar);
        if (!spec.ok) return invalid(spec.reason);
        const o = await t.store.orders.create({
          orderNo, issuerOrgId: d.issuerOrgId, issuerPersonId: t.actor.personId, toOrgId: d.toOrgId, caseRef: d.caseRef, caseNo: d.caseNo ?? null,
          receiverOrgId: d.receiverOrgId ?? null, reason: d.reason,
          limitDate: d.limitDate, issuedAt: t.now, state: 'open',
        });
        await t.store.caseEvents.add({ recordNo: orderNo, kind: 'ordered', actorPersonId: t.actor.personId, orgId: d.toOrgId }, t.now);
        await t.store.deadlines.open(spec.value, remindersFor(spec.value, t.now, t.services.calendar));
        const dir = t.services.directory;
        await notifyOrg(t, d.toOrgId, RECEIVER_ROLES, {
          text: `【责令限期移送】${dir.name(d.issuerOrgId)}责令贵单位限期移送案件：\n${orderText(o, dir)}\n${d.caseNo ? `移送该案件即执行 ${orderNo}` : `移送时请在“移送 案件编号”中选择执行 ${orderNo}`}；逾期将报请区政府对单位负责人给予处分。`,
          options: [`查询 ${orderNo}`],
        });
        return done({ text: `已下达责令限期移送 ${orderNo}，已通知${dir.name(d.toOrgId)}。到期前和到期时将提醒该单位，逾期报区政府。`, options: [`查询 ${orderNo}`] });
      },
    }),
  },
};
