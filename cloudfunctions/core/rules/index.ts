/**
 * The domain rules (docs/domain.md) as small pure functions. No I/O here: the services gather the facts
 * (documents, the server clock, the community policy) and ask these functions.
 */
import type { BookingStatus, Policy } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';

/** Whole calendar months from birthDate to onDate (born 2026-03-03 → 12 months on 2027-03-03). */
export function ageInMonths(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  return (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
}

/** The date `months` calendar months after `date` (the first day on which ageInMonths reaches `months`). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = m - 1 + months;
  const ty = y + Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  if (d <= last) return `${ty}-${String(tm).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  // born on the 31st, no 31st that month: ageInMonths counts the month from the 1st of the next month
  const next = new Date(Date.UTC(ty, tm, 1));
  return next.toISOString().slice(0, 10);
}

/** Registration accepts children from birth up to their 6th birthday (inclusive) on the registration date. */
export function isRegistrableAge(birthDate: string, today: string): boolean {
  const sixthBirthday = `${Number(birthDate.slice(0, 4)) + 6}${birthDate.slice(4)}`;
  return birthDate <= today && today <= sixthBirthday;
}

/** Age eligibility on the session date; give it the session kind's policy (rules/policy.ts kindPolicy). */
export function isEligibleAge(ageMonths: number, policy: Pick<Policy, 'minAgeMonths' | 'maxAgeMonths'>): boolean {
  return ageMonths >= policy.minAgeMonths && ageMonths < policy.maxAgeMonths;
}

/** The quota year is the calendar year of the session's date (Asia/Shanghai). */
export function quotaYear(sessionDate: string): number {
  return Number(sessionDate.slice(0, 4));
}

export const QUOTA_CONSUMING: readonly BookingStatus[] = ['confirmed', 'checked_in', 'checked_out', 'no_show', 'late_cancelled'];
/**
 * Statuses that hold the child's place in time: the same or an overlapping session cannot be booked
 * again while one of these stands (a checked-out or no-show booking still used its seat). Bounded by the
 * yearly quota, so the per-child claims document stays small.
 */
export const CLAIM_STATUSES: readonly BookingStatus[] = ['confirmed', 'waitlisted', 'checked_in', 'checked_out', 'no_show'];

export function consumesQuota(status: BookingStatus): boolean {
  return QUOTA_CONSUMING.includes(status);
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function bookingWindow(startAt: Date, policy: Policy): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(startAt.getTime() - policy.bookingOpensDaysBefore * DAY),
    closesAt: new Date(startAt.getTime() - policy.bookingClosesMinutesBefore * MIN),
  };
}

export function isBookingOpen(now: Date, startAt: Date, policy: Policy): boolean {
  const { opensAt, closesAt } = bookingWindow(startAt, policy);
  return now.getTime() >= opensAt.getTime() && now.getTime() <= closesAt.getTime();
}

/** Cancelling at least freeCancelHoursBefore before start refunds the quota. */
export function isFreeCancellation(now: Date, startAt: Date, policy: Policy): boolean {
  return now.getTime() <= startAt.getTime() - policy.freeCancelHoursBefore * HOUR;
}

/** The instant the waitlist closes: no promotion at or after it; waiting bookings are cancelled then. */
export function waitlistClosesAt(startAt: Date, policy: Policy): Date {
  return new Date(startAt.getTime() - policy.waitlistClosesHoursBefore * HOUR);
}

export function canPromote(now: Date, startAt: Date, policy: Policy): boolean {
  return now.getTime() < waitlistClosesAt(startAt, policy).getTime();
}

export function isCheckinOpen(now: Date, startAt: Date, endAt: Date, policy: Policy): boolean {
  return now.getTime() >= startAt.getTime() - policy.checkinOpensMinutesBefore * MIN && now.getTime() <= endAt.getTime();
}

/** A temperature at or above this (°C, at drop-off) is a fever: refused unless the worker records a reason. */
export const FEVER_CELSIUS = 37.3;

export function isFever(temperature: number | undefined): boolean {
  return typeof temperature === 'number' && temperature >= FEVER_CELSIUS;
}

/** A 6-digit code not among `taken` (the session's codes so far); `random` gives an integer in [0, 1e6). */
export function pickShortCode(taken: ReadonlySet<string>, random: () => number): string {
  if (taken.size >= 900_000) throw new AppError(ErrorCode.INTERNAL, '签到码已用尽');
  for (;;) {
    const code = String(random() % 1_000_000).padStart(6, '0');
    if (!taken.has(code)) return code;
  }
}

export function noShowDueAt(endAt: Date, policy: Policy): Date {
  return new Date(endAt.getTime() + policy.noShowGraceMinutes * MIN);
}

/** Given the start instants of a child's no-shows, is the child to be suspended now? */
export function shouldSuspend(noShowStarts: string[], now: Date, policy: Policy): boolean {
  const since = now.getTime() - policy.noShowWindowDays * DAY;
  return noShowStarts.filter((s) => new Date(s).getTime() > since).length >= policy.noShowLimit;
}

export function suspensionEnds(now: Date, policy: Policy): Date {
  return new Date(now.getTime() + policy.suspensionDays * DAY);
}

export interface Interval {
  startAt: string;
  endAt: string;
}
export function overlaps(a: Interval, b: Interval): boolean {
  return a.startAt < b.endAt && b.startAt < a.endAt;
}

export const PHONE_RE = /^1[3-9]\d{9}$/;
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/**
 * A validation pipeline: runs the checks in order and throws the first refusal (cal.com's habit).
 * Each check returns null when it passes, or the refusal.
 */
export type Check = () => AppError | null;
export function runChecks(checks: Check[]): void {
  for (const check of checks) {
    const refusal = check();
    if (refusal) throw refusal;
  }
}

export function refuse(code: ErrorCode, message?: string, details?: Record<string, unknown>): AppError {
  return new AppError(code, message, details);
}
