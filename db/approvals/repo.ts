/** Approval decisions over drizzle (domain port ApprovalRepo): the case-record store plus the decision number. */
import { sql } from 'drizzle-orm';
import type { ApprovalDecision } from '../../domain/approvals/decision';
import type { ApprovalRepo } from '../../domain/approvals/repo';
import type { Db } from '../client';
import { recordRepo, revive } from '../records';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { approvalDecisions } from './schema';

export function approvalRepo(db: Db): ApprovalRepo {
  const keys = (d: ApprovalDecision) => ({ no: d.approvalNo, orgId: d.state === 'unrouted' ? d.bureauOrgId : d.orgId, otherOrgId: d.bureauOrgId, state: d.state });
  const base = recordRepo<ApprovalDecision>(db, approvalDecisions, keys);
  const toRecord = (row: { id: number; body: unknown }) => ({ ...(revive(row.body) as object), id: row.id }) as ApprovalDecision;
  return {
    ...base,
    async createUnlessExists(d) {
      const { id: _id, ...body } = d as ApprovalDecision;
      const rows = await db
        .insert(approvalDecisions)
        .values({ ...keys(d as ApprovalDecision), body: JSON.parse(JSON.stringify(body)) })
        .onConflictDoNothing() // the decision number's unique index
        .returning({ id: approvalDecisions.id, body: approvalDecisions.body });
      return rows[0] ? toRecord(rows[0]) : null;
    },
    async byDecisionNo(decisionNo) {
      const [row] = await db
        .select({ id: approvalDecisions.id, body: approvalDecisions.body })
        .from(approvalDecisions)
        .where(sql`(${approvalDecisions.body} ->> 'decisionNo') = ${decisionNo}`);
      return row ? toRecord(row) : null;
    },
  };
}

export const approvalStorage = mechanism({
  name: 'approvals',
  tables,
  ports: ({ db }) => ({ approvals: approvalRepo(db) }),
});
