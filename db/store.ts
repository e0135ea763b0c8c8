/** The domain ports over drizzle: one Store per transaction (one conversation turn). */
import { type SQL, type SQLWrapper, and, asc, desc, eq, lte, inArray, isNull, sql } from 'drizzle-orm';
import type { Accused, Complaint } from '../domain/complaint';
import type { Organisation } from '../domain/organisation';
import type { Store, UnitOfWork, Reply, ConversationState } from '../domain/ports';
import type { StaffRole } from '../domain/roles';
import type { Db } from './client';
import {
  accounts, complaintEvents, complaints, conversations, deliveries, invites, linkCodes, organisations, outbox, people, roleGrants,
  recordCounters, interferenceRecords,
} from './schema';
import { NO_ACCUSED, accusedOrgId, formatTrackingNo } from '../domain/complaint';
import type { RoleGrant } from '../domain/roles';
import type { AccountInfo, AccountRef } from '../domain/ports';
import { deadlineRepo } from './deadlines';
import { type HeldTable, WriteBehind, chunks } from './write-behind';
import { SERIES, type Series, formatRecordNo } from '../domain/record-no';
import { caseEventRepo, caseRepo, mergeCasePerson, orderRepo, referralRepo, transferRepo } from './cases';
import { interferenceRepo } from './interference';
import { disputeRepo, reassignDisputePerson } from './disputes';
import { reassignSupervisionPerson, supervisionRepo } from './supervision';
import { findingRepo, reassignFindingPerson } from './accountability';
import { liaisonRosterRepo, meetingItemRepo, meetingRepo, reassignLiaisonPerson } from './meetings';
import { approvalRepo } from './approvals';
import { infoRequestRepo, statisticsRepo } from './sharing';
import { assistanceRepo, jointActionRepo } from './joint';
import { assessmentRepo } from './assessments';
import { guidingCaseRepo } from './guiding-cases';
import { infoReportRepo } from './info-reports';
import { onlineInspectionRepo, reassignOnlineInspectionPerson } from './online-inspections';
import { apiTokenRepo, reminderSettingsRepo } from './reminder-settings';
import { mergeDutyRecords } from './duty-merge';
import { calendarRepo, mergeCalendarPerson } from './calendar';
import { identityRepo } from './identity';
import { rateLimitRepo } from './rate-limits';
import { followUpRepo, reassignFollowUpPerson } from './followup/repo';

/** The next number of a series in a year; the row lock serialises concurrent turns. */
export async function nextNumber(db: Db, series: Series, year: number): Promise<number> {
  const [counter] = await db
    .insert(recordCounters)
    .values({ series, year, last: 1 })
    .onConflictDoUpdate({ target: [recordCounters.series, recordCounters.year], set: { last: sql`${recordCounters.last} + 1` } })
    .returning({ last: recordCounters.last });
  return counter!.last;
}

/**
 * One transaction per unit of work. Its store holds back blind writes (write-behind.ts)
 * and sends them before the next statement that could see them, or before COMMIT.
 */
export function unitOfWork(db: Db): UnitOfWork {
  return {
    run: (fn) =>
      db.transaction(async (tx) => {
        const writes = new WriteBehind();
        const store = storeOf(tx as unknown as Db, writes);
        const result = await fn(store);
        await writes.flush(tx as unknown as Db);
        return result;
      }),
  };
}

/**
 * What each method reads or writes among the tables that can have held-back writes
 * (write-behind.ts): held writes are flushed before a method that touches one of their
 * tables. [] = none of them. A method not listed here (people.merge, say) flushes
 * whatever is held; the held writes themselves are in HELD.
 */
const TOUCHES: { [R in keyof Store]?: { [M in keyof Store[R]]?: readonly HeldTable[] } } = {
  people: { resolveAccount: [], grantsOf: [], grant: [], staffOf: [], staffOfEach: [], displayName: [], accountsOf: [], notifyPlatform: [], setNotifyPlatform: [] },
  linkCodes: { create: [], redeem: [] },
  invites: { create: [], redeem: [] },
  identity: { openLink: [], openLinksOf: [], renewCode: [], linkByCode: [], closeLinks: [], detach: [], holders: [], revoke: [] },
  rateLimits: { take: [], wait: [], prune: [] },
  complaints: { register: [], byTrackingNo: [], update: [], listForOrg: [], listByComplainant: [], awaitingAssist: [] },
  directory: { all: [] },
  conversations: { begin: ['conversations', 'deliveries'], lock: ['conversations'] },
  deliveries: { claim: ['deliveries'], repliesOf: ['deliveries'], prune: ['deliveries'] },
  outbox: { pending: ['outbox'], ack: ['outbox'], prune: ['outbox'] },
  deadlines: {
    open: ['deadlines', 'deadline_reminders'], close: ['deadlines', 'deadline_reminders'], takeDue: ['deadlines', 'deadline_reminders'],
    openFor: ['deadlines'], missed: ['deadlines'], missedCounts: ['deadlines'],
  },
};
const HELD: { [R in keyof Store]?: readonly (keyof Store[R])[] } = {
  conversations: ['save'],
  deliveries: ['storeReplies'],
  outbox: ['enqueue'],
  complaints: ['addEvent'],
  deadlines: ['markSent', 'markMissed'],
};

function flushingFirst(store: Store, db: Db, writes: WriteBehind): Store {
  const wrapped = {} as Record<string, Record<string, unknown>>;
  for (const [repo, methods] of Object.entries(store) as [keyof Store, Record<string, (...a: unknown[]) => Promise<unknown>>][]) {
    const touches = (TOUCHES[repo] ?? {}) as Record<string, readonly HeldTable[] | undefined>;
    const held = new Set<string>((HELD[repo] ?? []) as string[]);
    wrapped[repo] = Object.fromEntries(
      Object.entries(methods).map(([name, fn]) => {
        const tables = touches[name];
        if (held.has(name) || (tables && !tables.length)) return [name, fn];
        return [
          name,
          async (...args: unknown[]) => {
            await writes.flushFor(db, tables);
            return fn(...args);
          },
        ];
      }),
    );
  }
  return wrapped as unknown as Store;
}

type ComplaintRow = typeof complaints.$inferSelect;

function accusedOf(r: ComplaintRow): Accused {
  if (r.accusedOrgId != null) return { kind: 'body', orgId: r.accusedOrgId };
  return r.accusedUnresolved ? { kind: 'unresolved' } : NO_ACCUSED;
}

function toComplaint(r: ComplaintRow): Complaint {
  const common = {
    id: r.id,
    trackingNo: r.trackingNo,
    complainantPersonId: r.complainantPersonId,
    what: r.what,
    where: r.whereText,
    when: r.whenText,
    accused: accusedOf(r),
    accusedText: r.accusedText,
    contact: r.contactPhone ? { name: r.contactName, phone: r.contactPhone } : null,
    handlingOrgId: r.handlingOrgId,
    routedBy: r.routedBy as Complaint['routedBy'],
    forwardedFromOrgId: r.forwardedFromOrgId,
    assistingOrgId: r.assistingOrgId,
    assistRounds: r.assistRounds,
    assistAnswer: r.assistAnswer != null ? { text: r.assistAnswer, at: r.assistAnsweredAt!, personId: r.assistAnsweredBy! } : null,
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
    assistRounds: c.assistRounds,
    assistAnswer: c.assistAnswer?.text ?? null,
    assistAnsweredAt: c.assistAnswer?.at ?? null,
    assistAnsweredBy: c.assistAnswer?.personId ?? null,
    acceptDue: c.acceptDue.due,
    acceptDueProvisional: c.acceptDue.provisional,
    handlerPersonId: c.status === 'registered' ? null : c.handlerPersonId,
    acceptedAt: c.status === 'registered' ? null : c.acceptedAt,
    result: c.status === 'resolved' ? c.result : null,
    resolvedAt: c.status === 'resolved' ? c.resolvedAt : null,
  };
}

/**
 * Many outbox rows in one statement with one parameter (a sweep queues thousands): the
 * rows go in as JSON, in order, so the ids keep the order of the calls; a message sent
 * to several people travels once.
 */
function insertOutboxRows(rows: { personId: number; accountId: number | null; text: string; options: string[] | null }[]): SQL {
  const messages: (string | string[])[][] = [];
  const index = new Map<string, number>();
  const r = rows.map((row) => {
    const m = row.options ? [row.text, row.options] : [row.text];
    const key = JSON.stringify(m);
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = messages.push(m) - 1));
    return [row.personId, row.accountId, i];
  });
  return sql`INSERT INTO ${outbox} (person_id, account_id, text, options)
    SELECT (x.r->>0)::int, (x.r->>1)::int, j.v->'m'->((x.r->>2)::int)->>0, (j.v->'m'->((x.r->>2)::int)->1)
    FROM (SELECT ${JSON.stringify({ m: messages, r })}::jsonb AS v) j, jsonb_array_elements(j.v->'r') WITH ORDINALITY AS x(r, n)
    ORDER BY x.n`;
}

/** Runs a DELETE … RETURNING and counts its rows in the database, not in a result set. */
async function countDeleted(db: Db, deletion: SQL): Promise<number> {
  const r = await db.execute(sql`WITH gone AS (${deletion}) SELECT count(*)::int AS n FROM gone`);
  return Number((r as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

/** Rows for a polled platform: addressed to an account on it, or to no account in particular. */
const polledBy = (platform: string) =>
  sql`(${outbox.accountId} IS NULL OR EXISTS (SELECT 1 FROM ${accounts} a WHERE a.id = ${outbox.accountId} AND a.platform = ${platform}))`;

/**
 * The ports over one connection or transaction. With `writes`, blind writes are held back
 * (see unitOfWork); without, every call runs at once. Within the store, what was read
 * about people (grants, staff of an organisation, accounts and notification preference)
 * is remembered until the store itself writes to people, so a turn or a sweep batch that
 * notifies the same staff many times asks once.
 */
export function storeOf(db: Db, writes?: WriteBehind): Store {
  const grantsMemo = new Map<number, RoleGrant[]>();
  const staffMemo = new Map<string, number[]>();
  const accountsMemo = new Map<number, AccountInfo[]>();
  const preferenceMemo = new Map<number, string | null>();
  const forget = () => {
    grantsMemo.clear();
    staffMemo.clear();
    accountsMemo.clear();
    preferenceMemo.clear();
  };
  const hold = (table: HeldTable, key: string, build: () => SQLWrapper) =>
    writes ? (writes.put(table, key, build), Promise.resolve()) : db.execute(build().getSQL()).then(() => {});

  async function staffOfEach(orgIds: readonly number[], roles: readonly StaffRole[]): Promise<Map<number, number[]>> {
    const roleKey = [...new Set(roles)].sort().join(',');
    const result = new Map<number, number[]>();
    const missing = [...new Set(orgIds)].filter((id) => {
      const known = staffMemo.get(`${id}:${roleKey}`);
      if (known) result.set(id, [...known]);
      return !known;
    });
    if (!missing.length) return result;
    // Whoever asks for an organisation's staff is about to notify them (their accounts and
    // preference) and often to render for each of them (their roles): all in this round trip.
    const staff = db
      .selectDistinct({ orgId: roleGrants.orgId, personId: roleGrants.personId })
      .from(roleGrants)
      .where(and(inArray(roleGrants.orgId, missing), inArray(roleGrants.role, [...roles])))
      .as('staff');
    const rows = await db
      .select({
        orgId: staff.orgId,
        personId: staff.personId,
        preferred: people.notifyPlatform,
        grants: sql<RoleGrant[] | null>`(SELECT json_agg(json_build_object('orgId', g.org_id, 'role', g.role)) FROM ${roleGrants} g WHERE g.person_id = ${staff.personId})`,
        accounts: sql<{ accountId: number; platform: string; externalId: string; createdAt: string }[] | null>`(SELECT json_agg(json_build_object(
          'accountId', a.id, 'platform', a.platform, 'externalId', a.external_id, 'createdAt', a.created_at) ORDER BY a.id)
          FROM ${accounts} a WHERE a.person_id = ${staff.personId})`,
      })
      .from(staff)
      .innerJoin(people, eq(people.id, staff.personId))
      .orderBy(asc(staff.orgId), asc(staff.personId));
    for (const id of missing) result.set(id, []);
    for (const r of rows) {
      result.get(r.orgId)!.push(r.personId);
      grantsMemo.set(r.personId, r.grants ?? []);
      preferenceMemo.set(r.personId, r.preferred);
      accountsMemo.set(r.personId, (r.accounts ?? []).map((a) => ({ ...a, personId: r.personId, createdAt: new Date(a.createdAt) })));
    }
    for (const id of missing) staffMemo.set(`${id}:${roleKey}`, [...result.get(id)!]);
    return result;
  }

  /** A new person with this account; if another turn made the account meanwhile, theirs. */
  async function createAccount(platform: string, externalId: string, displayName?: string): Promise<AccountRef> {
    forget();
    const [person] = await db.insert(people).values({ displayName: displayName ?? null }).returning({ id: people.id });
    const inserted = await db
      .insert(accounts)
      .values({ personId: person!.id, platform, externalId })
      .onConflictDoNothing()
      .returning({ accountId: accounts.id, personId: accounts.personId });
    if (inserted[0]) {
      grantsMemo.set(person!.id, []); // a person made just now holds no roles yet
      return inserted[0];
    }
    // Another turn created the account first: use theirs, drop the person we made.
    await db.delete(people).where(eq(people.id, person!.id));
    const [again] = await db
      .select({ accountId: accounts.id, personId: accounts.personId })
      .from(accounts)
      .where(and(eq(accounts.platform, platform), eq(accounts.externalId, externalId)));
    return again!;
  }

  const store: Store = {
    people: {
      async resolveAccount(platform, externalId, displayName) {
        // The account and its person's roles in one round trip: every turn needs both.
        const found = await db
          .select({
            accountId: accounts.id,
            personId: accounts.personId,
            // Spelled out: drizzle leaves the column unqualified in a one-table select, and
            // inside the subquery a bare person_id would mean g.person_id.
            grants: sql<RoleGrant[] | null>`(SELECT json_agg(json_build_object('orgId', g.org_id, 'role', g.role)) FROM ${roleGrants} g WHERE g.person_id = "accounts"."person_id")`,
          })
          .from(accounts)
          .where(and(eq(accounts.platform, platform), eq(accounts.externalId, externalId)));
        if (found[0]) {
          const { accountId, personId, grants } = found[0];
          grantsMemo.set(personId, grants ?? []);
          return { accountId, personId };
        }
        return createAccount(platform, externalId, displayName);
      },
      async grantsOf(personId) {
        const known = grantsMemo.get(personId);
        if (known) return [...known];
        const rows = await db.select({ orgId: roleGrants.orgId, role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.personId, personId));
        const grants = rows.map((r) => ({ orgId: r.orgId, role: r.role as StaffRole }));
        grantsMemo.set(personId, grants);
        return [...grants];
      },
      async grant(personId, orgId, role) {
        forget();
        await db.insert(roleGrants).values({ personId, orgId, role }).onConflictDoNothing();
      },
      async staffOf(orgId, roles) {
        return (await staffOfEach([orgId], roles)).get(orgId)!;
      },
      staffOfEach: (orgIds, roles) => staffOfEach(orgIds, roles),
      async displayName(personId) {
        const [r] = await db.select({ n: people.displayName }).from(people).where(eq(people.id, personId));
        return r?.n ?? null;
      },
      async accountsOf(personId) {
        const known = accountsMemo.get(personId);
        if (known) return known.map((a) => ({ ...a }));
        // With the person's notification preference: whoever asks for one is about to need the other.
        const rows = await db
          .select({
            accountId: accounts.id, personId: accounts.personId, platform: accounts.platform, externalId: accounts.externalId,
            createdAt: accounts.createdAt, preferred: people.notifyPlatform,
          })
          .from(people)
          .leftJoin(accounts, eq(accounts.personId, people.id))
          .where(eq(people.id, personId))
          .orderBy(asc(accounts.id));
        if (rows[0]) preferenceMemo.set(personId, rows[0].preferred);
        const list = rows.flatMap((r) =>
          r.accountId == null ? [] : [{ accountId: r.accountId, personId: r.personId!, platform: r.platform!, externalId: r.externalId!, createdAt: r.createdAt! }],
        );
        accountsMemo.set(personId, list);
        return list.map((a) => ({ ...a }));
      },
      async notifyPlatform(personId) {
        if (preferenceMemo.has(personId)) return preferenceMemo.get(personId)!;
        const [r] = await db.select({ p: people.notifyPlatform }).from(people).where(eq(people.id, personId));
        return r?.p ?? null;
      },
      async setNotifyPlatform(personId, platform) {
        forget();
        await db.update(people).set({ notifyPlatform: platform }).where(eq(people.id, personId));
      },
      async merge(from, into) {
        if (from === into) return;
        forget();
        await db.update(accounts).set({ personId: into }).where(eq(accounts.personId, from));
        await db.execute(sql`INSERT INTO role_grants (person_id, org_id, role, granted_at)
          SELECT ${into}, org_id, role, granted_at FROM role_grants WHERE person_id = ${from} ON CONFLICT DO NOTHING`);
        await db.delete(roleGrants).where(eq(roleGrants.personId, from));
        await db.update(complaints).set({ complainantPersonId: into }).where(eq(complaints.complainantPersonId, from));
        await db.update(complaints).set({ handlerPersonId: into }).where(eq(complaints.handlerPersonId, from));
        await db.update(complaints).set({ assistAnsweredBy: into }).where(eq(complaints.assistAnsweredBy, from));
        await db.update(complaintEvents).set({ actorPersonId: into }).where(eq(complaintEvents.actorPersonId, from));
        await db.update(outbox).set({ personId: into }).where(eq(outbox.personId, from));
        await db.update(invites).set({ usedBy: into }).where(eq(invites.usedBy, from));
        await db.update(linkCodes).set({ personId: into }).where(eq(linkCodes.personId, from));
        await mergeCasePerson(db, from, into);
        // 干预记录 are append-only and name their recorder: a person who recorded one stays (without accounts or roles).
        await reassignDisputePerson(db, from, into);
        await reassignSupervisionPerson(db, from, into);
        await reassignFindingPerson(db, from, into);
        await reassignOnlineInspectionPerson(db, from, into);
        await reassignLiaisonPerson(db, from, into);
        await mergeDutyRecords(db, from, into);
        await mergeCalendarPerson(db, from, into);
        await reassignFollowUpPerson(db, from, into);
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
      async begin(m) {
        // The usual case in one round trip (migration 0011: begin_turn, a function so its plan is cached).
        const result = await db.execute(sql`SELECT * FROM begin_turn(${m.platform}, ${m.externalId}, ${m.chatId}, ${m.messageId ?? null}::text)`);
        const [row] = (result as unknown as { rows: { account_id: number; person_id: number; grants: RoleGrant[] | null; claimed: boolean; conversation: { state: ConversationState | null } | null }[] }).rows;
        if (!row) {
          // A person's first message (begin_turn found no account): made now, then as before.
          const account = await createAccount(m.platform, m.externalId, m.displayName);
          if (m.messageId && !(await store.deliveries.claim(account.accountId, m.messageId))) {
            return { kind: 'duplicate', account, replies: (await store.deliveries.repliesOf(account.accountId, m.messageId)) ?? [] };
          }
          return { kind: 'new', account, state: await store.conversations.lock(account.accountId, m.chatId) };
        }
        const account = { accountId: row.account_id, personId: row.person_id };
        grantsMemo.set(account.personId, row.grants ?? []);
        if (m.messageId && !row.claimed) {
          return { kind: 'duplicate', account, replies: (await store.deliveries.repliesOf(account.accountId, m.messageId)) ?? [] };
        }
        // The conversation row is made on the first message in a chat.
        return { kind: 'new', account, state: row.conversation ? row.conversation.state : await store.conversations.lock(account.accountId, m.chatId) };
      },
      async lock(accountId, chatId) {
        // Usually the row exists: one round trip. Otherwise create it; a concurrent creator
        // makes our insert wait for its commit and do nothing, and the select then locks theirs.
        const mine = and(eq(conversations.accountId, accountId), eq(conversations.chatId, chatId));
        const [row] = await db.select({ state: conversations.state }).from(conversations).where(mine).for('update');
        if (row) return (row.state as ConversationState | null) ?? null;
        const inserted = await db.insert(conversations).values({ accountId, chatId, state: null }).onConflictDoNothing().returning({ state: conversations.state });
        if (inserted[0]) return null;
        const [again] = await db.select({ state: conversations.state }).from(conversations).where(mine).for('update');
        return (again?.state as ConversationState | null) ?? null;
      },
      save(accountId, chatId, state) {
        const updatedAt = new Date();
        return hold('conversations', `conversation:${accountId}:${chatId}`, () =>
          db.update(conversations).set({ state, updatedAt }).where(and(eq(conversations.accountId, accountId), eq(conversations.chatId, chatId))),
        );
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
      prune: (before) => countDeleted(db, sql`DELETE FROM ${deliveries} WHERE received_at < ${before.toISOString()}::timestamptz RETURNING 1`),
      storeReplies(accountId, messageId, replies) {
        return hold('deliveries', `delivery:${accountId}:${messageId}`, () =>
          db.update(deliveries).set({ replies }).where(and(eq(deliveries.accountId, accountId), eq(deliveries.messageId, messageId))),
        );
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
            accusedOrgId: accusedOrgId(c.accused),
            accusedUnresolved: c.accused.kind === 'unresolved',
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
          .where(and(
            eq(complaints.id, before.id), eq(complaints.status, before.status), eq(complaints.handlingOrgId, before.handlingOrgId),
            // A 协助调查 request or answer made meanwhile changes the complaint too.
            eq(complaints.assistRounds, before.assistRounds), before.assistAnswer ? sql`${complaints.assistAnswer} IS NOT NULL` : isNull(complaints.assistAnswer),
          ))
          .returning({ id: complaints.id });
        return rows.length === 1;
      },
      async addEvent(complaintId, e, at) {
        const row = { complaintId, at, kind: e.kind, actorPersonId: e.actorPersonId, orgId: e.orgId, toOrgId: e.toOrgId ?? null, note: e.note ?? null };
        if (!writes) return void (await db.insert(complaintEvents).values(row));
        writes.append('complaint_events', 'complaint_events', row, (rows) => chunks(rows, 500).map((c) => db.insert(complaintEvents).values(c)));
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
      async awaitingAssist(orgId, limit) {
        const rows = await db
          .select()
          .from(complaints)
          .where(and(eq(complaints.assistingOrgId, orgId), isNull(complaints.assistAnswer), eq(complaints.status, 'accepted')))
          .orderBy(asc(complaints.id))
          .limit(limit);
        return rows.map(toComplaint);
      },
    },

    outbox: {
      async enqueue(personId, accountId, reply) {
        const row = { personId, accountId, text: reply.text, options: reply.options ?? null };
        if (!writes) return void (await db.insert(outbox).values(row));
        // One multi-row insert keeps the order of the calls in the ids, so each person's messages stay in order.
        writes.append('outbox', 'outbox', row, (rows) => [insertOutboxRows(rows)]);
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
      prune: (before) => {
        const at = before.toISOString();
        return countDeleted(db, sql`DELETE FROM ${outbox} WHERE delivered_at < ${at}::timestamptz OR failed_at < ${at}::timestamptz RETURNING 1`);
      },
      async ack(personId, platform, upToId) {
        await db
          .update(outbox)
          .set({ deliveredAt: new Date(), channel: platform })
          .where(and(eq(outbox.personId, personId), isNull(outbox.deliveredAt), lte(outbox.id, upToId), polledBy(platform)));
      },
    },

    deadlines: deadlineRepo(db, writes),
    interference: interferenceRepo(db),
    disputes: disputeRepo(db),
    supervision: supervisionRepo(db),
    findings: findingRepo(db),
    assessments: assessmentRepo(db),
    guidingCases: guidingCaseRepo(db),
    infoReports: infoReportRepo(db),
    onlineInspections: onlineInspectionRepo(db),
    liaisons: liaisonRosterRepo(db),
    reminderSettings: reminderSettingsRepo(db),
    apiTokens: apiTokenRepo(db),
    calendar: calendarRepo(db),
    identity: identityRepo(db, forget),
    rateLimits: rateLimitRepo(db),
    followups: followUpRepo(db), // 回访与评价, 申请重办

    directory: {
      async all() {
        const rows = await db.select().from(organisations).orderBy(asc(organisations.id));
        return rows as Organisation[];
      },
    },
  };
  return writes ? flushingFirst(store, db, writes) : store;
}
