import { describe, expect, it } from 'vitest';
import type { Result } from '../result';
import {
  DEADLINE_KINDS,
  DEADLINE_LABEL,
  type Deadline,
  MAX_WAIVE_REASON,
  SUPERVISOR_OF,
  deadlineKey,
  isLate,
  isOverdue,
  meet,
  miss,
  recordProgress,
  waive,
  withdrawProgress,
} from './deadline';
import { value, reason, deepFreeze, at } from '../testing';

const DUE = at('2025-10-11T23:59:59');

function open(over: Partial<Deadline> = {}): Deadline {
  return deepFreeze({
    id: 1,
    kind: 'township-transfer',
    subject: { type: 'case', id: 'AJ-2025-17' },
    orgId: 31,
    supervisorOrgCode: 'sfj',
    dueAt: DUE,
    provisional: false,
    rule: '乡镇移送：自2025年9月30日发现起3个工作日内',
    ...over,
    state: 'open',
  } as Deadline);
}

/** A count duty: ≥ 2 information reports in November 2026. */
function countDuty(progress = 0): Deadline {
  return open({
    kind: 'info-reports',
    subject: { type: 'period', id: '2026-11' },
    dueAt: at('2026-11-30T23:59:59'),
    required: 2,
    progress,
  });
}

describe('kinds, labels and supervisors', () => {
  it('has a Chinese label and a supervisor for every kind', () => {
    expect(DEADLINE_KINDS).toHaveLength(19);
    for (const k of DEADLINE_KINDS) {
      expect(DEADLINE_LABEL[k], k).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(['sfj', 'xtb'], k).toContain(SUPERVISOR_OF[k]);
    }
    expect(DEADLINE_LABEL['complaint-accept']).toBe('受理告知');
    expect(DEADLINE_LABEL['township-transfer']).toBe('乡镇移送');
    expect(DEADLINE_LABEL['discipline-referral']).toBe('纪检移送');
  });

  it('lets the coordination office chase the joint meeting items and mechanism-level duties, the bureau the rest', () => {
    const xtb = DEADLINE_KINDS.filter((k) => SUPERVISOR_OF[k] === 'xtb');
    expect(xtb.sort()).toEqual(['approval-meeting', 'info-inspection', 'joint-meeting', 'meeting-item']);
    expect(SUPERVISOR_OF.rectification).toBe('sfj');
    expect(SUPERVISOR_OF['transfer-order']).toBe('sfj');
    expect(SUPERVISOR_OF['complaint-accept']).toBe('sfj');
  });

  it('keys a deadline by kind, organisation and subject', () => {
    expect(deadlineKey(open())).toBe('township-transfer|31|case:AJ-2025-17');
    expect(deadlineKey(countDuty())).toBe('info-reports|31|period:2026-11');
  });
});

describe('meet', () => {
  it('meets an open deadline, before or after due while still open', () => {
    const d = value(meet(open(), at('2025-10-09T15:00:00')));
    expect(d).toMatchObject({ state: 'met', id: 1, kind: 'township-transfer', orgId: 31 });
    if (d.state !== 'met') throw new Error('unreachable');
    expect(d.metAt.toISOString()).toBe('2025-10-09T07:00:00.000Z');
    expect(isLate(d)).toBe(false);

    const late = value(meet(open(), at('2025-10-12T08:00:00')));
    expect(late.state).toBe('met');
    expect(isLate(late)).toBe(true);
  });

  it('refuses a deadline that is met, missed or waived', () => {
    const met = value(meet(open(), at('2025-10-09T15:00:00')));
    expect(reason(meet(met, at('2025-10-10T10:00:00')))).toContain('已于 2025年10月9日 15:00 完成');
    const missed = value(miss(open(), at('2025-10-12T00:01:00')));
    expect(reason(meet(missed, at('2025-10-12T09:00:00')))).toContain('逾期');
    const waived = value(waive(open(), '当事人已撤回', at('2025-10-10T10:00:00')));
    expect(reason(meet(waived, at('2025-10-10T11:00:00')))).toContain('免除');
  });

  it('refuses to meet a count duty short of its requirement', () => {
    expect(reason(meet(countDuty(1), at('2026-11-20T10:00:00')))).toBe('「执法信息报送」期限要求完成 2 件，目前 1 件，还差 1 件。');
    expect(reason(meet(countDuty(), at('2026-11-20T10:00:00')))).toContain('还差 2 件');
  });

  it('does not carry fields of another state and does not touch the input', () => {
    const d = open();
    const snapshot = JSON.stringify(d);
    const met = value(meet(d, at('2025-10-09T15:00:00')));
    expect(JSON.stringify(d)).toBe(snapshot);
    expect(d.state).toBe('open');
    expect(Object.keys(met).sort()).toEqual(
      ['dueAt', 'id', 'kind', 'metAt', 'orgId', 'provisional', 'rule', 'state', 'subject', 'supervisorOrgCode'].sort(),
    );
    expect(met.subject).toEqual(d.subject);
  });
});

describe('miss', () => {
  it('refuses before the due instant, and at it', () => {
    expect(reason(miss(open(), at('2025-10-11T12:00:00')))).toBe('「乡镇移送」期限到 2025年10月11日 23:59 才届满，尚未逾期。');
    reason(miss(open(), DUE));
  });

  it('records a miss once due has passed', () => {
    const d = value(miss(open(), new Date(DUE.getTime() + 1000)));
    expect(d.state).toBe('missed');
    if (d.state !== 'missed') throw new Error('unreachable');
    expect(d.missedAt.toISOString()).toBe('2025-10-11T16:00:00.000Z');
    expect(isOverdue(open(), new Date(DUE.getTime() + 1))).toBe(true);
    expect(isOverdue(open(), DUE)).toBe(false);
    expect(isOverdue(d, new Date(DUE.getTime() + 1))).toBe(false);
  });

  it('refuses a deadline already closed', () => {
    const met = value(meet(open(), at('2025-10-09T15:00:00')));
    reason(miss(met, at('2025-10-12T00:01:00')));
    const missed = value(miss(open(), at('2025-10-12T00:01:00')));
    expect(reason(miss(missed, at('2025-10-13T00:01:00')))).toContain('不能再变更');
    const waived = value(waive(open(), '案件已撤销', at('2025-10-10T10:00:00')));
    reason(miss(waived, at('2025-10-12T00:01:00')));
  });
});

describe('waive', () => {
  it('requires a reason, trims it and caps its length', () => {
    expect(reason(waive(open(), '', at('2025-10-10T10:00:00')))).toBe('免除期限须写明理由。');
    reason(waive(open(), ' \n\t ', at('2025-10-10T10:00:00')));
    reason(waive(open(), '理'.repeat(MAX_WAIVE_REASON + 1), at('2025-10-10T10:00:00')));
    const d = value(waive(open(), '  管辖争议已提请区政府决定  ', at('2025-10-10T10:00:00')));
    expect(d).toMatchObject({ state: 'waived', reason: '管辖争议已提请区政府决定' });
    if (d.state !== 'waived') throw new Error('unreachable');
    expect(d.waivedAt.toISOString()).toBe('2025-10-10T02:00:00.000Z');
  });

  it('may waive after due while still open, but not a missed or met one', () => {
    expect(value(waive(open(), '当事人已撤回', at('2025-10-12T10:00:00'))).state).toBe('waived');
    reason(waive(value(miss(open(), at('2025-10-12T00:01:00'))), '补报理由', at('2025-10-12T10:00:00')));
    reason(waive(value(meet(open(), at('2025-10-09T10:00:00'))), '重复', at('2025-10-10T10:00:00')));
  });

  it('waives a count duty short of its requirement (案例一般不少于3件)', () => {
    const d = value(waive(countDuty(1), '本年度仅办结一件典型案件', at('2026-11-25T10:00:00')));
    expect(d).toMatchObject({ state: 'waived', progress: 1, required: 2 });
  });
});

describe('recordProgress', () => {
  it('counts up and becomes met when progress reaches the requirement', () => {
    const one = value(recordProgress(countDuty(), 1, at('2026-11-05T10:00:00')));
    expect(one).toMatchObject({ state: 'open', progress: 1 });
    const two = value(recordProgress(one, 1, at('2026-11-18T16:30:00')));
    expect(two).toMatchObject({ state: 'met', progress: 2 });
    if (two.state !== 'met') throw new Error('unreachable');
    expect(two.metAt.toISOString()).toBe('2026-11-18T08:30:00.000Z');
  });

  it('meets at once when a batch reaches or passes the requirement', () => {
    expect(value(recordProgress(countDuty(), 3, at('2026-11-05T10:00:00')))).toMatchObject({ state: 'met', progress: 3 });
  });

  it('keeps counting on a met duty without moving metAt', () => {
    const met = value(recordProgress(countDuty(), 2, at('2026-11-05T10:00:00')));
    const more = value(recordProgress(met, 1, at('2026-11-20T10:00:00')));
    expect(more).toMatchObject({ state: 'met', progress: 3 });
    if (more.state !== 'met') throw new Error('unreachable');
    expect(more.metAt.toISOString()).toBe('2026-11-05T02:00:00.000Z');
  });

  it('refuses a duty that is not a count, a bad count, and a missed or waived duty', () => {
    expect(reason(recordProgress(open(), 1, at('2025-10-09T10:00:00')))).toContain('不是计数类任务');
    for (const n of [0, -1, 1.5, Number.NaN]) reason(recordProgress(countDuty(), n, at('2026-11-05T10:00:00')));
    const missed = value(miss(countDuty(1), at('2026-12-01T00:01:00')));
    reason(recordProgress(missed, 1, at('2026-12-01T09:00:00')));
    const waived = value(waive(countDuty(), '机构改革', at('2026-11-05T10:00:00')));
    reason(recordProgress(waived, 2, at('2026-11-06T10:00:00')));
  });

  it('does not change the duty passed in', () => {
    const d = countDuty(1);
    value(recordProgress(d, 1, at('2026-11-05T10:00:00')));
    expect(d).toMatchObject({ state: 'open', progress: 1 });
  });

  it('starts from zero when a count duty has no progress recorded yet', () => {
    const d = open({ kind: 'guiding-cases', required: 3 });
    expect(value(recordProgress(d, 2, at('2025-10-01T10:00:00')))).toMatchObject({ state: 'open', progress: 2 });
  });
});

describe('withdrawProgress (a counted item that stops counting: a returned guiding case)', () => {
  const met = (n: number) => value(recordProgress(countDuty(), n, at('2026-11-05T10:00:00')));

  it('counts an open duty down, never below zero', () => {
    expect(value(withdrawProgress(countDuty(1), 1))).toEqual({ deadline: expect.objectContaining({ state: 'open', progress: 0 }), reopened: false });
    expect(value(withdrawProgress(countDuty(), 1)).deadline).toMatchObject({ state: 'open', progress: 0 });
  });

  it('keeps a met duty met while it still has enough, metAt unchanged', () => {
    const r = value(withdrawProgress(met(3), 1));
    expect(r.reopened).toBe(false);
    expect(r.deadline).toMatchObject({ state: 'met', progress: 2 });
    if (r.deadline.state !== 'met') throw new Error('unreachable');
    expect(r.deadline.metAt.toISOString()).toBe('2026-11-05T02:00:00.000Z');
  });

  it('opens a met duty again when it falls short', () => {
    const r = value(withdrawProgress(met(2), 1));
    expect(r).toMatchObject({ reopened: true, deadline: { state: 'open', progress: 1 } });
    expect('metAt' in r.deadline).toBe(false);
  });

  it('refuses a duty that is not a count, a bad count, and a missed or waived duty (final records)', () => {
    expect(reason(withdrawProgress(open(), 1))).toContain('不是计数类任务');
    for (const n of [0, -1, 1.5]) reason(withdrawProgress(countDuty(1), n));
    expect(reason(withdrawProgress(value(miss(countDuty(1), at('2026-12-01T00:01:00'))), 1))).toContain('记为逾期');
    reason(withdrawProgress(value(waive(countDuty(), '机构改革', at('2026-11-05T10:00:00'))), 1));
  });
});
