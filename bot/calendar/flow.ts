/**
 * 录入节假日: a year's notice entered step by step, as the published notice reads — the year,
 * then each holiday's name, its days off and its 调休 make-up working days, then a summary
 * to submit. Every answer is checked against what was entered before (overlaps, a make-up
 * day on a weekday, a day outside the year), so a mistake is caught at its step.
 */
import { localYear } from '../../domain/calendar/calendar';
import { MAX_NOTICE_YEAR, MIN_NOTICE_YEAR, type NoticeInput, checkHolidayName, checkNotice, noticeLines, parseDays } from '../../domain/calendar/notice';
import { type Filled, type Flow, done, invalid, next, needs } from '../flow';
import type { Turn } from '../turn';
import { entrantName, submitNotice } from './actions';

export interface NoticeDraft {
  year?: number;
  holidays: { name: string; days: string[]; workdays: string[] }[];
  /** The holiday being entered: its name, then its days. */
  current?: { name: string; days?: string[] };
  /** The year has a confirmed notice this one would replace. */
  replaces?: boolean;
}

/** The holidays of 全国年节及纪念日放假办法, offered in order. */
const NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];
const FINISH = '完成';

const input = (d: Filled<NoticeDraft, 'year'>, extra?: NoticeDraft['holidays'][number]): NoticeInput => ({
  year: d.year, holidays: [...d.holidays, ...(extra ? [extra] : [])], workdays: [],
});

const title = (d: NoticeDraft) => `【录入${d.year}年节假日安排】`;

export const noticeFlow: Flow<NoticeDraft, 'year' | 'name' | 'days' | 'workdays' | 'confirm'> = {
  name: 'calendar-notice',
  title: '录入节假日',
  help: '正在录入国务院办公厅公布的某年节假日安排：依次填写每个节日的放假日期和调休上班日期，全部录完发送“完成”，核对后提交，经另一名司法局工作人员或管理员确认后生效。日期可写成 10月1日至7日、2027-10-01 或 9月26日、10月9日。发送“返回”修改上一项，“取消”放弃。',
  first: 'year',
  steps: {
    year: {
      prompt: (_d, t) => ({
        text: '【录入节假日安排】请对照国务院办公厅关于该年部分节假日安排的通知逐项录入。先请输入年份（如 2027）：',
        options: [String(localYear(t.now) + 1)],
      }),
      async answer(text, d, t) {
        const year = Number(text.normalize('NFKC').trim().replace(/年$/, ''));
        if (!Number.isInteger(year) || year < MIN_NOTICE_YEAR || year > MAX_NOTICE_YEAR) return invalid(`请输入 ${MIN_NOTICE_YEAR}–${MAX_NOTICE_YEAR} 之间的年份，如 2027。`);
        const waiting = await t.store.calendar.find(year, 'pending');
        if (waiting) {
          return invalid(`${year}年已有一份待确认的节假日安排（${await entrantName(t.store, waiting.enteredBy)}录入）。请由另一人发送“确认节假日 ${year}”或“退回节假日 ${year} 理由”处理后再录入；发送“取消”退出。`);
        }
        const replaces = !!(await t.store.calendar.find(year, 'confirmed'));
        return next('name', { ...d, year, holidays: [], replaces });
      },
    },
    name: needs(['year'], {
      prompt: (d) => {
        const n = d.holidays.length + 1;
        const lead = n === 1 && d.replaces ? `${d.year}年已有录入的正式安排，本次录入经确认后将取代它。\n` : '';
        const left = NAMES.filter((x) => !d.holidays.some((h) => h.name === x));
        return {
          text: `${lead}${title(d)}第${n}个节日：请输入节日名称（如 ${left[0] ?? '国庆节'}）。${d.holidays.length ? `已录入：${d.holidays.map((h) => h.name).join('、')}。全部录完请发送“${FINISH}”。` : ''}`,
          options: [...left, ...(d.holidays.length ? [FINISH] : [])],
        };
      },
      answer(text, d) {
        const t = text.normalize('NFKC').trim();
        if (t === FINISH) {
          const checked = checkNotice(input(d));
          return checked.ok ? next('confirm', { ...d, current: undefined }) : invalid(checked.reason);
        }
        const name = checkHolidayName(t, d.holidays.map((h) => h.name));
        return name.ok ? next('days', { ...d, current: { name: name.value } }) : invalid(name.reason);
      },
    }),
    days: needs(['current', 'year'], {
      prompt: (d) => ({ text: `${title(d)}「${d.current.name}」放假日期（如 10月1日至7日，或 ${d.year}-10-01至${d.year}-10-07）：` }),
      answer(text, d) {
        const days = parseDays(text, d.year);
        if (!days.ok) return invalid(days.reason);
        const checked = checkNotice(input(d, { name: d.current.name, days: days.value, workdays: [] }));
        return checked.ok ? next('workdays', { ...d, current: { name: d.current.name, days: days.value } }) : invalid(checked.reason);
      },
    }),
    workdays: needs(['current', 'year'], {
      prompt: (d) => ({ text: `${title(d)}「${d.current.name}」的调休上班日期（周六或周日，如 9月26日、10月9日）；没有请回复“无”：`, options: ['无'] }),
      answer(text, d) {
        const workdays = parseDays(text, d.year);
        if (!workdays.ok) return invalid(workdays.reason);
        const holiday = { name: d.current.name, days: d.current.days!, workdays: workdays.value };
        const checked = checkNotice(input(d, holiday));
        return checked.ok ? next('name', { ...d, holidays: [...d.holidays, holiday], current: undefined }) : invalid(checked.reason);
      },
    }),
    confirm: needs(['year'], {
      prompt: (d) => {
        const checked = checkNotice(input(d));
        const lines = checked.ok ? noticeLines(checked.value) : [];
        return {
          text: [`请核对${d.year}年节假日安排（未列出的周六、周日休息，其余日子上班）：`, ...lines, '提交后须由另一名司法局工作人员或管理员核对确认才生效。'].join('\n'),
          options: ['提交', '取消'],
        };
      },
      async answer(text, d, t: Turn) {
        if (!['提交', '确认', '确认提交'].includes(text.trim())) return invalid('请选择“提交”或“取消”，或发送“返回”修改。');
        const checked = checkNotice(input(d));
        if (!checked.ok) return invalid(checked.reason);
        const ctx = { store: t.store, notify: t.notify, directory: t.services.directory, now: t.now };
        const r = await submitNotice(ctx, checked.value, { via: 'chat', personId: t.actor.personId });
        if (!r.ok) return done({ text: r.reason });
        return done({ text: `已提交${d.year}年节假日安排，待另一名司法局工作人员或管理员核对确认后生效；已通知其他可确认的人员。`, options: [`节假日 ${d.year}`] });
      },
    }),
  },
};
