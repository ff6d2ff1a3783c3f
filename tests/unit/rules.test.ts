import {
  ageInMonths,
  canPromote,
  isBookingOpen,
  isCheckinOpen,
  isEligibleAge,
  isFreeCancellation,
  isRegistrableAge,
  maskPhone,
  noShowDueAt,
  overlaps,
  quotaYear,
  shouldSuspend,
} from '../../cloudfunctions/core/rules';
import { DEFAULT_POLICY as P } from '../../cloudfunctions/core/rules/policy';
import { shanghaiDate, shanghaiInstant, shanghaiYear } from '../../cloudfunctions/core/time';

describe('age in months (whole calendar months to the session date)', () => {
  it('is exactly 12 on the first birthday and 11 the day before', () => {
    expect(ageInMonths('2026-03-03', '2027-03-03')).toBe(12);
    expect(ageInMonths('2026-03-03', '2027-03-02')).toBe(11);
  });
  it('a child is eligible from 12 months and no longer on its 3rd birthday', () => {
    expect(isEligibleAge(ageInMonths('2026-03-03', '2027-03-02'), P)).toBe(false);
    expect(isEligibleAge(ageInMonths('2026-03-03', '2027-03-03'), P)).toBe(true);
    expect(isEligibleAge(ageInMonths('2026-03-03', '2029-03-02'), P)).toBe(true); // 35 months
    expect(isEligibleAge(ageInMonths('2026-03-03', '2029-03-03'), P)).toBe(false); // 36 months
  });
  it('counts month ends honestly (born on the 31st)', () => {
    expect(ageInMonths('2026-01-31', '2026-02-28')).toBe(0);
    expect(ageInMonths('2026-01-31', '2026-03-31')).toBe(2);
  });
});

describe('registration age: from birth up to the 6th birthday', () => {
  it('accepts a newborn and a child on its 6th birthday, refuses the day after and the unborn', () => {
    expect(isRegistrableAge('2026-11-26', '2026-11-26')).toBe(true);
    expect(isRegistrableAge('2020-11-26', '2026-11-26')).toBe(true);
    expect(isRegistrableAge('2020-11-25', '2026-11-26')).toBe(false);
    expect(isRegistrableAge('2026-11-27', '2026-11-26')).toBe(false);
  });
});

describe('quota year is taken from the session date in Asia/Shanghai', () => {
  it('a session on 1 January belongs to the new year even when UTC is still in the old one', () => {
    const start = shanghaiInstant('2027-01-01', '07:00'); // 2026-12-31T23:00Z
    expect(start.toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(shanghaiDate(start)).toBe('2027-01-01');
    expect(quotaYear('2027-01-01')).toBe(2027);
    expect(shanghaiYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
    expect(shanghaiYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });
});

describe('booking window: opens 14 days before start, closes 60 minutes before', () => {
  const start = shanghaiInstant('2027-03-10', '09:00');
  it('is open at exactly both edges and closed just outside', () => {
    expect(isBookingOpen(new Date(start.getTime() - 14 * 86400_000), start, P)).toBe(true);
    expect(isBookingOpen(new Date(start.getTime() - 14 * 86400_000 - 1), start, P)).toBe(false);
    expect(isBookingOpen(new Date(start.getTime() - 60 * 60_000), start, P)).toBe(true);
    expect(isBookingOpen(new Date(start.getTime() - 60 * 60_000 + 1), start, P)).toBe(false);
  });
});

describe('cancellation cutoff: 24 h before start refunds, later does not', () => {
  const start = shanghaiInstant('2027-03-10', '09:00');
  it('refunds at exactly 24 h and not one second later', () => {
    expect(isFreeCancellation(new Date(start.getTime() - 24 * 3600_000), start, P)).toBe(true);
    expect(isFreeCancellation(new Date(start.getTime() - 24 * 3600_000 + 1000), start, P)).toBe(false);
  });
});

describe('waitlist, check-in and no-show instants', () => {
  const start = shanghaiInstant('2027-03-10', '09:00');
  const end = shanghaiInstant('2027-03-10', '11:00');
  it('promotes only before start − 2 h (closed at exactly that instant)', () => {
    expect(canPromote(new Date(start.getTime() - 2 * 3600_000 - 1), start, P)).toBe(true);
    expect(canPromote(new Date(start.getTime() - 2 * 3600_000), start, P)).toBe(false);
  });
  it('checks in from 30 min before start until the end', () => {
    expect(isCheckinOpen(new Date(start.getTime() - 30 * 60_000), start, end, P)).toBe(true);
    expect(isCheckinOpen(new Date(start.getTime() - 30 * 60_000 - 1), start, end, P)).toBe(false);
    expect(isCheckinOpen(end, start, end, P)).toBe(true);
    expect(isCheckinOpen(new Date(end.getTime() + 1), start, end, P)).toBe(false);
  });
  it('marks a no-show 30 min after the end', () => {
    expect(noShowDueAt(end, P).toISOString()).toBe(new Date(end.getTime() + 30 * 60_000).toISOString());
  });
});

describe('no-show suspension: 3 within 90 days', () => {
  const now = new Date('2027-06-01T00:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86400_000).toISOString();
  it('suspends on the third no-show inside the window only', () => {
    expect(shouldSuspend([daysAgo(10), daysAgo(20)], now, P)).toBe(false);
    expect(shouldSuspend([daysAgo(10), daysAgo(20), daysAgo(89)], now, P)).toBe(true);
    expect(shouldSuspend([daysAgo(10), daysAgo(20), daysAgo(91)], now, P)).toBe(false);
  });
});

describe('small helpers', () => {
  it('overlap is strict (back-to-back sessions do not overlap)', () => {
    const a = { startAt: '2027-03-10T01:00:00Z', endAt: '2027-03-10T03:00:00Z' };
    expect(overlaps(a, { startAt: '2027-03-10T03:00:00Z', endAt: '2027-03-10T05:00:00Z' })).toBe(false);
    expect(overlaps(a, { startAt: '2027-03-10T02:59:00Z', endAt: '2027-03-10T05:00:00Z' })).toBe(true);
  });
  it('masks phone numbers for staff', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
