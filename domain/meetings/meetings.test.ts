import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Directory, type Organisation } from '../organisation';
import * as I from './item';
import * as L from './liaisons';
import * as M from './meeting';
import { canSeeItem, canSeeMeeting, memberOrgsOf, memberUnits, officeBodies, runsMeetings } from './members';

const seed = (): Directory => {
  const { organisations } = JSON.parse(readFileSync(new URL('../../db/seed/directory.json', import.meta.url), 'utf8')) as { organisations: Omit<Organisation, 'id'>[] };
  return new Directory(organisations.map((o, i) => ({ ...o, id: i + 1 })));
};
const dir = seed();
const id = (code: string) => dir.byCode(code)!.id;
const at = (s: string) => new Date(`${s}+08:00`);

const proposed: M.Meeting = {
  id: 1, meetingNo: 'HY-2026-000001', body: 'joint', kind: 'temporary', convenerOrgId: id('xtb'), topic: '渣土车管理', memberOrgIds: [id('cgj'), id('zjj')],
  proposedByOrgId: id('zjj'), createdAt: at('2026-11-25T10:00:00'), state: 'proposed', proposerPersonId: 7,
};

describe('meeting lifecycle', () => {
  it('records a meeting held offline at its real time, this year or last, never ahead', () => {
    const facts = { id: 0, meetingNo: 'HY-2027-000002', body: 'joint' as const, kind: 'regular' as const, convenerOrgId: id('xtb'), topic: '年度会议', memberOrgIds: [id('cgj')] };
    const now = at('2027-01-05T10:00:00');
    const h = M.recordHeld(facts, { startsAt: at('2026-12-20T09:00:00'), place: '会议室' }, '议定两项', now);
    expect(h.ok && h.value).toMatchObject({ state: 'held', heldAt: at('2026-12-20T09:00:00'), recordedAt: now });
    if (h.ok) expect(M.dutyMet(h.value)).toMatchObject({ kind: 'joint-meeting', period: { key: '2026' } }); // the year it was held in
    expect(M.recordHeld(facts, { startsAt: at('2027-01-06T09:00:00'), place: '会议室' }, '纪要', now).ok).toBe(false);
    expect(M.recordHeld(facts, { startsAt: at('2025-12-31T09:00:00'), place: '会议室' }, '纪要', now).ok).toBe(false);
    expect(M.recordHeld(facts, { startsAt: at('2026-01-01T09:00:00'), place: '会议室' }, ' ', now).ok).toBe(false);
  });

  it('reads a liaison’s phone as written', () => {
    expect(L.checkPhone('0335-6011234')).toEqual({ ok: true, value: '0335-6011234' });
    expect(L.checkPhone('139 0000 1111')).toEqual({ ok: true, value: '13900001111' });
    expect(L.checkPhone('123').ok).toBe(false);
  });

  it('schedules a proposal, holds it after its time with minutes, and refuses the rest', () => {
    const s = M.schedule(proposed, { startsAt: at('2026-11-27T15:00:00'), place: ' 会议室 ' }, at('2026-11-25T11:00:00'));
    expect(s.ok && s.value.state).toBe('scheduled');
    if (!s.ok) return;
    expect('proposerPersonId' in s.value).toBe(false);
    expect(s.ok && 'place' in s.value && s.value.place).toBe('会议室');
    expect(M.schedule(s.value, { startsAt: at('2026-11-28T15:00:00'), place: 'x' }, at('2026-11-25T11:00:00')).ok).toBe(false);
    expect(M.schedule(proposed, { startsAt: at('2026-11-24T15:00:00'), place: '会议室' }, at('2026-11-25T11:00:00'))).toEqual({ ok: false, reason: '会议时间不能早于现在。' });
    expect(M.schedule(proposed, { startsAt: at('2026-11-27T15:00:00'), place: ' ' }, at('2026-11-25T11:00:00')).ok).toBe(false);
    expect(M.hold(s.value, '纪要', at('2026-11-27T14:00:00'))).toEqual({ ok: false, reason: '会议 HY-2026-000001 尚未到召开时间。' });
    expect(M.hold(s.value, '  ', at('2026-11-27T16:00:00')).ok).toBe(false);
    const h = M.hold(s.value, '议定两项', at('2026-11-27T16:00:00'));
    expect(h.ok && h.value.state).toBe('held');
    if (!h.ok) return;
    expect(M.cancel(h.value, '理由', at('2026-11-28T00:00:00')).ok).toBe(false);
    expect(M.cancel(s.value, '理由', at('2026-11-26T00:00:00')).ok).toBe(true);
    expect(M.decline(proposed, '', at('2026-11-26T00:00:00')).ok).toBe(false);
    expect(M.decline(proposed, '已合并议题', at('2026-11-26T00:00:00')).ok).toBe(true);
    expect(M.decline(s.value, '已合并议题', at('2026-11-26T00:00:00')).ok).toBe(false);
  });

  it('meets the year duty only with a regular joint meeting, the quarter duty with any M14 meeting', () => {
    const held = (body: M.MeetingBody, kind: M.MeetingKind): M.Meeting => ({
      ...proposed, body, kind, state: 'held', startsAt: at('2026-12-31T20:00:00'), place: 'x', scheduledAt: at('2026-12-01T00:00:00'), heldAt: at('2026-12-31T23:30:00'), minutes: 'm',
    });
    expect(M.dutyMet(held('joint', 'regular'))).toMatchObject({ kind: 'joint-meeting', period: { key: '2026' } });
    expect(M.dutyMet(held('joint', 'temporary'))).toBeNull();
    expect(M.dutyMet(held('approval', 'temporary'))).toMatchObject({ kind: 'approval-meeting', period: { key: '2026-Q4' } });
    expect(M.dutyMet(proposed)).toBeNull();
    expect(M.MEETING_DUTIES).toEqual(['joint-meeting', 'approval-meeting']);
  });

  it('reads attendance as each unit’s latest answer', () => {
    const a = M.attendanceOf([
      { kind: 'attend', orgId: 1 }, { kind: 'absent', orgId: 2, note: '出差' }, { kind: 'absent', orgId: 1, note: '改期' }, { kind: 'scheduled', orgId: 3 },
    ]);
    expect([...a.values()]).toEqual([{ orgId: 1, attending: false, note: '改期' }, { orgId: 2, attending: false, note: '出差' }]);
  });
});

describe('decided items', () => {
  const item: I.MeetingItem = {
    id: 1, itemNo: 'YD-2026-000001', meetingNo: 'HY-2026-000001', body: 'joint', convenerOrgId: 2, orgId: 9, content: '制定办法', dueDate: '2026-12-10',
    assignerPersonId: 1, assignedAt: at('2026-12-03T12:00:00'), state: 'assigned',
  };
  it('goes reported → sent back → reported → done, and is overdue after its due day', () => {
    expect(I.report(item, ' ', 5, at('2026-12-04T00:00:00')).ok).toBe(false);
    const r = I.report(item, '已起草', 5, at('2026-12-04T00:00:00'));
    expect(r.ok && r.value.state).toBe('reported');
    if (!r.ok) return;
    expect(I.report(r.value, '再报', 5, at('2026-12-04T00:00:00')).ok).toBe(false);
    expect(I.accept(item, 1, at('2026-12-05T00:00:00')).ok).toBe(false);
    const back = I.sendBack(r.value, '请附文号', at('2026-12-05T00:00:00'));
    expect(back.ok && back.value.state === 'assigned' && back.value.sentBack?.reason).toBe('请附文号');
    if (!back.ok) return;
    expect('report' in back.value).toBe(false);
    const again = I.report(back.value, '已印发', 5, at('2026-12-06T00:00:00'));
    const done = again.ok ? I.accept(again.value, 1, at('2026-12-07T00:00:00')) : again;
    expect(done.ok && done.value.state).toBe('done');
    if (!done.ok) return;
    expect(I.sendBack(done.value, '理由', at('2026-12-08T00:00:00'))).toEqual({ ok: false, reason: '议定事项 YD-2026-000001 已办结。' });
    expect(I.isOverdue(item, at('2026-12-10T23:59:00'))).toBe(false);
    expect(I.isOverdue(item, at('2026-12-11T00:00:01'))).toBe(true);
    expect(I.isOverdue(done.value, at('2026-12-11T00:00:01'))).toBe(false);
  });
});

describe('member units and offices', () => {
  it('makes the departments, procuratorate, 编办 and the two bureaus members of the joint meeting, not townships or the police', () => {
    const codes = memberUnits('joint', dir).map((o) => o.code);
    for (const c of ['scjg', 'cgj', 'sthj', 'jcy', 'bb', 'sfj', 'spj']) expect(codes).toContain(c);
    for (const c of ['xtb', 'qzf', 'gaj', 'jw', 'fnz', 'lcjd']) expect(codes).not.toContain(c);
    const m14 = memberUnits('approval', dir).map((o) => o.code);
    expect(m14).toContain('wjj');
    expect(m14).not.toContain('spj');
    expect(m14.every((c) => dir.byCode(c)!.kind === 'department')).toBe(true);
  });

  it('gives each office to its staff and lets members speak through liaison or head', () => {
    const office = { personId: 1, grants: [{ orgId: id('xtb'), role: 'coordination' as const }] };
    const spj = { personId: 2, grants: [{ orgId: id('spj'), role: 'approval' as const }, { orgId: id('spj'), role: 'liaison' as const }] };
    const officer = { personId: 3, grants: [{ orgId: id('cgj'), role: 'officer' as const }] };
    const liaison = { personId: 4, grants: [{ orgId: id('cgj'), role: 'liaison' as const }] };
    expect(officeBodies(office, dir)).toEqual(['joint']);
    expect(officeBodies(spj, dir)).toEqual(['approval']);
    expect(runsMeetings(liaison, 'joint', dir)).toBe(false);
    expect(memberOrgsOf(spj, 'joint', dir)).toEqual([id('spj')]);
    expect(memberOrgsOf(officer, 'joint', dir)).toEqual([]);
    expect(memberOrgsOf(liaison, 'approval', dir)).toEqual([id('cgj')]);
    expect(canSeeMeeting(officer, proposed, dir)).toBe(true);
    expect(canSeeMeeting({ personId: 5, grants: [{ orgId: id('lyj'), role: 'liaison' }] }, proposed, dir)).toBe(false);
    expect(canSeeItem(office, { body: 'joint', orgId: id('lyj') }, dir)).toBe(true);
    expect(canSeeItem(spj, { body: 'joint', orgId: id('lyj') }, dir)).toBe(false);
  });
});
