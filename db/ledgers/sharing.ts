/** 信息查询 between bodies (M5, M15 三): the body asking, the body asked and the justice bureau. */
import { sql } from 'drizzle-orm';
import { GROUND_LABEL, REQUEST_STATE_LABEL, canSeeRequest } from '../../domain/sharing/request';
import { infoRequests } from '../schema';
import { anyOrg, clockOverdue, col, defineLedger, field, searchText, timeField } from './def';

const r = infoRequests;

export const infoRequestsLedger = defineLedger<{ fromOrgId: number; toOrgId: number }>({
  kind: 'info-requests',
  title: '执法信息查询台账',
  from: sql`${r}`,
  no: sql`${r.no}`,
  // org_id: the body asked; other_org_id: the body asking (db/sharing.ts).
  facts: { fromOrgId: sql`${r.otherOrgId}`, toOrgId: sql`${r.orgId}` },
  visible: (a, f, x) => canSeeRequest(a, f, x.justiceBureau),
  org: anyOrg(sql`${r.orgId}`, sql`${r.otherOrgId}`),
  state: { sql: sql`${r.state}`, labels: REQUEST_STATE_LABEL },
  period: { sql: timeField(r, 'requestedAt'), label: '请求时间' },
  overdue: clockOverdue(['info-request'], sql`${r.no}`),
  search: searchText(r.no, field(r, 'subject'), field(r, 'purpose'), field(r, 'answer'), field(r, 'statement')),
  columns: [
    col('no', '编号', sql`${r.no}`),
    col('status', '状态', sql`${r.state}`, 'label', { labels: REQUEST_STATE_LABEL }),
    col('from', '请求单位', sql`${r.otherOrgId}`, 'org'),
    col('to', '被请求单位', sql`${r.orgId}`, 'org'),
    col('subject', '所需执法信息', field(r, 'subject')),
    col('purpose', '用途', field(r, 'purpose')),
    col('requestedAt', '请求时间', timeField(r, 'requestedAt'), 'time'),
    col('closedAt', '答复或拒绝时间', sql`coalesce(${timeField(r, 'answeredAt')}, ${timeField(r, 'refusedAt')})`, 'time'),
    col('ground', '拒绝理由', field(r, 'ground'), 'label', { labels: GROUND_LABEL }),
  ],
  defaultSort: { key: 'requestedAt', dir: 'desc' },
  clockSubjects: ['info-request'],
  events: 'case',
});
