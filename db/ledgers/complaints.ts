/** 投诉举报登记台账 (M3): the complainant's name and phone only where chat would show them. */
import { sql } from 'drizzle-orm';
import { STATUS_LABEL } from '../../domain/complaint';
import { canView, identityFor } from '../../domain/complaint-access';
import { complaints } from '../schema';
import { anyOrg, clockOverdue, col, defineLedger, searchText } from './def';

type F = {
  complainantPersonId: number; handlingOrgId: number; forwardedFromOrgId: number | null; assistingOrgId: number | null;
  accusedOrgId: number | null; accusedUnresolved: boolean;
};

const accusedOf = (f: F) =>
  f.accusedOrgId != null ? { kind: 'body' as const, orgId: f.accusedOrgId } : f.accusedUnresolved ? { kind: 'unresolved' as const } : { kind: 'none' as const };

const c = complaints;
export const COMPLAINT_SUBJECTS = ['complaint', 'complaint-assist'] as const;

export const complaintsLedger = defineLedger<F>({
  kind: 'complaints',
  title: '投诉举报登记台账',
  from: sql`${c}`,
  no: sql`${c.trackingNo}`,
  facts: {
    complainantPersonId: sql`${c.complainantPersonId}`, handlingOrgId: sql`${c.handlingOrgId}`, forwardedFromOrgId: sql`${c.forwardedFromOrgId}`,
    assistingOrgId: sql`${c.assistingOrgId}`, accusedOrgId: sql`${c.accusedOrgId}`, accusedUnresolved: sql`${c.accusedUnresolved}`,
  },
  visible: (a, f, x) => canView(a, f, x.justiceBureau),
  // The very question chat's replies and notices ask (identityFor); the contact itself is read later, only where shown.
  reveals: (a, f, x) => (identityFor(a, { ...f, accused: accusedOf(f), contact: null }, x.justiceBureau).shown ? ['identity'] : []),
  org: anyOrg(sql`${c.handlingOrgId}`, sql`${c.forwardedFromOrgId}`, sql`${c.assistingOrgId}`, sql`${c.accusedOrgId}`),
  state: { sql: sql`${c.status}`, labels: STATUS_LABEL },
  period: { sql: sql`${c.registeredAt}`, label: '登记时间' },
  overdue: clockOverdue(COMPLAINT_SUBJECTS, sql`${c.trackingNo}`),
  search: searchText(c.trackingNo, c.what, c.whereText, c.whenText, c.accusedText),
  guardedSearch: { guard: 'identity', sql: searchText(c.contactName, c.contactPhone) },
  columns: [
    col('no', '编号', sql`${c.trackingNo}`),
    col('status', '状态', sql`${c.status}`, 'label', { labels: STATUS_LABEL }),
    col('handling', '承办单位', sql`${c.handlingOrgId}`, 'org'),
    col('what', '事由', sql`${c.what}`),
    col('where', '地点', sql`${c.whereText}`),
    col('accused', '被投诉对象', sql`CASE WHEN ${c.accusedOrgId} IS NOT NULL THEN (SELECT o.name FROM organisations o WHERE o.id = ${c.accusedOrgId})
      WHEN ${c.accusedUnresolved} THEN coalesce(${c.accusedText} || '（', '（') || '被投诉单位未确定）' ELSE ${c.accusedText} END`),
    col('registeredAt', '登记时间', sql`${c.registeredAt}`, 'time'),
    col('acceptDue', '受理告知期限', sql`${c.acceptDue}`, 'time'),
    col('acceptedAt', '受理时间', sql`${c.acceptedAt}`, 'time'),
    col('resolvedAt', '办结时间', sql`${c.resolvedAt}`, 'time'),
    col('assisting', '协查单位', sql`${c.assistingOrgId}`, 'org'),
    col('forwardedFrom', '转办来源', sql`${c.forwardedFromOrgId}`, 'org'),
    // As chat says it (bot/complaints/render.ts facts): 匿名 without a phone, a phone without a name.
    col('contactName', '联系人', sql`CASE WHEN ${c.contactPhone} IS NULL THEN '匿名' ELSE coalesce(${c.contactName}, '（未留姓名）') END`, 'text', { guard: 'identity' }),
    col('contactPhone', '联系电话', sql`${c.contactPhone}`, 'text', { guard: 'identity' }),
  ],
  defaultSort: { key: 'registeredAt', dir: 'desc' },
  clockSubjects: COMPLAINT_SUBJECTS,
  events: 'complaint',
});
