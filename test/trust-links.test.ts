/**
 * Roles move only by invitation (issue 13 §2, §3): link codes and invitation codes have
 * their own words and shapes, a link that involves a role holder needs that holder's
 * confirmation on their own account, 解除关联 and 撤销职务, wrong codes lock out, and
 * credentials are never kept for a redelivery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { issueInvite } from '../bot/invites';
import { createEngine } from '../bot/services';
import { accounts } from '../db/schema';
import { unitOfWork } from '../db/store';
import { DEFAULT_LIMITS } from '../domain/limits';
import type { Directory } from '../domain/organisation';
import { Person } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { bindStaff, inboxText } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;

beforeAll(async () => {
  database = await testDatabase();
  // The production limits, but for chat messages: these people type faster than anyone.
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { limits: { ...DEFAULT_LIMITS, chat: null } }));
});
afterAll(async () => database?.close());

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role);
const personOf = async (p: Person) => {
  const [a] = await database.db.select().from(accounts).where(eq(accounts.externalId, p.externalId));
  return a!.personId;
};
const linkCodeIn = (text: string) => text.match(/\d{4}-\d{4}|[A-Z2-9]{5}-[A-Z2-9]{5}/)![0];
const isStaff = async (p: Person) => (await p.text('帮助')).includes('您的身份');

describe('a link code never hands over a role', () => {
  it('a head who sends 绑定 with a stranger’s link code is refused with a hint, and nothing merges', async () => {
    const head = await staff('tl-head', '市场监管局', 'head');
    const stranger = new Person(engine, 'tl-stranger', 'telegram');
    const code = linkCodeIn(await stranger.text('绑定账号')); // the word people knew still gives a link code
    const reply = await head.text(`绑定 ${code}`);
    expect(reply).not.toContain('关联成功');
    expect(reply).toContain('“绑定”只用于工作人员邀请码');
    expect(reply).toContain('如果是别人给您的关联码，请不要发送');
    expect(await personOf(head)).not.toBe(await personOf(stranger));
    expect(await isStaff(stranger)).toBe(false);
    expect(await isStaff(head)).toBe(true);
  });

  it('关联 with a stranger’s code asks the head to confirm, naming the roles; only the code shown to the head confirms, and a wrong one cancels', async () => {
    const head = await staff('tl-head-2', '市场监管局', 'head');
    const stranger = new Person(engine, 'tl-stranger-2', 'web');
    const code = (await stranger.text('关联账号')).match(/关联 (\d{4}-\d{4})/)![1]!;
    const asked = await head.say(`关联 ${code}`);
    const text = asked.map((r) => r.text).join('\n');
    expect(text).toContain('对方将获得您的全部职务：抚宁区市场监督管理局负责人');
    const shown = text.match(/确认关联 (\d{6})/)![1]!;
    expect(asked.every((r) => r.secret)).toBe(true); // the confirmation code is a credential too

    expect(await stranger.text(`确认关联 ${shown}`)).toContain('没有待确认'); // not the holder's account
    const wrong = shown === '000000' ? '111111' : '000000';
    expect(await head.text(`确认关联 ${wrong}`)).toContain('关联请求已取消');
    expect(await head.text(`确认关联 ${shown}`)).toContain('没有待确认'); // cancelled for good
    expect(await personOf(head)).not.toBe(await personOf(stranger));
    expect(await isStaff(stranger)).toBe(false);
  });

  it('a head links their own new account: code on the head’s account, 关联 on the phone, confirmed on the head’s account', async () => {
    const head = await staff('tl-head-3', '城管局', 'head');
    await head.inbox();
    const phone = new Person(engine, 'tl-head-3-phone', 'telegram');
    const issued = await head.text('关联账号');
    expect(issued).toContain('关联时还需在本账号确认');
    expect(await phone.text(`关联 ${issued.match(/\d{4}-\d{4}/)![0]}`)).toContain('已向其原账号发送确认请求');
    const notice = await inboxText(head);
    expect(notice).toContain('【账号关联请求】一个Telegram账号');
    expect(notice).toContain('抚宁区城市管理综合行政执法局负责人');
    expect(notice).not.toMatch(/\d{6}/); // a stored notification carries no code
    expect(await isStaff(phone)).toBe(false);

    const shown = (await head.text('确认关联')).match(/确认关联 (\d{6})/)![1]!;
    expect(await phone.text(`确认关联 ${shown}`)).toContain('没有待确认'); // the joining account cannot confirm for the holder
    expect(await head.text(`确认关联 ${shown}`)).toContain('关联成功');
    expect(await personOf(phone)).toBe(await personOf(head));
    expect(await isStaff(phone)).toBe(true);
  });

  it('拒绝关联 ends a request; a role change meanwhile makes the confirmation stale', async () => {
    const head = await staff('tl-head-4', '水务局', 'head');
    const other = new Person(engine, 'tl-other-4', 'wecom');
    let shown = (await head.text(`关联 ${(await other.text('关联账号')).match(/\d{4}-\d{4}/)![0]}`)).match(/确认关联 (\d{6})/)![1]!;
    expect(await head.text('拒绝关联')).toContain('已拒绝');
    expect(await head.text(`确认关联 ${shown}`)).toContain('没有待确认');

    shown = (await head.text(`关联 ${(await other.text('关联账号')).match(/\d{4}-\d{4}/)![0]}`)).match(/确认关联 (\d{6})/)![1]!;
    const r = await unitOfWork(database.db).run((s) => issueInvite(s, directory, '水务局', 'liaison', new Date()));
    expect(await head.text(`绑定 ${r.ok && r.value.code}`)).toContain('绑定成功'); // the roles named are no longer all
    expect(await head.text(`确认关联 ${shown}`)).toContain('已发生变化');
    expect(await personOf(head)).not.toBe(await personOf(other));
  });

  it('two role holders are never joined by a link; an invitation code sent with 关联 is refused and stays unspent', async () => {
    const a = await staff('tl-a', '交通局', 'officer');
    const b = await staff('tl-b', '交通局', 'officer');
    expect(await b.text(`关联 ${(await a.text('关联账号')).match(/\d{4}-\d{4}/)![0]}`)).toContain('两个身份都持有职务');
    expect(await personOf(a)).not.toBe(await personOf(b));

    const r = await unitOfWork(database.db).run((s) => issueInvite(s, directory, '交通局', 'officer', new Date()));
    const code = r.ok ? r.value.code : '';
    const newcomer = new Person(engine, 'tl-newcomer');
    expect(await newcomer.text(`关联 ${code}`)).toContain('这是工作人员邀请码，不是关联码');
    expect(await newcomer.text(`绑定 ${code}`)).toContain('绑定成功'); // not spent by 关联
  });
});

describe('解除关联 and 撤销职务', () => {
  it('解除关联 makes the account a person of its own; the roles stay with the other accounts', async () => {
    const officer = await staff('tl-detach', '卫健局', 'officer');
    const phone = new Person(engine, 'tl-detach-phone', 'telegram');
    const code = (await officer.text('关联账号')).match(/\d{4}-\d{4}/)![0];
    await phone.text(`关联 ${code}`);
    await officer.text(`确认关联 ${(await officer.text('确认关联')).match(/确认关联 (\d{6})/)![1]}`);
    expect(await isStaff(phone)).toBe(true);

    expect(await phone.text('解除关联')).toContain('已解除关联');
    expect(await isStaff(phone)).toBe(false);
    expect(await isStaff(officer)).toBe(true);
    expect(await inboxText(officer)).toContain('您的Telegram账号已解除关联');
    expect(await phone.text('解除关联')).toContain('没有关联其他账号');
  });

  it('an administrator revokes a role picked from the unit’s list; the person is told; others may not', async () => {
    const admin = await staff('tl-admin', '司法局', 'admin');
    const officer = await staff('tl-revoked', '林业局', 'officer');
    await officer.inbox();
    expect(await officer.text('撤销职务 林业局')).toContain('只有管理员');

    const list = await admin.text('撤销职务 林业局');
    expect(list).toContain('抚宁区林业局 持有职务的人员');
    const officerNo = `人员编号${await personOf(officer)}`;
    const line = list.split('\n').find((l) => l.includes(officerNo))!;
    expect(line).toContain('执法人员');
    expect(await admin.text(line.match(/^(\d+)\./)![1]!)).toContain('将撤销 抚宁区林业局');
    expect(await admin.text('确认撤销')).toContain('已撤销');
    expect(await isStaff(officer)).toBe(false);
    expect(await inboxText(officer)).toContain('职务已由管理员撤销');
  });
});

describe('wrong codes lock out', () => {
  it('after five wrong codes of any kind, even a right one is refused for a while', async () => {
    const guesser = new Person(engine, 'tl-guesser');
    for (const guess of ['AAAAA-BBBBB', '1234-5678', 'CCCCC-DDDDD', '8765-4321', 'EEEEE-FFFFF']) {
      expect(await guesser.text(guess.includes('-') && /\d/.test(guess[0]!) ? `关联 ${guess}` : `绑定 ${guess}`)).toMatch(/无效/);
    }
    const r = await unitOfWork(database.db).run((s) => issueInvite(s, directory, '林业局', 'officer', new Date()));
    const locked = await guesser.text(`绑定 ${r.ok && r.value.code}`);
    expect(locked).toContain('次数过多');
    expect(locked).toMatch(/\d+ 分钟后再试/);
    expect(await isStaff(guesser)).toBe(false);
    expect(await new Person(engine, 'tl-rightful').text(`绑定 ${r.ok && r.value.code}`)).toContain('绑定成功'); // the code itself was not spent
  });
});

describe('messages from one chat account', () => {
  it('past the limit, a Telegram message gets a Chinese reply and is not processed; a redelivery later is', async () => {
    const { engine: tight } = await createEngine(unitOfWork(database.db), { limits: { ...DEFAULT_LIMITS, chat: { points: 3, seconds: 60 } } });
    const p = new Person(tight, 'tl-fast', 'telegram');
    await p.say('投诉');
    await p.say('菜市场门口占道经营');
    await p.say('抚宁镇菜市场');
    const over = await tight.receive({ platform: 'telegram', externalId: 'tl-fast', chatId: 'tl-fast', messageId: 'tl-fast-over', text: '不清楚' });
    expect(over.replies[0]!.text).toMatch(/您发送消息过于频繁，请 \d+ 秒后再试/);
    expect(over.retryAfterMs).toBeGreaterThan(0);
    expect(over.duplicate).toBe(false);
    // Not processed: the same message id is new to an engine with room left, and the dialogue is still at step 3.
    const later = await engine.receive({ platform: 'telegram', externalId: 'tl-fast', chatId: 'tl-fast', messageId: 'tl-fast-over', text: '不清楚' });
    expect(later.duplicate).toBe(false);
    expect(later.replies.at(-1)!.text).toContain('4/5');
  });
});

describe('complaints from one account', () => {
  it('the sixth in an hour is refused before it opens a clock; the form is kept to send later', async () => {
    const citizen = new Person(engine, 'tl-prolific', 'telegram');
    const clocks = async () => Number(((await database.db.execute(sql`SELECT count(*)::int AS n FROM deadlines WHERE kind = 'complaint-accept'`)) as any).rows[0].n);
    const file = async () => {
      for (const t of ['投诉', '路边摊占道经营，晚上很吵', '抚宁镇南街', '每天晚上', '跳过', '匿名']) await citizen.say(t);
      return citizen.text('确认提交');
    };
    for (let i = 0; i < 5; i++) expect(await file()).toMatch(/TS-\d{4}-\d{6}/);
    const before = await clocks();
    const sixth = await file();
    expect(sixth).toContain('提交过于频繁');
    expect(sixth).toContain('请核对您的投诉举报'); // still at the summary, ready to confirm later
    expect(await clocks()).toBe(before);
  });
});

describe('credentials are shown once', () => {
  it('a redelivered 邀请码 or 关联账号 message gets a note, and no stored reply holds a code', async () => {
    const admin = await staff('tl-admin-2', '司法局', 'admin');
    const first = await admin.say('邀请码 市场监管局 执法人员', 'invite-msg-1');
    const code = first[0]!.text.match(/[A-Z2-9]{5}-[A-Z2-9]{5}/)![0];
    const again = await admin.say('邀请码 市场监管局 执法人员', 'invite-msg-1');
    expect(again.map((r) => r.text).join('\n')).not.toContain(code);
    expect(again[0]!.text).toContain('不再重复发送');

    const link = (await admin.say('关联账号', 'link-msg-1'))[0]!.text.match(/\d{4}-\d{4}/)![0];
    expect((await admin.say('关联账号', 'link-msg-1'))[0]!.text).not.toContain(link);

    const stored = ((await database.db.execute(sql`SELECT replies::text AS r FROM deliveries WHERE replies IS NOT NULL`)) as any).rows.map((x: { r: string }) => x.r).join('\n');
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(link);
    expect(stored).not.toMatch(/确认关联 \d{6}/);
  });
});
