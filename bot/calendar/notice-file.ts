/**
 * The notice file of `npm run calendar -- --file notice.json` (and of the loopback admin
 * endpoint it calls): `{"year": 2027, "holidays": [{"name": "元旦", "days": ["2027-01-01"]}],
 * "workdays": ["2027-02-07"]}` — workdays are the 调休 make-up working days. The shape is
 * checked with zod, then the notice itself (domain/calendar/notice.ts); every reason is in Chinese.
 */
import { z } from 'zod';
import { type HolidayNotice, checkNotice } from '../../domain/calendar/notice';
import { type Result, fail } from '../../domain/result';
import type { Entrant } from '../../domain/calendar/notice-record';
import type { UnitOfWork } from '../../domain/ports';
import type { Directory } from '../../domain/organisation';
import { type KeeperContext, submitNotice } from './actions';
import { notifyPerson } from '../notify';

const day = z.string({ invalid_type_error: '日期应为字符串，如 "2027-10-01"' });

export const NoticeFile = z
  .object(
    {
      year: z.number({ required_error: '缺少 year（年份）', invalid_type_error: 'year 应为数字，如 2027' }).int('year 应为整数，如 2027'),
      holidays: z.array(
        z
          .object(
            {
              name: z.string({ required_error: '节日缺少 name（名称）', invalid_type_error: 'name 应为字符串，如 "国庆节"' }),
              days: z.array(day, { required_error: '节日缺少 days（放假日期）', invalid_type_error: 'days 应为日期列表' }),
            },
            { invalid_type_error: '每个节日应为对象：{"name": "国庆节", "days": ["2027-10-01", …]}' },
          )
          .strict('节日只能有 name 和 days 两项'),
        { required_error: '缺少 holidays（节日列表）', invalid_type_error: 'holidays 应为列表' },
      ),
      workdays: z.array(day, { invalid_type_error: 'workdays（调休上班日）应为日期列表' }).optional(),
    },
    { required_error: '文件内容应为 JSON 对象', invalid_type_error: '文件内容应为 JSON 对象：{"year": 2027, "holidays": […], "workdays": […]}' },
  )
  .strict('只能有 year、holidays、workdays 三项');

/** Where in the file, as people count: 「holidays 第2项 days 第3项」. */
function where(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `第${p + 1}项` : p)).join(' ');
}

/** The file's JSON as a checked notice, or why not. */
export function parseNoticeFile(json: unknown): Result<HolidayNotice> {
  const parsed = NoticeFile.safeParse(json);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => (i.path.length ? `${where(i.path)}：${i.message}` : i.message)).join('；'));
  return checkNotice(parsed.data);
}

/** Checks a file's JSON and stores it waiting for confirmation, as an operator's entry: what the CLI and the admin endpoint do. */
export async function submitNoticeFile(uow: UnitOfWork, directory: Directory, json: unknown, now: Date, running: () => ReadonlySet<string> = () => new Set()): Promise<Result<HolidayNotice>> {
  const notice = parseNoticeFile(json);
  if (!notice.ok) return notice;
  const by: Entrant = { via: 'file' };
  return uow.run(async (store) => {
    const ctx: KeeperContext = { store, directory, now, notify: (p, r) => notifyPerson(store, p, r, running()) };
    const r = await submitNotice(ctx, notice.value, by);
    return r.ok ? notice : fail(r.reason);
  });
}
