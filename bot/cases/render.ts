/** How case records read in chat. */
import { formatLocal } from '../../domain/calendar/calendar';
import { CASE_STATUS_LABEL, type EnforcementCase, OUTCOME_LABEL } from '../../domain/cases/case';
import { EVIDENCE_LABEL, missingChecks } from '../../domain/cases/evidence';
import { partyLine } from '../../domain/cases/party';
import { REFERRAL_STATE_LABEL, type Referral } from '../../domain/cases/referral';
import { GROUND_LABEL, MATERIAL_LABEL, ROUTE_LABEL, TRANSFER_STATE_LABEL, type Transfer, materialsOf } from '../../domain/cases/transfer';
import type { TransferOrder } from '../../domain/cases/order';
import { formatLocalDate } from '../../domain/deadlines/rules';
import type { Directory } from '../../domain/organisation';

export const yuan = (n: number | null) => (n == null ? '无' : `${n.toLocaleString('zh-CN')} 元`);

export function evidenceLines(c: EnforcementCase): string[] {
  if (!c.evidence.length) return ['证据：尚未登记'];
  return [
    '证据：',
    ...c.evidence.map((e) => {
      const missing = missingChecks(e);
      return `  ${e.no}. ${EVIDENCE_LABEL[e.kind]}：${e.description}（${missing.length ? `待确认 ${missing.length} 项` : '已确认'}）`;
    }),
  ];
}

export function caseText(c: EnforcementCase, dir: Directory): string {
  const lines = [
    `案件 ${c.caseNo}（${CASE_STATUS_LABEL[c.status]}）`,
    `办案单位：${dir.name(c.orgId)}`,
    `案由及事实：${c.summary}`,
    `法律依据：${c.legalBasis}`,
    `涉案金额：${yuan(c.amount)}`,
    `发现时间：${formatLocal(c.discoveredAt)}`,
    ...(c.jurisdiction ? [`管辖：属${dir.name(c.jurisdiction.orgId)}管辖（${formatLocal(c.jurisdiction.foundAt)} 认定${c.jurisdiction.urgent ? '，情况紧急' : ''}）`] : []),
    '当事人：',
    ...c.parties.map((p, i) => `  ${i + 1}. ${partyLine(p)}`),
    ...evidenceLines(c),
  ];
  if (c.status === 'transferring' || c.status === 'with-police') lines.push(`移送：${c.transferNo}`);
  if (c.status === 'closed') {
    lines.push(`办结：${formatLocal(c.closedAt)}，${OUTCOME_LABEL[c.outcome.kind]}${c.outcome.kind === 'penalty' ? `（${c.outcome.decisionNo}）` : ''}：${c.outcome.summary}`);
  }
  return lines.join('\n');
}

/** The transfer as a letter summary: always in the name of the body (M15 一). */
export function transferText(t: Transfer, dir: Directory): string {
  const lines = [
    `案件移送 ${t.transferNo}（${TRANSFER_STATE_LABEL[t.state]}）`,
    `移送单位：${dir.name(t.fromOrgId)}`,
    `接收单位：${dir.name(t.toOrgId)}`,
    `类别：${ROUTE_LABEL[t.route]}${t.urgent ? '（情况紧急，24小时内）' : ''}`,
    `案件：${t.caseNo}`,
    `移送理由：${GROUND_LABEL[t.ground]}。${t.reason}`,
    '移送材料：',
    ...materialsOf(t.route).map((m) => {
      const a = t.materials.find((x) => x.material === m);
      const files = a?.fileIds?.length ? `（附件 ${a.fileIds.length} 个，“查询 ${t.transferNo}”获取下载链接）` : '';
      return `  · ${MATERIAL_LABEL[m]}：${a?.title ?? '无'}${files}`;
    }),
  ];
  if (t.route === 'criminal') {
    lines.push(`行政处罚决定书：${t.decisionNo ?? '尚未作出（待公安机关、检察机关、审判机关处理结果后再作决定）'}`);
    lines.push(`抄送备案：${dir.name(dir.byCode('jcy')?.id)}、${dir.name(dir.byCode('sfj')?.id)}；报上一级行政执法机关：${t.superior}`);
  }
  if (t.orderNo) lines.push(`执行责令限期移送：${t.orderNo}`);
  if (t.state === 'refused') lines.push(`未批准理由：${t.reason}`);
  if (t.state === 'returned') lines.push(`退回理由：${t.reason}`);
  if (t.state === 'sent' || t.state === 'accepted' || t.state === 'returned') lines.push(`移送时间：${formatLocal(t.sentAt)}`);
  if (t.state === 'accepted') lines.push(`接收时间：${formatLocal(t.acceptedAt)}`);
  if (t.state === 'accepted' && t.criminalOutcome) lines.push(`刑事处理结果：${t.criminalOutcome.text}（${formatLocal(t.criminalOutcome.recordedAt)} 登记）`);
  return lines.join('\n');
}

export function orderText(o: TransferOrder, dir: Directory): string {
  return [
    `责令限期移送 ${o.orderNo}（${o.state === 'open' ? '待执行' : `已执行，移送 ${o.transferNo}`}）`,
    `责令单位：${dir.name(o.issuerOrgId)}`,
    `被责令单位：${dir.name(o.toOrgId)}`,
    `案件：${o.caseRef}${o.caseNo && o.caseNo !== o.caseRef ? `（${o.caseNo}）` : ''}`,
    `应移送至：${o.receiverOrgId != null ? dir.name(o.receiverOrgId) : '未写明（由被责令单位申明执行）'}`,
    `理由：${o.reason}`,
    `期限：${formatLocalDate(o.limitDate)}`,
  ].join('\n');
}

export function referralText(r: Referral, dir: Directory): string {
  return [
    `纪检移送 ${r.referralNo}（${REFERRAL_STATE_LABEL[r.state]}）`,
    `移送单位：${dir.name(r.orgId)}`,
    `接收机关：${dir.name(dir.byCode('jw')?.id)}`,
    `案件：${r.caseNo}，办结于 ${formatLocal(r.closedAt)}`,
    `涉案党员、国家工作人员：${r.parties.join('；')}`,
    `涉嫌违纪问题及线索：${r.matters ?? '尚未填写'}`,
    `附：行政处罚决定书 ${r.decisionNo}`,
  ].join('\n');
}
