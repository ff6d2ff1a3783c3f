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
 *    For those years the fixed-date statutory holidays (元旦 1/1, 劳动节 5/1–5/2, 国庆节 10/1–10/3, as the
 *    national holiday regulation fixes them) still count as holidays; lunar holidays and 调休 cannot be known.
 *  - Overrides (admin.setHoliday, district admins) beat the calendar both ways: a date set as `holiday`
 *    is a holiday whatever the package says, a date set as `workday` is a working day (a make-up workday
 *    when it falls on a weekend). Every skipped date says where it came from: `calendar` or `override`.
 */
import { getDayDetail, getHolidaysInRange } from 'chinese-days';
import type { HolidayKind, HolidaySource, SkippedDate } from '../../shared/contract';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  date: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  kind: DayKind;
  /** Chinese name of the holiday the day belongs to (holidays and make-up workdays), e.g. "国庆节". */
  holiday?: string;
  /** Where the day's holiday/workday status came from (absent for ordinary days). */
  source?: HolidaySource;
}

/** A district's override of one date. */
export interface HolidayOverride {
  date: string;
  kind: HolidayKind;
  name: string;
}
export type Overrides = ReadonlyMap<string, HolidayOverride>;

/** The statutory fixed-date holidays, used for years the package has no data for. */
const FIXED_HOLIDAYS: Array<[string, string]> = [
  ['01-01', '元旦'],
  ['05-01', '劳动节'],
  ['05-02', '劳动节'],
  ['10-01', '国庆节'],
  ['10-02', '国庆节'],
  ['10-03', '国庆节'],
];

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

/** The day by the calendar package, or by the fixed statutory dates when the package lacks the year. */
function calendarDay(date: string): DayInfo {
  const weekday = isoWeekday(date);
  const weekend = weekday >= 6;
  if (!calendarKnown(Number(date.slice(0, 4)))) {
    const fixed = FIXED_HOLIDAYS.find(([md]) => md === date.slice(5));
    if (fixed) return { date, weekday, kind: 'holiday', holiday: fixed[1], source: 'calendar' };
    return { date, weekday, kind: weekend ? 'weekend' : 'workday' };
  }
  const detail = getDayDetail(date);
  const holiday = holidayName(detail.name);
  let kind: DayKind;
  if (detail.work) kind = weekend ? 'makeup_workday' : 'workday';
  else kind = holiday ? 'holiday' : 'weekend';
  const special = kind === 'holiday' || kind === 'makeup_workday';
  return {
    date,
    weekday,
    kind,
    ...(holiday && kind !== 'workday' ? { holiday } : {}),
    ...(special ? { source: 'calendar' as const } : {}),
  };
}

/** The day as schedules see it: an override of the date if there is one, else the calendar. */
export function dayInfo(date: string, overrides?: Overrides): DayInfo {
  const o = overrides?.get(date);
  if (!o) return calendarDay(date);
  const weekday = isoWeekday(date);
  if (o.kind === 'holiday') return { date, weekday, kind: 'holiday', holiday: o.name, source: 'override' };
  return { date, weekday, kind: weekday >= 6 ? 'makeup_workday' : 'workday', holiday: o.name, source: 'override' };
}

/** Chinese reason of a skipped date, naming where the holiday came from. */
export function skipReason(info: DayInfo): string {
  const name = info.holiday ?? '法定节假日';
  if (info.source === 'override') return `${name}放假（区级设置）`;
  return calendarKnown(Number(info.date.slice(0, 4))) ? `${name}放假` : `${name}放假（法定固定日期）`;
}

/** Holidays and make-up workdays of a year: the calendar's, then the overrides on top (each with its source). */
export function yearCalendar(
  year: number,
  overrides: Overrides,
): Array<{ date: string; kind: HolidayKind; name: string; source: HolidaySource }> {
  const out = new Map<string, { date: string; kind: HolidayKind; name: string; source: HolidaySource }>();
  for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = nextDate(date)) {
    const info = calendarDay(date);
    if (info.kind === 'holiday') out.set(date, { date, kind: 'holiday', name: info.holiday ?? '法定节假日', source: 'calendar' });
    else if (info.kind === 'makeup_workday')
      out.set(date, { date, kind: 'workday', name: `${info.holiday ?? ''}调休上班`, source: 'calendar' });
  }
  for (const o of overrides.values()) {
    if (o.date.startsWith(`${year}-`)) out.set(o.date, { date: o.date, kind: o.kind, name: o.name, source: 'override' });
  }
  return [...out.values()].sort((a, b) => a.date.localeCompare(b.date));
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
export function planScheduleDates(rule: ScheduleRule, overrides?: Overrides): PlannedDates {
  const weekdays = new Set(rule.weekdays);
  const followWorkdays = rule.followWorkdays === true;
  const skipHolidays = followWorkdays || rule.skipHolidays !== false;
  const dates: string[] = [];
  const skipped: SkippedDate[] = [];
  const makeupWorkdays: string[] = [];
  const years = new Set<number>();
  for (let date = rule.from; date <= rule.to; date = nextDate(date)) {
    years.add(Number(date.slice(0, 4)));
    const info = dayInfo(date, overrides);
    const listed = weekdays.has(info.weekday);
    if (info.kind === 'holiday') {
      if (!listed) continue;
      if (skipHolidays)
        skipped.push({ date, reason: skipReason(info), source: info.source ?? 'calendar', name: info.holiday ?? '法定节假日' });
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
