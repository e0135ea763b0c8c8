/**
 * Importing approval decisions (M14 二「将审批决定基本信息自动导入信息交流互动平台」): from
 * the HTTP endpoint and from the CSV script, through the same code, in one transaction.
 * Each decision is checked, classified by kind of approval and routed to the supervising
 * department, whose liaison is told; one that fits no kind waits for the bureau to route
 * it. A decision already stored (same 审批决定文号) is reported as a duplicate and left as is.
 */
import { localYear } from '../../domain/calendar/calendar';
import { classify } from '../../domain/approvals/classification';
import { type ApprovalDecision, type ApprovalSource, parseDecision } from '../../domain/approvals/decision';
import { csvRecords } from '../../domain/approvals/csv';
import { type Result, fail } from '../../domain/result';
import { ORG, type Directory } from '../../domain/organisation';
import type { Reply, Store } from '../../domain/ports';
import { SERIES } from '../../domain/record-no';
import type { StaffRole } from '../../domain/roles';
import { notifyPerson } from '../notify';
import { decisionText } from './render';

export const MAX_IMPORT = 1000;

export interface ImportContext {
  store: Store;
  directory: Directory;
  now: Date;
  /** Running push platforms, for choosing where notifications go. */
  running: ReadonlySet<string>;
  source: ApprovalSource;
  /** Who imported (the ledger's actor); the bureau's system account when absent. */
  actorPersonId?: number;
}

export interface ImportReport {
  imported: Array<{ decisionNo: string; approvalNo: string; supervisor: string | null }>;
  duplicates: Array<{ decisionNo: string; approvalNo: string }>;
  rejected: Array<{ index: number; reason: string }>;
}

/** The roles told of a decision for a department: its liaison (M14 三), else its head. */
export async function supervisionContacts(store: Store, orgId: number): Promise<number[]> {
  const liaisons = await store.people.staffOf(orgId, ['liaison']);
  return liaisons.length ? liaisons : store.people.staffOf(orgId, ['head']);
}

export type Notify = (personId: number, reply: Reply) => Promise<void>;

export async function tellDepartment(store: Store, dir: Directory, d: ApprovalDecision & { orgId: number }, notify: Notify, except?: number) {
  const reply: Reply = {
    text: `【审批决定推送】${dir.name(d.bureauOrgId)}作出审批决定，属贵单位对口监管，请签收并依法开展事中事后监管。\n${decisionText(d, dir)}`,
    options: [`签收 ${d.approvalNo}`, `监管情况 ${d.approvalNo}`, `查询 ${d.approvalNo}`],
  };
  const people = await supervisionContacts(store, d.orgId);
  for (const p of people) if (p !== except) await notify(p, reply);
  return people.length;
}

export async function tellBureau(store: Store, dir: Directory, reply: Reply, notify: Notify, roles: readonly StaffRole[] = ['approval', 'head']) {
  const spj = dir.byCode(ORG.approvalBureau);
  if (!spj) return;
  for (const p of await store.people.staffOf(spj.id, roles)) await notify(p, reply);
}

export async function importDecisions(ctx: ImportContext, rows: readonly unknown[]): Promise<ImportReport> {
  const report: ImportReport = { imported: [], duplicates: [], rejected: [] };
  const dir = ctx.directory;
  const bureau = dir.byCode(ORG.approvalBureau);
  if (!bureau) throw new Error('the directory has no approval bureau (spj)');
  const notify: Notify = (p, r) => notifyPerson(ctx.store, p, r, ctx.running);
  const seen = new Set<string>();
  for (const [n, raw] of rows.entries()) {
    const parsed = parseDecision(raw);
    if (!parsed.ok) {
      report.rejected.push({ index: n + 1, reason: parsed.reason });
      continue;
    }
    const facts = parsed.value;
    const existing = seen.has(facts.decisionNo) ? null : await ctx.store.approvals.byDecisionNo(facts.decisionNo);
    if (seen.has(facts.decisionNo) || existing) {
      report.duplicates.push({ decisionNo: facts.decisionNo, approvalNo: existing?.approvalNo ?? '' });
      continue;
    }
    seen.add(facts.decisionNo);
    const c = classify(facts.item, dir);
    const approvalNo = await ctx.store.numbers.next(SERIES.approval, localYear(ctx.now));
    const common = { ...facts, approvalNo, bureauOrgId: bureau.id, kindCode: c.by === 'kind' ? c.kind.code : null, source: ctx.source, importedAt: ctx.now };
    const d = await ctx.store.approvals.createUnlessExists(c.by === 'none' ? { ...common, state: 'unrouted' } : { ...common, state: 'routed', orgId: c.orgId, routedAt: ctx.now });
    if (!d) {
      // Imported by someone else since we looked: a duplicate after all.
      report.duplicates.push({ decisionNo: facts.decisionNo, approvalNo: (await ctx.store.approvals.byDecisionNo(facts.decisionNo))?.approvalNo ?? '' });
      continue;
    }
    if (ctx.actorPersonId != null) {
      await ctx.store.caseEvents.add({ recordNo: approvalNo, kind: 'imported', actorPersonId: ctx.actorPersonId, orgId: bureau.id, note: ctx.source }, ctx.now);
    }
    if (d.state === 'routed') {
      await tellDepartment(ctx.store, dir, d, notify);
    } else {
      await tellBureau(ctx.store, dir, { text: `【审批决定待分派】${d.approvalNo}（${d.item}）未能按审批事项类型归类，请指定对口监管部门：分派 ${d.approvalNo} 单位`, options: [`查询 ${d.approvalNo}`] }, notify, ['approval']);
    }
    report.imported.push({ decisionNo: facts.decisionNo, approvalNo, supervisor: d.state === 'routed' ? dir.name(d.orgId) : null });
  }
  return report;
}

/** The records of a CSV export (header row with the names of DECISION_FIELDS), ready to import. */
export function decisionsFromCsv(text: string): Result<Array<Record<string, string>>> {
  const records = csvRecords(text);
  if (!records.ok) return records;
  if (!records.value.length) return fail('文件中没有审批决定（只有表头或为空）。');
  if (records.value.length > MAX_IMPORT) return fail(`一次最多导入 ${MAX_IMPORT} 条审批决定，请分批导入。`);
  return records;
}

/** The report in words, for the script and the logs. */
export function reportText(r: ImportReport): string {
  const lines = [`导入 ${r.imported.length} 条，已存在 ${r.duplicates.length} 条，退回 ${r.rejected.length} 条。`];
  for (const i of r.imported) lines.push(`  ${i.approvalNo} ${i.decisionNo} → ${i.supervisor ?? '待行政审批局分派'}`);
  for (const d of r.duplicates) lines.push(`  已存在：${d.decisionNo}${d.approvalNo ? `（${d.approvalNo}）` : ''}`);
  for (const x of r.rejected) lines.push(`  第 ${x.index} 条：${x.reason}`);
  return lines.join('\n');
}
