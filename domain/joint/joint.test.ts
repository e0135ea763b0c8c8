import { describe, expect, it } from 'vitest';
import * as J from './joint';

describe('joint actions and assistance', () => {
  it('needs another body, substantive plans, and closes once', () => {
    expect(J.checkParticipants(1, [1])).toEqual({ ok: false, reason: '联合执法需要至少一个配合单位（不含牵头单位）。' });
    expect(J.checkParticipants(1, [2, 1, 2, 3])).toEqual({ ok: true, value: [2, 3] });
    expect(J.checkPlan('按方案', '应急预案').ok).toBe(false);
    expect(['食品安全', '药品', '安全生产', '环保', '生态环境', '其他'].map(J.parseField)).toEqual(['food-drug', 'food-drug', 'work-safety', 'environment', 'environment', 'other']);
    const a: J.JointAction = {
      id: 1, actionNo: 'LH-2026-000001', leadOrgId: 1, field: 'environment', title: '联合检查', participantOrgIds: [2], workPlan: 'w', emergencyPlan: 'e',
      startsOn: '2026-12-10', registrarPersonId: 1, registeredAt: new Date(0), state: 'planned',
    };
    expect(J.completionBlock(a, [2], '2026-12-09')).toEqual({ kind: 'not-started', startsOn: '2026-12-10' });
    expect(J.completionBlock({ ...a, participantOrgIds: [2, 3] }, [2], '2026-12-10')).toEqual({ kind: 'unconfirmed', orgIds: [3] });
    expect(J.completionBlock(a, [2], '2026-12-10')).toBeNull();
    const done = J.complete(a, '检查20家', new Date(1));
    expect(done.ok && done.value.state).toBe('completed');
    if (done.ok) expect(J.complete(done.value, '再次总结', new Date(2)).ok).toBe(false);
  });

  it('reads the kind of assistance and answers once', () => {
    expect(['技术支撑', '查阅档案', '复制资料', '帮忙'].map(J.parseAssistanceKind)).toEqual(['technical', 'file-access', 'file-access', undefined]);
    const r: J.AssistanceRequest = { id: 1, requestNo: 'XZ-2026-000001', townshipOrgId: 1, departmentOrgId: 2, kind: 'technical', letter: 'l', requesterPersonId: 1, requestedAt: new Date(0), state: 'open' };
    const a = J.answerAssistance(r, '已安排', 3, new Date(1));
    expect(a.ok && a.value.state).toBe('answered');
    if (a.ok) expect(J.answerAssistance(a.value, '再答', 3, new Date(2)).ok).toBe(false);
  });
});
