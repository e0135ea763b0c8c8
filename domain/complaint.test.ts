import { describe, expect, it } from 'vitest';
import type { Due } from './calendar/calendar';
import {
  type Complaint,
  MAX_TEXT,
  accept,
  answerAssist,
  formatTrackingNo,
  forward,
  parseTrackingNo,
  requestAssist,
  resolve,
} from './complaint';
import type { Result } from './result';
import { value, reason, deepFreeze, at } from './testing';

const HANDLING = 10;
const OTHER = 20;
const THIRD = 30;
const OFFICER = 501;

const firstDue: Due = { due: at('2025-03-12T23:59:59'), provisional: false };
const newDue: Due = { due: at('2025-03-21T23:59:59'), provisional: true };

function registered(over: Partial<Complaint> = {}): Complaint {
  return deepFreeze({
    id: 7,
    trackingNo: 'TS-2025-000042',
    complainantPersonId: 100,
    handlingOrgId: HANDLING,
    routedBy: 'keywords',
    forwardedFromOrgId: null,
    assistingOrgId: null,
    assistRounds: 0,
    assistAnswer: null,
    registeredAt: at('2025-03-03T10:00:00'),
    acceptDue: firstDue,
    what: '超市销售过期酸奶',
    where: '骊城街道兴华街12号',
    when: '3月2日下午',
    accused: { kind: 'none' },
    accusedText: null,
    contact: { name: '张三', phone: '13800138000' },
    ...over,
    status: 'registered',
  } as Complaint);
}

const acceptedC = () => deepFreeze(value(accept(registered(), OFFICER, at('2025-03-04T09:00:00'))));
const resolvedC = () => deepFreeze(value(resolve(acceptedC(), '已责令下架并立案调查', at('2025-03-06T15:00:00'))));

/** Runs `fn` on a frozen complaint and checks it still equals a copy taken before. */
function unchanged(c: Complaint, fn: (c: Complaint) => unknown): void {
  const before = structuredClone(c);
  fn(c);
  expect(c).toEqual(before);
}

describe('tracking numbers', () => {
  it('formats year and a six-digit sequence', () => {
    expect(formatTrackingNo(2025, 1)).toBe('TS-2025-000001');
    expect(formatTrackingNo(2025, 4321)).toBe('TS-2025-004321');
    expect(formatTrackingNo(2026, 999_999)).toBe('TS-2026-999999');
  });

  it('refuses a sequence out of range', () => {
    expect(() => formatTrackingNo(2025, 0)).toThrow(RangeError);
    expect(() => formatTrackingNo(2025, -3)).toThrow(RangeError);
    expect(() => formatTrackingNo(2025, 1_000_000)).toThrow(RangeError);
  });

  it('parses what it formats', () => {
    for (const seq of [1, 42, 999_999]) expect(parseTrackingNo(formatTrackingNo(2025, seq))).toBe(formatTrackingNo(2025, seq));
  });

  it('accepts lower case, spaces and full-width or typographic dashes', () => {
    const want = 'TS-2025-000042';
    for (const typed of [
      'ts-2025-000042',
      '  TS-2025-000042\n',
      'TS 2025 000042',
      'ts - 2025 - 000042',
      'TS－2025－000042', // full-width hyphen-minus
      'TS—2025—000042', // em dash
      'TS–2025–000042', // en dash
      'ts_2025_000042',
      'TS--2025--000042',
    ])
      expect(parseTrackingNo(typed), typed).toBe(want);
  });

  it('rejects anything else', () => {
    for (const bad of [
      '',
      '   ',
      'TS-2025-42',
      'TS-2025-0000042',
      'TS-25-000042',
      'TS-20255-000042',
      'XS-2025-000042',
      'TS-2025-00004a',
      'TS-2025',
      '投诉 TS-2025-000042',
      'TS-2025-000042号',
    ])
      expect(parseTrackingNo(bad), bad).toBeUndefined();
  });
});

describe('accept', () => {
  it('accepts a registered complaint, naming the handler', () => {
    const c = registered();
    const a = value(accept(c, OFFICER, at('2025-03-04T09:00:00')));
    expect(a).toEqual({ ...c, status: 'accepted', handlerPersonId: OFFICER, acceptedAt: at('2025-03-04T09:00:00') });
    expect(c.status).toBe('registered');
  });

  it('refuses to accept twice, or after it is resolved', () => {
    unchanged(acceptedC(), (c) => expect(reason(accept(c, 502, new Date()))).toContain('已经受理'));
    unchanged(resolvedC(), (c) => expect(reason(accept(c, 502, new Date()))).toContain('已经办结'));
    expect(reason(accept(acceptedC(), 502, new Date()))).toContain('TS-2025-000042');
  });
});

describe('forward', () => {
  it('passes a registered complaint to another body with a new accept deadline', () => {
    const c = registered();
    const f = value(forward(c, OTHER, newDue));
    expect(f).toEqual({ ...c, status: 'registered', handlingOrgId: OTHER, forwardedFromOrgId: HANDLING, acceptDue: newDue });
  });

  it('passes an accepted complaint back to registered, dropping handler fields and the assist request', () => {
    const c = deepFreeze(value(requestAssist(acceptedC(), THIRD)));
    const f = value(forward(c, OTHER, newDue));
    expect(f.status).toBe('registered');
    expect(f.handlingOrgId).toBe(OTHER);
    expect(f.forwardedFromOrgId).toBe(HANDLING);
    expect(f.assistingOrgId).toBeNull();
    expect(f.acceptDue).toEqual(newDue);
    expect(f).not.toHaveProperty('handlerPersonId');
    expect(f).not.toHaveProperty('acceptedAt');
    // The facts and the ledger identity stay.
    const { what, where, when, contact, trackingNo, id, registeredAt, complainantPersonId, routedBy } = c;
    expect(f).toMatchObject({ what, where, when, contact, trackingNo, id, registeredAt, complainantPersonId, routedBy });
    expect(c.status).toBe('accepted');
    expect(c.handlingOrgId).toBe(HANDLING);
  });

  it('records the last body that passed it on', () => {
    const once = deepFreeze(value(forward(registered(), OTHER, newDue)));
    const twice = value(forward(once, THIRD, firstDue));
    expect(twice).toMatchObject({ handlingOrgId: THIRD, forwardedFromOrgId: OTHER, acceptDue: firstDue });
  });

  it('refuses a resolved complaint', () => {
    unchanged(resolvedC(), (c) => expect(reason(forward(c, OTHER, newDue))).toContain('已经办结'));
  });

  it('refuses to forward to the body already handling it', () => {
    unchanged(registered(), (c) => expect(reason(forward(c, HANDLING, newDue))).toContain('本单位'));
    unchanged(acceptedC(), (c) => expect(reason(forward(c, HANDLING, newDue))).toContain('本单位'));
  });
});

describe('requestAssist', () => {
  it('asks another body to assist an accepted complaint, keeping it accepted', () => {
    const c = acceptedC();
    const a = value(requestAssist(c, THIRD));
    expect(a).toEqual({ ...c, assistingOrgId: THIRD, assistRounds: 1 });
    expect(a.status).toBe('accepted');
    expect(c.assistingOrgId).toBeNull();
  });

  it('asks once at a time: a new request (a new round) only after the answer', () => {
    const asked = value(requestAssist(acceptedC(), THIRD));
    unchanged(asked, (c) => expect(reason(requestAssist(c, THIRD))).toContain('尚待其答复'));
    const answered = value(answerAssist(asked, THIRD, '已调取执法记录仪视频，情况属实', 900, at('2025-03-05T10:00:00')));
    expect(answered.assistAnswer).toEqual({ text: '已调取执法记录仪视频，情况属实', at: at('2025-03-05T10:00:00'), personId: 900 });
    expect(value(requestAssist(answered, THIRD))).toMatchObject({ assistingOrgId: THIRD, assistRounds: 2, assistAnswer: null });
  });

  it('forwarding drops the request and its answer but keeps the count of rounds', () => {
    const answered = value(answerAssist(value(requestAssist(acceptedC(), THIRD)), THIRD, '已核实，情况属实', 900, at('2025-03-05T10:00:00')));
    expect(value(forward(answered, OTHER, newDue))).toMatchObject({ assistingOrgId: null, assistAnswer: null, assistRounds: 1 });
  });

  it('refuses before acceptance, after resolution, and for the handling body itself', () => {
    unchanged(registered(), (c) => expect(reason(requestAssist(c, THIRD))).toContain('请先受理'));
    unchanged(resolvedC(), (c) => expect(reason(requestAssist(c, THIRD))).toContain('已经办结'));
    unchanged(acceptedC(), (c) => expect(reason(requestAssist(c, HANDLING))).toContain('本单位'));
  });
});

describe('answerAssist', () => {
  const asked = () => deepFreeze(value(requestAssist(acceptedC(), THIRD)));

  it('is given once, by the body asked, while the complaint is being handled, with a real answer', () => {
    unchanged(asked(), (c) => {
      expect(reason(answerAssist(c, OTHER, '我们也来答复一下', 900, new Date()))).toContain('没有请贵单位');
      expect(reason(answerAssist(c, THIRD, ' 好的 ', 900, new Date()))).toContain('请写明');
      expect(reason(answerAssist(c, THIRD, '查'.repeat(MAX_TEXT.result + 1), 900, new Date()))).toContain(String(MAX_TEXT.result));
    });
    const once = deepFreeze(value(answerAssist(asked(), THIRD, '  已核实，情况属实  ', 900, at('2025-03-05T10:00:00'))));
    expect(once.assistAnswer!.text).toBe('已核实，情况属实');
    unchanged(once, (c) => expect(reason(answerAssist(c, THIRD, '再补充一些情况', 900, new Date()))).toContain('已答复'));
    const closed = deepFreeze(value(resolve(asked(), '已依法处理', at('2025-03-06T10:00:00'))));
    unchanged(closed, (c) => expect(reason(answerAssist(c, THIRD, '已核实，情况属实', 900, new Date()))).toContain('已经办结'));
  });
});

describe('resolve', () => {
  it('resolves an accepted complaint with the trimmed result, keeping the handler', () => {
    const c = acceptedC();
    const r = value(resolve(c, '  已责令下架并立案调查  ', at('2025-03-06T15:00:00')));
    expect(r).toEqual({ ...c, status: 'resolved', result: '已责令下架并立案调查', resolvedAt: at('2025-03-06T15:00:00') });
    expect(c.status).toBe('accepted');
  });

  it('accepts a result of exactly 4 and exactly MAX_TEXT.result characters', () => {
    expect(value(resolve(acceptedC(), '已经处理', new Date())).status).toBe('resolved');
    expect(value(resolve(acceptedC(), '查'.repeat(MAX_TEXT.result), new Date())).status).toBe('resolved');
  });

  it('refuses before acceptance and after resolution', () => {
    unchanged(registered(), (c) => expect(reason(resolve(c, '已责令下架并立案调查', new Date()))).toContain('请先受理'));
    unchanged(resolvedC(), (c) => expect(reason(resolve(c, '再次办结的结果', new Date()))).toContain('已经办结'));
  });

  it('refuses a result too short once trimmed, or too long', () => {
    unchanged(acceptedC(), (c) => {
      expect(reason(resolve(c, '好的', new Date()))).toContain('太短');
      expect(reason(resolve(c, '   已处理   ', new Date()))).toContain('太短');
      expect(reason(resolve(c, '', new Date()))).toContain('太短');
      expect(reason(resolve(c, '查'.repeat(MAX_TEXT.result + 1), new Date()))).toContain(String(MAX_TEXT.result));
    });
  });
});

describe('whole lifecycle', () => {
  it('registered → forwarded → accepted → assisted → resolved', () => {
    let c = registered();
    c = value(forward(c, OTHER, newDue));
    c = value(accept(c, 777, at('2025-03-10T09:00:00')));
    c = value(requestAssist(c, THIRD));
    c = value(resolve(c, '经联合调查，已依法处罚', at('2025-03-12T16:00:00')));
    expect(c).toMatchObject({
      status: 'resolved',
      handlingOrgId: OTHER,
      forwardedFromOrgId: HANDLING,
      assistingOrgId: THIRD,
      handlerPersonId: 777,
      result: '经联合调查，已依法处罚',
    });
  });
});
