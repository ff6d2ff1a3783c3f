import type { Booking } from '../../cloudfunctions/shared/contract'
import { sessionEndMs, sessionStartMs } from './time'

const LIVE = ['confirmed', 'waitlisted']

/** Confirmed or waitlisted bookings whose session has not started, soonest first. */
export function upcomingOf(bookings: Booking[], nowMs: number = Date.now()): Booking[] {
  return bookings
    .filter((b) => LIVE.includes(b.status) && (!b.session || sessionStartMs(b.session) > nowMs))
    .sort((a, b) => (a.session && b.session ? sessionStartMs(a.session) - sessionStartMs(b.session) : 0))
}

/** Bookings newest session first (for the "my bookings" list). */
export function byStartDesc(bookings: Booking[]): Booking[] {
  return [...bookings].sort((a, b) => (a.session && b.session ? sessionStartMs(b.session) - sessionStartMs(a.session) : 0))
}

/** What a family is waiting for or in right now: upcoming bookings plus a child checked in whose session has not ended. */
export function activeOf(bookings: Booking[], nowMs: number = Date.now()): Booking[] {
  const inside = bookings.filter((b) => b.status === 'checked_in' && (!b.session || sessionEndMs(b.session) > nowMs))
  return [...inside, ...upcomingOf(bookings, nowMs)]
}
