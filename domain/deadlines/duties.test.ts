import { describe, expect, it } from 'vitest';
import type { Organisation, OrgKind } from '../organisation';
import { officialCalendar as CAL } from '../calendar/official';
import { type DeadlineKind, type DeadlineSpec, deadlineKey } from './deadline';
import { DUTIES, YEAR_END_WORKING_DAYS, dutiesAt, dutiesFor, dutiesOfYear, dutiesToGenerate, owes, periodsToGenerate } from './duties';
import { period, periodOf } from './periods';

const at = (s: string) => new Date(`${s}+08:00`);

function org(id: number, code: string, kind: OrgKind, name = code): Organisation {
  return { id, code, name, aliases: [], kind, receivingBody: '', phone: '', mailbox: '', keywords: [], examples: [] };
}

/** A small directory: the three bodies with a fixed part, two bodies without duties, two departments, two townships. */
const SFJ = org(1, 'sfj', 'authority', '抚宁区司法局');
const XTB = org(2, 'xtb', 'authority', '执法协调小组办公室');
const SPJ = org(3, 'spj', 'authority', '抚宁区行政审批局');
const QZF = org(4, 'qzf', 'authority', '抚宁区人民政府');
const JW = org(8, 'jw', 'external', '抚宁区纪委监委');
const SCJG = org(9, 'scjg', 'department', '抚宁区市场监督管理局');
const CGJ = org(15, 'cgj', 'department', '抚宁区城市管理综合行政执法局');
const LCJD = org(25, 'lcjd', 'township', '骊城街道办事处');
const FNZ = org(26, 'fnz', 'township', '抚宁镇人民政府');
const DIRECTORY: readonly Organisation[] = [SFJ, XTB, SPJ, QZF, JW, SCJG, CGJ, LCJD, FNZ];

/** kind → number of duties. */
function countByKind(specs: readonly DeadlineSpec[]): Partial<Record<DeadlineKind, number>> {
  const out: Partial<Record<DeadlineKind, number>> = {};
  for (const s of specs) out[s.kind] = (out[s.kind] ?? 0) + 1;
  return out;
}

const ofOrg = (specs: readonly DeadlineSpec[], o: Organisation) => specs.filter((s) => s.orgId === o.id);
const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

describe('a whole year of duties', () => {
  for (const year of [2025, 2026]) {
    it(`${year}: exactly what the plan implies, per kind and per organisation`, () => {
      const all = dutiesOfYear(year, DIRECTORY, CAL);
      expect(countByKind(all)).toEqual({
        'info-reports': 12 * 4, // 四(三): every month, 2 departments + 2 townships
        'officer-evaluation': 2 * 4, // M9: every half year, departments and townships
        'self-assessment': 4, // M9: departments and townships (下级人民政府), yearly
        'guiding-cases': 2, // M11: departments, yearly
        'info-inspection': 4, // M5: 司法局, quarterly
        'approval-meeting': 4, // M14: 审批局, at least quarterly
        'joint-meeting': 1, // M1: 协调办, yearly
      });
      expect(all).toHaveLength(71);

      for (const dep of [SCJG, CGJ])
        expect(countByKind(ofOrg(all, dep)), dep.code).toEqual({
          'info-reports': 12,
          'officer-evaluation': 2,
          'self-assessment': 1,
          'guiding-cases': 1,
        });
      for (const t of [LCJD, FNZ])
        expect(countByKind(ofOrg(all, t)), t.code).toEqual({ 'info-reports': 12, 'officer-evaluation': 2, 'self-assessment': 1 });
      expect(countByKind(ofOrg(all, SFJ))).toEqual({ 'info-inspection': 4 });
      expect(countByKind(ofOrg(all, SPJ))).toEqual({ 'approval-meeting': 4 });
      expect(countByKind(ofOrg(all, XTB))).toEqual({ 'joint-meeting': 1 });
      expect(ofOrg(all, QZF)).toEqual([]);
      expect(ofOrg(all, JW)).toEqual([]);

      // Every duty is open and unique by (kind, orgId, subject). The period-end ones are calendar
      // dates, never provisional; the year-end filings fall in the next January, provisional
      // while that year's calendar is unpublished (chinese-days knows 2026, not 2027).
      expect(new Set(all.map(deadlineKey)).size).toBe(all.length);
      for (const s of all) {
        const yearEnd = s.kind === 'self-assessment' || s.kind === 'guiding-cases';
        expect(s.state).toBe('open');
        expect(s.provisional, s.kind).toBe(yearEnd && year === 2026);
        expect(s.subject.type).toBe('period');
        expect(s.subject.id.startsWith(String(year))).toBe(true);
        expect(local(s.dueAt).endsWith('23:59:59')).toBe(true);
        expect(local(s.dueAt).startsWith(yearEnd ? `${year + 1}-01-` : String(year))).toBe(true);
      }
    });
  }

  it('2026 due instants: month, quarter, half-year and year ends in Shanghai time', () => {
    const all = dutiesOfYear(2026, DIRECTORY, CAL);
    const dues = (kind: DeadlineKind, o: Organisation) => ofOrg(all, o).filter((s) => s.kind === kind).map((s) => local(s.dueAt));
    expect(dues('info-inspection', SFJ)).toEqual([
      '2026-03-31 23:59:59',
      '2026-06-30 23:59:59',
      '2026-09-30 23:59:59',
      '2026-12-31 23:59:59',
    ]);
    expect(dues('approval-meeting', SPJ)).toEqual(dues('info-inspection', SFJ));
    expect(dues('officer-evaluation', LCJD)).toEqual(['2026-06-30 23:59:59', '2026-12-31 23:59:59']);
    // 年终 filings: the 15th working day of the next January (2027's calendar is not published: provisional).
    expect(dues('self-assessment', SCJG)).toEqual(['2027-01-22 23:59:59']);
    expect(dues('self-assessment', LCJD)).toEqual(['2027-01-22 23:59:59']); // townships too
    expect(dues('guiding-cases', CGJ)).toEqual(['2027-01-22 23:59:59']);
    // On the official 2026 calendar: 1–3 January are the New Year holiday and Sunday 4 January
    // a make-up working day, so the 15th working day is Thursday 22 January.
    const y2025 = dutiesOfYear(2025, [SCJG], CAL).filter((s) => s.kind === 'self-assessment' || s.kind === 'guiding-cases');
    expect(y2025.map((s) => [s.kind, local(s.dueAt), s.provisional])).toEqual([
      ['self-assessment', '2026-01-22 23:59:59', false],
      ['guiding-cases', '2026-01-22 23:59:59', false],
    ]);
    expect(YEAR_END_WORKING_DAYS).toBe(15);
    expect(dues('joint-meeting', XTB)).toEqual(['2026-12-31 23:59:59']);
    const reports = dues('info-reports', FNZ);
    expect(reports).toHaveLength(12);
    expect(reports[1]).toBe('2026-02-28 23:59:59');
    expect(dutiesOfYear(2024, [SCJG], CAL).filter((s) => s.kind === 'info-reports').map((s) => local(s.dueAt))[1]).toBe(
      '2024-02-29 23:59:59',
    );
    expect(reports[11]).toBe('2026-12-31 23:59:59');
  });

  it('gives count duties their requirement, starting at zero', () => {
    const all = dutiesOfYear(2026, DIRECTORY, CAL);
    for (const s of all) {
      if (s.kind === 'info-reports') expect([s.required, s.progress]).toEqual([2, 0]);
      else if (s.kind === 'guiding-cases') expect([s.required, s.progress]).toEqual([3, 0]);
      else {
        expect(s.required, s.kind).toBeUndefined();
        expect('progress' in s, s.kind).toBe(false);
      }
    }
  });

  it('names the supervising body of each kind', () => {
    const sup = new Map(dutiesOfYear(2026, DIRECTORY, CAL).map((s) => [s.kind, s.supervisorOrgCode]));
    expect(Object.fromEntries(sup)).toEqual({
      'info-reports': 'sfj',
      'officer-evaluation': 'sfj',
      'self-assessment': 'sfj',
      'guiding-cases': 'sfj',
      'info-inspection': 'xtb',
      'approval-meeting': 'xtb',
      'joint-meeting': 'xtb',
    });
  });

  it('writes the rule in words', () => {
    const [year] = dutiesFor(period('year', 2025, 1), [SCJG], CAL);
    expect(year!.rule).toBe('考核自评：2025年度年终考核自评，报司法局备案，截至2026年1月22日 23:59（方案（九），次年1月第15个工作日）');
    const [q4] = dutiesFor(period('quarter', 2026, 4), [SFJ], CAL);
    expect(q4!.rule).toBe('行政执法公示网上巡查：2026年第4季度行政执法公示网上巡查一次，截至2026年12月31日 23:59（方案（五））');
    const [nov] = dutiesFor(period('month', 2026, 11), [LCJD], CAL);
    expect(nov!.rule).toBe('执法信息报送：2026年11月报送行政执法信息不少于2篇，截至2026年11月30日 23:59（方案四（三））');
    const [h1] = dutiesFor(period('half-year', 2025, 1), [FNZ], CAL);
    expect(h1!.rule).toContain('2025年上半年');
  });
});

describe('subjects are stable: generating twice gives the same keys', () => {
  it('dutiesFor is idempotent and the subject is the period key', () => {
    const p = period('quarter', 2026, 4);
    const a = dutiesFor(p, DIRECTORY, CAL);
    const b = dutiesFor(periodOf(at('2026-11-15T10:00:00'), 'quarter'), DIRECTORY, CAL);
    expect(a).toEqual(b);
    expect(a.map(deadlineKey)).toEqual(['info-inspection|1|period:2026-Q4', 'approval-meeting|3|period:2026-Q4']);
  });

  it('does not depend on the order of the directory', () => {
    const keys = (orgs: readonly Organisation[]) => dutiesOfYear(2026, orgs, CAL).map(deadlineKey).sort();
    expect(keys([...DIRECTORY].reverse())).toEqual(keys(DIRECTORY));
  });

  it('gives two years disjoint keys', () => {
    const k2025 = new Set(dutiesOfYear(2025, DIRECTORY, CAL).map(deadlineKey));
    expect(dutiesOfYear(2026, DIRECTORY, CAL).filter((s) => k2025.has(deadlineKey(s)))).toEqual([]);
  });

  it('dutiesAt gives the current month, quarter, half-year and year, all within the year’s duties', () => {
    const now = new Date('2025-12-31T16:30:00Z'); // already 2026-01-01 00:30 in Shanghai
    const current = dutiesAt(now, DIRECTORY, CAL);
    const year = new Set(dutiesOfYear(2026, DIRECTORY, CAL).map(deadlineKey));
    for (const s of current) expect(year.has(deadlineKey(s)), deadlineKey(s)).toBe(true);
    expect(new Set(current.map((s) => s.subject.id))).toEqual(new Set(['2026-01', '2026-Q1', '2026-H1', '2026']));
    expect(countByKind(current)).toEqual({
      'info-reports': 4,
      'officer-evaluation': 4,
      'self-assessment': 4,
      'guiding-cases': 2,
      'info-inspection': 1,
      'approval-meeting': 1,
      'joint-meeting': 1,
    });
  });

  it('generates nothing for bodies the directory lacks', () => {
    expect(dutiesOfYear(2026, [], CAL)).toEqual([]);
    expect(countByKind(dutiesOfYear(2026, [SCJG], CAL))).toEqual({
      'info-reports': 12,
      'officer-evaluation': 2,
      'self-assessment': 1,
      'guiding-cases': 1,
    });
  });

  it('returns fresh objects each time', () => {
    const p = period('month', 2026, 11);
    const [a] = dutiesFor(p, [SCJG], CAL);
    a!.dueAt.setTime(0);
    a!.subject.id = 'x';
    expect(p.end.toISOString()).toBe('2026-11-30T15:59:59.000Z');
    const [b] = dutiesFor(p, [SCJG], CAL);
    expect(b!.subject.id).toBe('2026-11');
    expect(b!.dueAt.toISOString()).toBe('2026-11-30T15:59:59.000Z');
  });

  it('covers every periodic kind once in the definitions', () => {
    expect(DUTIES.map((d) => d.kind).sort()).toEqual(
      ['approval-meeting', 'guiding-cases', 'info-inspection', 'info-reports', 'joint-meeting', 'officer-evaluation', 'self-assessment'],
    );
  });
});

describe('what the scheduler generates', () => {
  it('the current periods, and the next ones in the last 7 days of a period', () => {
    expect(periodsToGenerate(at('2026-11-10T10:00:00')).map((p) => p.key)).toEqual(['2026-11', '2026-Q4', '2026-H2', '2026']);
    expect(periodsToGenerate(at('2026-11-24T00:00:00')).map((p) => p.key)).toEqual(['2026-11', '2026-12', '2026-Q4', '2026-H2', '2026']);
    expect(periodsToGenerate(at('2026-12-25T08:00:00')).map((p) => p.key)).toEqual([
      '2026-12', '2027-01', '2026-Q4', '2027-Q1', '2026-H2', '2027-H1', '2026', '2027',
    ]);
  });

  it('only the kinds asked for (those a feature can meet)', () => {
    const specs = dutiesToGenerate(at('2026-11-10T10:00:00'), DIRECTORY, ['info-reports', 'self-assessment'], CAL);
    expect(countByKind(specs)).toEqual({ 'info-reports': 4, 'self-assessment': 4 });
    expect(dutiesToGenerate(at('2026-11-10T10:00:00'), DIRECTORY, [], CAL)).toEqual([]);
    expect(owes('guiding-cases', SCJG)).toBe(true);
    expect(owes('guiding-cases', LCJD)).toBe(false);
    expect(owes('complaint-accept', SCJG)).toBe(false);
  });

  it('in January, also last year’s filings that are not due yet (a fresh start generates them)', () => {
    const keys = (s: string) => dutiesToGenerate(at(s), DIRECTORY, ['self-assessment', 'guiding-cases', 'info-reports'], CAL)
      .filter((d) => d.orgId === SCJG.id).map((d) => `${d.kind}|${d.subject.id}`);
    expect(keys('2026-01-10T10:00:00')).toEqual(['self-assessment|2025', 'guiding-cases|2025', 'info-reports|2026-01', 'self-assessment|2026', 'guiding-cases|2026']);
    expect(keys('2026-01-23T00:00:00')).toEqual(['info-reports|2026-01', 'self-assessment|2026', 'guiding-cases|2026']);
  });
});
