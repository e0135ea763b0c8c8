/**
 * Entering, confirming and sending back a year's holiday notice (domain/calendar/notice.ts,
 * notice-record.ts): the same steps from chat, the loopback admin endpoint and the CLI.
 */
import { mayKeepCalendar } from '../../domain/calendar-access';
import { formatLocal } from '../../domain/calendar/calendar';
import { LiveCalendar } from '../../domain/calendar/live';
import { type HolidayNotice, noticeDifferences, noticeFingerprint, noticeLines } from '../../domain/calendar/notice';
import { type Entrant, type NoticeRecord, type PendingNotice, confirm, reject, supersede } from '../../domain/calendar/notice-record';
import { type YearNotices, calendarOf, packageYears } from '../../domain/calendar/official';
import { ORG, type Directory } from '../../domain/organisation';
import type { Reply, Store } from '../../domain/ports';
import { type Result, fail, ok } from '../../domain/result';
import { type Notifier, notifyStaffOf } from '../staff';
import { TurnAborted, type Turn } from '../turn';
import { recomputeClocks, reportLines } from './recompute';

export interface KeeperContext extends Notifier {
  directory: Directory;
  now: Date;
}

export const KEEPERS_ONLY = '节假日安排由司法局工作人员或管理员录入和确认。';

export const justiceBureauIdOf = (dir: Directory): number => dir.byCode(ORG.justiceBureau)!.id;

/** Who entered a notice, in words. */
export async function entrantName(store: Store, by: Entrant): Promise<string> {
  if (by.via === 'file') return '服务器操作员（命令行文件）';
  return (await store.people.displayName(by.personId))?.trim() || `工作人员（${by.personId}号）`;
}

const personName = async (store: Store, id: number) => (await store.people.displayName(id))?.trim() || `工作人员（${id}号）`;

export const summaryText = (n: HolidayNotice): string => [`${n.year}年节假日安排：`, ...noticeLines(n)].join('\n');

/** The people who may confirm: 司法局 staff and administrators of any body. */
async function keepers(store: Store, dir: Directory): Promise<number[]> {
  const justice = await store.people.staffOf(justiceBureauIdOf(dir), ['justice']);
  const admins = [...(await store.people.staffOfEach(dir.all.map((o) => o.id), ['admin'])).values()].flat();
  return [...new Set([...justice, ...admins])];
}

/** Tells the people who keep the calendar, except `skip`. */
async function tellKeepers(ctx: KeeperContext, reply: Reply, skip: readonly number[] = []): Promise<void> {
  for (const personId of await keepers(ctx.store, ctx.directory)) if (!skip.includes(personId)) await ctx.notify(personId, reply);
}

/** Tells 司法局 staff (the supervising body of the clocks), except `skip`. */
export const tellJustice = (ctx: KeeperContext, reply: Reply, skip: readonly number[] = []) =>
  notifyStaffOf(ctx, [justiceBureauIdOf(ctx.directory)], ['justice'], reply, skip);

/** Stores a checked notice as waiting for a second person, and asks the others to check it. */
export async function submitNotice(ctx: KeeperContext, notice: HolidayNotice, by: Entrant): Promise<Result<PendingNotice>> {
  const waiting = await ctx.store.calendar.find(notice.year, 'pending');
  const busy = async (r: NoticeRecord) =>
    fail<PendingNotice>(`${notice.year}年已有一份待确认的节假日安排（${await entrantName(ctx.store, r.enteredBy)}于 ${formatLocal(r.enteredAt)} 录入）。请先由另一人确认或退回：确认节假日 ${notice.year} / 退回节假日 ${notice.year} 理由。`);
  if (waiting) return busy(waiting);
  const rec = await ctx.store.calendar.submit(notice, by, ctx.now);
  if (!rec) return busy((await ctx.store.calendar.find(notice.year, 'pending'))!);
  const replacing = await ctx.store.calendar.find(notice.year, 'confirmed');
  await tellKeepers(ctx, {
    text: [
      `【节假日安排待确认】${await entrantName(ctx.store, by)}录入了${notice.year}年节假日安排，须由另一名司法局工作人员或管理员对照国务院办公厅通知核对确认后才生效${replacing ? `（将取代${notice.year}年现行的录入安排）` : ''}：`,
      ...noticeLines(notice),
      `核对无误请发送“确认节假日 ${notice.year}”；有误请发送“退回节假日 ${notice.year} 理由”。`,
    ].join('\n'),
    options: [`确认节假日 ${notice.year}`, `退回节假日 ${notice.year}`],
  }, by.via === 'chat' ? [by.personId] : []);
  return ok(rec);
}

/**
 * The second person confirms: the notice takes effect in this transaction (the year's
 * previous one, if any, is superseded), every clock that may move is counted again on the
 * new calendar, and once the turn commits this instance adopts it (others reload on their
 * next sweep, keeper.ts).
 */
export async function confirmNotice(t: Turn, year: number): Promise<Result<string>> {
  if (!mayKeepCalendar(t.actor, justiceBureauIdOf(t.services.directory))) return fail(KEEPERS_ONLY);
  const rec = await t.store.calendar.find(year, 'pending');
  if (!rec) return fail(`${year}年没有待确认的节假日安排。发送“节假日 ${year}”查看该年日历的来源。`);
  const confirmed = confirm(rec, t.actor.personId, t.now);
  if (!confirmed.ok) return confirmed;
  const previous = await t.store.calendar.find(year, 'confirmed');
  if (previous?.state === 'confirmed' && !(await t.store.calendar.update(previous, supersede(previous, t.now)))) throw new TurnAborted('该年度节假日安排刚刚被他人更改，请重新发送。');
  if (!(await t.store.calendar.update(rec, confirmed.value))) throw new TurnAborted(`${year}年节假日安排刚刚被他人处理，请发送“节假日 ${year}”查看。`);

  const live = t.services.calendar instanceof LiveCalendar ? t.services.calendar : null;
  const pkg = live?.pkg ?? packageYears();
  const entered: YearNotices = new Map((await t.store.calendar.confirmed()).map((n) => [n.year, n.notice]));
  const calendar = calendarOf(pkg, entered);
  const ctx = { store: t.store, notify: t.notify, directory: t.services.directory, now: t.now, calendar };
  const report = await recomputeClocks(ctx, [year]);
  const packaged = pkg.get(year);
  const differences = packaged ? noticeDifferences(rec.notice, packaged, { mine: '录入的安排', theirs: '软件包数据' }) : [];
  if (packaged) await t.store.calendar.markPackageChecked(rec.id, noticeFingerprint(packaged));
  const version = await t.store.calendar.version();
  t.afterCommit?.(() => live?.adopt(entered, version, calendar));

  const lines = reportLines(report, t.services.directory);
  if (differences.length) lines.push(`注意：软件包已有${year}年数据，与录入的安排有 ${differences.length} 处不同（以录入的安排为准）：`, ...differences.slice(0, 20));
  const entrant = await entrantName(t.store, rec.enteredBy);
  const confirmer = await personName(t.store, t.actor.personId);
  const notice = `【节假日安排生效】${year}年节假日安排已由${confirmer}核对确认，即日生效（${entrant}录入），所有期限按此计算。`;
  const told = await tellJustice(ctx, { text: [notice, ...lines].join('\n') }, [t.actor.personId]);
  if (rec.enteredBy.via === 'chat' && !told.includes(rec.enteredBy.personId) && rec.enteredBy.personId !== t.actor.personId) {
    await t.notify(rec.enteredBy.personId, { text: notice });
  }
  return ok([`已确认，${year}年节假日安排即日生效（${entrant}录入），所有期限按此计算。`, ...lines].join('\n'));
}

/** Sent back with the reason; the entrant is told. The entrant may withdraw their own this way. */
export async function rejectNotice(t: Turn, year: number, reason: string): Promise<Result<string>> {
  if (!mayKeepCalendar(t.actor, justiceBureauIdOf(t.services.directory))) return fail(KEEPERS_ONLY);
  const rec = await t.store.calendar.find(year, 'pending');
  if (!rec) return fail(`${year}年没有待确认的节假日安排。`);
  const after = reject(rec, t.actor.personId, reason, t.now);
  if (!after.ok) return after;
  if (!(await t.store.calendar.update(rec, after.value))) return fail(`${year}年节假日安排刚刚被他人处理，请发送“节假日 ${year}”查看。`);
  if (rec.enteredBy.via === 'chat' && rec.enteredBy.personId !== t.actor.personId) {
    await t.notify(rec.enteredBy.personId, {
      text: `【节假日安排退回】您录入的${year}年节假日安排已被${await personName(t.store, t.actor.personId)}退回，未生效。理由：${reason.trim()}\n请核对后发送“录入节假日”重新录入。`,
      options: ['录入节假日'],
    });
  }
  return ok(`已退回${year}年节假日安排，未生效。${rec.enteredBy.via === 'chat' && rec.enteredBy.personId !== t.actor.personId ? '已告知录入人。' : ''}`);
}
