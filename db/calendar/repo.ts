/** The official calendar's notices and the clocks it moves, over drizzle (domain/calendar/repo.ts). */
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { HolidayNotice } from '../../domain/calendar/notice';
import type { Entrant, NoticeRecord } from '../../domain/calendar/notice-record';
import type { CalendarRepo } from '../../domain/calendar/repo';
import type { Db } from '../client';
import { toDeadline } from '../deadlines';
import { deadlineReminders, deadlines } from '../core-schema';
import { mechanism } from '../mechanism';
import { complaints } from '../schema';
import * as tables from './schema';
import { calendarNotices, calendarPackageYears, deadlineChanges } from './schema';

type Row = typeof calendarNotices.$inferSelect;

function toRecord(r: Row): NoticeRecord {
  const enteredBy: Entrant = r.enteredVia === 'chat' ? { via: 'chat', personId: r.enteredBy! } : { via: 'file' };
  const common = { id: r.id, year: r.year, notice: r.body as HolidayNotice, enteredBy, enteredAt: r.enteredAt };
  switch (r.state) {
    case 'pending':
      return { ...common, state: 'pending' };
    case 'confirmed':
      return { ...common, state: 'confirmed', confirmedBy: r.decidedBy!, confirmedAt: r.decidedAt! };
    case 'rejected':
      return { ...common, state: 'rejected', rejectedBy: r.decidedBy!, rejectedAt: r.decidedAt!, reason: r.reason ?? '' };
    case 'superseded':
      return { ...common, state: 'superseded', confirmedBy: r.decidedBy!, confirmedAt: r.decidedAt!, supersededAt: r.supersededAt! };
  }
}

function columnsOf(r: NoticeRecord) {
  return {
    state: r.state,
    decidedBy: r.state === 'confirmed' || r.state === 'superseded' ? r.confirmedBy : r.state === 'rejected' ? r.rejectedBy : null,
    decidedAt: r.state === 'confirmed' || r.state === 'superseded' ? r.confirmedAt : r.state === 'rejected' ? r.rejectedAt : null,
    reason: r.state === 'rejected' ? r.reason : null,
    supersededAt: r.state === 'superseded' ? r.supersededAt : null,
  };
}

export function calendarRepo(db: Db): CalendarRepo {
  const byState = async (state: 'pending' | 'confirmed') =>
    (await db.select().from(calendarNotices).where(eq(calendarNotices.state, state)).orderBy(asc(calendarNotices.year))).map(toRecord);

  return {
    async submit(notice, by, at) {
      const rows = await db
        .insert(calendarNotices)
        .values({ year: notice.year, body: notice, state: 'pending', enteredVia: by.via, enteredBy: by.via === 'chat' ? by.personId : null, enteredAt: at })
        .onConflictDoNothing()
        .returning();
      return rows[0] ? (toRecord(rows[0]) as Extract<NoticeRecord, { state: 'pending' }>) : null;
    },

    async find(year, state) {
      const [row] = await db.select().from(calendarNotices).where(and(eq(calendarNotices.year, year), eq(calendarNotices.state, state)));
      return row ? toRecord(row) : null;
    },

    pending: () => byState('pending') as ReturnType<CalendarRepo['pending']>,
    confirmed: () => byState('confirmed') as ReturnType<CalendarRepo['confirmed']>,

    async update(before, after) {
      const rows = await db
        .update(calendarNotices)
        .set(columnsOf(after))
        .where(and(eq(calendarNotices.id, before.id), eq(calendarNotices.state, before.state)))
        .returning({ id: calendarNotices.id });
      return rows.length === 1;
    },

    async version() {
      const [row] = await db
        .select({ v: sql<string | null>`string_agg(${calendarNotices.id}::text, ',' ORDER BY ${calendarNotices.id})` })
        .from(calendarNotices)
        .where(eq(calendarNotices.state, 'confirmed'));
      return row?.v ?? '';
    },

    async markPackageChecked(noticeId, fingerprint) {
      const rows = await db
        .update(calendarNotices)
        .set({ packageChecked: fingerprint })
        .where(and(eq(calendarNotices.id, noticeId), sql`${calendarNotices.packageChecked} IS DISTINCT FROM ${fingerprint}`))
        .returning({ id: calendarNotices.id });
      return rows.length === 1;
    },

    async recordPackageYears(years, at) {
      const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(calendarPackageYears)) as [{ n: number }];
      if (!years.size) return { changed: [], fresh: Number(n) === 0 };
      const rows = await db
        .insert(calendarPackageYears)
        .values([...years].map(([year, fingerprint]) => ({ year, fingerprint, seenAt: at })))
        .onConflictDoUpdate({
          target: calendarPackageYears.year,
          set: { fingerprint: sql`excluded.fingerprint`, seenAt: sql`excluded.seen_at` },
          setWhere: sql`${calendarPackageYears.fingerprint} <> excluded.fingerprint`,
        })
        .returning({ year: calendarPackageYears.year });
      return { changed: rows.map((r) => r.year).sort((a, b) => a - b), fresh: Number(n) === 0 };
    },

    async clocksToRecompute(kinds, span) {
      if (!kinds.length) return [];
      const provisional = or(eq(deadlines.state, 'open'), eq(deadlines.state, 'missed'));
      const touches = span
        ? and(eq(deadlines.state, 'open'), sql`${deadlines.dueAt} >= ${span.from}`, or(isNull(deadlines.startedAt), sql`${deadlines.startedAt} < ${span.to}`))
        : undefined;
      const rows = await db
        .select()
        .from(deadlines)
        .where(and(inArray(deadlines.kind, [...kinds]), or(and(eq(deadlines.provisional, true), provisional), touches)))
        .orderBy(asc(deadlines.dueAt), asc(deadlines.id))
        .for('update');
      return rows.map(toDeadline);
    },

    async moveClock(m) {
      const d = m.before;
      const rows = await db
        .update(deadlines)
        .set({ dueAt: m.dueAt, provisional: m.provisional, state: m.state, closedAt: m.state === 'open' ? null : sql`${deadlines.closedAt}` })
        .where(and(eq(deadlines.id, d.id), eq(deadlines.state, d.state), eq(deadlines.dueAt, d.dueAt), eq(deadlines.provisional, d.provisional)))
        .returning({ id: deadlines.id });
      if (!rows[0]) return false;
      if (m.state === 'open') {
        await db.delete(deadlineReminders).where(and(eq(deadlineReminders.deadlineId, d.id), isNull(deadlineReminders.sentAt)));
        for (const key of m.rearm) {
          const r = m.reminders.find((x) => x.key === key);
          if (r) await db.update(deadlineReminders).set({ at: r.at, sentAt: null }).where(and(eq(deadlineReminders.deadlineId, d.id), eq(deadlineReminders.key, key)));
        }
        if (m.reminders.length) {
          await db
            .insert(deadlineReminders)
            .values(m.reminders.map((r) => ({ deadlineId: d.id, key: r.key, at: r.at, audience: r.audience })))
            .onConflictDoNothing(); // a key sent already stays sent
        }
      }
      await db.insert(deadlineChanges).values({
        deadlineId: d.id, at: m.at, reason: m.reason, outcome: m.outcome,
        dueBefore: d.dueAt, dueAfter: m.dueAt, provisionalBefore: d.provisional, provisionalAfter: m.provisional, stateBefore: d.state, stateAfter: m.state,
      });
      if (d.kind === 'complaint-accept' && d.subject.type === 'complaint') {
        // The complaint shows its 受理告知 due to the complainant: it follows the clock.
        await db
          .update(complaints)
          .set({ acceptDue: m.dueAt, acceptDueProvisional: m.provisional })
          .where(and(eq(complaints.trackingNo, d.subject.id), eq(complaints.handlingOrgId, d.orgId), eq(complaints.acceptDue, d.dueAt)));
      }
      return true;
    },
  };
}

/** Account linking: the notices a person entered or decided follow them. */
async function mergeCalendarPerson(db: Db, from: number, into: number): Promise<void> {
  await db.update(calendarNotices).set({ enteredBy: into }).where(eq(calendarNotices.enteredBy, from));
  await db.update(calendarNotices).set({ decidedBy: into }).where(eq(calendarNotices.decidedBy, from));
}

export const calendarStorage = mechanism({
  name: 'calendar',
  tables,
  ports: ({ db }) => ({ calendar: calendarRepo(db) }),
  mergePerson: mergeCalendarPerson,
});
