import { describe, expect, it } from 'vitest';
import {
  type Assessment, DIMENSIONS, GRADES, approve, approvedGrade, averageScore, canApprove, canDraft, canGrade, canRatify, canView, checkOfficerName,
  defaultPeriod, distinguish, grade, isPublic, missing, parsePeriod, parseScore, ratify, removeItem, sendBack, setItem, submit,
} from './assessment';
import { at, deepFreeze, reason, value } from './testing';

const ORG = 9;
const SFJ = 1;
const QZF = 4;
const BODIES = { justiceBureauId: SFJ, governmentId: QZF };
const GOV = 300;
const LIAISON = 100;
const HEAD = 101;
const JUSTICE = 200;

function draft(kind: 'self' | 'officers' = 'self'): Assessment {
  return deepFreeze({
    id: 1, recordNo: kind === 'self' ? 'ZP-2026-000001' : 'KP-2026-000001', kind, orgId: ORG, period: kind === 'self' ? '2026' : '2026-H2',
    items: [], version: 0, createdBy: LIAISON, createdAt: at('2026-12-01T10:00:00'), returned: null, status: 'draft',
  });
}

const EVIDENCE = '有制度文件和培训记录为证';

function complete(): Assessment {
  let a = draft();
  for (const [i, d] of DIMENSIONS.entries()) a = deepFreeze(value(setItem(a, { key: d.key, score: 80 + i, note: EVIDENCE })));
  return a;
}

const submitted = () => deepFreeze(value(submit(complete(), LIAISON, at('2026-12-02T10:00:00'))));
const filed = () => deepFreeze(value(approve(submitted(), HEAD, at('2026-12-03T10:00:00'))));

describe('the dimensions and grades of M9', () => {
  it('are the plan’s six subjects, in its words and order, and its four grades', () => {
    expect(DIMENSIONS.map((d) => d.label)).toEqual([
      '提高行政机关工作人员特别是领导干部依法行政意识和能力的情况',
      '依法行政制度建设和实施的情况',
      '依法、科学、民主决策的情况',
      '规范行政执法的情况',
      '依法化解社会矛盾纠纷的情况',
      '推进依法行政、建设法治政府取得实际效果的情况',
    ]);
    expect(GRADES).toEqual(['优秀', '良好', '合格', '不合格']);
  });
});

describe('drafting', () => {
  it('keeps each answer, replaces a re-answered one, sorts by the plan’s order and bumps the version', () => {
    const a = value(setItem(draft(), { key: 'results', score: 90, note: EVIDENCE }));
    const b = value(setItem(a, { key: 'awareness', score: 70, note: EVIDENCE }));
    const c = value(setItem(b, { key: 'results', score: 95, note: '  新的依据：群众满意度92%  ' }));
    expect(c.items).toEqual([
      { key: 'awareness', score: 70, note: EVIDENCE },
      { key: 'results', score: 95, note: '新的依据：群众满意度92%' },
    ]);
    expect(c.version).toBe(3);
    expect(missing(c)).toEqual(['制度建设和实施', '依法科学民主决策', '规范行政执法', '依法化解社会矛盾纠纷']);
  });

  it('refuses bad answers with a reason', () => {
    expect(reason(setItem(draft(), { key: 'awareness', score: 101, note: EVIDENCE }))).toContain('0–100');
    expect(reason(setItem(draft(), { key: 'awareness', score: 8.5, note: EVIDENCE }))).toContain('整数');
    expect(reason(setItem(draft(), { key: 'awareness', score: 80, note: '有' }))).toContain('太短');
    expect(reason(setItem(draft(), { key: 'awareness', score: 80, note: '字'.repeat(1001) }))).toContain('1000');
    expect(reason(setItem(draft(), { key: 'nonsense', score: 80, note: EVIDENCE }))).toContain('没有考核项目');
    expect(reason(setItem(draft('officers'), { key: '张三', grade: '很好' as never, note: EVIDENCE }))).toContain('优秀、良好、合格、不合格');
    expect(reason(setItem(draft('officers'), { key: '张', grade: '优秀', note: EVIDENCE }))).toContain('姓名');
    expect(reason(checkOfficerName('张三 李四'))).toContain('一位');
  });

  it('reads scores as people type them', () => {
    expect(value(parseScore('85'))).toBe(85);
    expect(value(parseScore('８５分'))).toBe(85);
    expect(value(parseScore('100'))).toBe(100);
    reason(parseScore('101'));
    reason(parseScore('八十'));
    reason(parseScore('-1'));
  });

  it('lists officers in the order entered and drops one on request', () => {
    const a = value(setItem(draft('officers'), { key: '张三', grade: '优秀', note: EVIDENCE }));
    const b = value(setItem(a, { key: '李四', grade: '合格', note: EVIDENCE }));
    expect(b.items.map((i) => i.key)).toEqual(['张三', '李四']);
    expect(value(removeItem(b, '张三')).items.map((i) => i.key)).toEqual(['李四']);
    expect(reason(removeItem(b, '王五'))).toContain('没有');
  });
});

describe('the lifecycle', () => {
  it('submits only a complete draft', () => {
    expect(reason(submit(draft(), LIAISON, at('2026-12-02T10:00:00')))).toContain('还有 6 项未填写');
    expect(reason(submit(draft('officers'), LIAISON, at('2026-12-02T10:00:00')))).toContain('至少一名');
    expect(submitted()).toMatchObject({ status: 'submitted', submittedBy: LIAISON });
  });

  it('sends back with a reason, keeping the answers, and is submitted again', () => {
    reason(sendBack(submitted(), ' ', HEAD, at('2026-12-03T10:00:00')));
    const back = value(sendBack(submitted(), '第4项缺数据', HEAD, at('2026-12-03T10:00:00')));
    expect(back).toMatchObject({ status: 'draft', returned: { reason: '第4项缺数据', by: HEAD } });
    expect(back.items).toHaveLength(6);
    expect(value(submit(back, LIAISON, at('2026-12-04T10:00:00'))).status).toBe('submitted');
  });

  it('is approved (filed) and then graded, once each; nothing changes after filing', () => {
    expect(filed()).toMatchObject({ status: 'filed', approvedBy: HEAD, submittedBy: LIAISON });
    reason(approve(filed(), HEAD, at('2026-12-04T10:00:00')));
    reason(approve(draft(), HEAD, at('2026-12-04T10:00:00')));
    reason(setItem(filed(), { key: 'awareness', score: 80, note: EVIDENCE }));
    reason(sendBack(filed(), '晚了', HEAD, at('2026-12-04T10:00:00')));
    reason(grade(submitted(), '优秀', JUSTICE, at('2026-12-04T10:00:00')));
    expect(reason(grade(filed(), '很好', JUSTICE, at('2026-12-04T10:00:00')))).toContain('优秀、良好、合格、不合格');
    const g = value(grade(filed(), '良好', JUSTICE, at('2026-12-05T10:00:00')));
    expect(g).toMatchObject({ status: 'graded', grade: '良好', gradedBy: JUSTICE, approvedBy: HEAD });
    expect(reason(grade(g, '优秀', JUSTICE, at('2026-12-06T10:00:00')))).toContain('已评定为“良好”');
  });

  it('grades self-assessments only', () => {
    let a = value(setItem(draft('officers'), { key: '张三', grade: '优秀', note: EVIDENCE }));
    a = value(approve(value(submit(a, LIAISON, at('2026-12-02T10:00:00'))), HEAD, at('2026-12-03T10:00:00')));
    expect(reason(grade(a, '优秀', JUSTICE, at('2026-12-04T10:00:00')))).toContain('无需评定');
  });

  it('averages the scores to one decimal', () => {
    expect(averageScore(complete())).toBe(82.5);
    expect(averageScore(draft())).toBeNull();
  });
});

describe('who may do what', () => {
  const person = (grants: { orgId: number; role: string }[]) => ({ personId: 1, grants: grants as never });
  it('drafters are the unit’s liaison or head; the head approves; the bureau grades', () => {
    expect(canDraft(person([{ orgId: ORG, role: 'liaison' }]), ORG)).toBe(true);
    expect(canDraft(person([{ orgId: ORG, role: 'officer' }]), ORG)).toBe(false);
    expect(canDraft(person([{ orgId: 10, role: 'liaison' }]), ORG)).toBe(false);
    expect(canApprove(person([{ orgId: ORG, role: 'head' }]), draft())).toBe(true);
    expect(canApprove(person([{ orgId: ORG, role: 'liaison' }]), draft())).toBe(false);
    expect(canGrade(person([{ orgId: SFJ, role: 'justice' }]), SFJ)).toBe(true);
    expect(canGrade(person([{ orgId: ORG, role: 'head' }]), SFJ)).toBe(false);
    expect(canView(person([{ orgId: ORG, role: 'officer' }]), draft(), BODIES)).toBe(true);
    expect(canView(person([{ orgId: 10, role: 'head' }]), draft(), BODIES)).toBe(false);
    expect(canView(person([]), draft(), BODIES)).toBe(false);
    // The district government sees a self-assessment once filed (报本级政府接受监督), and approves grades.
    const gov = person([{ orgId: QZF, role: 'head' }]);
    expect(canView(gov, draft(), BODIES)).toBe(false);
    expect(canView(gov, filed(), BODIES)).toBe(true);
    expect(canRatify(gov, QZF)).toBe(true);
    expect(canRatify(person([{ orgId: QZF, role: 'liaison' }]), QZF)).toBe(false);
    expect(canRatify(person([{ orgId: SFJ, role: 'justice' }]), QZF)).toBe(false);
  });
});

describe('审定, publication and 表彰 / 通报 (M9)', () => {
  const graded = (g = '良好') => deepFreeze(value(grade(filed(), g, JUSTICE, at('2026-12-10T10:00:00'))));

  it('the bureau’s grade is a proposal until the government approves it, kept or changed', () => {
    expect(isPublic(submitted())).toBe(false);
    expect(isPublic(filed())).toBe(true);
    expect(approvedGrade(graded())).toBeNull();
    expect(reason(ratify(filed(), undefined, GOV, at('2027-01-05T10:00:00')))).toContain('尚未经司法局评定等次');
    const kept = value(ratify(graded(), undefined, GOV, at('2027-01-05T10:00:00')));
    expect(kept).toMatchObject({ status: 'ratified', grade: '良好', result: '良好', ratifiedBy: GOV, distinction: null });
    expect(approvedGrade(kept)).toBe('良好');
    const changed = value(ratify(graded(), '合格', GOV, at('2027-01-05T10:00:00')));
    expect(changed).toMatchObject({ grade: '良好', result: '合格' });
    expect(reason(ratify(graded(), '很好', GOV, at('2027-01-05T10:00:00')))).toContain('考核等次应为');
    expect(reason(ratify(kept, undefined, GOV, at('2027-01-06T10:00:00')))).toContain('已由区政府审定为“良好”');
    expect(reason(grade(kept, '优秀', JUSTICE, at('2027-01-06T10:00:00')))).toContain('已评定为“良好”');
  });

  it('表彰奖励 needs an approved 优秀, 通报批评 an approved 不合格, once, with a reason', () => {
    const best = deepFreeze(value(ratify(graded('优秀'), undefined, GOV, at('2027-01-05T10:00:00'))));
    const worst = deepFreeze(value(ratify(graded('合格'), '不合格', GOV, at('2027-01-05T10:00:00'))));
    expect(reason(distinguish(graded('优秀'), 'commend', '依法行政成绩突出', GOV, at('2027-01-06T10:00:00')))).toContain('尚未经区政府审定');
    expect(reason(distinguish(worst, 'commend', '依法行政成绩突出', GOV, at('2027-01-06T10:00:00')))).toContain('审定等次为“优秀”的单位才能表彰奖励');
    expect(reason(distinguish(best, 'criticise', '工作不力', GOV, at('2027-01-06T10:00:00')))).toContain('审定等次为“不合格”的单位才能通报批评');
    expect(reason(distinguish(best, 'commend', '好', GOV, at('2027-01-06T10:00:00')))).toContain('须写明事由');
    const commended = value(distinguish(best, 'commend', '依法行政成绩突出，张三同志表现优异', GOV, at('2027-01-06T10:00:00')));
    expect(commended).toMatchObject({ status: 'ratified', distinction: { kind: 'commend', note: '依法行政成绩突出，张三同志表现优异', by: GOV } });
    expect(reason(distinguish(commended, 'commend', '再次表彰', GOV, at('2027-01-07T10:00:00')))).toContain('已于此前记录表彰奖励');
    expect(value(distinguish(worst, 'criticise', '行政执法案卷评查不合格率高', GOV, at('2027-01-06T10:00:00')))).toMatchObject({ distinction: { kind: 'criticise' } });
  });
});

describe('periods', () => {
  it('defaults to the period just ended during its first month, else the current one', () => {
    expect(defaultPeriod('self', at('2026-12-01T10:00:00')).key).toBe('2026');
    expect(defaultPeriod('self', at('2027-01-15T10:00:00')).key).toBe('2026');
    expect(defaultPeriod('self', at('2027-02-01T00:00:00')).key).toBe('2027');
    expect(defaultPeriod('officers', at('2026-12-01T10:00:00')).key).toBe('2026-H2');
    expect(defaultPeriod('officers', at('2026-07-03T10:00:00')).key).toBe('2026-H1');
    expect(defaultPeriod('officers', at('2026-08-01T10:00:00')).key).toBe('2026-H2');
    expect(defaultPeriod('officers', at('2027-01-01T00:00:00')).key).toBe('2026-H2');
  });

  it('reads what people name and refuses the future, the wrong cycle and the years before the plan', () => {
    const now = at('2026-12-01T10:00:00');
    expect(value(parsePeriod('self', '2025', now)).key).toBe('2025');
    expect(value(parsePeriod('self', '2025年度', now)).key).toBe('2025');
    expect(value(parsePeriod('officers', '2026上半年', now)).key).toBe('2026-H1');
    expect(value(parsePeriod('officers', '2026年下半年', now)).key).toBe('2026-H2');
    expect(value(parsePeriod('officers', '2025-h2', now)).key).toBe('2025-H2');
    expect(reason(parsePeriod('self', '2027', now))).toContain('尚未开始');
    expect(reason(parsePeriod('self', '2026上半年', now))).toContain('自评 2025');
    expect(reason(parsePeriod('officers', '2026', now))).toContain('考核评议 2025上半年');
    reason(parsePeriod('self', '2019', now));
  });
});
