import type { Policy } from '../../shared/contract';

/** The default policy (docs/domain.md); each is a per-community value settable with admin.setPolicy. */
export const DEFAULT_POLICY: Policy = {
  yearlyFreeSessions: 12,
  minAgeMonths: 12,
  maxAgeMonths: 36,
  bookingOpensDaysBefore: 14,
  bookingClosesMinutesBefore: 60,
  maxUpcomingBookings: 4,
  freeCancelHoursBefore: 24,
  waitlistClosesHoursBefore: 2,
  checkinOpensMinutesBefore: 30,
  noShowGraceMinutes: 30,
  noShowLimit: 3,
  noShowWindowDays: 90,
  suspensionDays: 30,
};

export const POLICY_KEYS = Object.keys(DEFAULT_POLICY) as Array<keyof Policy>;
