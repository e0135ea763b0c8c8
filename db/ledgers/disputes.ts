/** 争议协调 (M2, M15 六): the parties, the justice bureau, 区政府 and the coordination office see a dispute. */
import { sql } from 'drizzle-orm';
import { DISPUTE_KIND_LABEL, DISPUTE_STATUSES, canViewDispute, statusLabel } from '../../domain/dispute';
import { disputes } from '../schema';
import { clockOverdue, col, defineLedger, searchText } from './def';

const d = disputes;
// 裁决, or 决定 for a jurisdiction dispute between a township and a department (M15 六): the filter's words name both.
const STATUS_LABEL: Record<string, string> = {
  ...Object.fromEntries(DISPUTE_STATUSES.map((s) => [s, statusLabel({ status: s, kind: 'duty' })])),
  reported: '已报请区政府裁决（决定）',
  ruled: '区政府已裁决（决定），已办结',
};
const respondents = sql`(SELECT coalesce(jsonb_agg(p.org_id ORDER BY p.position), '[]'::jsonb) FROM dispute_parties p WHERE p.dispute_id = ${d.id} AND p.role = 'respondent')`;

export const disputesLedger = defineLedger<{ applicantOrgId: number; respondentOrgIds: number[] }>({
  kind: 'disputes',
  title: '行政执法争议协调台账',
  from: sql`${d}`,
  no: sql`${d.no}`,
  facts: { applicantOrgId: sql`${d.applicantOrgId}`, respondentOrgIds: respondents },
  visible: (a, f, x) => canViewDispute(a, f, { justiceBureauId: x.justiceBureau, governmentId: x.government, coordinationOfficeId: x.coordinationOffice }),
  org: (orgId) => sql`EXISTS (SELECT 1 FROM dispute_parties p WHERE p.dispute_id = ${d.id} AND p.org_id = ${orgId})`,
  state: { sql: sql`${d.status}`, labels: STATUS_LABEL },
  period: { sql: sql`${d.appliedAt}`, label: '申请时间' },
  overdue: clockOverdue(['dispute'], sql`${d.no}`),
  search: searchText(d.no, d.facts, d.negotiation, d.opinion, d.recommendation, d.ruling, d.declineReason),
  columns: [
    col('no', '编号', sql`${d.no}`),
    col('status', '状态', sql`${d.status}`, 'label', { labels: STATUS_LABEL }),
    col('kind', '争议类型', sql`${d.kind}`, 'label', { labels: DISPUTE_KIND_LABEL }),
    col('applicant', '申请单位', sql`${d.applicantOrgId}`, 'org'),
    col('respondents', '对方单位', respondents, 'orgs', { sortable: false }),
    col('facts', '争议事实', sql`${d.facts}`),
    col('appliedAt', '申请时间', sql`${d.appliedAt}`, 'time'),
    col('acceptedAt', '受理时间', sql`${d.acceptedAt}`, 'time'),
    col('opinionAt', '协调意见时间', sql`${d.opinionAt}`, 'time'),
    col('closedAt', '办结时间', sql`coalesce(${d.resolvedAt}, ${d.ruledAt}, ${d.declinedAt})`, 'time'),
  ],
  defaultSort: { key: 'appliedAt', dir: 'desc' },
  clockSubjects: ['dispute'],
});
