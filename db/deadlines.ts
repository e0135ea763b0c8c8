/** Deadlines and their reminders over drizzle (domain port DeadlineRepo). */
import { type SQL, and, asc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import { type Deadline, type DeadlineKind, type DeadlineSpec, type SupervisorCode, deadlineKey } from '../domain/deadlines/deadline';
import type { Audience, Reminder, ReminderKey } from '../domain/deadlines/reminders';
import type { DeadlineRepo } from '../domain/ports';
import type { Db } from './client';
import { Chained, type WriteBehind, statementOf } from './write-behind';
import { deadlineReminders, deadlines } from './schema';

type Row = typeof deadlines.$inferSelect;

export function toDeadline(r: Row): Deadline {
  const fields = {
    id: r.id,
    kind: r.kind as DeadlineKind,
    subject: { type: r.subjectType, id: r.subjectId },
    orgId: r.orgId,
    supervisorOrgCode: r.supervisorOrgCode as SupervisorCode,
    dueAt: r.dueAt,
    provisional: r.provisional,
    rule: r.rule,
    ...(r.startedAt ? { startedAt: r.startedAt } : {}),
    ...(r.required != null ? { required: r.required, progress: r.progress } : {}),
  };
  switch (r.state) {
    case 'open':
      return { ...fields, state: 'open' };
    case 'met':
      return { ...fields, state: 'met', metAt: r.closedAt! };
    case 'missed':
      return { ...fields, state: 'missed', missedAt: r.closedAt! };
    case 'waived':
      return { ...fields, state: 'waived', waivedAt: r.closedAt!, reason: r.waiveReason ?? '' };
  }
}

/** Integer ids as a Postgres array literal, for one `= ANY($1::int[])` parameter. */
const idArray = (ids: readonly number[]) => `{${[...new Set(ids)].map((id) => Math.trunc(id)).join(',')}}`;

/**
 * The sweep's query: unsent reminders due by `now` with their deadlines, oldest first,
 * the reminders locked. SKIP LOCKED: a reminder another instance is sending right now is
 * not waited for, nor sent twice.
 * Served by the partial index deadline_reminders_due (unsent only), so its cost follows
 * what is due, not how many deadlines exist (`npm run bench -- --only=sweep` shows the plan).
 * Written as SQL with the columns named as toDeadline reads them: the sweep runs it every
 * batch, and drizzle's query building and row mapping were a tenth of its JavaScript.
 */
export function dueRemindersSql(now: Date, limit: number): SQL {
  return sql`SELECT r.id AS "reminderId", r.key, r.audience, ${DEADLINE_COLUMNS}
    FROM ${deadlineReminders} r JOIN ${deadlines} d ON d.id = r.deadline_id
    WHERE r.sent_at IS NULL AND r.at <= ${now.toISOString()}::timestamptz
    ORDER BY r.at, r.id
    LIMIT ${limit}
    FOR UPDATE OF r SKIP LOCKED`;
}

/** The deadline's columns under the names of its drizzle row (d: deadlines). */
const DEADLINE_COLUMNS = sql.raw(
  Object.entries(getTableColumns(deadlines)).map(([key, column]) => `d.${column.name} AS "${key}"`).join(', '),
);

/** A row of DEADLINE_COLUMNS as drizzle would have mapped it (node-postgres gives timestamps as text). */
function deadlineRow(r: Record<string, unknown>): Row {
  const time = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(v as string));
  return {
    ...(r as unknown as Row),
    id: Number(r.id), orgId: Number(r.orgId),
    dueAt: time(r.dueAt)!, closedAt: time(r.closedAt), createdAt: time(r.createdAt)!, startedAt: time(r.startedAt),
  };
}

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

export function deadlineRepo(db: Db, writes?: WriteBehind): DeadlineRepo {
  /**
   * Existing deadlines of these specs that are still open but due at another instant (or
   * with another 暂定 mark): moved to the spec's, reminders replaced. One read when nothing
   * changed, which is every time but after an upgrade or a new calendar.
   */
  async function realign(items: ReadonlyArray<{ spec: DeadlineSpec; reminders: readonly Reminder[] }>): Promise<void> {
    if (!items.length) return;
    const open = await db
      .select({ id: deadlines.id, kind: deadlines.kind, orgId: deadlines.orgId, subjectType: deadlines.subjectType, subjectId: deadlines.subjectId, dueAt: deadlines.dueAt, provisional: deadlines.provisional })
      .from(deadlines)
      .where(and(
        eq(deadlines.state, 'open'),
        inArray(deadlines.kind, [...new Set(items.map((i) => i.spec.kind))]),
        inArray(deadlines.subjectId, [...new Set(items.map((i) => i.spec.subject.id))]),
      ));
    const byKey = new Map(items.map((i) => [deadlineKey(i.spec), i]));
    for (const row of open) {
      const item = byKey.get(deadlineKey({ kind: row.kind as DeadlineKind, orgId: row.orgId, subject: { type: row.subjectType, id: row.subjectId } }));
      if (!item || (item.spec.dueAt.getTime() === row.dueAt.getTime() && item.spec.provisional === row.provisional)) continue;
      const moved = await db
        .update(deadlines)
        .set({ dueAt: item.spec.dueAt, provisional: item.spec.provisional, rule: item.spec.rule })
        .where(and(eq(deadlines.id, row.id), eq(deadlines.state, 'open')))
        .returning({ id: deadlines.id });
      if (!moved[0]) continue;
      await db.delete(deadlineReminders).where(eq(deadlineReminders.deadlineId, row.id));
      if (item.reminders.length) await db.insert(deadlineReminders).values(item.reminders.map((r) => ({ deadlineId: row.id, key: r.key, at: r.at, audience: r.audience })));
    }
  }

  return {
    async open(spec, reminders) {
      // The deadline, then its reminders with its new id, in one statement; nothing when it is open already.
      const insert = db
        .insert(deadlines)
        .values({
          kind: spec.kind, subjectType: spec.subject.type, subjectId: spec.subject.id, orgId: spec.orgId,
          supervisorOrgCode: spec.supervisorOrgCode, dueAt: spec.dueAt, provisional: spec.provisional, rule: spec.rule,
          required: spec.required ?? null, progress: spec.progress ?? 0, startedAt: spec.startedAt ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: deadlines.id });
      const write = reminders.length
        ? new Chained(insert, (opened) => sql`INSERT INTO ${deadlineReminders} (deadline_id, key, at, audience)
            SELECT o.id, r.key, r.at::timestamptz, r.audience FROM ${opened} o,
            (VALUES ${sql.join(reminders.map((r) => sql`(${r.key}, ${r.at.toISOString()}, ${r.audience})`), sql`, `)}) AS r(key, at, audience)`)
        : insert;
      if (!writes) return void (await db.execute(statementOf([write])));
      // Held like the turn's other writes (nothing in the turn reads it back before they go).
      // One at a time: a held write to deadlines goes first, so the statement never touches one row twice.
      await writes.flushFor(db, ['deadlines', 'deadline_reminders']);
      writes.put('deadlines', 'deadline-open', () => write);
    },

    async openAll(items) {
      if (!items.length) return 0;
      // One statement for the deadlines and one for their reminders: a period's duties for every body at once.
      const rows = await db
        .insert(deadlines)
        .values(items.map(({ spec }) => ({
          kind: spec.kind, subjectType: spec.subject.type, subjectId: spec.subject.id, orgId: spec.orgId,
          supervisorOrgCode: spec.supervisorOrgCode, dueAt: spec.dueAt, provisional: spec.provisional, rule: spec.rule,
          required: spec.required ?? null, progress: spec.progress ?? 0, startedAt: spec.startedAt ?? null,
        })))
        .onConflictDoNothing()
        .returning({ id: deadlines.id, kind: deadlines.kind, orgId: deadlines.orgId, subjectType: deadlines.subjectType, subjectId: deadlines.subjectId });
      const ids = new Map(rows.map((r) => [deadlineKey({ kind: r.kind as DeadlineKind, orgId: r.orgId, subject: { type: r.subjectType, id: r.subjectId } }), r.id]));
      const reminders = items.flatMap(({ spec, reminders: rs }) => {
        const id = ids.get(deadlineKey(spec));
        return id === undefined ? [] : rs.map((r) => ({ deadlineId: id, key: r.key, at: r.at, audience: r.audience }));
      });
      if (reminders.length) await db.insert(deadlineReminders).values(reminders);
      if (rows.length < items.length) await realign(items.filter(({ spec }) => !ids.has(deadlineKey(spec))));
      return rows.length;
    },

    async setReminders(deadlineId, reminders) {
      await db.delete(deadlineReminders).where(eq(deadlineReminders.deadlineId, deadlineId));
      if (reminders.length) await db.insert(deadlineReminders).values(reminders.map((r) => ({ deadlineId, key: r.key, at: r.at, audience: r.audience })));
    },

    async close(kind, orgId, subject, outcome, at) {
      const rows = await db
        .update(deadlines)
        .set({ state: outcome.state, closedAt: at, waiveReason: outcome.state === 'waived' ? outcome.reason : null })
        .where(and(eq(deadlines.kind, kind), eq(deadlines.orgId, orgId), eq(deadlines.subjectType, subject.type), eq(deadlines.subjectId, subject.id), eq(deadlines.state, 'open')))
        .returning({ id: deadlines.id });
      if (!rows[0]) return false;
      await db.delete(deadlineReminders).where(and(eq(deadlineReminders.deadlineId, rows[0].id), isNull(deadlineReminders.sentAt)));
      return true;
    },

    async takeDue(now, limit) {
      const due = rowsOf(await db.execute(dueRemindersSql(now, limit)));
      // An escalation ends its deadline (markMissed, and maybe a fault finding): that deadline
      // is locked too and read afresh, so a concurrent close cannot slip in between. One a
      // turn is closing right now is skipped, not waited for (the close waits for this
      // reminder's lock: waiting here could deadlock); the close then drops the reminder.
      const escalated = [...new Set(due.filter((d) => d.key === 'escalation').map((d) => Number(d.id)))];
      const locked = escalated.length
        ? new Map(rowsOf(await db.execute(sql`SELECT ${DEADLINE_COLUMNS} FROM ${deadlines} d WHERE d.id = ANY(${idArray(escalated)}::int[]) FOR UPDATE SKIP LOCKED`))
          .map((r) => [Number(r.id), r]))
        : new Map<number, Record<string, unknown>>();
      return due.flatMap((d) => {
        const row = d.key === 'escalation' ? locked.get(Number(d.id)) : d;
        return row ? [{ reminderId: Number(d.reminderId), key: d.key as ReminderKey, audience: d.audience as Audience, deadline: toDeadline(deadlineRow(row)) }] : [];
      });
    },

    async markSent(reminderId, at) {
      if (!writes) return void (await db.update(deadlineReminders).set({ sentAt: at }).where(eq(deadlineReminders.id, reminderId)));
      // A sweep marks its whole batch in one statement (per instant), the ids as one array parameter.
      writes.append('deadline_reminders', `reminders-sent:${at.getTime()}`, reminderId, (ids) => [
        sql`UPDATE ${deadlineReminders} SET sent_at = ${at.toISOString()}::timestamptz WHERE id = ANY(${idArray(ids)}::bigint[])`,
      ]);
    },

    async markMissed(deadlineId, at) {
      if (!writes) {
        await db.update(deadlines).set({ state: 'missed', closedAt: at }).where(and(eq(deadlines.id, deadlineId), eq(deadlines.state, 'open')));
        return;
      }
      writes.append('deadlines', `deadlines-missed:${at.getTime()}`, deadlineId, (ids) => [
        sql`UPDATE ${deadlines} SET state = 'missed', closed_at = ${at.toISOString()}::timestamptz WHERE id = ANY(${idArray(ids)}::int[]) AND state = 'open'`,
      ]);
    },

    async openFor(orgIds, limit) {
      if (!orgIds.length) return [];
      const rows = await db
        .select()
        .from(deadlines)
        .where(and(inArray(deadlines.orgId, [...orgIds]), eq(deadlines.state, 'open')))
        .orderBy(asc(deadlines.dueAt), asc(deadlines.id))
        .limit(limit);
      return rows.map(toDeadline);
    },

    async find(kind, orgId, subject) {
      const [row] = await db
        .select()
        .from(deadlines)
        .where(and(eq(deadlines.kind, kind), eq(deadlines.orgId, orgId), eq(deadlines.subjectType, subject.type), eq(deadlines.subjectId, subject.id)));
      return row ? toDeadline(row) : null;
    },

    async update(before, after) {
      const closedAt = after.state === 'met' ? after.metAt : after.state === 'missed' ? after.missedAt : after.state === 'waived' ? after.waivedAt : null;
      const rows = await db
        .update(deadlines)
        .set({ state: after.state, closedAt, progress: after.progress ?? 0, waiveReason: after.state === 'waived' ? after.reason : null })
        .where(and(eq(deadlines.id, before.id), eq(deadlines.state, before.state), eq(deadlines.progress, before.progress ?? 0)))
        .returning({ id: deadlines.id });
      if (!rows[0]) return false;
      if (after.state !== 'open') await db.delete(deadlineReminders).where(and(eq(deadlineReminders.deadlineId, before.id), isNull(deadlineReminders.sentAt)));
      return true;
    },

    async missedCounts(orgId) {
      const rows = await db
        .select({ orgId: deadlines.orgId, n: sql<number>`count(*)::int` })
        .from(deadlines)
        .where(and(eq(deadlines.state, 'missed'), orgId === undefined ? undefined : eq(deadlines.orgId, orgId)))
        .groupBy(deadlines.orgId)
        .orderBy(asc(deadlines.orgId));
      return new Map(rows.map((r) => [r.orgId, Number(r.n)]));
    },

    async missed({ perOrg, orgId }) {
      const ranked = db
        .select({ id: deadlines.id, rank: sql<number>`row_number() OVER (PARTITION BY ${deadlines.orgId} ORDER BY ${deadlines.dueAt} DESC, ${deadlines.id} DESC)`.as('rank') })
        .from(deadlines)
        .where(and(eq(deadlines.state, 'missed'), orgId === undefined ? undefined : eq(deadlines.orgId, orgId)))
        .as('ranked');
      const rows = await db
        .select({ d: deadlines })
        .from(deadlines)
        .innerJoin(ranked, eq(ranked.id, deadlines.id))
        .where(sql`${ranked.rank} <= ${perOrg}`)
        .orderBy(asc(deadlines.orgId), asc(deadlines.dueAt), asc(deadlines.id));
      return rows.map((r) => toDeadline(r.d));
    },
  };
}
