/** All time arithmetic in Asia/Shanghai, from the server's clock (never the client's). */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock the local runtime (and tests) can freeze: `/dev/clock`. */
export class ControllableClock implements Clock {
  private frozen: Date | null = null;
  now(): Date {
    return this.frozen ? new Date(this.frozen.getTime()) : new Date();
  }
  set(instant: Date | null): void {
    this.frozen = instant ? new Date(instant.getTime()) : null;
  }
  isFrozen(): boolean {
    return this.frozen !== null;
  }
}

/** The instant of a local Shanghai wall-clock time, e.g. ("2027-03-03", "09:00"). */
export function shanghaiInstant(date: string, hhmm: string): Date {
  return dayjs.tz(`${date} ${hhmm}`, 'YYYY-MM-DD HH:mm', TZ).toDate();
}

/** The Shanghai calendar date ("YYYY-MM-DD") of an instant. */
export function shanghaiDate(instant: Date): string {
  return dayjs(instant).tz(TZ).format('YYYY-MM-DD');
}

export function shanghaiYear(instant: Date): number {
  return Number(shanghaiDate(instant).slice(0, 4));
}

export function addDays(date: string, days: number): string {
  return dayjs.tz(date, 'YYYY-MM-DD', TZ).add(days, 'day').format('YYYY-MM-DD');
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

/** A real calendar date in YYYY-MM-DD (rejects 2027-02-30). */
export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function isValidHhmm(hhmm: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(hhmm);
}
