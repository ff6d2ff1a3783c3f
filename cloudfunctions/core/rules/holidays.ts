/**
 * China's official calendar for schedule generation: public holidays (法定节假日) and make-up
 * workdays (调休上班日), from the maintained `chinese-days` package — never a hand-typed list.
 * Pure functions, no I/O.
 *
 * The rule (admin.generateSchedule):
 *  - `weekdays` are ISO weekdays, 1 = Monday … 7 = Sunday. A date is a candidate when its weekday is listed.
 *  - `skipHolidays` (default true): a candidate that is an official public holiday is skipped and
 *    reported in `skipped` with the holiday's name. Ordinary weekends are not "skipped": they are simply
 *    not candidates unless their weekday is listed.
 *  - `followWorkdays` (default false) — "the schedule follows the official working calendar": every
 *    official make-up workday in the range (a Saturday or Sunday that is a working day by 调休) is
 *    scheduled too, whichever weekdays are listed, and holidays are always skipped. Use it with a
 *    Monday–Friday schedule so that the site opens whenever the community office works.
 *  - Years whose holiday arrangement is not yet published (the State Council publishes it each
 *    November; the package then updates) are reported in `unknownYears`, so the admin can check them.
 */
import { getDayDetail, getHolidaysInRange } from 'chinese-days';
import type { SkippedDate } from '../../shared/contract';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  date: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  kind: DayKind;
  /** Chinese name of the holiday the day belongs to (holidays and make-up workdays), e.g. "国庆节". */
  holiday?: string;
}

export interface ScheduleRule {
  from: string;
  to: string;
  weekdays: number[];
  skipHolidays?: boolean;
  followWorkdays?: boolean;
}

export type { SkippedDate };

export interface PlannedDates {
  /** Dates to schedule, ascending. */
  dates: string[];
  /** Candidate dates left out, with the reason in Chinese. */
  skipped: SkippedDate[];
  /** Official make-up workdays included because of followWorkdays. */
  makeupWorkdays: string[];
  /** Years in the range the calendar package has no holiday data for. */
  unknownYears: number[];
}

export const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** ISO weekday of a YYYY-MM-DD date (calendar arithmetic only, independent of the process time zone). */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** "National Day,国庆节,3" → "国庆节"; weekday names ("Saturday") → undefined. */
function holidayName(name: string): string | undefined {
  const parts = name.split(',');
  return parts.length >= 2 ? parts[1] : undefined;
}

export function dayInfo(date: string): DayInfo {
  const weekday = isoWeekday(date);
  const detail = getDayDetail(date);
  const holiday = holidayName(detail.name);
  const weekend = weekday >= 6;
  let kind: DayKind;
  if (detail.work) kind = weekend ? 'makeup_workday' : 'workday';
  else kind = holiday ? 'holiday' : 'weekend';
  return { date, weekday, kind, ...(holiday && kind !== 'workday' ? { holiday } : {}) };
}

const knownYears = new Map<number, boolean>();
/** Whether the package has the official holiday arrangement of `year` (every published year has holidays). */
export function calendarKnown(year: number): boolean {
  let known = knownYears.get(year);
  if (known === undefined) {
    known = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    knownYears.set(year, known);
  }
  return known;
}

/** The dates a weekly schedule covers between from and to (inclusive), by the rule above. */
export function planScheduleDates(rule: ScheduleRule): PlannedDates {
  const weekdays = new Set(rule.weekdays);
  const followWorkdays = rule.followWorkdays === true;
  const skipHolidays = followWorkdays || rule.skipHolidays !== false;
  const dates: string[] = [];
  const skipped: SkippedDate[] = [];
  const makeupWorkdays: string[] = [];
  const years = new Set<number>();
  for (let date = rule.from; date <= rule.to; date = nextDate(date)) {
    years.add(Number(date.slice(0, 4)));
    const info = dayInfo(date);
    const listed = weekdays.has(info.weekday);
    if (info.kind === 'holiday') {
      if (!listed) continue;
      if (skipHolidays) skipped.push({ date, reason: `${info.holiday ?? '法定节假日'}放假` });
      else dates.push(date);
    } else if (info.kind === 'makeup_workday') {
      if (listed) dates.push(date);
      else if (followWorkdays) {
        dates.push(date);
        makeupWorkdays.push(date);
      }
    } else if (listed) {
      dates.push(date);
    }
  }
  const unknownYears = [...years].filter((y) => !calendarKnown(y)).sort();
  return { dates, skipped, makeupWorkdays, unknownYears };
}
