/**
 * 期限台账: every clock (domain/deadlines). A body's staff see its own (待办); 司法局,
 * 协调办 and administrators every body's (逾期) — domain/deadlines/access.ts.
 */
import { sql } from 'drizzle-orm';
import { canSeeDeadline } from '../../domain/deadlines/access';
import { DEADLINE_KINDS, DEADLINE_LABEL, STATE_LABEL } from '../../domain/deadlines/deadline';
import { deadlines } from '../schema';
import { anyOrg, col, defineLedger, searchText } from './def';

const d = deadlines;
/** The kind in words, in SQL (a constant CASE: the trigram index can hold it). */
const kindLabel = sql.raw(`CASE kind ${DEADLINE_KINDS.map((k) => `WHEN '${k}' THEN '${DEADLINE_LABEL[k]}'`).join(' ')} END`);

export const deadlinesLedger = defineLedger<{ orgId: number }>({
  kind: 'deadlines',
  title: '期限台账',
  from: sql`${d}`,
  no: sql`(${d.id})::text`,
  facts: { orgId: sql`${d.orgId}` },
  visible: (a, f, x) => canSeeDeadline(a, f, x.dir),
  org: anyOrg(sql`${d.orgId}`),
  state: { sql: sql`${d.state}`, labels: STATE_LABEL },
  period: { sql: sql`${d.dueAt}`, label: '截止时间' },
  overdue: (now) => sql`(${d.state} = 'missed' OR (${d.state} = 'open' AND ${d.dueAt} < ${now}))`,
  search: searchText(d.subjectId, d.rule, kindLabel),
  columns: [
    col('kind', '期限类别', sql`${d.kind}`, 'label', { labels: DEADLINE_LABEL }),
    col('subject', '事项', sql`jsonb_build_object('type', ${d.subjectType}, 'id', ${d.subjectId})`, 'subject', { sortable: false }),
    col('org', '责任单位', sql`${d.orgId}`, 'org'),
    col('supervisor', '督办单位', sql`(SELECT o.id FROM organisations o WHERE o.code = ${d.supervisorOrgCode})`, 'org'),
    col('dueAt', '截止时间', sql`${d.dueAt}`, 'time'),
    col('provisional', '暂定', sql`${d.provisional}`, 'bool'),
    col('status', '状态', sql`${d.state}`, 'label', { labels: STATE_LABEL }),
    col('progress', '进度', sql`CASE WHEN ${d.required} IS NULL THEN NULL ELSE ${d.progress} || '/' || ${d.required} END`, 'text', { sortable: false }),
    col('closedAt', '完成、逾期或免除时间', sql`${d.closedAt}`, 'time'),
    col('rule', '计算依据', sql`${d.rule}`),
  ],
  defaultSort: { key: 'dueAt', dir: 'asc' },
});
