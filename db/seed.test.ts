import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testDatabase, type TestDatabase } from '../test/support/db';
import { loadDirectoryFile, seedDirectory } from './seed';
import { organisations } from './schema';

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase({ seed: false });
});
afterAll(async () => database?.close());

describe('district directory seed', () => {
  it('holds every body the plan names, each with kind, complaint phone and mailbox (M3 公示)', () => {
    const orgs = loadDirectoryFile().organisations;
    const names = orgs.map((o) => o.name).join('|');
    for (const body of ['司法局', '执法协调小组办公室', '行政审批局', '公安', '检察院', '纪委监委', '人民政府', '编制委员会办公室', '骊城街道']) {
      expect(names).toContain(body);
    }
    for (const dept of ['市场监督管理局', '生态环境', '应急管理局', '农业农村局', '自然资源', '住房和城乡建设局', '城市管理', '卫生健康局', '交通运输局', '文化广电和旅游局']) {
      expect(orgs.some((o) => o.kind === 'department' && o.name.includes(dept))).toBe(true);
    }
    expect(orgs.filter((o) => o.kind === 'township').length).toBeGreaterThanOrEqual(5);
    for (const o of orgs.filter((x) => x.kind === 'department' || x.kind === 'township')) {
      expect(o.phone, o.name).toMatch(/^0335-\d{7,8}$/);
      expect(o.mailbox, o.name).toContain('@');
      expect(o.keywords.length, o.name).toBeGreaterThan(5);
      expect(o.examples.length, o.name).toBeGreaterThan(3);
    }
    expect(new Set(orgs.map((o) => o.code)).size).toBe(orgs.length);
  });

  it('is idempotent: seeding twice leaves one row per body, updated in place', async () => {
    const file = loadDirectoryFile();
    await seedDirectory(database.db, file);
    const [first] = await database.db.select({ n: sql<number>`count(*)::int`, max: sql<number>`max(id)::int` }).from(organisations);
    const changed = { ...file, organisations: file.organisations.map((o) => (o.code === 'sfj' ? { ...o, phone: '0335-0000000' } : o)) };
    await seedDirectory(database.db, changed);
    const [second] = await database.db.select({ n: sql<number>`count(*)::int`, max: sql<number>`max(id)::int` }).from(organisations);
    expect(second).toEqual(first);
    expect(first!.n).toBe(file.organisations.length);
    const [sfj] = await database.db.select().from(organisations).where(sql`code = 'sfj'`);
    expect(sfj!.phone).toBe('0335-0000000');
  });
});
