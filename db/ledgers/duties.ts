/**
 * The records that meet the plan's periodic duties: 考核自评 and 执法人员考核评议 (M9), 指导案例
 * (M11), 执法信息 (四(三)). A filed self-assessment or evaluation is public (M9 「向社会公开」):
 * chat's 查询 shows it to anyone, so the ledger lists it to everyone — with the approved grade
 * only, and an evaluation's content (officers' names and comments) never searched.
 */
import { sql } from 'drizzle-orm';
import { type AssessmentKind, type AssessmentStatus, KIND_LABEL, STATUS_LABEL as ASSESSMENT_LABEL, canView as canViewAssessment, isPublic } from '../../domain/assessment';
import { STATUS_LABEL as CASE_LABEL, canView as canViewCase } from '../../domain/guiding-case';
import { canView as canViewReport } from '../../domain/info-report';
import { assessments, guidingCases, infoReports } from '../schema';
import { anyOrg, col, defineLedger, searchText } from './def';

const s = assessments;
export const assessmentsLedger = defineLedger<{ orgId: number; kind: AssessmentKind; status: AssessmentStatus }>({
  kind: 'assessments',
  title: '考核自评及考核评议台账',
  from: sql`${s}`,
  no: sql`${s.recordNo}`,
  facts: { orgId: sql`${s.orgId}`, kind: sql`${s.kind}`, status: sql`${s.status}` },
  visible: (a, f, x) => canViewAssessment(a, f, { justiceBureauId: x.justiceBureau, governmentId: x.government }) || isPublic(f),
  org: anyOrg(sql`${s.orgId}`),
  state: { sql: sql`${s.status}`, labels: ASSESSMENT_LABEL },
  period: { sql: sql`coalesce(${s.submittedAt}, ${s.createdAt})`, label: '提交时间' },
  search: searchText(s.recordNo, s.period, sql`CASE WHEN ${s.kind} = 'self' THEN ${s.items}::text END`),
  columns: [
    col('no', '编号', sql`${s.recordNo}`),
    col('kind', '类别', sql`${s.kind}`, 'label', { labels: KIND_LABEL }),
    col('org', '单位', sql`${s.orgId}`, 'org'),
    col('period', '考核期间', sql`${s.period}`),
    col('status', '状态', sql`${s.status}`, 'label', { labels: ASSESSMENT_LABEL }),
    col('submittedAt', '提交时间', sql`${s.submittedAt}`, 'time'),
    col('filedAt', '备案时间', sql`${s.filedAt}`, 'time'),
    // Only the grade 区政府 approved: the bureau's proposal is not the unit's or the public's to know.
    col('result', '审定等次', sql`CASE WHEN ${s.status} = 'ratified' THEN ${s.result} END`),
  ],
  defaultSort: { key: 'submittedAt', dir: 'desc' },
});

const g = guidingCases;
export const guidingCasesLedger = defineLedger<{ orgId: number }>({
  kind: 'guiding-cases',
  title: '行政执法指导案例台账',
  from: sql`${g}`,
  no: sql`${g.recordNo}`,
  facts: { orgId: sql`${g.orgId}` },
  visible: (a, f, x) => canViewCase(a, f, x.justiceBureau),
  org: anyOrg(sql`${g.orgId}`),
  state: { sql: sql`${g.status}`, labels: CASE_LABEL },
  period: { sql: sql`${g.submittedAt}`, label: '报送时间' },
  search: searchText(g.recordNo, g.title, g.summary, g.why, g.actKind, g.returnReason),
  columns: [
    col('no', '编号', sql`${g.recordNo}`),
    col('status', '状态', sql`${g.status}`, 'label', { labels: CASE_LABEL }),
    col('org', '报送单位', sql`${g.orgId}`, 'org'),
    col('year', '年度', sql`${g.year}`, 'number'),
    col('actKind', '执法行为类别', sql`${g.actKind}`),
    col('title', '标题', sql`${g.title}`),
    col('submittedAt', '报送时间', sql`${g.submittedAt}`, 'time'),
    col('reviewedAt', '审查时间', sql`${g.reviewedAt}`, 'time'),
    col('publishedAt', '发布时间', sql`${g.publishedAt}`, 'time'),
  ],
  defaultSort: { key: 'submittedAt', dir: 'desc' },
});

const REPORT_STATE_LABEL = { submitted: '已报送', used: '已采用' } as const;
const i = infoReports;
export const infoReportsLedger = defineLedger<{ orgId: number }>({
  kind: 'info-reports',
  title: '执法信息报送台账',
  from: sql`${i}`,
  no: sql`${i.recordNo}`,
  facts: { orgId: sql`${i.orgId}` },
  visible: (a, f, x) => canViewReport(a, f, x.justiceBureau),
  org: anyOrg(sql`${i.orgId}`),
  state: { sql: sql`CASE WHEN ${i.usedAt} IS NULL THEN 'submitted' ELSE 'used' END`, labels: REPORT_STATE_LABEL },
  period: { sql: sql`${i.submittedAt}`, label: '报送时间' },
  search: searchText(i.recordNo, i.title, i.body, i.usedNote),
  columns: [
    col('no', '编号', sql`${i.recordNo}`),
    col('org', '报送单位', sql`${i.orgId}`, 'org'),
    col('period', '月份', sql`${i.period}`),
    col('title', '标题', sql`${i.title}`),
    col('status', '状态', sql`CASE WHEN ${i.usedAt} IS NULL THEN 'submitted' ELSE 'used' END`, 'label', { labels: REPORT_STATE_LABEL }),
    col('submittedAt', '报送时间', sql`${i.submittedAt}`, 'time'),
    col('usedAt', '采用时间', sql`${i.usedAt}`, 'time'),
    col('usedNote', '采用说明', sql`${i.usedNote}`),
  ],
  defaultSort: { key: 'submittedAt', dir: 'desc' },
});
