/** Deadlines and their reminders over drizzle (domain port DeadlineRepo). */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Deadline, type DeadlineKind, type SupervisorCode, deadlineKey } from '../domain/deadlines/deadline';
import type { Audience, ReminderKey } from '../domain/deadlines/reminders';
import type { DeadlineRepo } from '../domain/ports';
import type { Db } from './client';
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

export function deadlineRepo(db: Db): DeadlineRepo {
  return {
    async open(spec, reminders) {
      const inserted = await db
        .insert(deadlines)
        .values({
          kind: spec.kind, subjectType: spec.subject.type, subjectId: spec.subject.id, orgId: spec.orgId,
          supervisorOrgCode: spec.supervisorOrgCode, dueAt: spec.dueAt, provisional: spec.provisional, rule: spec.rule,
          required: spec.required ?? null, progress: spec.progress ?? 0,
        })
        .onConflictDoNothing()
        .returning({ id: deadlines.id });
      if (inserted[0]) {
        if (reminders.length) {
          await db.insert(deadlineReminders).values(reminders.map((r) => ({ deadlineId: inserted[0]!.id, key: r.key, at: r.at, audience: r.audience })));
        }
        return inserted[0].id;
      }
      const [existing] = await db
        .select({ id: deadlines.id })
        .from(deadlines)
        .where(and(eq(deadlines.kind, spec.kind), eq(deadlines.orgId, spec.orgId), eq(deadlines.subjectType, spec.subject.type), eq(deadlines.subjectId, spec.subject.id)));
      return existing!.id;
    },

    async openAll(items) {
      if (!items.length) return 0;
      // One statement for the deadlines and one for their reminders: a period's duties for every body at once.
      const rows = await db
        .insert(deadlines)
        .values(items.map(({ spec }) => ({
          kind: spec.kind, subjectType: spec.subject.type, subjectId: spec.subject.id, orgId: spec.orgId,
          supervisorOrgCode: spec.supervisorOrgCode, dueAt: spec.dueAt, provisional: spec.provisional, rule: spec.rule,
          required: spec.required ?? null, progress: spec.progress ?? 0,
        })))
        .onConflictDoNothing()
        .returning({ id: deadlines.id, kind: deadlines.kind, orgId: deadlines.orgId, subjectType: deadlines.subjectType, subjectId: deadlines.subjectId });
      const ids = new Map(rows.map((r) => [deadlineKey({ kind: r.kind as DeadlineKind, orgId: r.orgId, subject: { type: r.subjectType, id: r.subjectId } }), r.id]));
      const reminders = items.flatMap(({ spec, reminders: rs }) => {
        const id = ids.get(deadlineKey(spec));
        return id === undefined ? [] : rs.map((r) => ({ deadlineId: id, key: r.key, at: r.at, audience: r.audience }));
      });
      if (reminders.length) await db.insert(deadlineReminders).values(reminders);
      return rows.length;
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
      // SKIP LOCKED: a reminder another instance is sending right now is not waited for, nor sent twice.
      const due = await db
        .select({ reminderId: deadlineReminders.id, key: deadlineReminders.key, audience: deadlineReminders.audience, deadlineId: deadlineReminders.deadlineId })
        .from(deadlineReminders)
        .where(and(isNull(deadlineReminders.sentAt), sql`${deadlineReminders.at} <= ${now}`))
        .orderBy(asc(deadlineReminders.at), asc(deadlineReminders.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (!due.length) return [];
      const rows = await db.select().from(deadlines).where(inArray(deadlines.id, [...new Set(due.map((d) => d.deadlineId))]));
      const byId = new Map(rows.map((r) => [r.id, toDeadline(r)]));
      return due.map((d) => ({ reminderId: d.reminderId, key: d.key as ReminderKey, audience: d.audience as Audience, deadline: byId.get(d.deadlineId)! }));
    },

    async markSent(reminderId, at) {
      await db.update(deadlineReminders).set({ sentAt: at }).where(eq(deadlineReminders.id, reminderId));
    },

    async markMissed(deadlineId, at) {
      const rows = await db
        .update(deadlines)
        .set({ state: 'missed', closedAt: at })
        .where(and(eq(deadlines.id, deadlineId), eq(deadlines.state, 'open')))
        .returning({ id: deadlines.id });
      return rows.length === 1;
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

    async missed(limit) {
      const rows = await db.select().from(deadlines).where(eq(deadlines.state, 'missed')).orderBy(asc(deadlines.orgId), asc(deadlines.dueAt)).limit(limit);
      return rows.map(toDeadline);
    },
  };
}
