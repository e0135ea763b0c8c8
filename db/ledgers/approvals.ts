/** 审批决定 (M14 二): the approval bureau sees every one; a department those routed to it. */
import { sql } from 'drizzle-orm';
import { DECISION_STATE_LABEL, type DecisionState, canSeeDecision } from '../../domain/approvals/decision';
import { approvalDecisions } from '../schema';
import { anyOrg, col, defineLedger, field, searchText, timeField } from './def';

const d = approvalDecisions;

export const approvalsLedger = defineLedger<{ state: DecisionState; orgId: number }>({
  kind: 'approvals',
  title: '审批决定推送台账',
  from: sql`${d}`,
  no: sql`${d.no}`,
  // org_id: the supervising department once routed, the bureau before (db/approvals.ts).
  facts: { state: sql`${d.state}`, orgId: sql`${d.orgId}` },
  visible: (a, f, x) => canSeeDecision(a, f, x.approvalBureau),
  org: anyOrg(sql`${d.orgId}`),
  state: { sql: sql`${d.state}`, labels: DECISION_STATE_LABEL },
  period: { sql: timeField(d, 'importedAt'), label: '推送时间' },
  search: searchText(d.no, field(d, 'decisionNo'), field(d, 'item'), field(d, 'applicant'), field(d, 'licenceNo'), field(d, 'result')),
  columns: [
    col('no', '编号', sql`${d.no}`),
    col('status', '状态', sql`${d.state}`, 'label', { labels: DECISION_STATE_LABEL }),
    col('decisionNo', '审批决定文号', field(d, 'decisionNo')),
    col('item', '审批事项', field(d, 'item')),
    col('applicant', '申请人', field(d, 'applicant')),
    col('decidedOn', '决定日期', field(d, 'decidedOn'), 'date'),
    col('org', '监管部门', sql`CASE WHEN ${d.state} = 'unrouted' THEN NULL ELSE ${d.orgId} END`, 'org'),
    col('importedAt', '推送时间', timeField(d, 'importedAt'), 'time'),
    col('acknowledgedAt', '签收时间', timeField(d, 'acknowledgedAt'), 'time'),
    col('result', '监管情况', field(d, 'result')),
  ],
  defaultSort: { key: 'importedAt', dir: 'desc' },
  events: 'case',
});
