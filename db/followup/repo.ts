/** 回访与评价 over drizzle (domain port FollowUpRepo in domain/followup.ts). */
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { FollowUp, FollowUpRepo, MonthComplaint, Rating, Reopen } from '../../domain/followup';
import type { Db } from '../client';
import { reassignPerson } from '../records';
import { deadlines } from '../core-schema';
import { complaints } from '../complaints/schema';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { complaintFollowups as t } from './schema';

type Row = typeof t.$inferSelect;

function reopenOf(r: Row): Reopen | null {
  if (!r.reopenState) return null;
  const base = { reason: r.reopenReason!, at: r.reopenRequestedAt! };
  if (r.reopenState === 'requested') return { state: 'requested', ...base };
  const decided = { decidedAt: r.reopenDecidedAt!, decidedBy: r.reopenDecidedBy! };
  return r.reopenState === 'reopened'
    ? { state: 'reopened', ...base, ...decided }
    : { state: 'declined', ...base, ...decided, declineReason: r.reopenDeclineReason! };
}

function toFollowUp(r: Row): FollowUp {
  const f = {
    id: r.id, complaintId: r.complaintId, trackingNo: r.trackingNo, complainantPersonId: r.complainantPersonId, orgId: r.orgId,
    round: r.round, resolvedAt: r.resolvedAt, remindAt: r.remindAt, closeAt: r.closeAt, reopenUntil: r.reopenUntil,
  };
  switch (r.state) {
    case 'asked':
      return { ...f, state: 'asked' };
    case 'reminded':
      return { ...f, state: 'reminded', remindedAt: r.remindedAt! };
    case 'unrated':
      return { ...f, state: 'unrated', closedAt: r.closedAt! };
    case 'answered': {
      const rating: Rating = { resolved: r.ratedResolved!, satisfaction: r.ratedSatisfaction!, comment: r.ratedComment, at: r.ratedAt! };
      return { ...f, state: 'answered', rating, reopen: reopenOf(r) };
    }
  }
}

/** The columns a transition may change. */
function mutable(f: FollowUp) {
  const rating = f.state === 'answered' ? f.rating : null;
  const reopen = f.state === 'answered' ? f.reopen : null;
  const decided = reopen && reopen.state !== 'requested' ? reopen : null;
  return {
    state: f.state,
    remindedAt: f.state === 'reminded' ? f.remindedAt : null,
    closedAt: f.state === 'unrated' ? f.closedAt : null,
    ratedResolved: rating?.resolved ?? null,
    ratedSatisfaction: rating?.satisfaction ?? null,
    ratedComment: rating?.comment ?? null,
    ratedAt: rating?.at ?? null,
    reopenState: reopen?.state ?? null,
    reopenReason: reopen?.reason ?? null,
    reopenRequestedAt: reopen?.at ?? null,
    reopenDecidedAt: decided?.decidedAt ?? null,
    reopenDecidedBy: decided?.decidedBy ?? null,
    reopenDeclineReason: decided?.state === 'declined' ? decided.declineReason : null,
  };
}

const reopenState = (f: FollowUp) => (f.state === 'answered' ? (f.reopen?.state ?? null) : null);

export function followUpRepo(db: Db): FollowUpRepo {
  return {
    async create(f) {
      const [row] = await db.insert(t).values({ ...f, state: 'asked' }).returning();
      return toFollowUp(row!);
    },
    async ofComplaint(complaintId) {
      return (await db.select().from(t).where(eq(t.complaintId, complaintId)).orderBy(asc(t.round))).map(toFollowUp);
    },
    async update(before, after) {
      const was = reopenState(before);
      const rows = await db
        .update(t)
        .set(mutable(after))
        .where(and(eq(t.id, before.id), eq(t.state, before.state), was ? eq(t.reopenState, was) : sql`${t.reopenState} IS NULL`))
        .returning({ id: t.id });
      return rows.length === 1;
    },
    async due(now, limit) {
      const rows = await db
        .select()
        .from(t)
        .where(or(and(eq(t.state, 'asked'), lte(t.remindAt, now)), and(inArray(t.state, ['asked', 'reminded']), lt(t.closeAt, now))))
        .orderBy(asc(t.remindAt), asc(t.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      return rows.map(toFollowUp);
    },
    async pendingReopens(limit) {
      return (await db.select().from(t).where(eq(t.reopenState, 'requested')).orderBy(asc(t.reopenRequestedAt)).limit(limit)).map(toFollowUp);
    },
    async month(from, to) {
      // The month's complaints, named by a subquery in the next two reads (not thousands of
      // parameters), and what belongs to each grouped once (not scanned per complaint).
      const inMonth = and(gte(complaints.registeredAt, from), lt(complaints.registeredAt, to));
      const cs = await db
        .select({ id: complaints.id, trackingNo: complaints.trackingNo, orgId: complaints.handlingOrgId, status: complaints.status })
        .from(complaints)
        .where(inMonth);
      if (!cs.length) return [];
      const fus = await db.select().from(t).where(inArray(t.complaintId, db.select({ id: complaints.id }).from(complaints).where(inMonth))).orderBy(desc(t.round));
      // The 办结 clocks (first and after each 重办): subject TS-… and TS-…#重办n.
      const clocks = await db
        .select({ subjectId: deadlines.subjectId, state: deadlines.state, dueAt: deadlines.dueAt, closedAt: deadlines.closedAt })
        .from(deadlines)
        .where(and(eq(deadlines.kind, 'complaint-resolve'), eq(deadlines.subjectType, 'complaint'),
          sql`split_part(${deadlines.subjectId}, '#', 1) IN (SELECT ${complaints.trackingNo} FROM ${complaints} WHERE ${inMonth})`));
      const fusOf = groupBy(fus, (f) => f.complaintId);
      const clocksOf = groupBy(clocks, (d) => d.subjectId.split('#')[0]!);
      return cs.map((c): MonthComplaint => {
        const own = fusOf.get(c.id) ?? [];
        const latest = own[0];
        const mine = clocksOf.get(c.trackingNo) ?? [];
        const resolved = c.status === 'resolved';
        return {
          orgId: c.orgId,
          resolved,
          onTime: resolved ? mine.length > 0 && mine.every((d) => d.state === 'met' && d.closedAt != null && d.closedAt <= d.dueAt) : null,
          reopens: own.filter((f) => f.reopenState === 'reopened').length,
          latest: latest
            ? { state: latest.state, ...(latest.ratedResolved ? { resolved: latest.ratedResolved } : {}), ...(latest.ratedSatisfaction ? { satisfaction: latest.ratedSatisfaction } : {}) }
            : null,
        };
      });
    },
  };
}

function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** A person merge: the complainant and the deciding officer of follow-ups. */
const reassignFollowUpPerson = (db: Db, from: number, into: number) =>
  reassignPerson(db, t, [t.complainantPersonId, t.reopenDecidedBy], from, into);

export const followUpStorage = mechanism({
  name: 'followup',
  tables,
  ports: ({ db }) => ({ followups: followUpRepo(db) }), // 回访与评价, 申请重办 (issue 18)
  mergePerson: reassignFollowUpPerson,
});
