/**
 * The calendar a running instance uses: the package's years overridden by the notices
 * entered and confirmed in the database. It is one object handed to every user (engine,
 * scheduler, web API) whose data is swapped whole when the entered notices change, so
 * every user sees a new year at once. `version` names the set of confirmed notices it was
 * built from: an instance compares it with the database's on each sweep and reloads when
 * another instance has confirmed a notice.
 */
import type { DayCalendar, Due } from './calendar';
import type { HolidayNotice } from './notice';
import { type OfficialCalendar, type YearNotices, type YearSource, calendarOf } from './official';

export class LiveCalendar implements OfficialCalendar {
  private current: OfficialCalendar;
  private enteredYears: YearNotices;
  private loaded: string | null;

  constructor(readonly pkg: YearNotices, entered: YearNotices = new Map(), version: string | null = null) {
    this.enteredYears = entered;
    this.loaded = version;
    this.current = calendarOf(pkg, entered);
  }

  isWorkday(date: string): boolean {
    return this.current.isWorkday(date);
  }

  isOfficial(date: string): boolean {
    return this.current.isOfficial(date);
  }

  workingDaysAfter(from: Date, n: number): Due | undefined {
    return this.current.workingDaysAfter?.(from, n);
  }

  sourceOf(year: number): YearSource {
    return this.current.sourceOf(year);
  }

  /** The confirmed notices it was built from, by year. */
  get entered(): YearNotices {
    return this.enteredYears;
  }

  /** The version of the confirmed notices it was built from; null before the first load. */
  get version(): string | null {
    return this.loaded;
  }

  /** The calendar as it would be with one more notice confirmed (not adopted: the transaction may still fail). */
  withNotice(n: HolidayNotice): { calendar: OfficialCalendar; entered: YearNotices } {
    const entered = new Map(this.enteredYears).set(n.year, n);
    return { calendar: calendarOf(this.pkg, entered), entered };
  }

  /**
   * Takes the confirmed notices as they now stand (after the commit that confirmed them, or a
   * reload); `built` is the calendar already made of them, if any (its tables are kept).
   */
  adopt(entered: YearNotices, version: string, built?: OfficialCalendar): void {
    this.current = built ?? calendarOf(this.pkg, entered);
    this.enteredYears = entered;
    this.loaded = version;
  }
}

/** Whether a calendar can say where a year's days come from. */
export const hasSources = (c: DayCalendar): c is OfficialCalendar => typeof (c as Partial<OfficialCalendar>).sourceOf === 'function';
