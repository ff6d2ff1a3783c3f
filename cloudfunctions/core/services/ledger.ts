/**
 * The booking ledger: every change of a booking's status goes through `transition`, which moves the
 * seat counter, the waitlist queue, the child's quota counter and the child's claims in one step, so
 * that counters always equal a recount of bookings (scripts/check-invariants.ts checks exactly that).
 *
 * Works inside one store transaction through a unit of work: reads are cached (a transaction sees its
 * own writes on every backend) and writes are flushed at the end with by-id operations only.
 */
import type { BookingStatus, ServiceKind } from '../../shared/contract';
import type { Doc, TxOps } from '../../store/port';
import { keys } from '../keys';
import { consumesQuota, CLAIM_STATUSES } from '../rules';
import { kindOf } from '../rules/policy';
import type { BookingDoc, ClaimsDoc, FamilyPlaceDoc, QuotaDoc, SeatsDoc } from './docs';

export const SEAT_HOLDING: readonly BookingStatus[] = ['confirmed', 'checked_in', 'checked_out', 'no_show'];

export class UnitOfWork {
  private cache = new Map<string, Doc | null>();
  private existed = new Map<string, boolean>();
  private dirty = new Map<string, { collection: string; doc: Doc | null }>();

  constructor(private readonly tx: TxOps) {}

  private k(collection: string, id: string) {
    return `${collection}\u0000${id}`;
  }

  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    const k = this.k(collection, id);
    if (!this.cache.has(k)) {
      const doc = await this.tx.get<T>(collection, id);
      this.cache.set(k, doc);
      this.existed.set(k, doc !== null);
    }
    return (this.cache.get(k) as T | null) ?? null;
  }

  /** Stages the whole document (created if it did not exist when first read). */
  put<T extends Doc>(collection: string, doc: T): void {
    const k = this.k(collection, doc._id);
    if (!this.existed.has(k)) this.existed.set(k, false);
    this.cache.set(k, doc);
    this.dirty.set(k, { collection, doc });
  }

  remove(collection: string, id: string): void {
    const k = this.k(collection, id);
    this.cache.set(k, null);
    this.dirty.set(k, { collection, doc: null });
  }

  async commit(): Promise<void> {
    for (const [k, { collection, doc }] of this.dirty) {
      const existed = this.existed.get(k) ?? true;
      if (doc === null) {
        if (existed) await this.tx.delete(collection, k.split('\u0000')[1]);
      } else if (existed) {
        const { _id, ...fields } = doc;
        await this.tx.update(collection, _id, { set: fields });
      } else {
        await this.tx.create(collection, doc);
      }
    }
    this.dirty.clear();
  }
}

/**
 * Runs `work` with a unit of work over `tx` and flushes what it staged when `work` returns: the commit
 * cannot be forgotten. A throw writes nothing (the store rolls the transaction back).
 */
export async function withUnitOfWork<T>(tx: TxOps, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  const uow = new UnitOfWork(tx);
  const result = await work(uow);
  await uow.commit();
  return result;
}

const holds = (s: BookingStatus | null) => (s && SEAT_HOLDING.includes(s) ? 1 : 0);
const waits = (s: BookingStatus | null) => (s === 'waitlisted' ? 1 : 0);
const uses = (s: BookingStatus | null) => (s && consumesQuota(s) ? 1 : 0);

export async function getSeats(uow: UnitOfWork, sessionId: string): Promise<SeatsDoc> {
  return (await uow.get<SeatsDoc>('counters', keys.seats(sessionId))) ?? newSeats(sessionId);
}

/** A fresh seat counter, with its statistics tally (see `tallyDelta`). */
export const newSeats = (sessionId: string): SeatsDoc => ({
  _id: keys.seats(sessionId),
  sessionId,
  booked: 0,
  waitlisted: 0,
  queue: [],
  tallied: true,
  held: 0,
  attended: 0,
  noShows: 0,
});

/**
 * The statistics tally kept on each seat counter, so that district statistics read one counter per
 * session instead of every booking: `held` = bookings that hold or held a place (seat-holding and
 * late_cancelled), `attended` = checked_in + checked_out, `noShows` = no_show. Counters created before
 * the tally existed have no `tallied` flag and are never half-updated: statistics recount their bookings.
 */
export function tallyDelta(prev: BookingStatus | null, next: BookingStatus): { held: number; attended: number; noShows: number } {
  const held = (s: BookingStatus | null) => (s && (SEAT_HOLDING.includes(s) || s === 'late_cancelled') ? 1 : 0);
  const attended = (s: BookingStatus | null) => (s === 'checked_in' || s === 'checked_out' ? 1 : 0);
  const noShow = (s: BookingStatus | null) => (s === 'no_show' ? 1 : 0);
  return { held: held(next) - held(prev), attended: attended(next) - attended(prev), noShows: noShow(next) - noShow(prev) };
}

/**
 * The child's usage counter of one kind and year. Every kind keeps one, a kind without a quota too (its
 * `used` is a tally, never a limit), so that giving a kind a quota mid-year counts what was already used.
 */
export async function getQuotaDoc(uow: UnitOfWork, childId: string, year: number, kind: ServiceKind = 'temporary_care'): Promise<QuotaDoc> {
  return (
    (await uow.get<QuotaDoc>('counters', keys.quota(childId, year, kind))) ?? {
      _id: keys.quota(childId, year, kind),
      childId,
      year,
      kind,
      used: 0,
    }
  );
}

/** The family's place in a family-kind session (null when the family holds none). */
export async function getFamilyPlace(uow: UnitOfWork, id: string): Promise<FamilyPlaceDoc | null> {
  return uow.get<FamilyPlaceDoc>('counters', id);
}

export async function getClaims(uow: UnitOfWork, childId: string): Promise<ClaimsDoc> {
  return (await uow.get<ClaimsDoc>('counters', keys.claims(childId))) ?? { _id: keys.claims(childId), childId, items: [] };
}

/**
 * Moves `booking` from its current status (null = new booking) to `next`, adjusting every counter.
 * `patch` adds fields to the booking (timestamps, health check, pickup).
 */
export async function transition(
  uow: UnitOfWork,
  booking: BookingDoc,
  prev: BookingStatus | null,
  next: BookingStatus,
  nowIso: string,
  patch: Partial<BookingDoc> = {},
): Promise<BookingDoc> {
  const seats = await getSeats(uow, booking.sessionId);
  const dBooked = holds(next) - holds(prev);
  const dWait = waits(next) - waits(prev);
  const t = seats.tallied ? tallyDelta(prev, next) : { held: 0, attended: 0, noShows: 0 };
  if (dBooked || dWait || t.held || t.attended || t.noShows) {
    let queue = seats.queue;
    if (dWait > 0) queue = [...queue, booking._id];
    if (dWait < 0) queue = queue.filter((id) => id !== booking._id);
    const tally = seats.tallied
      ? { held: (seats.held ?? 0) + t.held, attended: (seats.attended ?? 0) + t.attended, noShows: (seats.noShows ?? 0) + t.noShows }
      : {};
    uow.put('counters', { ...seats, booked: seats.booked + dBooked, waitlisted: seats.waitlisted + dWait, queue, ...tally });
  }

  const dUsed = uses(next) - uses(prev);
  if (dUsed) {
    const quota = await getQuotaDoc(uow, booking.childId, booking.year, kindOf(booking));
    uow.put('counters', { ...quota, kind: kindOf(booking), used: quota.used + dUsed });
  }

  // family kinds: the family's one place in the session is held while the booking holds a claim
  if (booking.familyPlace) {
    const place = await getFamilyPlace(uow, booking.familyPlace);
    if (CLAIM_STATUSES.includes(next)) {
      if (place?.bookingId !== booking._id) {
        uow.put<FamilyPlaceDoc>('counters', {
          _id: booking.familyPlace,
          sessionId: booking.sessionId,
          bookingId: booking._id,
          childId: booking.childId,
        });
      }
    } else if (place?.bookingId === booking._id) {
      uow.remove('counters', booking.familyPlace);
    }
  }

  const claims = await getClaims(uow, booking.childId);
  const others = claims.items.filter((i) => i.bookingId !== booking._id);
  const items = CLAIM_STATUSES.includes(next)
    ? [
        ...others,
        {
          bookingId: booking._id,
          sessionId: booking.sessionId,
          startAt: booking.startAt,
          endAt: booking.endAt,
          status: next,
          kind: kindOf(booking),
        },
      ]
    : others;
  if (items.length !== claims.items.length || CLAIM_STATUSES.includes(next)) uow.put('counters', { ...claims, items });

  const updated: BookingDoc = { ...booking, ...patch, status: next, updatedAt: nowIso };
  uow.put('bookings', updated);
  return updated;
}
