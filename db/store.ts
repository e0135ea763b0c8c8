/**
 * The domain ports over drizzle: one Store per transaction (one conversation turn) — the
 * shared core's repositories, here, and every mechanism's (db/mechanisms.ts), each in its
 * own folder (db/<mechanism>/).
 */
import { type SQL, type SQLWrapper, and, asc, eq, lte, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Organisation } from '../domain/organisation';
import type { AccountInfo, AccountRef, ConversationState, CorePorts, MechanismPorts, Reply, Store, UnitOfWork } from '../domain/ports';
import type { RoleGrant, StaffRole } from '../domain/roles';
import type { Db } from './client';
import { accounts, conversations, deliveries, organisations, outbox, people, roleGrants } from './core-schema';
import { deadlineRepo } from './deadlines';
import type { Held, Touches } from './mechanism';
import { MECHANISMS, mechanismPorts } from './mechanisms';
import { numberingRepo } from './numbers';
import { type HeldTable, WriteBehind } from './write-behind';
import { lazyProps } from './lazy';

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
 * What each method of the core reads or writes among the tables that can have held-back
 * writes (write-behind.ts): held writes are flushed before a method that touches one of
 * their tables. [] = none of them. A method not listed here (people.merge, say) flushes
 * whatever is held; the held writes themselves are in HELD. Each mechanism declares its own
 * beside its repositories (Mechanism.touches, .held).
 */
const CORE_TOUCHES: Touches<CorePorts> = {
  people: { resolveAccount: [], grantsOf: [], grant: [], staffOf: [], staffOfEach: [], displayName: [], accountsOf: [], notifyPlatform: [], setNotifyPlatform: [] },
  directory: { all: [] },
  conversations: { begin: ['conversations', 'deliveries'], lock: ['conversations'] },
  deliveries: { claim: ['deliveries'], repliesOf: ['deliveries'], prune: ['deliveries'] },
  outbox: { pending: ['outbox'], ack: ['outbox'], prune: ['outbox'] },
  deadlines: {
    close: ['deadlines', 'deadline_reminders'], takeDue: ['deadlines', 'deadline_reminders'],
    openFor: ['deadlines'], missed: ['deadlines'], missedCounts: ['deadlines'],
  },
};
const CORE_HELD: Held<CorePorts> = {
  conversations: ['save'],
  deliveries: ['storeReplies'],
  outbox: ['enqueue'],
  deadlines: ['open', 'markSent', 'markMissed'],
};
const TOUCHES = Object.assign({}, CORE_TOUCHES, ...MECHANISMS.map((m) => m.touches ?? {})) as Touches<Store>;
const HELD = Object.assign({}, CORE_HELD, ...MECHANISMS.map((m) => m.held ?? {})) as Held<Store>;

/** One repository whose methods flush the held writes they could see first (built when the turn first uses it: db/lazy.ts). */
function flushingFirst(repo: keyof Store, methods: Record<string, (...a: unknown[]) => Promise<unknown>>, db: Db, writes: WriteBehind): unknown {
  const touches = (TOUCHES[repo] ?? {}) as Record<string, readonly HeldTable[] | undefined>;
  const held = (HELD[repo] ?? []) as readonly string[];
  const wrapped: Record<string, unknown> = {};
  for (const name in methods) {
    const fn = methods[name]!;
    const tables = touches[name];
    wrapped[name] = held.includes(name) || (tables && !tables.length)
      ? fn
      : async (...args: unknown[]) => {
        await writes.flushFor(db, tables);
        return fn(...args);
      };
  }
  return wrapped;
}

/** An outbox row held for the transaction's insert: the reply as it was when queued. */
interface HeldOutboxRow { personId: number; accountId: number | null; reply: Reply; text: string; options: string[] | null }

/**
 * Many outbox rows in one statement with one parameter (a sweep queues thousands): the
 * rows go in as JSON, in order, so the ids keep the order of the calls; a message sent
 * to several people travels once — the same Reply queued for each of them, told apart by
 * identity (a sweep's 22,500 rows: comparing their content cost more than sending it).
 */
function insertOutboxRows(rows: HeldOutboxRow[]): SQL {
  const messages: (string | string[])[][] = [];
  const index = new Map<Reply, { i: number; text: string; options: string[] | null }>();
  const r = rows.map((row) => {
    let m = index.get(row.reply);
    // As it was when queued: a caller may have changed the object since.
    if (!m || m.text !== row.text || m.options !== row.options) {
      index.set(row.reply, (m = { i: messages.push(row.options ? [row.text, row.options] : [row.text]) - 1, text: row.text, options: row.options }));
    }
    return [row.personId, row.accountId, m.i];
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

  const core: CorePorts = {
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
        await db.update(outbox).set({ personId: into }).where(eq(outbox.personId, from));
        // Each mechanism moves what the person did, holds or is named in (db/mechanisms.ts).
        for (const m of MECHANISMS) await m.mergePerson?.(db, from, into);
        const kept = MECHANISMS.flatMap((m) => (m.keepsPerson ? [m.keepsPerson(from)] : []));
        await db.delete(people).where(kept.length ? and(eq(people.id, from), sql`NOT (${or(...kept)})`) : eq(people.id, from));
      },
    },

    conversations: {
      async begin(m) {
        // One round trip, whatever exists yet (migration 0032: open_turn, a function so its plans are cached).
        const result = await db.execute(
          sql`SELECT * FROM open_turn(${m.platform}, ${m.externalId}, ${m.chatId}, ${m.messageId ?? null}::text, ${m.displayName ?? null}::text)`,
        );
        const [row] = (result as unknown as { rows: { account_id: number; person_id: number; grants: RoleGrant[] | null; claimed: boolean; replies: Reply[] | null; state: ConversationState | null }[] }).rows;
        const account = { accountId: row!.account_id, personId: row!.person_id };
        grantsMemo.set(account.personId, row!.grants ?? []);
        if (!row!.claimed) return { kind: 'duplicate', account, replies: row!.replies ?? [] };
        return { kind: 'new', account, state: row!.state };
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

    numbers: numberingRepo(db),

    outbox: {
      async enqueue(personId, accountId, reply) {
        const options = reply.options ?? null;
        if (!writes) return void (await db.insert(outbox).values({ personId, accountId, text: reply.text, options }));
        // One multi-row insert keeps the order of the calls in the ids, so each person's messages stay in order.
        writes.append<HeldOutboxRow>('outbox', 'outbox', { personId, accountId, reply, text: reply.text, options }, (rows) => [insertOutboxRows(rows)]);
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

    directory: {
      async all() {
        const rows = await db.select().from(organisations).orderBy(asc(organisations.id));
        return rows as Organisation[];
      },
    },
  };
  const mechanisms = mechanismPorts({ db, writes, forget });
  const store: Store = lazyProps<Store>([...Object.keys(core), ...mechanisms.names] as string[], (key) => {
    const repo = key in core ? core[key as keyof CorePorts] : mechanisms.get(key as keyof MechanismPorts);
    return writes ? flushingFirst(key as keyof Store, repo as never, db, writes) : repo;
  });
  return store;
}
