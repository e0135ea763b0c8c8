/**
 * The liaisons' morning digest (每日提醒): on working days, from 08:30 Asia/Shanghai, one
 * message per liaison with what falls due by the end of the week — the open deadlines of
 * their units due on or before Sunday. Days off get none (a make-up working day does).
 */
import { type DayCalendar, endOfLocalDay, localDate } from '../calendar/calendar';
import type { Deadline } from './deadline';

export const DIGEST_TIME = '08:30';

/** Whether the instant is on a working day, at or after 08:30 local time. */
export function isDigestTime(now: Date, calendar: DayCalendar): boolean {
  const day = localDate(now);
  return calendar.isWorkday(day) && now.getTime() >= Date.parse(`${day}T${DIGEST_TIME}:00+08:00`);
}

/** 23:59:59 +08:00 on the Sunday of the instant's week (Monday to Sunday). */
export function endOfWeek(now: Date): Date {
  const day = localDate(now);
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const sunday = new Date(Date.parse(`${day}T00:00:00Z`) + ((7 - dow) % 7) * 86_400_000).toISOString().slice(0, 10);
  return endOfLocalDay(sunday);
}

/** The open deadlines due by the end of the week, soonest first. */
export function dueThisWeek(deadlines: readonly Deadline[], now: Date): Deadline[] {
  const end = endOfWeek(now).getTime();
  return deadlines.filter((d) => d.state === 'open' && d.dueAt.getTime() <= end).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** 提醒设置 and the morning digest's once-a-day key. */
export interface ReminderSettingsRepo {
  digestPaused(personId: number): Promise<boolean>;
  setDigestPaused(personId: number, paused: boolean, at: Date): Promise<void>;
  /** Liaisons with the digest on and none taken care of that day, by person id. */
  digestDue(day: string, limit: number): Promise<number[]>;
  /** Claims the person's digest of the day; false if another sweep did (it waits for that one to end). */
  claimDigest(personId: number, day: string, items: number, at: Date): Promise<boolean>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module '../ports' {
  interface MechanismPorts {
    reminderSettings: ReminderSettingsRepo;
  }
}
