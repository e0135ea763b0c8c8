/**
 * Moving the clocks when a year's calendar becomes official (a notice confirmed, a package
 * that now knows the year): each working-day clock is counted again from its start event
 * (domain/deadlines/recompute.ts), saved with its reminders and a history row, and the
 * people responsible are told. Runs inside the caller's transaction.
 */
import { type DayCalendar, formatDue, localYear } from '../../domain/calendar/calendar';
import type { ClockMove } from '../../domain/calendar/repo';
import { DEADLINE_LABEL, type Deadline, SUPERVISOR_OF } from '../../domain/deadlines/deadline';
import { type RecomputeOutcome, recomputeDue } from '../../domain/deadlines/recompute';
import { remindersFor } from '../../domain/deadlines/reminders';
import { WORKING_DAY_RULES } from '../../domain/deadlines/rules';
import type { Directory } from '../../domain/organisation';
import type { Reply } from '../../domain/ports';
import { optionsFor, subjectText } from '../deadline-text';
import { RESPONSIBLE, SUPERVISOR_ROLES } from '../../domain/deadlines/responsible';
import { type Notifier, notifyStaffOf } from '../staff';

export interface RecomputeContext extends Notifier {
  directory: Directory;
  now: Date;
  /** The calendar as it now stands (the one the clocks are counted on). */
  calendar: DayCalendar;
}

/** A clock that moved: before and after. */
export interface MovedClock {
  before: Deadline;
  dueAt: Date;
  provisional: boolean;
  outcome: RecomputeOutcome;
}

export interface RecomputeReport {
  /** The years whose calendar changed. */
  years: number[];
  moved: MovedClock[];
  /** Provisional clocks without a recorded start event: left as they are. */
  unrecomputable: Deadline[];
}

export const count = (r: RecomputeReport, outcome: RecomputeOutcome): number => r.moved.filter((m) => m.outcome === outcome).length;

const yearStart = (y: number) => new Date(Date.parse(`${y}-01-01T00:00:00+08:00`));

/**
 * 「因2027年节假日安排公布」: the changed years the clock runs over; when none was named (a
 * clock counted on an older calendar meanwhile), the official years it runs over.
 */
export function reasonFor(d: Deadline, dueAt: Date, years: readonly number[], calendar: DayCalendar): string {
  const from = localYear(d.startedAt ?? d.dueAt);
  const to = localYear(new Date(Math.max(d.dueAt.getTime(), dueAt.getTime())));
  const span = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const named = span.filter((y) => years.includes(y));
  const its = named.length ? named : span.filter((y) => calendar.isOfficial(`${y}-12-31`));
  return its.length ? `因${its.map((y) => `${y}年`).join('、')}节假日安排公布` : '因节假日安排调整';
}

/** What the clock is, for messages: 「乡镇移送：案件 AJ-2026-000001（抚宁镇）」. */
const what = (d: Deadline, dir: Directory) => `${DEADLINE_LABEL[d.kind]}：${subjectText(d)}（${dir.name(d.orgId)}）`;
const due = (at: Date, provisional: boolean) => formatDue({ due: at, provisional });

function message(m: MovedClock, reason: string, dir: Directory): Reply | null {
  const d = m.before;
  const change = `${reason}，${what(d, dir)}的期限由${due(d.dueAt, d.provisional)}调整为${due(m.dueAt, m.provisional)}。`;
  const options = optionsFor(d.kind, d.subject, 'due');
  const text = {
    moved: `【期限调整】${change}提醒时间已随之调整。`,
    restored: `【期限恢复】${change}该期限原按暂定日期记为逾期，按正式安排尚未届满，已恢复计时，到期将照常提醒和督办。`,
    'now-overdue': `【期限已届满】${change}按正式安排该期限已经届满。系统未自动督办，请尽快办理并向督办单位说明情况。`,
    confirmed: null,
    'still-missed': null,
  }[m.outcome];
  return text ? (options ? { text, options } : { text }) : null;
}

/**
 * Counts every clock that may have moved again on `ctx.calendar`: the provisional ones, and
 * the open ones running over a changed year. Returns what moved and what could not be counted.
 */
export async function recomputeClocks(ctx: RecomputeContext, years: readonly number[]): Promise<RecomputeReport> {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const span = sorted.length ? { from: yearStart(sorted[0]!), to: yearStart(sorted.at(-1)! + 1) } : undefined;
  const report: RecomputeReport = { years: sorted, moved: [], unrecomputable: [] };
  for (const d of await ctx.store.calendar.clocksToRecompute(WORKING_DAY_RULES, span)) {
    const r = recomputeDue(d, ctx.calendar, ctx.now);
    if (r.kind === 'unrecomputable') {
      if (d.provisional) report.unrecomputable.push(d);
      continue;
    }
    if (r.kind === 'unchanged') continue;
    const { state } = r;
    const reason = reasonFor(d, r.dueAt, sorted, ctx.calendar);
    // Reminders of a clock that runs on: early ones already past are dropped by remindersFor;
    // a due instant already past (now-overdue) gets no reminder and no escalation.
    const reminders = state === 'open' ? remindersFor({ kind: d.kind, dueAt: r.dueAt }, ctx.now, ctx.calendar).filter((x) => x.at.getTime() > ctx.now.getTime()) : [];
    const move: ClockMove = {
      before: d, dueAt: r.dueAt, provisional: r.provisional, state, reminders,
      rearm: r.outcome === 'restored' ? ['due', 'escalation'] : [],
      outcome: r.outcome, reason, at: ctx.now,
    };
    if (!(await ctx.store.calendar.moveClock(move))) continue; // changed meanwhile (met, closed): left as it is
    const moved: MovedClock = { before: d, dueAt: r.dueAt, provisional: r.provisional, outcome: r.outcome };
    report.moved.push(moved);
    const reply = message(moved, reason, ctx.directory);
    if (!reply) continue;
    const told = await notifyStaffOf(ctx, [d.orgId], RESPONSIBLE[d.kind], reply);
    if (r.outcome !== 'moved') {
      const supervisor = ctx.directory.byCode(SUPERVISOR_OF[d.kind]);
      if (supervisor) await notifyStaffOf(ctx, [supervisor.id], SUPERVISOR_ROLES, reply, told);
    }
  }
  return report;
}

const MAX_LINES = 20;

function listed(items: readonly string[]): string[] {
  return items.length > MAX_LINES ? [...items.slice(0, MAX_LINES), `……等 ${items.length} 项`] : [...items];
}

/** What the recompute did, for 司法局 and for the person who confirmed. Empty when nothing moved and nothing was left. */
export function reportLines(r: RecomputeReport, dir: Directory): string[] {
  const lines: string[] = [];
  const changed = r.moved.filter((m) => m.outcome !== 'confirmed');
  const confirmed = count(r, 'confirmed');
  if (changed.length || confirmed) lines.push(`已按正式日历重新计算期限：调整 ${changed.length} 项${confirmed ? `，日期不变、取消“暂定” ${confirmed} 项` : ''}。`);
  const of = (o: RecomputeOutcome) => r.moved.filter((m) => m.outcome === o);
  const line = (m: MovedClock) => `· ${what(m.before, dir)}：${due(m.before.dueAt, m.before.provisional)} → ${due(m.dueAt, m.provisional)}`;
  if (of('moved').length) lines.push(`期限调整 ${of('moved').length} 项：`, ...listed(of('moved').map(line)));
  if (of('restored').length) lines.push(`原按暂定期限记为逾期、按正式安排尚未届满，已恢复计时 ${of('restored').length} 项：`, ...listed(of('restored').map(line)));
  if (of('now-overdue').length) lines.push(`按正式安排已经届满 ${of('now-overdue').length} 项（未自动督办，请核实处理）：`, ...listed(of('now-overdue').map(line)));
  if (of('still-missed').length) lines.push(`已逾期、按正式安排仍逾期 ${of('still-missed').length} 项，期限记录已更正。`);
  if (r.unrecomputable.length) {
    lines.push(
      `以下 ${r.unrecomputable.length} 项暂定期限缺少起算时间（系统升级前登记），未能自动重算，仍为暂定，请人工核对：`,
      ...listed(r.unrecomputable.map((d) => `· ${what(d, dir)}，截止 ${due(d.dueAt, d.provisional)}（${d.rule}）`)),
    );
  }
  return lines;
}
