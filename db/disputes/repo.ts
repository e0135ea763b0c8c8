/** 争议协调 over drizzle (domain port DisputeRepo in domain/dispute.ts). */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Dispute, DisputeKind, DisputeRepo, Position } from '../../domain/dispute';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import { reassignPerson } from '../records';
import * as tables from './schema';
import { disputeParties, disputes } from './schema';

type Row = typeof disputes.$inferSelect;

function toDispute(r: Row, respondentOrgIds: number[]): Dispute {
  const common = {
    id: r.id,
    no: r.no,
    kind: r.kind as DisputeKind,
    applicantOrgId: r.applicantOrgId,
    applicantPersonId: r.applicantPersonId,
    respondentOrgIds,
    facts: r.facts,
    negotiation: r.negotiation,
    appliedAt: r.appliedAt,
    version: r.version,
  };
  if (r.status === 'applied') return { ...common, status: 'applied' };
  if (r.status === 'declined') return { ...common, status: 'declined', handlerPersonId: r.handlerPersonId!, declinedAt: r.declinedAt!, declineReason: r.declineReason! };
  const accepted = { ...common, handlerPersonId: r.handlerPersonId!, acceptedAt: r.acceptedAt! };
  if (r.status === 'accepted') return { ...accepted, status: 'accepted' };
  const positions: Position[] = r.positions.map((p) => ({ ...p, at: new Date(p.at) }));
  const opinion = { ...accepted, opinion: r.opinion!, opinionAt: r.opinionAt!, opinionBy: r.opinionBy!, positions };
  if (r.status === 'opinion-issued') return { ...opinion, status: 'opinion-issued' };
  if (r.status === 'resolved') return { ...opinion, status: 'resolved', resolvedAt: r.resolvedAt! };
  const reported = { ...opinion, recommendation: r.recommendation!, reportedAt: r.reportedAt!, reportedBy: r.reportedBy! };
  if (r.status === 'reported') return { ...reported, status: 'reported' };
  return { ...reported, status: 'ruled', ruling: r.ruling!, ruledAt: r.ruledAt!, ruledBy: r.ruledBy! };
}

/** Every column a transition may set, from the state (fields the state lacks → null). */
function columns(d: Dispute) {
  const declined = d.status === 'declined' ? d : null;
  const accepted = d.status === 'applied' || d.status === 'declined' ? null : d;
  const opinion = accepted && accepted.status !== 'accepted' ? accepted : null;
  const reported = opinion && (opinion.status === 'reported' || opinion.status === 'ruled') ? opinion : null;
  const ruled = d.status === 'ruled' ? d : null;
  return {
    status: d.status,
    handlerPersonId: declined?.handlerPersonId ?? accepted?.handlerPersonId ?? null,
    acceptedAt: accepted?.acceptedAt ?? null,
    declinedAt: declined?.declinedAt ?? null,
    declineReason: declined?.declineReason ?? null,
    opinion: opinion?.opinion ?? null,
    opinionAt: opinion?.opinionAt ?? null,
    opinionBy: opinion?.opinionBy ?? null,
    positions: (opinion?.positions ?? []).map((p) => ({ ...p, at: p.at.toISOString() })),
    resolvedAt: d.status === 'resolved' ? d.resolvedAt : null,
    recommendation: reported?.recommendation ?? null,
    reportedAt: reported?.reportedAt ?? null,
    reportedBy: reported?.reportedBy ?? null,
    ruling: ruled?.ruling ?? null,
    ruledAt: ruled?.ruledAt ?? null,
    ruledBy: ruled?.ruledBy ?? null,
  };
}

async function withParties(db: Db, rows: Row[]): Promise<Dispute[]> {
  if (!rows.length) return [];
  const parties = await db
    .select()
    .from(disputeParties)
    .where(and(inArray(disputeParties.disputeId, rows.map((r) => r.id)), eq(disputeParties.role, 'respondent')))
    .orderBy(asc(disputeParties.position));
  return rows.map((r) => toDispute(r, parties.filter((p) => p.disputeId === r.id).map((p) => p.orgId)));
}

export function disputeRepo(db: Db): DisputeRepo {
  return {
    async create(d) {
      const [row] = await db
        .insert(disputes)
        .values({
          no: d.no, status: 'applied', kind: d.kind, applicantOrgId: d.applicantOrgId, applicantPersonId: d.applicantPersonId,
          facts: d.facts, negotiation: d.negotiation, appliedAt: d.appliedAt,
        })
        .returning();
      await db.insert(disputeParties).values([
        { disputeId: row!.id, orgId: d.applicantOrgId, role: 'applicant' as const, position: 0 },
        ...d.respondentOrgIds.map((orgId, i) => ({ disputeId: row!.id, orgId, role: 'respondent' as const, position: i + 1 })),
      ]);
      return toDispute(row!, [...d.respondentOrgIds]) as Extract<Dispute, { status: 'applied' }>;
    },

    async byNo(no) {
      const rows = await db.select().from(disputes).where(eq(disputes.no, no));
      return (await withParties(db, rows))[0] ?? null;
    },

    async update(before, after) {
      const rows = await db
        .update(disputes)
        .set({ ...columns(after), version: sql`${disputes.version} + 1` })
        .where(and(eq(disputes.id, before.id), eq(disputes.status, before.status), eq(disputes.version, before.version)))
        .returning({ id: disputes.id });
      return rows.length === 1;
    },

    async active(limit) {
      const rows = await db
        .select()
        .from(disputes)
        .where(inArray(disputes.status, ['applied', 'accepted', 'opinion-issued', 'reported']))
        .orderBy(asc(disputes.appliedAt), asc(disputes.id))
        .limit(limit);
      return withParties(db, rows);
    },
  };
}

/** A person merge (绑定账号) moves their part in disputes to the surviving person. */
const reassignDisputePerson = (db: Db, from: number, into: number) =>
  reassignPerson(db, disputes, [disputes.applicantPersonId, disputes.handlerPersonId, disputes.opinionBy, disputes.reportedBy, disputes.ruledBy], from, into);

export const disputeStorage = mechanism({
  name: 'disputes',
  tables,
  ports: ({ db }) => ({ disputes: disputeRepo(db) }),
  mergePerson: reassignDisputePerson,
});
