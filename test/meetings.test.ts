/**
 * Joint meetings (M1) and approval–supervision meetings (M14) through the engine: a
 * regular meeting scheduled, confirmed, held (meeting the year's duty), its items
 * assigned, one reported back and accepted, one overdue — escalated by the sweep and
 * chased by the office; a temporary meeting proposed by a member; and refusals that
 * change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { unitOfWork } from '../db/store';
import { dutiesFor } from '../domain/deadlines/duties';
import { period } from '../domain/deadlines/periods';
import { remindersFor } from '../domain/deadlines/reminders';
import { officialCalendar } from '../domain/calendar/official';
import type { Directory } from '../domain/organisation';
import { Person } from './support/chat';
import { bindStaff, countRows, inboxText, numberIn } from './support/staff';
import { type TestDatabase, testDatabase } from './support/db';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00'); // a Wednesday
const clock = () => now;

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);


async function counts() {
  return countRows(database.db, ['meetings', 'meeting_items', 'case_events', 'deadlines', "deadlines WHERE state = 'open'"]);
}

async function deadlineState(kind: string, subjectId: string): Promise<string | undefined> {
  const rows = (await database.db.execute(sql`SELECT state FROM deadlines WHERE kind = ${kind} AND subject_id = ${subjectId}`) as any).rows;
  return rows[0]?.state;
}

/** The periodic duty of a period, as the generator (another branch) will open it. */
async function openDuty(kind: string, key: 'year' | 'quarter', year: number, index: number) {
  const p = period(key, year, index);
  const spec = dutiesFor(p, directory.all, officialCalendar).find((d) => d.kind === kind)!;
  await unitOfWork(database.db).run((s) => s.deadlines.open(spec, remindersFor(spec, now, officialCalendar)));
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock }));
});
afterAll(async () => database?.close());

describe('a regular joint meeting (M1)', () => {
  it('is scheduled, confirmed, held, its items assigned, one reported back and one overdue and chased', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    await openDuty('joint-meeting', 'year', 2026, 1);
    const office = await staff('m-xtb', '执法协调小组办公室', '协调办工作人员');
    const xtbHead = await staff('m-xtb-head', '执法协调小组办公室', '负责人');
    const cg = await staff('m-cg', '城管局', '联络员');
    const cgHead = await staff('m-cg-head', '城管局', '负责人');
    const sc = await staff('m-sc', '市场监管局', '联络员');
    const jcy = await staff('m-jcy', '检察院', '联络员');
    const town = await staff('m-town', '台营镇', '联络员'); // townships are not members

    expect(await office.text('安排会议')).toContain('会议类别');
    await office.say('定期会议');
    await office.say('2026年度行政执法协调监督工作');
    expect(await office.text('2026-12-03 09:30')).toContain('会议地点');
    const confirm = await office.text('区政府三楼会议室');
    expect(confirm).toContain('2026年12月3日 09:30');
    const scheduled = await office.text('确认通知');
    const meetingNo = numberIn('HY', scheduled);
    expect(scheduled).toContain('定期会议');

    const notice = await inboxText(cg);
    expect(notice).toContain('【会议通知】');
    expect(notice).toContain(meetingNo);
    expect(await inboxText(jcy)).toContain(meetingNo);
    expect(await inboxText(town)).toBe('');

    expect(await cg.text(`参会 ${meetingNo}`)).toContain('已确认抚宁区城市管理综合行政执法局参加会议');
    expect(await sc.text(`请假 ${meetingNo}`)).toContain('请写明请假理由');
    expect(await sc.text(`请假 ${meetingNo} 同日有专项检查`)).toContain('已登记');
    expect(await inboxText(office)).toContain('【请假】抚宁区市场监督管理局不能参加会议');
    const status = await office.text(`查询 ${meetingNo}`);
    expect(status).toContain('确认参会 1，请假 1');

    // Not before its time; then held with minutes, which meets the year's duty.
    expect(await office.text(`已召开 ${meetingNo} 研究渣土车管理`)).toContain('尚未到召开时间');
    now = new Date('2026-12-03T11:30:00+08:00');
    const held = await office.text(`已召开 ${meetingNo} 研究城区渣土车和占道经营问题，议定两项事项`);
    expect(held).toContain('2026年度联席会议召开任务已完成');
    expect(held).toContain('会议纪要已送达各成员单位');
    for (const p of [cg, sc, jcy]) {
      const minutes = await inboxText(p);
      expect(minutes).toContain(`【会议纪要】`);
      expect(minutes).toContain('研究城区渣土车和占道经营问题，议定两项事项');
    }
    expect(await deadlineState('joint-meeting', '2026')).toBe('met');

    // Two items: one to 城管局 due 10 Dec, one to 市场监管局 due 8 Dec.
    const assign = async (org: string, content: string, due: string) => {
      await office.say(`议定事项 ${meetingNo}`);
      expect(await office.text('区政府')).toContain('未找到该成员单位'); // not a member
      await office.say(org);
      await office.say(content);
      expect(await office.text('2026-11-01')).toContain('期限不能早于今天');
      expect(await office.text(due)).toContain('请确认议定事项');
      return numberIn('YD', await office.text('确认登记'));
    };
    const cgItem = await assign('城管局', '制定城区渣土车运输管理办法', '2026-12-10');
    const scItem = await assign('市场监管局', '牵头清理农贸市场周边占道经营', '2026-12-08');
    expect(await inboxText(cg)).toContain(`【议定事项】`);
    expect(await inboxText(sc)).toContain(scItem);

    // 城管局 reports back; the office sends it back once, then accepts: the clock is met.
    expect(await sc.text(`反馈 ${cgItem} 已完成`)).toContain('未找到'); // another unit's item
    expect(await cg.text(`反馈 ${cgItem} 已起草管理办法`)).toContain('已反馈');
    expect(await inboxText(office)).toContain('【落实反馈】');
    expect(await cg.text(`采纳 ${cgItem}`)).toContain('审核和督办');
    expect(await office.text(`不采纳 ${cgItem} 请附印发文号`)).toContain('已退回');
    expect(await inboxText(cg)).toContain('请附印发文号');
    await cg.say(`反馈 ${cgItem} 办法已印发，抚城管〔2026〕12号`);
    expect(await office.text(`采纳 ${cgItem}`)).toContain('事项办结');
    expect(await deadlineState('meeting-item', cgItem)).toBe('met');
    expect(await inboxText(cg)).toContain('【议定事项办结】');

    // 市场监管局 does not report: reminded, then escalated to its head and the office.
    const sweep = new Scheduler({ uow: unitOfWork(database.db), directory, clock, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }) });
    await xtbHead.inbox();
    now = new Date('2026-12-08T09:00:00+08:00');
    await sweep.sweep();
    expect(await inboxText(sc)).toContain(`议定事项 ${scItem}`);
    now = new Date('2026-12-09T00:01:00+08:00');
    await sweep.sweep();
    expect(await deadlineState('meeting-item', scItem)).toBe('missed');
    const escalated = await inboxText(xtbHead);
    expect(escalated).toContain('【督办】');
    expect(escalated).toContain(scItem);

    // The office sees what is open and overdue, and chases.
    const list = await office.text('会议事项');
    expect(list).toContain('其中逾期 1 项');
    expect(list).toContain(`【逾期】${scItem}`);
    expect(list).not.toContain(cgItem);
    await sc.inbox();
    const chased = await office.text(`督办 ${meetingNo}`);
    expect(chased).toContain('已督办 1 项');
    expect(chased).toContain('（已逾期）');
    const chase = await inboxText(sc);
    expect(chase).toContain(`【督办】`);
    expect(chase).toContain(scItem);
    expect(await cgHead.text(`督办 ${meetingNo}`)).toContain('安排和登记');
    expect(await cgHead.text(`督办 ${scItem}`)).toContain('未找到');

    // A late report is still accepted; the miss stays on record.
    await sc.say(`反馈 ${scItem} 已清理完毕`);
    expect(await office.text(`采纳 ${scItem}`)).toContain('逾期记录保留');
    expect(await deadlineState('meeting-item', scItem)).toBe('missed');
  });
});

describe('a temporary meeting proposed by a member (M1) and the approval–supervision meeting (M14)', () => {
  it('is proposed, scheduled by the office or declined; an M14 meeting meets the quarter', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    await openDuty('approval-meeting', 'quarter', 2026, 4);
    const office = await staff('t-xtb', '执法协调小组办公室', '协调办工作人员');
    const zj = await staff('t-zj', '住建局', '联络员');
    const proposed = await zj.text('提议临时会议 建筑垃圾处置职责交叉问题');
    const no = numberIn('HY', proposed);
    expect(await inboxText(office)).toContain('【临时会议提议】抚宁区住房和城乡建设局提议召开');
    await office.say(`安排 ${no}`);
    await office.say('2026-11-27 15:00');
    await office.say('司法局会议室');
    expect(await office.text('确认通知')).toContain('已安排临时会议');
    expect(await inboxText(zj)).toContain('【会议通知】');

    const again = numberIn('HY', await zj.text('提议临时会议 再议建筑垃圾问题'));
    expect(await office.text(`不召开 ${again} 已在${no}议题中`)).toContain('已登记不召开');
    expect(await inboxText(zj)).toContain('办公室决定不召开');

    // A temporary joint meeting held does not meet the year's regular-meeting duty.
    now = new Date('2026-11-27T16:00:00+08:00');
    expect(await office.text(`已召开 ${no} 明确建筑垃圾由城管局牵头`)).not.toContain('任务已完成');

    // M14: the approval bureau convenes its meeting of the supervising departments.
    const spj = await staff('t-spj', '行政审批局', '审批局工作人员');
    const ws = await staff('t-ws', '卫健局', '联络员');
    await spj.say('安排会议');
    await spj.say('定期会议');
    await spj.say('第四季度审批与监管衔接情况');
    await spj.say('2026-11-30 09:00');
    await spj.say('审批局会议室');
    const m14 = numberIn('HY', await spj.text('确认通知'));
    expect(await inboxText(ws)).toContain('行政审批与事中事后监管联席会议');
    now = new Date('2026-11-30T11:00:00+08:00');
    expect(await spj.text(`已召开 ${m14} 通报四季度审批信息推送情况`)).toContain('2026年第4季度审批监管联席会议召开任务已完成');
    expect(await deadlineState('approval-meeting', '2026-Q4')).toBe('met');
  });
});

describe('a meeting held offline, and the liaison roster (M1)', () => {
  it('is recorded after the fact with its minutes, meets the year and reaches every member unit', async () => {
    now = new Date('2027-03-10T10:00:00+08:00');
    await openDuty('joint-meeting', 'year', 2027, 1);
    const office = await staff('o-xtb', '执法协调小组办公室', '协调办工作人员');
    const lin = await staff('o-lin', '林业局', '联络员');
    const jcy = await staff('o-jcy', '检察院', '联络员');
    const town = await staff('o-town', '台营镇', '负责人');
    expect(await town.text('补录会议')).toContain('执法协调小组办公室');

    expect(await office.text('补录会议')).toContain('会议类别');
    await office.say('定期会议');
    await office.say('2027年度行政执法协调监督联席会议');
    expect(await office.text('2027-03-20 09:00')).toContain('不能晚于现在');
    expect(await office.text('2025-06-01 09:00')).toContain('上一年度');
    expect(await office.text('2027-03-05 09:30')).toContain('会议地点');
    await office.say('区委三楼会议室');
    expect(await office.text('短')).toContain('会议纪要');
    const confirm = await office.text('通报2026年度执法协调监督情况，议定开展林区联合执法和渣土车专项整治');
    expect(confirm).toContain('会后补录');
    expect(confirm).toContain('2027年3月5日 09:30');
    const recorded = await office.text('确认');
    const no = numberIn('HY', recorded);
    expect(recorded).toContain('2027年度联席会议召开任务已完成');
    expect(await deadlineState('joint-meeting', '2027')).toBe('met');
    for (const p of [lin, jcy]) {
      const minutes = await inboxText(p);
      expect(minutes).toContain(`【会议纪要】`);
      expect(minutes).toContain('议定开展林区联合执法和渣土车专项整治');
    }
    expect(await inboxText(town)).toBe('');
    const status = await office.text(`查询 ${no}`);
    expect(status).toContain('已召开');
    expect(status).toContain('会后补录');
    expect(await office.text(`议定事项 ${no}`)).toContain('由哪个成员单位落实'); // items follow as for any held meeting
    await office.say('取消');
  });

  it('each member unit has one liaison on the roster the office sees; notices go to that liaison', async () => {
    now = new Date('2027-03-11T10:00:00+08:00');
    const office = await staff('l-xtb', '执法协调小组办公室', '协调办工作人员');
    const first = await staff('l-cg-1', '城管局', '联络员');
    const second = await staff('l-cg-2', '城管局', '联络员');
    const cgHead = await staff('l-cg-head', '城管局', '负责人');
    const town = await staff('l-town', '深河乡', '联络员');
    expect(await town.text('登记联络员')).toContain('成员单位');
    expect(await office.text('联络员名单')).toContain('抚宁区城市管理综合行政执法局：未明确');

    const register = async (p: Person, name: string, post: string, phone: string) => {
      const asked = await p.text('登记联络员');
      if (asked.includes('登记哪个会议')) expect(await p.text('联席会议联络员')).toContain('姓名'); // also a member of the M14 meeting
      else expect(asked).toContain('姓名');
      await p.say(name);
      await p.say(post);
      expect(await p.text('123')).toContain('电话');
      expect(await p.text(phone)).toContain('请确认');
      return p.text('确认');
    };
    expect(await register(first, '王五', '法制科科长', '0335-6011234')).toContain('已登记为抚宁区城市管理综合行政执法局的联席会议联络员');
    expect(await register(second, '赵六', '综合科科长', '13900001111')).toContain('接替王五');
    expect(await inboxText(first)).toContain('不再是');
    const roster = await office.text('联络员名单');
    expect(roster).toContain('抚宁区城市管理综合行政执法局：赵六（综合科科长，13900001111）');
    expect(roster).not.toContain('王五');
    expect(roster).toMatch(/未明确联络员的成员单位 \d+ 个/);
    expect(await second.text('联络员名单')).toContain('执法协调小组办公室');

    // A notice goes to the unit's one liaison (and its head), not to every liaison-role holder.
    for (const p of [first, second, cgHead]) await p.inbox();
    for (const s of ['安排会议', '临时会议', '林区防火联合执法协调', '2027-03-20 09:00', '协调办会议室']) await office.say(s);
    const no = numberIn('HY', await office.text('确认通知'));
    expect(await inboxText(second)).toContain(no);
    expect(await inboxText(cgHead)).toContain(no);
    expect(await inboxText(first)).toBe('');
  });
});

describe('refusals change nothing', () => {
  it('turns away citizens, members acting as the office, other units and bad input', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const office = await staff('r-xtb', '执法协调小组办公室', '协调办工作人员');
    const lin = await staff('r-lin', '林业局', '联络员');
    const officer = await staff('r-officer', '林业局', '执法人员');
    const water = await staff('r-water', '水务局', '联络员');
    const town = await staff('r-town', '坟坨镇', '负责人');
    const citizen = new Person(engine, 'r-citizen');
    for (const s of ['安排会议', '定期会议', '林区联合执法', '2026-12-01 09:00', '协调办会议室']) await office.say(s);
    const no = numberIn('HY', await office.text('确认通知'));
    now = new Date('2026-12-01T10:00:00+08:00');
    await office.say(`已召开 ${no} 议定林区巡查`);
    for (const s of [`议定事项 ${no}`, '林业局', '组织林区联合巡查', '2026-12-20']) await office.say(s);
    const item = numberIn('YD', await office.text('确认登记'));

    const before = await counts();
    expect(await citizen.text('安排会议')).toContain('执法协调小组办公室');
    expect(await lin.text('安排会议')).toContain('提议临时会议');
    expect(await citizen.text(`查询 ${no}`)).toContain('未找到');
    expect(await town.text('提议临时会议 乡镇事项')).toContain('成员单位的联络员或负责人');
    expect(await officer.text('提议临时会议 林区问题')).toContain('成员单位的联络员或负责人');
    expect(await lin.text('提议临时会议 短')).toContain('请写明');
    expect(await lin.text(`已召开 ${no} 纪要`)).toContain('安排和登记');
    expect(await lin.text(`议定事项 ${no}`)).toContain('登记');
    expect(await lin.text(`采纳 ${item}`)).toContain('审核和督办');
    expect(await lin.text(`督办 ${item}`)).toContain('审核和督办');
    expect(await water.text(`反馈 ${item} 已完成`)).toContain('未找到');
    expect(await citizen.text(`反馈 ${item} 已完成`)).toContain('未找到');
    expect(await lin.text(`反馈 ${item}`)).toContain('请写明落实情况');
    expect(await lin.text(`参会 ${no}`)).toContain('已召开，无需确认');
    expect(await office.text(`采纳 ${item}`)).toContain('尚未反馈');
    expect(await office.text(`已召开 ${no} 再开一次`)).toContain('不能登记召开');
    expect(await office.text(`安排 ${no}`)).toContain('不是待安排的提议');
    expect(await office.text('采纳 YD-2026-999999')).toContain('未找到');
    expect(await counts()).toEqual(before);

    // A past meeting time is refused inside the dialogue.
    await office.say('安排会议');
    await office.say('临时会议');
    await office.say('补充议题');
    expect(await office.text('2026-11-30 09:00')).toContain('不能早于现在');
    await office.say('取消');
    expect(await counts()).toEqual(before);
  });
});
