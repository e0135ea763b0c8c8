/**
 * A record's whole timeline: its events (complaint_events, case_events), or the steps its
 * lifecycle fields keep (disputes, notices, findings, duties, 干预记录); its clocks (opened,
 * met, missed, waived), the reminders and 督办 sent on them, and the moves a calendar change
 * made. Raw entries: the console words and formats them.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { LedgerDef, LedgerKind } from './def';

export interface TimelineEntry {
  at: Date;
  /** Where it comes from, which says how `kind` reads. */
  source: 'complaint' | 'case' | 'step' | 'clock' | 'reminder' | 'change';
  kind: string;
  orgId: number | null;
  toOrgId: number | null;
  actorPersonId: number | null;
  note: string | null;
  /** A clock's own kind (deadlines.kind), for clock entries. */
  clock?: string | null;
}

const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
const num = (v: unknown) => (v == null ? null : Number(v));
const str = (v: unknown) => (v == null ? null : String(v));

function entries(rows: Record<string, unknown>[], source: TimelineEntry['source']): TimelineEntry[] {
  return rows
    .filter((r) => r.at != null)
    .map((r) => ({
      at: r.at instanceof Date ? r.at : new Date(String(r.at)),
      source,
      kind: String(r.kind),
      orgId: num(r.org_id),
      toOrgId: num(r.to_org_id),
      actorPersonId: num(r.actor),
      note: str(r.note),
      clock: str(r.clock),
    }));
}

/** One step per lifecycle field: (instant, kind, body, actor, note) selected from the record's row. */
type Step = [at: string, kind: string, org: string, actor: string, note: string];

/**
 * The lifecycle steps of the kinds that keep no event table. Column names of db/schema,
 * written once here; a step whose instant is null did not happen. Arrays of steps kept in
 * JSON (a dispute's positions, a notice's past rounds) are unnested.
 */
const STEPS: Partial<Record<LedgerKind, { table: string; no: string; steps: Step[]; extra?: string }>> = {
  disputes: {
    table: 'disputes', no: 'no',
    steps: [
      ['applied_at', 'applied', 'applicant_org_id', 'applicant_person_id', 'facts'],
      ['declined_at', 'declined', 'NULL', 'handler_person_id', 'decline_reason'],
      ['accepted_at', 'accepted', 'NULL', 'handler_person_id', 'NULL'],
      ['opinion_at', 'opinion', 'NULL', 'opinion_by', 'opinion'],
      ['resolved_at', 'resolved', 'NULL', 'NULL', 'NULL'],
      ['reported_at', 'reported', 'NULL', 'reported_by', 'recommendation'],
      ['ruled_at', 'ruled', 'NULL', 'ruled_by', 'ruling'],
    ],
    extra: `SELECT (p->>'at')::timestamptz AS at, CASE WHEN (p->>'agree')::boolean THEN 'agreed' ELSE 'disagreed' END AS kind,
      (p->>'orgId')::int AS org_id, NULL::int AS to_org_id, (p->>'personId')::int AS actor, p->>'note' AS note
      FROM disputes x, jsonb_array_elements(x.positions) p WHERE x.no = $no`,
  },
  notices: {
    table: 'supervision_notices', no: 'no',
    steps: [
      ['issued_at', 'issued', 'NULL', 'issued_by', 'findings'],
      ['reported_at', 'reported', 'org_id', 'reported_by', 'report'],
      ['reviewed_at', "CASE status WHEN 'failed' THEN 'failed' ELSE 'accepted' END", 'NULL', 'reviewed_by', 'fail_reason'],
    ],
    extra: `SELECT (h->>'reportedAt')::timestamptz AS at, 'reported' AS kind, x.org_id, NULL::int AS to_org_id, (h->>'reportedBy')::int AS actor, h->>'report' AS note
      FROM supervision_notices x, jsonb_array_elements(x.history) h WHERE x.no = $no
      UNION ALL SELECT (h->>'returnedAt')::timestamptz, 'returned', NULL, NULL, (h->>'returnedBy')::int, h->>'returnReason'
      FROM supervision_notices x, jsonb_array_elements(x.history) h WHERE x.no = $no`,
  },
  findings: {
    table: 'fault_findings', no: 'no',
    steps: [
      ['proposed_at', 'proposed', 'org_id', 'proposed_by', 'facts'],
      ['decided_at', "CASE status WHEN 'dismissed' THEN 'dismissed' ELSE 'decided' END", 'NULL', 'decided_by', 'coalesce(outcome, reason)'],
    ],
  },
  assessments: {
    table: 'assessments', no: 'record_no',
    steps: [
      ['created_at', 'created', 'org_id', 'created_by', 'NULL'],
      ['returned_at', 'returned', 'NULL', 'returned_by', 'return_reason'],
      ['submitted_at', 'submitted', 'org_id', 'submitted_by', 'NULL'],
      ['filed_at', 'filed', 'org_id', 'approved_by', 'NULL'],
      // The bureau's grade is a proposal for 区政府: its step is shown, its grade is not.
      ['graded_at', 'graded', 'NULL', 'graded_by', 'NULL'],
      ['ratified_at', 'ratified', 'NULL', 'ratified_by', 'result'],
      ['distinction_at', "CASE distinction WHEN 'commend' THEN 'commended' ELSE 'criticised' END", 'NULL', 'distinction_by', 'distinction_note'],
    ],
  },
  'guiding-cases': {
    table: 'guiding_cases', no: 'record_no',
    steps: [
      ['submitted_at', 'submitted', 'org_id', 'submitted_by', 'title'],
      ['reviewed_at', "CASE WHEN status = 'returned' THEN 'returned' ELSE 'accepted' END", 'NULL', 'reviewed_by', 'return_reason'],
      ['published_at', 'published', 'NULL', 'published_by', 'NULL'],
    ],
  },
  'info-reports': {
    table: 'info_reports', no: 'record_no',
    steps: [
      ['submitted_at', 'submitted', 'org_id', 'submitted_by', 'title'],
      ['used_at', 'used', 'NULL', 'used_by', 'used_note'],
    ],
  },
  interference: {
    table: 'interference_records', no: 'record_no',
    steps: [['recorded_at', 'recorded', 'recorder_org_id', 'recorder_person_id', 'NULL']],
  },
};

/** A step's kind: a word, or an SQL expression choosing one (CASE …). */
const kindSql = (k: string) => (/^[a-z-]+$/.test(k) ? `'${k}'` : k);

function stepsQuery(def: (typeof STEPS)[LedgerKind] & object, no: string): SQL {
  const parts = def.steps.map(([at, kind, org, actor, note]) =>
    `SELECT ${at} AS at, ${kindSql(kind)} AS kind, ${org}::int AS org_id, NULL::int AS to_org_id, ${actor}::int AS actor, (${note})::text AS note FROM ${def.table} WHERE ${def.no} = $no`);
  if (def.extra) parts.push(def.extra);
  // $no is the one parameter: spliced as a bound value, never as text.
  const chunks = parts.join(' UNION ALL ').split('$no');
  return sql.join(chunks.map((c, i) => (i === 0 ? sql.raw(c) : sql`${no}${sql.raw(c)}`)), sql``);
}

/** The record's events or lifecycle steps, oldest first. */
export async function recordTimeline(db: Db, def: LedgerDef, no: string): Promise<TimelineEntry[]> {
  let out: TimelineEntry[] = [];
  if (def.events === 'complaint') {
    out = entries(rowsOf(await db.execute(sql`SELECT e.at, e.kind, e.org_id, e.to_org_id, e.actor_person_id AS actor, e.note
      FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.tracking_no = ${no} ORDER BY e.at, e.id`)), 'complaint');
  } else if (def.events === 'case') {
    out = entries(rowsOf(await db.execute(sql`SELECT at, kind, org_id, NULL::int AS to_org_id, actor_person_id AS actor, note
      FROM case_events WHERE record_no = ${no} ORDER BY at, id`)), 'case');
  } else if (STEPS[def.kind]) {
    out = entries(rowsOf(await db.execute(stepsQuery(STEPS[def.kind]!, no))), 'step');
  }
  const clocks = def.clockSubjects?.length ? await clockTimeline(db, sql`d.subject_type IN (${sql.join(def.clockSubjects.map((s) => sql`${s}`), sql`, `)}) AND split_part(d.subject_id, '#', 1) = ${no}`) : [];
  return sortEntries([...out, ...clocks]);
}

/** A clock's own timeline (the deadline ledger's page). */
export const deadlineTimeline = async (db: Db, id: number): Promise<TimelineEntry[]> => sortEntries(await clockTimeline(db, sql`d.id = ${id}`));

/** Opened, reminded, moved, met / missed / waived: of the deadlines matching `where` (alias d). */
async function clockTimeline(db: Db, where: SQL): Promise<TimelineEntry[]> {
  const opened = rowsOf(await db.execute(sql`SELECT coalesce(d.started_at, d.created_at) AS at, 'opened' AS kind, d.org_id, d.kind AS clock,
      NULL::int AS to_org_id, NULL::int AS actor, to_char(d.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || CASE WHEN d.provisional THEN '（暂定）' ELSE '' END AS note
    FROM deadlines d WHERE ${where}
    UNION ALL SELECT d.closed_at, d.state, d.org_id, d.kind, NULL, NULL, d.waive_reason FROM deadlines d WHERE ${where} AND d.state <> 'open'
    UNION ALL SELECT r.sent_at, r.key, d.org_id, d.kind, NULL, NULL, NULL FROM deadline_reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE ${where} AND r.sent_at IS NOT NULL
    UNION ALL SELECT c.at, 'changed', d.org_id, d.kind, NULL, NULL,
      c.reason || '：' || to_char(c.due_before AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' → ' || to_char(c.due_after AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
      FROM deadline_changes c JOIN deadlines d ON d.id = c.deadline_id WHERE ${where}`));
  return opened.filter((r) => r.at != null).map((r) => {
    const source: TimelineEntry['source'] = r.kind === 'changed' ? 'change' : ['opened', 'met', 'missed', 'waived'].includes(String(r.kind)) ? 'clock' : 'reminder';
    return entries([r], source)[0]!;
  });
}

const sortEntries = (xs: TimelineEntry[]) => xs.sort((a, b) => a.at.getTime() - b.at.getTime());
