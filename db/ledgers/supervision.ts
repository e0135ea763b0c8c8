/** 行政执法监督通知书 (M7): the body addressed, the justice bureau, 区政府 and the coordination office. */
import { sql } from 'drizzle-orm';
import { NOTICE_STATUS_LABEL, canViewNotice } from '../../domain/supervision';
import { supervisionNotices } from '../schema';
import { anyOrg, clockOverdue, col, defineLedger, searchText } from './def';

const n = supervisionNotices;

export const noticesLedger = defineLedger<{ orgId: number }>({
  kind: 'notices',
  title: '行政执法监督通知书台账',
  from: sql`${n}`,
  no: sql`${n.no}`,
  facts: { orgId: sql`${n.orgId}` },
  visible: (a, f, x) => canViewNotice(a, f, { justiceBureauId: x.justiceBureau, governmentId: x.government, coordinationOfficeId: x.coordinationOffice }),
  org: anyOrg(sql`${n.orgId}`),
  state: { sql: sql`${n.status}`, labels: NOTICE_STATUS_LABEL },
  period: { sql: sql`${n.issuedAt}`, label: '下发时间' },
  overdue: clockOverdue(['notice'], sql`${n.no}`),
  search: searchText(n.no, n.findings, n.report, n.failReason),
  columns: [
    col('no', '编号', sql`${n.no}`),
    col('status', '状态', sql`${n.status}`, 'label', { labels: NOTICE_STATUS_LABEL }),
    col('org', '被监督单位', sql`${n.orgId}`, 'org'),
    col('inspection', '监督检查', sql`(SELECT x.no FROM inspections x WHERE x.id = ${n.inspectionId})`),
    col('findings', '发现的问题', sql`${n.findings}`),
    col('round', '整改轮次', sql`${n.round}`, 'number'),
    col('dueDate', '整改期限', sql`${n.dueDate}`, 'date'),
    col('issuedAt', '下发时间', sql`${n.issuedAt}`, 'time'),
    col('reportedAt', '整改报告时间', sql`${n.reportedAt}`, 'time'),
    col('reviewedAt', '验收时间', sql`${n.reviewedAt}`, 'time'),
  ],
  defaultSort: { key: 'issuedAt', dir: 'desc' },
  clockSubjects: ['notice'],
});
