/**
 * Keeps an instance's calendar (domain/calendar/live.ts) in step with the database:
 * - `load` before anything counts a clock: the confirmed notices override the package;
 * - `start` compares the package with what was seen before: a year it newly covers (or
 *   whose data changed) makes the provisional clocks count again; a year that was entered
 *   and that the package now covers is compared with the entered notice and a difference
 *   is reported to 司法局 — never applied, the entered notice stays (precedence);
 * - `refresh`, on each sweep: when another instance has confirmed a notice (the version
 *   changed), reload and count again the clocks this one opened on the old calendar.
 * What two instances do twice is harmless: moving a clock is guarded by its old due, the
 * package years and the comparison are recorded by whichever instance gets there first.
 */
import type { Logger } from 'pino';
import { type DayCalendar, localYear } from '../../domain/calendar/calendar';
import type { LiveCalendar } from '../../domain/calendar/live';
import { noticeDifferences, noticeFingerprint } from '../../domain/calendar/notice';
import { type YearNotices, calendarOf } from '../../domain/calendar/official';
import type { Directory } from '../../domain/organisation';
import type { Store, UnitOfWork } from '../../domain/ports';
import { notifyPerson } from '../notify';
import { type KeeperContext, tellJustice } from './actions';
import { type RecomputeReport, recomputeClocks, reportLines } from './recompute';

export interface CalendarKeeperDeps {
  uow: UnitOfWork;
  directory: Directory;
  calendar: LiveCalendar;
  clock: () => Date;
  pushPlatforms?: () => ReadonlySet<string>;
  log?: Logger;
}

const MAX_DIFFERENCES = 30;

export class CalendarKeeper {
  constructor(private readonly deps: CalendarKeeperDeps) {}

  get calendar(): LiveCalendar {
    return this.deps.calendar;
  }

  private context(store: Store, calendar: DayCalendar = this.deps.calendar): KeeperContext & { calendar: DayCalendar } {
    const running = this.deps.pushPlatforms ?? (() => new Set<string>());
    return { store, notify: (p, r) => notifyPerson(store, p, r, running()), directory: this.deps.directory, now: this.deps.clock(), calendar };
  }

  private static async read(store: Store): Promise<{ entered: YearNotices; version: string }> {
    const version = await store.calendar.version();
    return { entered: new Map((await store.calendar.confirmed()).map((n) => [n.year, n.notice])), version };
  }

  /** Takes the confirmed notices from the database. */
  async load(): Promise<void> {
    const { entered, version } = await this.deps.uow.run(CalendarKeeper.read);
    this.deps.calendar.adopt(entered, version);
  }

  /**
   * At start, after `load`: the package compared with the years seen before and with the
   * entered notices. Returns the years it newly covers and what moved.
   */
  async start(): Promise<{ years: number[]; report: RecomputeReport }> {
    const cal = this.deps.calendar;
    const fingerprints = new Map([...cal.pkg].map(([y, n]) => [y, noticeFingerprint(n)]));
    const result = await this.deps.uow.run(async (store) => {
      const ctx = this.context(store);
      const { changed, fresh } = await store.calendar.recordPackageYears(fingerprints, ctx.now);
      // The first start with this table records every year the package has; only the current
      // and later years can hold open provisional clocks.
      const years = (fresh ? changed.filter((y) => y >= localYear(ctx.now)) : changed).filter((y) => !cal.entered.has(y));
      for (const n of await store.calendar.confirmed()) {
        const packaged = cal.pkg.get(n.year);
        if (!packaged || !(await store.calendar.markPackageChecked(n.id, noticeFingerprint(packaged)))) continue;
        const differences = noticeDifferences(n.notice, packaged, { mine: '已录入的正式安排', theirs: '软件包数据' });
        if (!differences.length) continue;
        await tellJustice(ctx, {
          text: [
            `【节假日数据差异】软件包（chinese-days）现已包含${n.year}年节假日数据，与已录入的${n.year}年正式安排有 ${differences.length} 处不同。系统继续以录入的安排为准，未自动采用软件包数据：`,
            ...differences.slice(0, MAX_DIFFERENCES),
            ...(differences.length > MAX_DIFFERENCES ? [`……等 ${differences.length} 处`] : []),
            `请对照国务院办公厅通知核对；如录入有误，请发送“录入节假日”重新录入${n.year}年安排，经另一人确认后生效。`,
          ].join('\n'),
          options: [`节假日 ${n.year}`],
        });
      }
      const report = await recomputeClocks(ctx, years);
      if (!years.length) report.unrecomputable = []; // listed when their year became official, not at every start
      const lines = reportLines(report, this.deps.directory);
      if (lines.length) await tellJustice(ctx, { text: [`【期限重算】软件包新增或更新了${years.length ? years.map((y) => `${y}年`).join('、') : ''}节假日数据。`, ...lines].join('\n') });
      return { years, report };
    });
    if (result.years.length || result.report.moved.length) this.deps.log?.info({ years: result.years, moved: result.report.moved.length }, 'calendar: package years');
    return result;
  }

  /**
   * When the confirmed notices changed in the database (another instance confirmed one):
   * reload, and count again the clocks that may have been counted on the old calendar
   * meanwhile. True when it reloaded.
   */
  async refresh(): Promise<boolean> {
    const cal = this.deps.calendar;
    const version = await this.deps.uow.run((s) => s.calendar.version());
    if (version === cal.version) return false;
    const loaded = await this.deps.uow.run(async (store) => {
      const { entered, version } = await CalendarKeeper.read(store);
      const years = [...new Set([...entered.keys(), ...cal.entered.keys()])].filter((y) => {
        const [a, b] = [entered.get(y), cal.entered.get(y)];
        return !a || !b || noticeFingerprint(a) !== noticeFingerprint(b);
      });
      const calendar = calendarOf(cal.pkg, entered);
      const ctx = this.context(store, calendar);
      const report = await recomputeClocks(ctx, years);
      report.unrecomputable = []; // the instance that confirmed listed them
      const lines = reportLines(report, this.deps.directory);
      if (lines.length) await tellJustice(ctx, { text: ['【期限重算】节假日安排已更新，以下期限已按正式日历重新计算：', ...lines].join('\n') });
      return { entered, version, calendar };
    });
    cal.adopt(loaded.entered, loaded.version, loaded.calendar);
    return true;
  }
}
