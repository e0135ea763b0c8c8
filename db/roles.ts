/**
 * Two PostgreSQL roles (M12 tamper evidence): the tables' owner runs the migrations and
 * grants; the application runs as a role that owns nothing. A table's owner can disable
 * its triggers (ALTER TABLE … DISABLE TRIGGER) and so rewrite 干预记录 around the
 * append-only guard; a role that is not the owner, not a member of it and not a superuser
 * cannot, and on the two M12 tables it is granted SELECT and INSERT only.
 */
/** What both a pg Client and a Pool offer. */
interface Queryable {
  query<R extends object>(text: string): Promise<{ rows: R[] }>;
}

/** A quoted identifier (as pg's escapeIdentifier; pg itself is loaded only for PostgreSQL). */
const identifier = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Append-only tables: the application may read and add, nothing else. */
export const APPEND_ONLY = ['interference_records', 'interference_anchors'] as const;

/**
 * What the application role is granted, run by the owner after each migration (so tables
 * added since are covered): data privileges on every table and sequence of the schema,
 * then SELECT and INSERT only on the append-only tables.
 */
export function grantStatements(appRole: string): string[] {
  const role = identifier(appRole);
  const appendOnly = APPEND_ONLY.join(', ');
  return [
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `REVOKE ALL ON ${appendOnly} FROM ${role}`,
    `GRANT SELECT, INSERT ON ${appendOnly} TO ${role}`,
  ];
}

/** Grants the role `app` connects as its privileges, on `owner`'s connection (nothing when they are one role). */
export async function grantAppRole(owner: Queryable, app: Queryable): Promise<void> {
  const roleOf = async (c: Queryable) => (await c.query<{ role: string }>('SELECT current_user AS role')).rows[0]!.role;
  const appRole = await roleOf(app);
  if (appRole === (await roleOf(owner))) return;
  for (const q of grantStatements(appRole)) await owner.query(q);
}

/**
 * How well the connected role is kept from rewriting 干预记录: `guarded` when it can neither
 * alter the table (owner, member of the owner, superuser) nor write it other than by INSERT.
 */
export type InterferenceGuard = 'guarded' | 'embedded' | 'superuser' | 'owner' | 'privileged';

export const GUARD_QUERY = `
  SELECT r.rolsuper AS superuser,
         bool_or(pg_has_role(current_user, c.relowner, 'USAGE')) AS owner,
         bool_or(has_table_privilege(current_user, c.oid, 'UPDATE, DELETE, TRUNCATE, TRIGGER')) AS privileged
  FROM pg_roles r, pg_class c
  WHERE r.rolname = current_user AND c.oid IN (${APPEND_ONLY.map((t) => `'public.${t}'::regclass`).join(', ')})
  GROUP BY r.rolsuper`;

export function guardOf(row: { superuser: boolean; owner: boolean; privileged: boolean }): InterferenceGuard {
  if (row.superuser) return 'superuser';
  if (row.owner) return 'owner';
  return row.privileged ? 'privileged' : 'guarded';
}

/** The start-up log line when the application role is not kept from rewriting 干预记录. */
export const M12_UNGUARDED: Record<Exclude<InterferenceGuard, 'guarded'>, string> = {
  embedded: 'M12: the embedded database has no roles; interference records are as safe as the data directory',
  superuser: 'M12: the application connects as a superuser, who can disable the triggers on interference records: tamper evidence is only as strong as that role; set DATABASE_OWNER_URL and run the application as a role that owns nothing',
  owner: 'M12: the application connects as the owner of interference records, who can disable their triggers: tamper evidence is only as strong as the owner; set DATABASE_OWNER_URL and run the application as a role that owns nothing',
  privileged: 'M12: the application role may UPDATE, DELETE, TRUNCATE or add triggers on interference records; grant it SELECT and INSERT only (DATABASE_OWNER_URL does so at start)',
};
