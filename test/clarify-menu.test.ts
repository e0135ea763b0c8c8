/**
 * The clarification menu (offered when the classifier is unsure) is a step nobody gets
 * stuck in: any command word, another phrase or 取消 leaves it, and what it offers fits
 * the person (a citizen is not offered staff work).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person, last, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { bindStaff } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
const now = new Date('2026-11-25T10:00:00+08:00');

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

let n = 0;
/** A new person who has just been shown the menu. */
async function atMenu(id = `menu-${++n}`): Promise<Person> {
  const p = new Person(engine, id);
  const menu = last(await p.say('随便说说'));
  expect(menu.text).toContain('没有完全理解');
  return p;
}

describe('the clarification menu', () => {
  it('says how to leave it, and offers a citizen only what a citizen can do', async () => {
    const p = new Person(engine, 'menu-citizen');
    const menu = last(await p.say('随便说说'));
    expect(menu.text).toContain('取消');
    expect(menu.options).toBeDefined();
    for (const o of menu.options!) expect(['投诉举报', '查询进度', '使用帮助']).toContain(o);
  });

  it.each([
    ['投诉', '1/5'],
    ['帮助', '执法协同助手可以帮您'],
    ['我的账号', '您关联的账号'],
    ['取消', '已取消'],
  ])('leaves on “%s”', async (word, expected) => {
    const p = await atMenu();
    const reply = (await p.say(word)).map((r) => r.text).join('\n');
    expect(reply).not.toContain('序号');
    expect(reply).toContain(expected);
    // …and the menu is gone: the next command is answered as such.
    if (word !== '投诉') expect((await p.say('帮助')).map((r) => r.text).join('\n')).toContain('执法协同助手可以帮您');
  });

  it('still takes its own numbers and labels', async () => {
    const p = await atMenu();
    const menu = last(await p.say('随便说说'));
    const i = menu.options!.indexOf('投诉举报');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(last(await p.say(String(i + 1))).text).toContain('1/5');
  });

  it('a bare record number asks for its status, from the menu and from anywhere', async () => {
    const p = new Person(engine, 'menu-filer');
    await p.say('投诉');
    await p.say('超市卖过期食品，酸奶过期一个月还在卖');
    await p.say('骊城街道某某超市');
    await p.say('昨天下午');
    await p.say('跳过');
    await p.say('匿名');
    const no = trackingNoIn(await p.text('确认提交'));

    expect(await p.text(no)).toContain('已登记，待受理');
    await p.say('随便说说');
    expect(await p.text(no.toLowerCase())).toContain('已登记，待受理');
    expect(await p.text('TS-2026-999999')).not.toContain('序号');
  });

  it('lets staff use their commands from it', async () => {
    const officer = await bindStaff(engine, database.db, directory, 'menu-officer', 'scjg', 'officer', now);
    await officer.say('随便说说');
    const todo = await officer.text('待办');
    expect(todo).not.toContain('序号');
    expect(todo).not.toContain('没有完全理解');
    await officer.say('随便说说');
    expect(last(await officer.say('立案')).text).not.toContain('序号');
  });
});
