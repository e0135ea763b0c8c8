/** 过错责任认定 over drizzle (domain port FindingRepo in domain/accountability.ts). */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Authority, FaultGround, FaultTarget, Finding, FindingProposed, FindingRepo, OutcomeKind } from '../../domain/accountability';
import type { Db } from '../client';
import { reassignPerson } from '../records';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { faultFindings } from './schema';

type Row = typeof faultFindings.$inferSelect;

function toFinding(r: Row): Finding {
  const target: FaultTarget =
    r.targetKind === 'org' ? { kind: 'org', orgId: r.orgId } : { kind: 'officer', orgId: r.orgId, name: r.officerName!, personId: r.officerPersonId };
  const common = {
    id: r.id, no: r.no, target, ground: r.ground as FaultGround, facts: r.facts,
    source: r.sourceType != null && r.sourceId != null ? { type: r.sourceType, id: r.sourceId } : null,
    proposedBy: r.proposedBy, proposedAt: r.proposedAt, proposedAuthority: r.proposedAuthority as Authority, version: r.version,
  };
  if (r.status === 'proposed') return { ...common, status: 'proposed' };
  if (r.status === 'decided') {
    return {
      ...common, status: 'decided', outcomeKind: (r.outcomeKind as OutcomeKind | null) ?? null, authority: r.authority as Authority, outcome: r.outcome!,
      decidedBy: r.decidedBy!, decidedAt: r.decidedAt!,
    };
  }
  return { ...common, status: 'dismissed', reason: r.reason!, decidedBy: r.decidedBy!, decidedAt: r.decidedAt! };
}

export function findingRepo(db: Db): FindingRepo {
  return {
    async existsFor(ground, target, source) {
      const officer = target.kind === 'officer' ? eq(faultFindings.officerName, target.name) : isNull(faultFindings.officerName);
      const rows = await db
        .select({ id: faultFindings.id })
        .from(faultFindings)
        .where(and(
          eq(faultFindings.ground, ground), eq(faultFindings.orgId, target.orgId), officer, eq(faultFindings.sourceType, source.type),
          eq(faultFindings.sourceId, source.id),
        ));
      return rows.length > 0;
    },

    async propose(f, no) {
      const officer = f.target.kind === 'officer' ? f.target : null;
      const rows = await db
        .insert(faultFindings)
        .values({
          no, status: 'proposed', targetKind: f.target.kind, orgId: f.target.orgId, officerName: officer?.name ?? null,
          officerPersonId: officer?.personId ?? null, ground: f.ground, facts: f.facts, sourceType: f.source?.type ?? null,
          sourceId: f.source?.id ?? null, proposedBy: f.proposedBy, proposedAt: f.proposedAt, proposedAuthority: f.proposedAuthority,
        })
        .onConflictDoNothing()
        .returning();
      return rows[0] ? (toFinding(rows[0]) as FindingProposed) : null;
    },

    async byNo(no) {
      const [row] = await db.select().from(faultFindings).where(eq(faultFindings.no, no));
      return row ? toFinding(row) : null;
    },

    async update(before, after) {
      const decided = after.status === 'proposed' ? null : after;
      const rows = await db
        .update(faultFindings)
        .set({
          status: after.status,
          outcomeKind: after.status === 'decided' ? after.outcomeKind : null,
          authority: after.status === 'decided' ? after.authority : null,
          outcome: after.status === 'decided' ? after.outcome : null,
          reason: after.status === 'dismissed' ? after.reason : null,
          decidedBy: decided?.decidedBy ?? null,
          decidedAt: decided?.decidedAt ?? null,
          version: sql`${faultFindings.version} + 1`,
        })
        .where(and(eq(faultFindings.id, before.id), eq(faultFindings.status, before.status), eq(faultFindings.version, before.version)))
        .returning({ id: faultFindings.id });
      return rows.length === 1;
    },

    async list(statuses, limit, orgIds) {
      if (!statuses.length || orgIds?.length === 0) return [];
      const rows = await db
        .select()
        .from(faultFindings)
        .where(and(inArray(faultFindings.status, [...statuses]), orgIds ? inArray(faultFindings.orgId, [...orgIds]) : undefined))
        .orderBy(desc(faultFindings.proposedAt), desc(faultFindings.id))
        .limit(limit);
      return rows.map(toFinding);
    },
  };
}

const reassignFindingPerson = (db: Db, from: number, into: number) =>
  reassignPerson(db, faultFindings, [faultFindings.officerPersonId, faultFindings.proposedBy, faultFindings.decidedBy], from, into);

export const accountabilityStorage = mechanism({
  name: 'accountability',
  tables,
  ports: ({ db }) => ({ findings: findingRepo(db) }),
  mergePerson: reassignFindingPerson,
});
