/** Case records (M4, M10, M13, M15 一): 案件, 案件移送, 责令限期移送, 纪检移送, and the evidence of the cases. */
import { type SQL, sql } from 'drizzle-orm';
import { CASE_STATUS_LABEL, OUTCOME_LABEL } from '../../domain/cases/case';
import { canSeeCase, canSeeOrder, canSeeReferral, canSeeTransfer } from '../../domain/cases/access';
import { EVIDENCE_CHECKS, EVIDENCE_KINDS, EVIDENCE_LABEL } from '../../domain/cases/evidence';
import { REFERRAL_STATE_LABEL } from '../../domain/cases/referral';
import { GROUND_LABEL, ROUTE_LABEL, TRANSFER_STATE_LABEL, type TransferRoute, type TransferState } from '../../domain/cases/transfer';
import type { Referral } from '../../domain/cases/referral';
import { caseTransfers, cases, disciplineReferrals, transferOrders } from '../schema';
import { anyOrg, clockOverdue, col, defineLedger, field, intField, jfield, searchText, timeField } from './def';

const partiesText = (arr: SQL) => sql`array_to_string(ARRAY(SELECT jsonb_array_elements_text(${arr})), '、')`;

export const casesLedger = defineLedger<{ orgId: number }>({
  kind: 'cases',
  title: '行政执法案件台账',
  from: sql`${cases}`,
  no: sql`${cases.no}`,
  facts: { orgId: sql`${cases.orgId}` },
  visible: (a, f, x) => canSeeCase(a, f, x.dir),
  org: anyOrg(sql`${cases.orgId}`, sql`(${cases.body} #>> '{jurisdiction,orgId}')::int`),
  state: { sql: sql`${cases.state}`, labels: CASE_STATUS_LABEL },
  period: { sql: timeField(cases, 'registeredAt'), label: '立案时间' },
  overdue: clockOverdue(['case'], sql`${cases.no}`),
  search: searchText(cases.no, field(cases, 'summary'), field(cases, 'legalBasis'), field(cases, 'parties')),
  columns: [
    col('no', '案件编号', sql`${cases.no}`),
    col('status', '状态', sql`${cases.state}`, 'label', { labels: CASE_STATUS_LABEL }),
    col('org', '办案单位', sql`${cases.orgId}`, 'org'),
    col('summary', '案由及基本事实', field(cases, 'summary')),
    col('basis', '法律依据', field(cases, 'legalBasis')),
    col('amount', '涉案金额（元）', sql`(${field(cases, 'amount')})::numeric`, 'number'),
    col('discoveredAt', '发现时间', timeField(cases, 'discoveredAt'), 'time'),
    col('registeredAt', '立案时间', timeField(cases, 'registeredAt'), 'time'),
    col('jurisdiction', '属其管辖的单位', sql`(${cases.body} #>> '{jurisdiction,orgId}')::int`, 'org'),
    col('closedAt', '办结时间', timeField(cases, 'closedAt'), 'time'),
    col('outcome', '办结结果', sql`(${cases.body} #>> '{outcome,kind}')`, 'label', { labels: OUTCOME_LABEL }),
  ],
  defaultSort: { key: 'registeredAt', dir: 'desc' },
  clockSubjects: ['case'],
  events: 'case',
});

const t = caseTransfers;
export const transfersLedger = defineLedger<{ fromOrgId: number; toOrgId: number; state: TransferState; route: TransferRoute }>({
  kind: 'transfers',
  title: '案件移送台账',
  from: sql`${t}`,
  no: sql`${t.no}`,
  facts: { fromOrgId: sql`${t.orgId}`, toOrgId: sql`${t.otherOrgId}`, state: sql`${t.state}`, route: field(t, 'route') },
  visible: (a, f, x) => canSeeTransfer(a, f, x.dir),
  org: anyOrg(sql`${t.orgId}`, sql`${t.otherOrgId}`),
  state: { sql: sql`${t.state}`, labels: TRANSFER_STATE_LABEL },
  period: { sql: timeField(t, 'submittedAt'), label: '提交时间' },
  // The transfer clock runs on the case (bot/cases/clocks.ts).
  overdue: clockOverdue(['case'], field(t, 'caseNo')),
  search: searchText(t.no, field(t, 'caseNo'), field(t, 'reason'), field(t, 'superior'), field(t, 'decisionNo')),
  columns: [
    col('no', '移送编号', sql`${t.no}`),
    col('status', '状态', sql`${t.state}`, 'label', { labels: TRANSFER_STATE_LABEL }),
    col('caseNo', '案件编号', field(t, 'caseNo')),
    col('from', '移送单位', sql`${t.orgId}`, 'org'),
    col('to', '接收单位', sql`${t.otherOrgId}`, 'org'),
    col('route', '移送类型', field(t, 'route'), 'label', { labels: ROUTE_LABEL }),
    col('ground', '移送理由', field(t, 'ground'), 'label', { labels: GROUND_LABEL }),
    col('urgent', '情况紧急', sql`(${field(t, 'urgent')})::boolean`, 'bool'),
    col('submittedAt', '提交时间', timeField(t, 'submittedAt'), 'time'),
    col('sentAt', '移送时间', timeField(t, 'sentAt'), 'time'),
    col('acceptedAt', '接收时间', timeField(t, 'acceptedAt'), 'time'),
    col('criminal', '刑事处理结果', sql`(${t.body} #>> '{criminalOutcome,text}')`),
  ],
  defaultSort: { key: 'submittedAt', dir: 'desc' },
  clockSubjects: [],
  events: 'case',
});

const ORDER_STATE_LABEL = { open: '待执行', complied: '已执行' } as const;
const o = transferOrders;
export const ordersLedger = defineLedger<{ toOrgId: number; issuerOrgId: number }>({
  kind: 'orders',
  title: '责令限期移送台账',
  from: sql`${o}`,
  no: sql`${o.no}`,
  facts: { toOrgId: sql`${o.orgId}`, issuerOrgId: sql`${o.otherOrgId}` },
  visible: (a, f, x) => canSeeOrder(a, f, x.dir),
  org: anyOrg(sql`${o.orgId}`, sql`${o.otherOrgId}`, intField(o, 'receiverOrgId')),
  state: { sql: sql`${o.state}`, labels: ORDER_STATE_LABEL },
  period: { sql: timeField(o, 'issuedAt'), label: '下达时间' },
  overdue: clockOverdue(['order'], sql`${o.no}`),
  search: searchText(o.no, field(o, 'caseRef'), field(o, 'caseNo'), field(o, 'reason')),
  columns: [
    col('no', '编号', sql`${o.no}`),
    col('status', '状态', sql`${o.state}`, 'label', { labels: ORDER_STATE_LABEL }),
    col('issuer', '责令单位', sql`${o.otherOrgId}`, 'org'),
    col('to', '被责令单位', sql`${o.orgId}`, 'org'),
    col('caseRef', '案件', field(o, 'caseRef')),
    col('receiver', '应移送至', intField(o, 'receiverOrgId'), 'org'),
    col('limitDate', '限期', field(o, 'limitDate'), 'date'),
    col('issuedAt', '下达时间', timeField(o, 'issuedAt'), 'time'),
    col('transferNo', '移送编号', field(o, 'transferNo')),
    col('compliedAt', '执行时间', timeField(o, 'compliedAt'), 'time'),
  ],
  defaultSort: { key: 'issuedAt', dir: 'desc' },
  clockSubjects: ['order'],
  events: 'case',
});

const r = disciplineReferrals;
export const referralsLedger = defineLedger<{ orgId: number; state: Referral['state'] }>({
  kind: 'referrals',
  title: '纪检移送台账',
  from: sql`${r}`,
  no: sql`${r.no}`,
  facts: { orgId: sql`${r.orgId}`, state: sql`${r.state}` },
  visible: (a, f, x) => canSeeReferral(a, f, x.dir),
  org: anyOrg(sql`${r.orgId}`),
  state: { sql: sql`${r.state}`, labels: REFERRAL_STATE_LABEL },
  period: { sql: timeField(r, 'openedAt'), label: '开启时间' },
  overdue: clockOverdue(['referral'], sql`${r.no}`),
  search: searchText(r.no, field(r, 'caseNo'), field(r, 'matters'), field(r, 'decisionNo'), field(r, 'parties')),
  columns: [
    col('no', '编号', sql`${r.no}`),
    col('status', '状态', sql`${r.state}`, 'label', { labels: REFERRAL_STATE_LABEL }),
    col('caseNo', '案件编号', field(r, 'caseNo')),
    col('org', '移送单位', sql`${r.orgId}`, 'org'),
    col('parties', '当事人', partiesText(jfield(r, 'parties')), 'text', { sortable: false }),
    col('decisionNo', '处罚决定书文号', field(r, 'decisionNo')),
    col('closedAt', '案件办结时间', timeField(r, 'closedAt'), 'time'),
    col('openedAt', '开启时间', timeField(r, 'openedAt'), 'time'),
    col('sentAt', '移送时间', timeField(r, 'sentAt'), 'time'),
    col('matters', '涉嫌违纪问题及线索', field(r, 'matters')),
  ],
  defaultSort: { key: 'openedAt', dir: 'desc' },
  clockSubjects: ['referral'],
  events: 'case',
});

/** Complete when its confirmations include every check its kind requires (domain/cases/evidence.ts). */
const EVIDENCE_STATE_LABEL = { complete: '已确认', pending: '待确认' } as const;
const required = (item: SQL) =>
  sql`CASE ${item} ->> 'kind' ${sql.join(EVIDENCE_KINDS.map((k) => sql.raw(`WHEN '${k}' THEN ${EVIDENCE_CHECKS[k].length}`)), sql` `)} ELSE 0 END`;
const confirmedCount = (item: SQL) =>
  sql`(SELECT count(*)::int FROM jsonb_array_elements_text(${item} -> 'confirmed') x(id) WHERE x.id IN (${sql.raw(
    [...new Set(EVIDENCE_KINDS.flatMap((k) => EVIDENCE_CHECKS[k].map((c) => `'${c.id}'`)))].join(', '),
  )}))`;
const item = sql.raw('ev.item');
const evidenceState = sql`CASE WHEN ${confirmedCount(item)} >= ${required(item)} THEN 'complete' ELSE 'pending' END`;

export const evidenceLedger = defineLedger<{ orgId: number }>({
  kind: 'evidence',
  title: '证据确认台账',
  from: sql`${cases} CROSS JOIN LATERAL jsonb_array_elements(${cases.body} -> 'evidence') AS ev(item)`,
  no: sql`(${cases.no} || '#' || (${item} ->> 'no'))`,
  page: sql`${cases.no}`,
  facts: { orgId: sql`${cases.orgId}` },
  visible: (a, f, x) => canSeeCase(a, f, x.dir),
  org: anyOrg(sql`${cases.orgId}`),
  state: { sql: evidenceState, labels: EVIDENCE_STATE_LABEL },
  period: { sql: timeField(cases, 'registeredAt'), label: '立案时间' },
  search: searchText(cases.no, sql`${item} ->> 'description'`),
  columns: [
    col('caseNo', '案件编号', sql`${cases.no}`),
    col('item', '序号', sql`(${item} ->> 'no')::int`, 'number'),
    col('org', '办案单位', sql`${cases.orgId}`, 'org'),
    col('kind', '证据种类', sql`${item} ->> 'kind'`, 'label', { labels: EVIDENCE_LABEL }),
    col('description', '证据内容', sql`${item} ->> 'description'`),
    col('confirmed', '已确认项', sql`(${confirmedCount(item)} || '/' || ${required(item)})`, 'text', { sortable: false }),
    col('status', '状态', evidenceState, 'label', { labels: EVIDENCE_STATE_LABEL }),
    col('registeredAt', '立案时间', timeField(cases, 'registeredAt'), 'time'),
  ],
  defaultSort: { key: 'registeredAt', dir: 'desc' },
  events: 'case',
});
