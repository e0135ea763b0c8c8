/** The domain ports over drizzle: one Store per transaction (one conversation turn). */
import { and, asc, desc, eq, lte, inArray, isNull, sql } from 'drizzle-orm';
import type { Complaint } from '../domain/complaint';
import type { Organisation } from '../domain/organisation';
import type { Store, UnitOfWork, Reply, ConversationState } from '../domain/ports';
import type { StaffRole } from '../domain/roles';
import type { Db } from './client';
import {
  accounts, complaintEvents, complaints, conversations, deliveries, invites, linkCodes, organisations, outbox, people, roleGrants,
  recordCounters, interferenceRecords,
} from './schema';
import { formatTrackingNo } from '../domain/complaint';
import { SERIES, type Series, formatRecordNo } from '../domain/record-no';
import { deadlineRepo } from './deadlines';
import { caseEventRepo, caseRepo, mergeCasePerson, orderRepo, referralRepo, transferRepo } from './cases';
import { interferenceRepo } from './interference';
import { disputeRepo, reassignDisputePerson } from './disputes';
import { reassignSupervisionPerson, supervisionRepo } from './supervision';
import { findingRepo, reassignFindingPerson } from './accountability';
import { meetingItemRepo, meetingRepo } from './meetings';
import { approvalRepo } from './approvals';
import { infoRequestRepo, statisticsRepo } from './sharing';
import { assistanceRepo, jointActionRepo } from './joint';
import { assessmentRepo } from './assessments';
import { guidingCaseRepo } from './guiding-cases';
import { infoReportRepo } from './info-reports';
import { apiTokenRepo, reminderSettingsRepo } from './reminder-settings';
import { mergeDutyRecords } from './duty-merge';

/** The next number of a series in a year; the row lock serialises concurrent turns. */
export async function nextNumber(db: Db, series: Series, year: number): Promise<number> {
  const [counter] = await db
    .insert(recordCounters)
    .values({ series, year, last: 1 })
    .onConflictDoUpdate({ target: [recordCounters.series, recordCounters.year], set: { last: sql`${recordCounters.last} + 1` } })
    .returning({ last: recordCounters.last });
  return counter!.last;
}

export function unitOfWork(db: Db): UnitOfWork {
  return { run: (fn) => db.transaction((tx) => fn(storeOf(tx as unknown as Db))) };
}

type ComplaintRow = typeof complaints.$inferSelect;

function toComplaint(r: ComplaintRow): Complaint {
  const common = {
    id: r.id,
    trackingNo: r.trackingNo,
    complainantPersonId: r.complainantPersonId,
    what: r.what,
    where: r.whereText,
    when: r.whenText,
    accusedOrgId: r.accusedOrgId,
    accusedText: r.accusedText,
    contact: r.contactPhone ? { name: r.contactName, phone: r.contactPhone } : null,
    handlingOrgId: r.handlingOrgId,
    routedBy: r.routedBy as Complaint['routedBy'],
    forwardedFromOrgId: r.forwardedFromOrgId,
    assistingOrgId: r.assistingOrgId,
    registeredAt: r.registeredAt,
    acceptDue: { due: r.acceptDue, provisional: r.acceptDueProvisional },
  };
  switch (r.status) {
    case 'registered':
      return { ...common, status: 'registered' };
    case 'accepted':
      return { ...common, status: 'accepted', handlerPersonId: r.handlerPersonId!, acceptedAt: r.acceptedAt! };
    case 'resolved':
      return {
        ...common, status: 'resolved', handlerPersonId: r.handlerPersonId!, acceptedAt: r.acceptedAt!,
        result: r.result!, resolvedAt: r.resolvedAt!,
      };
  }
}

/** Columns a transition may change. */
function mutableColumns(c: Complaint) {
  return {
    status: c.status,
    handlingOrgId: c.handlingOrgId,
    forwardedFromOrgId: c.forwardedFromOrgId,
    assistingOrgId: c.assistingOrgId,
    acceptDue: c.acceptDue.due,
    acceptDueProvisional: c.acceptDue.provisional,
    handlerPersonId: c.status === 'registered' ? null : c.handlerPersonId,
    acceptedAt: c.status === 'registered' ? null : c.acceptedAt,
    result: c.status === 'resolved' ? c.result : null,
    resolvedAt: c.status === 'resolved' ? c.resolvedAt : null,
  };
}

/** Rows for a polled platform: addressed to an account on it, or to no account in particular. */
const polledBy = (platform: string) =>
  sql`(${outbox.accountId} IS NULL OR EXISTS (SELECT 1 FROM ${accounts} a WHERE a.id = ${outbox.accountId} AND a.platform = ${platform}))`;

export function storeOf(db: Db): Store {
  return {
    people: {
      async resolveAccount(platform, externalId, displayName) {
        const found = await db
          .select({ accountId: accounts.id, personId: accounts.personId })
          .from(accounts)
          .where(and(eq(accounts.platform, platform), eq(accounts.externalId, externalId)));
        if (found[0]) return found[0];
        const [person] = await db.insert(people).values({ displayName: displayName ?? null }).returning({ id: people.id });
        const inserted = await db
          .insert(accounts)
          .values({ personId: person!.id, platform, externalId })
          .onConflictDoNothing()
          .returning({ accountId: accounts.id, personId: accounts.personId });
        if (inserted[0]) return inserted[0];
        // Another turn created the account first: use theirs, drop the person we made.
        await db.delete(people).where(eq(people.id, person!.id));
        const [again] = await db
          .select({ accountId: accounts.id, personId: accounts.personId })
          .from(accounts)
          .where(and(eq(accounts.platform, platform), eq(accounts.externalId, externalId)));
        return again!;
      },
      async grantsOf(personId) {
        const rows = await db.select({ orgId: roleGrants.orgId, role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.personId, personId));
        return rows.map((r) => ({ orgId: r.orgId, role: r.role as StaffRole }));
      },
      async grant(personId, orgId, role) {
        await db.insert(roleGrants).values({ personId, orgId, role }).onConflictDoNothing();
      },
      async staffOf(orgId, roles) {
        const rows = await db
          .selectDistinct({ personId: roleGrants.personId })
          .from(roleGrants)
          .where(and(eq(roleGrants.orgId, orgId), inArray(roleGrants.role, [...roles])))
          .orderBy(asc(roleGrants.personId));
        return rows.map((r) => r.personId);
      },
      async displayName(personId) {
        const [r] = await db.select({ n: people.displayName }).from(people).where(eq(people.id, personId));
        return r?.n ?? null;
      },
      async accountsOf(personId) {
        const rows = await db
          .select({ accountId: accounts.id, personId: accounts.personId, platform: accounts.platform, externalId: accounts.externalId, createdAt: accounts.createdAt })
          .from(accounts)
          .where(eq(accounts.personId, personId))
          .orderBy(asc(accounts.id));
        return rows;
      },
      async notifyPlatform(personId) {
        const [r] = await db.select({ p: people.notifyPlatform }).from(people).where(eq(people.id, personId));
        return r?.p ?? null;
      },
      async setNotifyPlatform(personId, platform) {
        await db.update(people).set({ notifyPlatform: platform }).where(eq(people.id, personId));
      },
      async merge(from, into) {
        if (from === into) return;
        await db.update(accounts).set({ personId: into }).where(eq(accounts.personId, from));
        await db.execute(sql`INSERT INTO role_grants (person_id, org_id, role, granted_at)
          SELECT ${into}, org_id, role, granted_at FROM role_grants WHERE person_id = ${from} ON CONFLICT DO NOTHING`);
        await db.delete(roleGrants).where(eq(roleGrants.personId, from));
        await db.update(complaints).set({ complainantPersonId: into }).where(eq(complaints.complainantPersonId, from));
        await db.update(complaints).set({ handlerPersonId: into }).where(eq(complaints.handlerPersonId, from));
        await db.update(complaintEvents).set({ actorPersonId: into }).where(eq(complaintEvents.actorPersonId, from));
        await db.update(outbox).set({ personId: into }).where(eq(outbox.personId, from));
        await db.update(invites).set({ usedBy: into }).where(eq(invites.usedBy, from));
        await db.update(linkCodes).set({ personId: into }).where(eq(linkCodes.personId, from));
        await mergeCasePerson(db, from, into);
        // 干预记录 are append-only and name their recorder: a person who recorded one stays (without accounts or roles).
        await reassignDisputePerson(db, from, into);
        await reassignSupervisionPerson(db, from, into);
        await reassignFindingPerson(db, from, into);
        await mergeDutyRecords(db, from, into);
        await db.delete(people).where(and(eq(people.id, from), sql`NOT EXISTS (SELECT 1 FROM ${interferenceRecords} WHERE ${interferenceRecords.recorderPersonId} = ${from})`));
      },
    },

    linkCodes: {
      async create(codeHash, personId, expiresAt) {
        await db.insert(linkCodes).values({ codeHash, personId, expiresAt });
      },
      async redeem(codeHash, redeemer, now) {
        const live = and(eq(linkCodes.codeHash, codeHash), isNull(linkCodes.usedAt), sql`${linkCodes.expiresAt} > ${now}`);
        const rows = await db
          .update(linkCodes)
          .set({ usedAt: now })
          .where(and(live, sql`${linkCodes.personId} <> ${redeemer}`))
          .returning({ personId: linkCodes.personId });
        if (rows[0]) return rows[0].personId;
        const own = await db.select({ p: linkCodes.personId }).from(linkCodes).where(and(live, eq(linkCodes.personId, redeemer)));
        return own.length ? 'own' : null;
      },
    },

    invites: {
      async create(codeHash, orgId, role, expiresAt) {
        await db.insert(invites).values({ codeHash, orgId, role, expiresAt });
      },
      async redeem(codeHash, personId, now) {
        const rows = await db
          .update(invites)
          .set({ usedAt: now, usedBy: personId })
          .where(and(eq(invites.codeHash, codeHash), isNull(invites.usedAt), sql`${invites.expiresAt} > ${now}`))
          .returning({ orgId: invites.orgId, role: invites.role });
        return rows[0] ? { orgId: rows[0].orgId, role: rows[0].role as StaffRole } : null;
      },
    },

    conversations: {
      async lock(accountId, chatId) {
        await db.insert(conversations).values({ accountId, chatId, state: null }).onConflictDoNothing();
        const [row] = await db
          .select({ state: conversations.state })
          .from(conversations)
          .where(and(eq(conversations.accountId, accountId), eq(conversations.chatId, chatId)))
          .for('update');
        return (row?.state as ConversationState | null) ?? null;
      },
      async save(accountId, chatId, state) {
        await db
          .update(conversations)
          .set({ state, updatedAt: new Date() })
          .where(and(eq(conversations.accountId, accountId), eq(conversations.chatId, chatId)));
      },
    },

    deliveries: {
      async claim(accountId, messageId) {
        const rows = await db.insert(deliveries).values({ accountId, messageId }).onConflictDoNothing().returning({ id: deliveries.messageId });
        return rows.length === 1;
      },
      async repliesOf(accountId, messageId) {
        const [r] = await db
          .select({ replies: deliveries.replies })
          .from(deliveries)
          .where(and(eq(deliveries.accountId, accountId), eq(deliveries.messageId, messageId)));
        return (r?.replies as Reply[] | null) ?? null;
      },
      async storeReplies(accountId, messageId, replies) {
        await db.update(deliveries).set({ replies }).where(and(eq(deliveries.accountId, accountId), eq(deliveries.messageId, messageId)));
      },
    },

    cases: caseRepo(db),
    transfers: transferRepo(db),
    orders: orderRepo(db),
    referrals: referralRepo(db),
    caseEvents: caseEventRepo(db),
    meetings: meetingRepo(db),
    meetingItems: meetingItemRepo(db),
    approvals: approvalRepo(db),
    infoRequests: infoRequestRepo(db),
    statistics: statisticsRepo(db),
    jointActions: jointActionRepo(db),
    assistance: assistanceRepo(db),

    numbers: {
      async next(series, year) {
        return formatRecordNo(series, year, await nextNumber(db, series, year));
      },
    },

    complaints: {
      async register(c, year) {
        const seq = await nextNumber(db, SERIES.complaint, year);
        const [row] = await db
          .insert(complaints)
          .values({
            trackingNo: formatTrackingNo(year, seq),
            complainantPersonId: c.complainantPersonId,
            status: 'registered',
            what: c.what,
            whereText: c.where,
            whenText: c.when,
            accusedOrgId: c.accusedOrgId,
            accusedText: c.accusedText,
            contactName: c.contact?.name ?? null,
            contactPhone: c.contact?.phone ?? null,
            handlingOrgId: c.handlingOrgId,
            routedBy: c.routedBy,
            registeredAt: c.registeredAt,
            acceptDue: c.acceptDue.due,
            acceptDueProvisional: c.acceptDue.provisional,
          })
          .returning();
        return toComplaint(row!);
      },
      async byTrackingNo(trackingNo) {
        const [row] = await db.select().from(complaints).where(eq(complaints.trackingNo, trackingNo));
        return row ? toComplaint(row) : null;
      },
      async update(before, after) {
        const rows = await db
          .update(complaints)
          .set(mutableColumns(after))
          .where(and(eq(complaints.id, before.id), eq(complaints.status, before.status), eq(complaints.handlingOrgId, before.handlingOrgId)))
          .returning({ id: complaints.id });
        return rows.length === 1;
      },
      async addEvent(complaintId, e, at) {
        await db.insert(complaintEvents).values({
          complaintId, at, kind: e.kind, actorPersonId: e.actorPersonId, orgId: e.orgId, toOrgId: e.toOrgId ?? null, note: e.note ?? null,
        });
      },
      async listForOrg(orgId, statuses, limit) {
        const rows = await db
          .select()
          .from(complaints)
          .where(and(eq(complaints.handlingOrgId, orgId), inArray(complaints.status, [...statuses])))
          .orderBy(asc(complaints.acceptDue), asc(complaints.id))
          .limit(limit);
        return rows.map(toComplaint);
      },
      async listByComplainant(personId, limit) {
        const rows = await db
          .select()
          .from(complaints)
          .where(eq(complaints.complainantPersonId, personId))
          .orderBy(desc(complaints.id))
          .limit(limit);
        return rows.map(toComplaint);
      },
    },

    outbox: {
      async enqueue(personId, accountId, reply) {
        await db.insert(outbox).values({ personId, accountId, text: reply.text, options: reply.options ?? null });
      },
      async pending(personId, platform, limit) {
        const rows = await db
          .select({ id: outbox.id, text: outbox.text, options: outbox.options })
          .from(outbox)
          .where(and(eq(outbox.personId, personId), isNull(outbox.deliveredAt), polledBy(platform)))
          .orderBy(asc(outbox.id))
          .limit(limit);
        return rows.map((r) => ({ id: r.id, reply: r.options?.length ? { text: r.text, options: r.options } : { text: r.text } }));
      },
      async ack(personId, platform, upToId) {
        await db
          .update(outbox)
          .set({ deliveredAt: new Date(), channel: platform })
          .where(and(eq(outbox.personId, personId), isNull(outbox.deliveredAt), lte(outbox.id, upToId), polledBy(platform)));
      },
    },

    deadlines: deadlineRepo(db),
    interference: interferenceRepo(db),
    disputes: disputeRepo(db),
    supervision: supervisionRepo(db),
    findings: findingRepo(db),
    assessments: assessmentRepo(db),
    guidingCases: guidingCaseRepo(db),
    infoReports: infoReportRepo(db),
    reminderSettings: reminderSettingsRepo(db),
    apiTokens: apiTokenRepo(db),

    directory: {
      async all() {
        const rows = await db.select().from(organisations).orderBy(asc(organisations.id));
        return rows as Organisation[];
      },
    },
  };
}
