/**
 * Old buttons do not answer new questions (issue 15, finding 2): the reply carrying a
 * prompt's options has a ref, a click sends it back, and a click on a button of an
 * earlier prompt gets 「该选项已过期。」 and the current prompt — nothing is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { unitOfWork } from '../db/store';
import type { Reply } from '../domain/ports';
import { last } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';

let database: TestDatabase;
let engine: Engine;
const now = new Date('2026-11-25T10:00:00+08:00');

beforeAll(async () => {
  database = await testDatabase();
  ({ engine } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

let seq = 0;
/** A message from a web visitor: typed, or a click on an option of a reply (its ref sent back). */
const send = (id: string, text: string, ref?: string): Promise<Reply[]> =>
  engine.handle({ platform: 'test', externalId: id, chatId: id, messageId: `${id}-${++seq}`, text, ...(ref !== undefined ? { ref } : {}) });
const joined = (rs: Reply[]) => rs.map((r) => r.text).join('\n');

describe('stale option buttons', () => {
  it('a click on 不清楚 of step 3 at step 4 is refused and nothing is recorded', async () => {
    const id = 'stale-1';
    await send(id, '投诉');
    await send(id, '超市卖过期食品，酸奶过期一个月还在卖');
    const step3 = last(await send(id, '骊城街道某某超市'));
    expect(step3.options).toContain('不清楚');
    expect(step3.ref).toBeTruthy();
    const step4 = last(await send(id, '昨天下午'));
    expect(step4.ref).toBeTruthy();
    expect(step4.ref).not.toBe(step3.ref);

    const stale = await send(id, '不清楚', step3.ref);
    expect(stale[0]!.text).toBe('该选项已过期。');
    expect(last(stale).text).toBe(step4.text);
    expect(last(stale).ref).toBe(step4.ref);

    // Still at step 4, with step 3's answer as given: 跳过 moves on, and the summary shows 昨天下午.
    await send(id, '跳过');
    const summary = joined(await send(id, '匿名'));
    expect(summary).toContain('昨天下午');
    expect(summary).not.toMatch(/被投诉对象：不清楚/);
  });

  it('a click on an option of the current prompt is taken', async () => {
    const id = 'stale-2';
    await send(id, '投诉');
    await send(id, '超市卖过期食品，酸奶过期一个月还在卖');
    const step3 = last(await send(id, '骊城街道某某超市'));
    const r = last(await send(id, '不清楚', step3.ref));
    expect(r.text).toContain('4/5');
  });

  it('a button of an earlier dialogue of the same form is stale too', async () => {
    const id = 'stale-3';
    await send(id, '投诉');
    await send(id, '超市卖过期食品，酸奶过期一个月还在卖');
    const old = last(await send(id, '骊城街道某某超市'));
    await send(id, '取消');
    await send(id, '投诉');
    await send(id, '超市卖过期食品，酸奶过期一个月还在卖');
    const now3 = last(await send(id, '骊城街道某某超市'));
    expect(now3.ref).not.toBe(old.ref);
    expect((await send(id, '不清楚', old.ref))[0]!.text).toBe('该选项已过期。');
  });

  it('with no dialogue open, an old button only says it is stale', async () => {
    const id = 'stale-4';
    await send(id, '投诉');
    await send(id, '超市卖过期食品，酸奶过期一个月还在卖');
    const step3 = last(await send(id, '骊城街道某某超市'));
    await send(id, '取消');
    const r = await send(id, '不清楚', step3.ref);
    expect(r).toHaveLength(1);
    expect(r[0]!.text).toBe('该选项已过期。');
    expect(r[0]!.options).toBeDefined();
    // Nothing was opened: 帮助 is answered as outside a dialogue.
    expect(joined(await send(id, '帮助'))).toContain('执法协同助手可以帮您');
  });

  it('typed text and numbers carry no ref and are answered as before', async () => {
    const id = 'stale-5';
    await send(id, '投诉');
    await send(id, '超市卖过期食品，酸奶过期一个月还在卖');
    await send(id, '骊城街道某某超市');
    expect(last(await send(id, '1')).text).toContain('4/5');
  });
});
