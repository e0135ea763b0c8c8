/**
 * The registry of storage (db/mechanisms.ts) and the schema index (db/schema.ts) agree:
 * every table belongs to the shared core or to exactly one mechanism, declared in that
 * mechanism's folder, and the index re-exports it (drizzle-kit reads only the index).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { is } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as core from './core-schema';
import { MECHANISMS } from './mechanisms';
import * as schema from './schema';

const tablesOf = (module: Readonly<Record<string, unknown>>) =>
  Object.entries(module).filter((e): e is [string, PgTable] => is(e[1], PgTable));
const sqlName = (t: PgTable) => getTableConfig(t).name;

describe('the storage registry', () => {
  it('re-exports every mechanism table from db/schema.ts, under its own name', () => {
    for (const m of MECHANISMS) {
      const tables = tablesOf(m.tables);
      expect(tables.length, m.name).toBeGreaterThan(0);
      for (const [name, table] of tables) expect((schema as Record<string, unknown>)[name], `${m.name}.${name}`).toBe(table);
    }
  });

  it('gives every table of the index one owner: the core or one mechanism', () => {
    const owners = new Map<string, string[]>();
    const own = (owner: string, t: PgTable) => owners.set(sqlName(t), [...(owners.get(sqlName(t)) ?? []), owner]);
    for (const [, t] of tablesOf(core)) own('core', t);
    for (const m of MECHANISMS) for (const [, t] of tablesOf(m.tables)) own(m.name, t);
    const unowned = tablesOf(schema).map(([, t]) => sqlName(t)).filter((n) => !owners.has(n));
    expect(unowned).toEqual([]);
    expect([...owners].filter(([, o]) => o.length > 1)).toEqual([]);
  });

  it('keeps db/schema.ts an index: it declares no table itself', () => {
    const source = readFileSync(join(__dirname, 'schema.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const statements = source.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(statements.filter((l) => !/^export \* from '\.\/[\w-]+(\/schema)?';$/.test(l))).toEqual([]);
  });

  it('registers each mechanism once, under its own name', () => {
    const names = MECHANISMS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
