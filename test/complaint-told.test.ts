/**
 * Slot filling in the complaint form (issue 15): a problem told in one sentence fills
 * 事由, and the place, time and accused body it names are confirmed instead of asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { unitOfWork } from '../db/store';
import { complaints } from '../db/schema';
import type { Directory } from '../domain/organisation';
import { Person, last, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
const now = new Date('2026-11-25T10:00:00+08:00');

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

const SENTENCE = '昨晚11点在东风路12号工地夜间施工噪音扰民';

/** Answers the form until it registers the complaint; the questions it asked (the prompts answered). */
async function fileAnswering(p: Person, first: string, answers: Record<string, string>): Promise<{ no: string; questions: string[] }> {
  const questions: string[] = [];
  let reply = last(await p.say(first));
  for (let i = 0; i < 12; i++) {
    const key = Object.keys(answers).find((k) => reply.text.includes(k));
    if (!key) throw new Error(`unexpected prompt: ${reply.text}`);
    questions.push(reply.text);
    const replies = await p.say(answers[key]!);
    const text = replies.map((r) => r.text).join('\n');
    if (/TS-\d{4}-\d{6}/.test(text) && text.includes('已登记')) return { no: trackingNoIn(text), questions };
    reply = last(replies);
  }
  throw new Error('the form did not end');
}

describe('a problem told in one sentence', () => {
  it('typed instead of 投诉: 事由 taken, place and time confirmed, filed with those fields and fewer questions', async () => {
    const p = new Person(engine, 'told-1');
    const opened = await p.say(SENTENCE);
    expect(opened.map((r) => r.text).join('\n')).toContain(SENTENCE);
    const where = last(opened);
    expect(where.text).toContain('地点：东风路12号，对吗？');
    expect(where.options).toEqual(['是', '修改']);
    const when = last(await p.say('是'));
    expect(when.text).toContain('时间：昨晚11点，对吗？');
    expect(last(await p.say('是')).text).toContain('4/5');
    await p.say('跳过');
    const summary = last(await p.say('匿名'));
    expect(summary.text).toContain(`事由：${SENTENCE}`);
    expect(summary.text).toContain('地点：东风路12号');
    expect(summary.text).toContain('时间：昨晚11点');
    const no = trackingNoIn(await p.text('确认提交'));
    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    expect(row).toMatchObject({ what: SENTENCE, whereText: '东风路12号', whenText: '昨晚11点', contactPhone: null });
  });

  it('asks fewer questions than the form from 投诉', async () => {
    const answers = { '1/5': SENTENCE, '2/5': '是', '3/5': '是', '4/5': '跳过', '5/5': '匿名', 请核对: '确认提交' };
    const told = await fileAnswering(new Person(engine, 'told-2'), SENTENCE, answers);
    const asked = await fileAnswering(new Person(engine, 'told-3'), '投诉', { ...answers, '2/5': '东风路12号', '3/5': '昨晚11点' });
    expect(told.questions.length).toBeLessThan(asked.questions.length);
    for (const no of [told.no, asked.no]) {
      const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
      expect(row).toMatchObject({ what: SENTENCE, whereText: '东风路12号', whenText: '昨晚11点' });
    }
  });

  it('as the first answer after 投诉 it fills the place and time too; 修改 asks, another answer replaces', async () => {
    const p = new Person(engine, 'told-4');
    await p.say('投诉');
    expect(last(await p.say(SENTENCE)).text).toContain('地点：东风路12号，对吗？');
    const asked = last(await p.say('修改'));
    expect(asked.text).toContain('事情发生在哪里');
    expect(last(await p.say('东风路14号')).text).toContain('时间：昨晚11点，对吗？');
    expect(last(await p.say('前天晚上11点')).text).toContain('4/5'); // typed instead of 是: the answer itself
    await p.say('跳过');
    const summary = last(await p.say('匿名'));
    expect(summary.text).toContain('地点：东风路14号');
    expect(summary.text).toContain('时间：前天晚上11点');
    await p.say('取消');
  });

  it('a body named in the sentence is confirmed as the accused, and the complaint goes to the justice bureau', async () => {
    const p = new Person(engine, 'told-5');
    await p.say('投诉');
    await p.say('市场监管局的执法人员在兴华街检查时乱罚款不开票');
    await p.say('是'); // 兴华街
    const accused = last(await p.say('上周三'));
    expect(accused.text).toContain(`被投诉对象：${directory.byCode('scjg')!.name}，对吗？`);
    await p.say('是');
    const summary = last(await p.say('匿名'));
    expect(summary.text).toContain('拟交由：抚宁区司法局');
    await p.say('取消');
  });

  it('a message that only asks to complain opens the form at its first question', async () => {
    const p = new Person(engine, 'told-6');
    expect(last(await p.say('我想反映一个问题')).text).toContain('1/5');
    await p.say('取消');
  });
});
