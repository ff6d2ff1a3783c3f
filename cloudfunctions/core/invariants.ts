/**
 * The ledger's invariants, checked by recounting bookings (used by `npm run check:invariants`, the
 * benchmark and the concurrency, stress, crash, fuzz and property tests):
 *
 *  - seats_<sessionId>: booked = bookings of the session in a seat-holding status; waitlisted = waitlisted
 *    bookings; queue = exactly those waitlisted booking ids, each once; booked ≤ the session's capacity;
 *    and, on a tallied counter, held / attended / noShows = the recount of the statistics tally.
 *  - quota_<childId>_<year>_<kind>: used = the child's bookings of that year and kind in a quota-consuming
 *    status (a booking without a kind is temporary_care); used ≤ the community's yearly limit of that kind
 *    (a kind without a quota has no limit, its counter is a tally).
 *  - fam_<sessionId>_<family>: a family-kind session holds at most one live booking per family, and the
 *    place document names exactly that booking.
 * *  - claims_<childId>: items = the child's bookings in a claim status (same booking, session, status, times).
 *  - no child holds two seat-holding or waiting bookings of one session, nor two live bookings that overlap.
 *  - every stored idempotent reply (requests) names a booking that exists, for the same child and session.
 *  - lifecycle: no live (confirmed or waitlisted) booking in a cancelled session; no live booking of a
 *    deleted child; no checked-in child whose family is gone; nothing personal left by a deletion (a
 *    booking without a family keeps no pickup name, health note or request id; no reply, notice or
 *    suspension of a deleted child or family remains).
 *
 * Pure: give it the documents (a consistent snapshot), get the differences.
 */
import type { Doc } from '../store/port';
import { keys } from './keys';
import { consumesQuota, CLAIM_STATUSES, overlaps } from './rules';
import { kindOf, kindPolicy } from './rules/policy';
import { policyOf } from './services/base';
import type { ServiceKind } from '../shared/contract';
import { SEAT_HOLDING, tallyDelta } from './services/ledger';
import type {
  BookingDoc,
  ChildDoc,
  ClaimsDoc,
  FamilyPlaceDoc,
  PolicyDoc,
  QuotaDoc,
  RequestDoc,
  SeatsDoc,
  SessionDoc,
} from './services/docs';

export const INVARIANT_COLLECTIONS = [
  'sessions',
  'bookings',
  'counters',
  'policies',
  'requests',
  'children',
  'guardians',
  'notifications',
  'suspensions',
] as const;
export type InvariantCollection = (typeof INVARIANT_COLLECTIONS)[number];
/** The ledger's collections are required; the lifecycle checks run when the others are given too. */
export type Snapshot = Record<'sessions' | 'bookings' | 'counters' | 'policies' | 'requests', Doc[]> &
  Partial<Record<'children' | 'guardians' | 'notifications' | 'suspensions', Doc[]>>;

export type DifferenceKind =
  | 'seats'
  | 'overbooked'
  | 'quota'
  | 'quota_overrun'
  | 'claims'
  | 'double_booking'
  | 'overlap'
  | 'lost_request'
  | 'dangling_booking'
  | 'orphan_counter'
  | 'family_place'
  | 'live_in_cancelled_session'
  | 'live_booking_of_deleted_child'
  | 'checked_in_without_family'
  | 'personal_data_left';

export interface Difference {
  kind: DifferenceKind;
  /** The counter or document concerned. */
  id: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

export interface InvariantReport {
  ok: boolean;
  differences: Difference[];
  checked: {
    sessions: number;
    bookings: number;
    seatCounters: number;
    quotaCounters: number;
    claimCounters: number;
    requests: number;
    /** Quota counters recounted per kind, and the quota used per kind (sum over children and years). */
    quotaByKind: Partial<Record<ServiceKind, { counters: number; used: number }>>;
    familyPlaces: number;
  };
  /** Bookings by status (handy for printing figures). */
  statuses: Record<string, number>;
}

type Reader = { query<T extends Doc = Doc>(collection: string, where: Record<string, never>): Promise<T[]> };

/** Loads the snapshot through the store port (committed data; use at a quiescent moment). */
export async function snapshotFromStore(store: Reader): Promise<Snapshot> {
  const out = {} as Snapshot;
  for (const c of INVARIANT_COLLECTIONS) out[c] = await store.query(c, {});
  return out;
}

export async function checkStoreInvariants(store: Reader): Promise<InvariantReport> {
  return checkInvariants(await snapshotFromStore(store));
}

const sortedJson = (xs: string[]) => JSON.stringify([...xs].sort());

export function checkInvariants(snapshot: Snapshot): InvariantReport {
  const differences: Difference[] = [];
  const diff = (kind: DifferenceKind, id: string, expected: unknown, actual: unknown, message: string) =>
    differences.push({ kind, id, expected, actual, message });

  const sessions = new Map((snapshot.sessions as SessionDoc[]).map((s) => [s._id, s]));
  const bookings = snapshot.bookings as BookingDoc[];
  const bookingById = new Map(bookings.map((b) => [b._id, b]));
  const policies = new Map((snapshot.policies as PolicyDoc[]).map((p) => [p._id, p]));
  const limitOf = (communityId: string, kind: ServiceKind) => kindPolicy(policyOf(policies.get(communityId) ?? null), kind).yearlyFree;

  const seatsDocs = new Map<string, SeatsDoc>();
  const quotaDocs = new Map<string, QuotaDoc>();
  const claimsDocs = new Map<string, ClaimsDoc>();
  const placeDocs = new Map<string, FamilyPlaceDoc>();
  for (const c of snapshot.counters) {
    if (c._id.startsWith('fam_')) placeDocs.set(c._id, c as FamilyPlaceDoc);
    if (c._id.startsWith('seats_')) seatsDocs.set(c._id, c as SeatsDoc);
    else if (c._id.startsWith('quota_')) quotaDocs.set(c._id, c as QuotaDoc);
    else if (c._id.startsWith('claims_')) claimsDocs.set(c._id, c as ClaimsDoc);
  }

  // ---- recount ----
  const held = new Map<string, number>();
  const waiting = new Map<string, string[]>();
  const used = new Map<string, { n: number; childId: string; year: number; communityId: string; kind: ServiceKind }>();
  const places = new Map<string, string[]>();
  const live = new Map<string, BookingDoc[]>();
  const statuses: Record<string, number> = {};
  const tallies = new Map<string, { held: number; attended: number; noShows: number }>();
  for (const b of bookings) {
    statuses[b.status] = (statuses[b.status] ?? 0) + 1;
    const d = tallyDelta(null, b.status);
    const t = tallies.get(b.sessionId) ?? { held: 0, attended: 0, noShows: 0 };
    tallies.set(b.sessionId, { held: t.held + d.held, attended: t.attended + d.attended, noShows: t.noShows + d.noShows });
    if (!sessions.has(b.sessionId))
      diff('dangling_booking', b._id, 'an existing session', b.sessionId, `booking ${b._id} names a missing session`);
    if (SEAT_HOLDING.includes(b.status)) held.set(b.sessionId, (held.get(b.sessionId) ?? 0) + 1);
    if (b.status === 'waitlisted') waiting.set(b.sessionId, [...(waiting.get(b.sessionId) ?? []), b._id]);
    if (consumesQuota(b.status)) {
      const k = keys.quota(b.childId, b.year, kindOf(b));
      const u = used.get(k) ?? { n: 0, childId: b.childId, year: b.year, communityId: b.communityId, kind: kindOf(b) };
      u.n++;
      used.set(k, u);
    }
    if (CLAIM_STATUSES.includes(b.status)) live.set(b.childId, [...(live.get(b.childId) ?? []), b]);
    if (CLAIM_STATUSES.includes(b.status) && b.familyPlace) places.set(b.familyPlace, [...(places.get(b.familyPlace) ?? []), b._id]);
  }

  // ---- seats ----
  for (const s of sessions.values()) {
    const id = keys.seats(s._id);
    const doc = seatsDocs.get(id);
    const booked = held.get(s._id) ?? 0;
    const queue = waiting.get(s._id) ?? [];
    if ((doc?.booked ?? 0) !== booked)
      diff('seats', id, booked, doc?.booked ?? null, `${id}.booked is ${doc?.booked ?? 'missing'}, recount ${booked}`);
    if ((doc?.waitlisted ?? 0) !== queue.length) {
      diff(
        'seats',
        id,
        queue.length,
        doc?.waitlisted ?? null,
        `${id}.waitlisted is ${doc?.waitlisted ?? 'missing'}, recount ${queue.length}`,
      );
    }
    const stored = doc?.queue ?? [];
    if (new Set(stored).size !== stored.length || sortedJson(stored) !== sortedJson(queue)) {
      diff('seats', id, [...queue].sort(), stored, `${id}.queue ≠ the session's waitlisted bookings`);
    }
    if (doc?.tallied) {
      const t = tallies.get(s._id) ?? { held: 0, attended: 0, noShows: 0 };
      for (const k of ['held', 'attended', 'noShows'] as const) {
        if ((doc[k] ?? 0) !== t[k]) diff('seats', id, t[k], doc[k] ?? null, `${id}.${k} is ${doc[k] ?? 'missing'}, recount ${t[k]}`);
      }
    }
    if (booked > s.capacity)
      diff('overbooked', s._id, `≤ ${s.capacity}`, booked, `session ${s._id} holds ${booked} seats for ${s.capacity} places`);
  }
  for (const [id, doc] of seatsDocs) {
    if (!sessions.has(doc.sessionId) && ((doc.booked ?? 0) !== 0 || (doc.waitlisted ?? 0) !== 0)) {
      diff('orphan_counter', id, 0, doc.booked, `${id} counts seats of a missing session`);
    }
  }

  // ---- quota ----
  for (const id of new Set([...quotaDocs.keys(), ...used.keys()])) {
    const doc = quotaDocs.get(id);
    const u = used.get(id);
    // quota carried over from a deleted registration of the same child counts as used (services/continuity.ts)
    const n = (u?.n ?? 0) + ((doc as { carried?: number } | undefined)?.carried ?? 0);
    if ((doc?.used ?? 0) !== n) diff('quota', id, n, doc?.used ?? null, `${id}.used is ${doc?.used ?? 'missing'}, recount ${n}`);
    const limit = u ? limitOf(u.communityId, u.kind) : null;
    if (u && limit !== null && n > limit) {
      diff('quota_overrun', id, `≤ ${limit}`, n, `child ${u.childId} uses ${n} free ${u.kind} sessions in ${u.year}, limit ${limit}`);
    }
  }
  const quotaByKind: Partial<Record<ServiceKind, { counters: number; used: number }>> = {};
  for (const doc of quotaDocs.values()) {
    const kind = kindOf(doc);
    const q = quotaByKind[kind] ?? { counters: 0, used: 0 };
    quotaByKind[kind] = { counters: q.counters + 1, used: q.used + (doc.used ?? 0) };
  }

  // ---- family kinds: one live booking per family and session, named by its place document ----
  for (const id of new Set([...placeDocs.keys(), ...places.keys()])) {
    const holders = places.get(id) ?? [];
    const doc = placeDocs.get(id);
    if (holders.length > 1)
      diff('family_place', id, 1, holders.length, `family place ${id} is held by ${holders.length} live bookings: ${holders.join(', ')}`);
    if ((doc?.bookingId ?? null) !== (holders[0] ?? null)) {
      diff(
        'family_place',
        id,
        holders[0] ?? null,
        doc?.bookingId ?? null,
        `${id} names ${doc?.bookingId ?? 'nothing'}, live booking ${holders[0] ?? 'none'}`,
      );
    }
  }

  // ---- claims ----
  const claimKey = (i: { bookingId: string; sessionId: string; status: string; startAt: string; endAt: string }) =>
    `${i.bookingId}|${i.sessionId}|${i.status}|${i.startAt}|${i.endAt}`;
  const claimChildren = new Set([...live.keys(), ...[...claimsDocs.values()].map((d) => d.childId)]);
  for (const childId of claimChildren) {
    const id = keys.claims(childId);
    const expected = (live.get(childId) ?? []).map((b) =>
      claimKey({ bookingId: b._id, sessionId: b.sessionId, status: b.status, startAt: b.startAt, endAt: b.endAt }),
    );
    const actual = (claimsDocs.get(id)?.items ?? []).map(claimKey);
    if (sortedJson(expected) !== sortedJson(actual))
      diff('claims', id, [...expected].sort(), [...actual].sort(), `${id} ≠ the child's live bookings`);
  }

  // ---- one child, one seat per session; no overlapping live bookings ----
  const perChildSession = new Map<string, string[]>();
  for (const b of bookings) {
    if (!SEAT_HOLDING.includes(b.status) && b.status !== 'waitlisted') continue;
    const k = `${b.childId}|${b.sessionId}`;
    perChildSession.set(k, [...(perChildSession.get(k) ?? []), b._id]);
  }
  for (const [k, ids] of perChildSession) {
    if (ids.length > 1)
      diff(
        'double_booking',
        k,
        1,
        ids.length,
        `child ${k.split('|')[0]} holds ${ids.length} bookings of session ${k.split('|')[1]}: ${ids.join(', ')}`,
      );
  }
  for (const [childId, items] of live) {
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        if (items[i].sessionId !== items[j].sessionId && overlaps(items[i], items[j])) {
          diff(
            'overlap',
            `${items[i]._id}|${items[j]._id}`,
            'no overlap',
            'overlap',
            `child ${childId} has overlapping live bookings ${items[i]._id} and ${items[j]._id}`,
          );
        }
      }
    }
  }

  // ---- idempotent replies name real bookings ----
  for (const r of snapshot.requests as RequestDoc[]) {
    const replied = (r.response as { booking?: { id?: string } } | null)?.booking?.id;
    const b = replied ? bookingById.get(replied) : undefined;
    if (!b || b.sessionId !== r.sessionId || b.childId !== r.childId) {
      diff(
        'lost_request',
        r._id,
        `booking ${replied ?? '?'} of ${r.childId} in ${r.sessionId}`,
        b ? `${b.childId} in ${b.sessionId}` : null,
        `request ${r._id} replays booking ${replied ?? '?'}, which ${b ? 'belongs elsewhere' : 'does not exist'}`,
      );
    }
  }

  // ---- lifecycle: cancellations that finished, deletions that left nothing behind ----
  const LIVE = ['confirmed', 'waitlisted'];
  for (const b of bookings) {
    const s = sessions.get(b.sessionId);
    if (s?.status === 'cancelled' && LIVE.includes(b.status)) {
      diff(
        'live_in_cancelled_session',
        b._id,
        'session_cancelled',
        b.status,
        `booking ${b._id} is still ${b.status} in cancelled session ${b.sessionId}`,
      );
    }
  }
  if (snapshot.children) {
    const children = new Map((snapshot.children as ChildDoc[]).map((c) => [c._id, c]));
    const guardians = snapshot.guardians ? new Set(snapshot.guardians.map((g) => g._id)) : null;
    for (const b of bookings) {
      const child = children.get(b.childId);
      if (!child && (LIVE.includes(b.status) || b.status === 'checked_in')) {
        diff(
          'live_booking_of_deleted_child',
          b._id,
          'no live booking',
          b.status,
          `booking ${b._id} is ${b.status} for deleted child ${b.childId}`,
        );
      }
      if (b.status === 'checked_in' && (!child || !b.ownerOpenid || (guardians && !guardians.has(child.guardianId)))) {
        diff(
          'checked_in_without_family',
          b._id,
          'a family to pick the child up',
          null,
          `booking ${b._id}: child ${b.childId} is checked in but its family is gone`,
        );
      }
      if (!b.ownerOpenid && !child) {
        const left = (['pickupName', 'health', 'requestId'] as const).filter((f) => b[f] !== undefined && b[f] !== null);
        if (left.length)
          diff('personal_data_left', b._id, 'no personal fields', left, `booking ${b._id} of a deleted family keeps ${left.join(', ')}`);
      }
    }
    for (const r of snapshot.requests as RequestDoc[]) {
      if (!children.has(r.childId))
        diff(
          'personal_data_left',
          r._id,
          'deleted with the family',
          r.childId,
          `stored reply ${r._id} of deleted child ${r.childId} remains`,
        );
    }
    for (const sus of snapshot.suspensions ?? []) {
      const childId = (sus as { childId?: string }).childId;
      if (childId && !children.has(childId))
        diff('personal_data_left', sus._id, 'deleted with the child', childId, `suspension ${sus._id} of deleted child ${childId} remains`);
    }
    for (const n of snapshot.notifications ?? []) {
      const b = bookingById.get((n as { bookingId?: string }).bookingId ?? '');
      if (b && !b.ownerOpenid && !children.has(b.childId)) {
        diff(
          'personal_data_left',
          n._id,
          'deleted with the family',
          n._id,
          `notice ${n._id} about booking ${b._id} of a deleted family remains`,
        );
      }
    }
  }

  return {
    ok: differences.length === 0,
    differences,
    checked: {
      sessions: sessions.size,
      bookings: bookings.length,
      seatCounters: seatsDocs.size,
      quotaCounters: quotaDocs.size,
      claimCounters: claimsDocs.size,
      requests: snapshot.requests.length,
      quotaByKind,
      familyPlaces: placeDocs.size,
    },
    statuses,
  };
}

/** A human-readable report: one summary line, then one line per difference (at most `max`). */
export function formatInvariantReport(report: InvariantReport, max = 50): string {
  const c = report.checked;
  let head =
    `invariants ${report.ok ? 'hold' : `BROKEN (${report.differences.length} differences)`}: ` +
    `${c.sessions} sessions, ${c.bookings} bookings, ${c.seatCounters} seat / ${c.quotaCounters} quota / ${c.claimCounters} claim counters, ` +
    `${c.requests} stored replies`;
  const perKind = Object.entries(c.quotaByKind ?? {})
    .map(([k, q]) => `${k} ${q.counters} counters / ${q.used} used`)
    .join('; ');
  if (perKind) head += `\n  quota per kind (recounted): ${perKind}; ${c.familyPlaces ?? 0} family places`;
  const lines = report.differences.slice(0, max).map((d) => `  [${d.kind}] ${d.message}`);
  if (report.differences.length > max) lines.push(`  … and ${report.differences.length - max} more`);
  return [head, ...lines].join('\n');
}
