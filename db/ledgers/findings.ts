/** 过错责任认定 (M8): the justice bureau sees all; a body's head the findings against the body and its officers. */
import { sql } from 'drizzle-orm';
import { FINDING_STATUS_LABEL, GROUND_LABEL, OUTCOME_KIND_LABEL, canSeeFinding, type FaultTarget } from '../../domain/accountability';
import { faultFindings } from '../schema';
import { anyOrg, col, defineLedger, searchText } from './def';

const f = faultFindings;
type F = { targetKind: 'org' | 'officer'; orgId: number; officerName: string | null; officerPersonId: number | null };
const targetOf = (x: F): FaultTarget =>
  x.targetKind === 'org' ? { kind: 'org', orgId: x.orgId } : { kind: 'officer', orgId: x.orgId, name: x.officerName ?? '', personId: x.officerPersonId };

export const findingsLedger = defineLedger<F>({
  kind: 'findings',
  title: '过错责任认定台账',
  from: sql`${f}`,
  no: sql`${f.no}`,
  facts: { targetKind: sql`${f.targetKind}`, orgId: sql`${f.orgId}`, officerName: sql`${f.officerName}`, officerPersonId: sql`${f.officerPersonId}` },
  visible: (a, x, c) => canSeeFinding(a, { target: targetOf(x) }, c.justiceBureau),
  org: anyOrg(sql`${f.orgId}`),
  state: { sql: sql`${f.status}`, labels: FINDING_STATUS_LABEL },
  period: { sql: sql`${f.proposedAt}`, label: '立项时间' },
  search: searchText(f.no, f.facts, f.officerName, f.outcome, f.reason, f.sourceId),
  columns: [
    col('no', '编号', sql`${f.no}`),
    col('status', '状态', sql`${f.status}`, 'label', { labels: FINDING_STATUS_LABEL }),
    col('org', '单位', sql`${f.orgId}`, 'org'),
    col('officer', '责任人员', sql`coalesce(${f.officerName}, '（单位）')`),
    col('ground', '事由', sql`${f.ground}`, 'label', { labels: GROUND_LABEL }),
    col('facts', '事实', sql`${f.facts}`),
    col('source', '来源', sql`${f.sourceId}`),
    col('proposedAt', '立项时间', sql`${f.proposedAt}`, 'time'),
    col('decidedAt', '决定时间', sql`${f.decidedAt}`, 'time'),
    col('outcomeKind', '处理方式', sql`${f.outcomeKind}`, 'label', { labels: OUTCOME_KIND_LABEL }),
    col('outcome', '处理结果或不予追究理由', sql`coalesce(${f.outcome}, ${f.reason})`),
  ],
  defaultSort: { key: 'proposedAt', dir: 'desc' },
});
