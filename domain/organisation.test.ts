import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Directory, type OrgKind, type Organisation, canHandleComplaints } from './organisation';
import { ROLE_LABEL, STAFF_ROLES, type StaffRole, hasRole, isAdmin, isStaffOf, parseRole, roleFitsOrg } from './roles';

// The seed data file, read as data: domain tests do not import the db layer.
const loadDirectoryFile = (): { organisations: Omit<Organisation, 'id'>[] } =>
  JSON.parse(readFileSync(new URL('../db/seed/directory.json', import.meta.url), 'utf8'));

let nextId = 1;
const org = (code: string, name: string, aliases: string[] = [], kind: OrgKind = 'department'): Organisation => ({
  id: nextId++,
  code,
  name,
  aliases,
  kind,
  receivingBody: '',
  phone: '',
  mailbox: '',
  keywords: [],
  examples: [],
});

const hb = org('hb', '环境保护局', ['环保局', '环保']);
const hbdc = org('hbdc', '环保督察组', [], 'authority');
const sc = org('sc', '市场管理局', ['市场局']);
const cg = org('cg', '城市管理局', ['城管', '城']);
const police = org('ga', '公安分局', ['公安'], 'external');
const fixtures = new Directory([hb, hbdc, sc, cg, police]);

const real = new Directory(loadDirectoryFile().organisations.map((o, i) => ({ ...o, id: i + 1 })));
const code = (o: Organisation | undefined) => o?.code;

describe('Directory lookups', () => {
  it('finds by id and code, and names unknown ids', () => {
    expect(fixtures.byId(sc.id)).toBe(sc);
    expect(fixtures.byCode('cg')).toBe(cg);
    expect(fixtures.byCode('nope')).toBeUndefined();
    expect(fixtures.name(hb.id)).toBe('环境保护局');
    expect(fixtures.name(null)).toBe('（未知单位）');
    expect(fixtures.name(undefined)).toBe('（未知单位）');
    expect(fixtures.name(99_999)).toBe('（未知单位）');
  });
});

describe('Directory.find', () => {
  it('finds by exact code, name or alias, ignoring surrounding spaces', () => {
    expect(fixtures.find('sc')).toBe(sc);
    expect(fixtures.find('市场管理局')).toBe(sc);
    expect(fixtures.find('市场局')).toBe(sc);
    expect(fixtures.find('  城管 ')).toBe(cg);
  });

  it('finds nothing for empty text', () => {
    expect(fixtures.find('')).toBeUndefined();
    expect(fixtures.find('   ')).toBeUndefined();
  });

  it('finds the longest name or alias contained in the text', () => {
    expect(fixtures.find('城管的张某')).toBe(cg);
    expect(fixtures.find('环保局的执法人员')).toBe(hb);
    // contains 环保 (环境保护局) and 环保督察组: the longer one wins
    expect(fixtures.find('环保督察组的人来过')).toBe(hbdc);
    // contains 环保局 (3) and 城管 (2)
    expect(fixtures.find('环保局和城管一起来的')).toBe(hb);
  });

  it('ignores one-character aliases when looking inside text', () => {
    expect(fixtures.find('城')).toBe(cg); // exact alias still counts
    expect(fixtures.find('城里的事')).toBeUndefined();
  });

  it('takes a short answer that is part of exactly one name', () => {
    expect(fixtures.find('督察')).toBe(hbdc);
    expect(fixtures.find('保护')).toBe(hb);
  });

  it('gives up on a short answer that is part of several names', () => {
    expect(fixtures.find('管理')).toBeUndefined(); // 市场管理局, 城市管理局
    expect(fixtures.find('市')).toBeUndefined(); // too short to guess
  });

  it('honours the filter at every stage', () => {
    expect(fixtures.find('公安')).toBe(police);
    expect(fixtures.find('公安', (o) => o.kind !== 'external')).toBeUndefined(); // exact
    expect(fixtures.find('公安分局的民警', (o) => o.kind !== 'external')).toBeUndefined(); // contained
    expect(fixtures.find('环保督察组的人', (o) => o.kind === 'department')).toBe(hb); // falls back to 环保
    expect(fixtures.find('管理', (o) => o.code === 'cg')).toBe(cg); // partial made unambiguous by the filter
  });

  it('finds bodies in the real directory as people type them', () => {
    expect(code(real.find('cgj'))).toBe('cgj');
    expect(code(real.find('抚宁区城市管理综合行政执法局'))).toBe('cgj');
    expect(code(real.find('城管局'))).toBe('cgj');
    expect(code(real.find('城管局的张某'))).toBe('cgj');
    expect(code(real.find('区司法局的人'))).toBe('sfj');
    expect(code(real.find('抚宁镇政府门口'))).toBe('fnz');
    expect(code(real.find('市场监管'))).toBe('scjg');
    expect(code(real.find('执法'))).toBeUndefined();
    expect(code(real.find('公安'))).toBe('gaj');
    expect(code(real.find('公安', canHandleComplaints))).toBeUndefined();
    expect(code(real.find('审批', canHandleComplaints))).toBeUndefined();
    expect(code(real.find('司法局', canHandleComplaints))).toBe('sfj');
  });
});

describe('canHandleComplaints', () => {
  it('is true for departments, townships and the justice bureau only', () => {
    expect(canHandleComplaints(org('x', '某局', [], 'department'))).toBe(true);
    expect(canHandleComplaints(org('y', '某镇', [], 'township'))).toBe(true);
    expect(canHandleComplaints(org('sfj', '司法局', [], 'authority'))).toBe(true);
    expect(canHandleComplaints(org('spj', '审批局', [], 'authority'))).toBe(false);
    expect(canHandleComplaints(org('jcy', '检察院', [], 'external'))).toBe(false);
  });
});

describe('parseRole', () => {
  it('reads the English names', () => {
    for (const r of STAFF_ROLES) expect(parseRole(r)).toBe(r);
    expect(parseRole(' admin ')).toBe('admin');
  });

  it('reads the Chinese labels and their beginnings', () => {
    for (const r of STAFF_ROLES) expect(parseRole(ROLE_LABEL[r]), ROLE_LABEL[r]).toBe(r);
    expect(parseRole('执法人员')).toBe('officer');
    expect(parseRole('联络员')).toBe('liaison');
    expect(parseRole('负责人')).toBe('head');
    expect(parseRole('司法局')).toBe('justice');
    expect(parseRole('协调办')).toBe('coordination');
    expect(parseRole('审批局')).toBe('approval');
    expect(parseRole(' 管理员 ')).toBe('admin');
  });

  it('refuses anything else', () => {
    for (const t of ['boss', '局长', '工作人员', '执法人员们']) expect(parseRole(t), t).toBeUndefined();
  });
});

describe('roleFitsOrg', () => {
  const dirFile = loadDirectoryFile();
  const at = (c: string): Organisation => {
    const o = dirFile.organisations.find((x) => x.code === c);
    if (!o) throw new Error(`no ${c} in the directory`);
    return { ...o, id: 1 };
  };
  const sfj = at('sfj');
  const xtb = at('xtb');
  const spj = at('spj');
  const qzf = at('qzf');
  const cgj = at('cgj');
  const township = at('fnz');
  const external = at('jcy');
  const all = [sfj, xtb, spj, qzf, cgj, township, external];

  const fits = (role: StaffRole) => all.filter((o) => roleFitsOrg(role, o)).map((o) => o.code);

  it('gives justice, coordination and approval roles only to their own body', () => {
    expect(fits('justice')).toEqual(['sfj']);
    expect(fits('coordination')).toEqual(['xtb']);
    expect(fits('approval')).toEqual(['spj']);
  });

  it('gives officer and head to any body but an external one', () => {
    expect(fits('officer')).toEqual(['sfj', 'xtb', 'spj', 'qzf', 'cgj', 'fnz']);
    expect(fits('head')).toEqual(['sfj', 'xtb', 'spj', 'qzf', 'cgj', 'fnz']);
    expect(roleFitsOrg('officer', at('gaj'))).toBe(false);
  });

  it('gives liaison and admin anywhere', () => {
    expect(fits('liaison')).toEqual(all.map((o) => o.code));
    expect(fits('admin')).toEqual(all.map((o) => o.code));
  });

  it('goes by code, not by name', () => {
    expect(roleFitsOrg('justice', org('xx', '抚宁区司法局', ['司法局'], 'authority'))).toBe(false);
  });
});

describe('role grants', () => {
  const a = { personId: 1, grants: [{ orgId: 5, role: 'liaison' as const }, { orgId: 6, role: 'officer' as const }] };

  it('checks roles per organisation', () => {
    expect(hasRole(a, 6, ['officer', 'head'])).toBe(true);
    expect(hasRole(a, 5, ['officer', 'head'])).toBe(false);
    expect(hasRole(a, 7, ['liaison'])).toBe(false);
    expect(isStaffOf(a, 5)).toBe(true);
    expect(isStaffOf(a, 7)).toBe(false);
    expect(isAdmin(a)).toBe(false);
    expect(isAdmin({ personId: 2, grants: [{ orgId: 9, role: 'admin' }] })).toBe(true);
  });
});

describe('names hidden inside other words', () => {
  it('人民政府 does not read as 民政 (民政局)', () => {
    const dir = new Directory(loadDirectoryFile().organisations.map((o, i) => ({ ...o, id: i + 1 })));
    expect(dir.find('镇人民政府')?.code).not.toBe('mzj');
    expect(dir.find('乡人民政府的工作人员')?.code).not.toBe('mzj');
    expect(dir.find('抚宁区人民政府')?.code).toBe('qzf');
    expect(dir.find('民政局')?.code).toBe('mzj');
    expect(dir.find('民政的人')?.code).toBe('mzj');
  });
});

describe('parseRole on blank text', () => {
  it('is no role at all', () => {
    expect(parseRole('')).toBeUndefined();
    expect(parseRole('   ')).toBeUndefined();
    expect(parseRole('执')).toBeUndefined(); // one character is too little to mean a role
  });
});
