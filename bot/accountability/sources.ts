/**
 * The records a finding may be opened from (追责立项 编号): where a fault of an officer
 * showed — a complaint about a body found true (M3), a supervision notice (M7), a refusal
 * to cooperate (M14), an inspection (M7). Each names the body whose officer it concerns; only those who may
 * open a finding against that body's officers get past "not found".
 */
import { canOpenFinding } from '../../domain/accountability';
import { accusedOrgId, parseTrackingNo } from '../../domain/complaint';
import type { Subject } from '../../domain/deadlines/deadline';
import { ORG } from '../../domain/organisation';
import { SERIES, parseRecordNo } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import type { Turn } from '../turn';

export interface FindingSource {
  orgId: number; // the body whose officer the finding is against
  source: Subject;
}

const notFound = (no: string) => `未找到 ${no}，或您无权据此登记追责线索。`;

/** The body and source of a record number; null when the text is not a number of such a record. */
export async function findingSource(t: Turn, ref: string): Promise<Result<FindingSource> | null> {
  const found = await lookup(t, ref);
  if (!found || !found.ok) return found;
  const justiceId = t.services.directory.byCode(ORG.justiceBureau)!.id;
  const mayOpen = canOpenFinding(t.actor, { kind: 'officer', orgId: found.value.orgId, name: '', personId: null }, justiceId);
  return mayOpen ? found : fail(notFound(found.value.source.id));
}

async function lookup(t: Turn, ref: string): Promise<Result<FindingSource> | null> {
  const ts = parseTrackingNo(ref);
  if (ts) {
    const c = await t.store.complaints.byTrackingNo(ts);
    // Complaints stay with the bureau: a body's head does not learn of one through this door.
    const justiceId = t.services.directory.byCode(ORG.justiceBureau)!.id;
    const accused = c && accusedOrgId(c.accused);
    if (!c || !canOpenFinding(t.actor, { kind: 'org', orgId: accused ?? -1 }, justiceId)) return fail(notFound(ts));
    if (accused == null) return fail(`投诉举报 ${ts} 没有确定被投诉单位，不能据此登记执法人员的追责线索。`);
    if (c.status !== 'resolved') return fail(`投诉举报 ${ts} 尚未办结：查实后再登记追责线索。`);
    return ok({ orgId: accused, source: { type: 'complaint', id: ts } });
  }
  const jd = parseRecordNo(SERIES.notice, ref);
  if (jd) {
    const n = await t.store.supervision.noticeByNo(jd);
    return n ? ok({ orgId: n.orgId, source: { type: 'notice', id: jd } }) : fail(notFound(jd));
  }
  const jc = parseRecordNo(SERIES.inspection, ref);
  if (jc) {
    const i = await t.store.supervision.inspectionByNo(jc);
    if (!i) return fail(notFound(jc));
    // A body's own inspection concerns its officers; the bureau's, the one body it inspected.
    const orgId = i.officers != null ? i.inspectorOrgId : i.orgIds.length === 1 ? i.orgIds[0]! : null;
    return orgId != null ? ok({ orgId, source: { type: 'inspection', id: jc } }) : fail(`监督检查 ${jc} 涉及多个单位，请从该单位的监督通知书（追责立项 JD-编号）登记。`);
  }
  const sp = parseRecordNo(SERIES.approval, ref);
  if (sp) {
    const refusal = (await t.store.caseEvents.list(sp)).findLast((e) => e.kind === 'cooperation-refused');
    return refusal ? ok({ orgId: refusal.orgId, source: { type: 'approval', id: sp } }) : fail(notFound(sp));
  }
  return null;
}
