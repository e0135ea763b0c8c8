/**
 * The official calendar in chat: 司法局 staff and administrators enter a year's holiday
 * notice (录入节假日) and another one of them confirms it (确认节假日 2027) or sends it back
 * (退回节假日 2027 理由); any staff member may ask where a year's days come from (节假日 2027).
 */
import { mayKeepCalendar } from '../../domain/calendar-access';
import { formatLocal, localYear } from '../../domain/calendar/calendar';
import { LiveCalendar, hasSources } from '../../domain/calendar/live';
import { noticeLines } from '../../domain/calendar/notice';
import { packageYears } from '../../domain/calendar/official';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import { int, optional, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import { KEEPERS_ONLY, confirmNotice, entrantName, justiceBureauIdOf, rejectNotice } from './actions';
import { noticeFlow } from './flow';

/** A year as people write it: 2027 or 2027年. */
const YEAR = int({ min: 2000, max: 2100, what: '年份', example: 2027, suffix: '年' });
const mayKeep = (t: Turn) => mayKeepCalendar(t.actor, justiceBureauIdOf(t.services.directory));

const STATUTORY =
  '暂定：国务院该年节假日安排尚未录入。期限按周六、周日和法定节假日（元旦1天、春节4天、清明1天、劳动节2天、端午1天、中秋1天、国庆3天）推算，不含调休，标“暂定”；安排公布后由司法局录入、经另一人确认，暂定期限即自动重算并通知责任人员。';

/** Where a year's working days come from, and any notice waiting for it. */
async function yearStatus(t: Turn, year: number): Promise<string> {
  const cal = t.services.calendar;
  const source = hasSources(cal) ? cal.sourceOf(year) : cal.isOfficial(`${year}-06-30`) ? 'package' : 'statutory';
  const lines: string[] = [];
  if (source === 'entered') {
    const rec = await t.store.calendar.find(year, 'confirmed');
    const how = rec?.state === 'confirmed'
      ? `${await entrantName(t.store, rec.enteredBy)}录入，${(await t.store.people.displayName(rec.confirmedBy))?.trim() || '另一人'}于 ${formatLocal(rec.confirmedAt)} 确认`
      : '已录入并确认';
    lines.push(`${year}年：正式安排（${how}）`, ...(rec ? noticeLines(rec.notice) : []));
  } else if (source === 'package') {
    const n = (cal instanceof LiveCalendar ? cal.pkg : packageYears()).get(year);
    lines.push(`${year}年：正式安排（软件包 chinese-days 数据）`, ...(n ? noticeLines(n) : []));
  } else {
    lines.push(`${year}年：${STATUTORY}`);
  }
  const waiting = await t.store.calendar.find(year, 'pending');
  if (waiting) {
    lines.push(`另有一份待确认的${year}年安排（${await entrantName(t.store, waiting.enteredBy)}于 ${formatLocal(waiting.enteredAt)} 录入）：`, ...noticeLines(waiting.notice));
  }
  return lines.join('\n');
}

async function start(t: Turn): Promise<Outcome> {
  if (!mayKeep(t)) return say(KEEPERS_ONLY);
  return openFlow(noticeFlow, { holidays: [] });
}

const answer = (r: { ok: true; value: string } | { ok: false; reason: string }, year: string) => say(r.ok ? r.value : r.reason, [`节假日 ${year}`]);

export const calendar: Feature = {
  name: 'calendar',
  flows: [noticeFlow],

  commands: [
    command({
      words: ['录入节假日', '录入节假日安排', '节假日录入', '节假日安排录入'],
      help: (t) => (mayKeep(t) ? '录入节假日 —— 录入国务院公布的某年节假日安排（放假和调休上班日期），经另一人确认后生效' : null),
      run: start,
    }),
    command({
      words: ['确认节假日', '确认节假日安排'],
      args: [YEAR],
      help: (t) => (mayKeep(t) ? '确认节假日 年份 / 退回节假日 年份 理由 —— 核对他人录入的节假日安排' : null),
      run: async (t, [y]) => answer(await confirmNotice(t, y), String(y)),
    }),
    command({
      words: ['退回节假日', '退回节假日安排'],
      args: [YEAR, text({ what: '理由', example: '国庆节日期与通知不符', optional: true })],
      run: async (t, [y, why]) => answer(await rejectNotice(t, y, why ?? ''), String(y)),
    }),
    command({
      words: ['节假日', '节假日安排'],
      args: [optional(YEAR)],
      who: 'staff',
      denied: '节假日日历供工作人员查看。',
      inFlow: 'answer',
      help: '节假日 年份 —— 该年工作日日历的来源（正式或暂定）',
      async run(t, [y]) {
        const years = y ? [y] : [localYear(t.now), localYear(t.now) + 1];
        const texts = [];
        for (const year of years) texts.push(await yearStatus(t, year));
        return say(texts.join('\n\n'), mayKeep(t) ? ['录入节假日'] : undefined);
      },
    }),
  ],

  async todo(t) {
    if (!mayKeep(t)) return null;
    const waiting = (await t.store.calendar.pending()).filter((n) => !(n.enteredBy.via === 'chat' && n.enteredBy.personId === t.actor.personId));
    if (!waiting.length) return null;
    const lines = ['节假日安排：'];
    for (const n of waiting) lines.push(`· ${n.year}年节假日安排（${await entrantName(t.store, n.enteredBy)}录入）待您核对确认`);
    return { lines, options: waiting.map((n) => `确认节假日 ${n.year}`) };
  },
};
