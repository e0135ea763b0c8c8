/**
 * One mechanism's storage, declared in its own folder (db/<mechanism>/repo.ts) next to its
 * tables (db/<mechanism>/schema.ts) and listed once in db/mechanisms.ts: its repositories
 * (the ports it declares in domain/), what the write-behind needs to know of them, and its
 * part in a person merge (关联).
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from './client';
import type { HeldTable, WriteBehind } from './write-behind';

/** What a mechanism's repositories are built over: one connection, or one unit of work's transaction. */
export interface StorageContext {
  db: Db;
  /** The unit of work's held-back writes (db/write-behind.ts); none outside one: every call runs at once. */
  writes?: WriteBehind;
  /** Drops what the store remembers about people (roles, staff, accounts): called by a repository that changes them. */
  forget: () => void;
}

/**
 * What each method reads or writes among the tables that can have held-back writes: held
 * writes are flushed before a method that touches one of their tables; [] = none of them.
 * A method not listed flushes whatever is held (the safe default).
 */
export type Touches<P> = { [R in keyof P]?: { [M in keyof P[R]]?: readonly HeldTable[] } };
/** The methods whose writes are held back (they never flush). */
export type Held<P> = { [R in keyof P]?: readonly (keyof P[R])[] };

export interface Mechanism<P extends object> {
  name: string;
  /** Its tables (the module db/<mechanism>/schema.ts): db/schema.ts must re-export each (db/mechanisms.test.ts). */
  tables: Readonly<Record<string, unknown>>;
  /** Its repositories, named as in the Store (domain/ports.ts MechanismPorts). */
  ports(ctx: StorageContext): P;
  touches?: Touches<NoInfer<P>>;
  held?: Held<NoInfer<P>>;
  /** A person merged into another (关联): what `from` did, holds or is named in becomes `into`'s. */
  mergePerson?(db: Db, from: number, into: number): Promise<void>;
  /** True (as SQL) when rows of this mechanism must keep the merged person `from` (without accounts or roles). */
  keepsPerson?(from: number): SQL;
}

/** Declares a mechanism's storage; the ports' type is inferred from `ports`. */
export const mechanism = <P extends object>(m: Mechanism<P>): Mechanism<P> => m;
