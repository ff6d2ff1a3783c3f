/** Parents' bookings: list sessions, book (idempotent, quota- and seat-safe), cancel, waitlist promotion. */
import type { Api, Booking, BookingStatus, KindQuota, Policy, Quota, ServiceKind, Session } from '../../shared/contract';
import { SERVICE_KINDS } from '../../shared/contract';
import { isFamilyKind, KIND_LABELS, kindOf, kindPolicy } from '../rules/policy';
import { randomInt } from 'crypto';
import { AppError, ErrorCode } from '../../shared/errors';
import { keys, openidHash } from '../keys';
import {
  ageInMonths,
  canPromote,
  pickShortCode,
  isBookingOpen,
  isEligibleAge,
  isFreeCancellation,
  CLAIM_STATUSES,
  overlaps,
  quotaYear,
  refuse,
  runChecks,
} from '../rules';
import { addDays, shanghaiDate, shanghaiYear } from '../time';
import { RATEABLE_STATUSES, rateUntil } from '../rules/voice';
import { BaseService, policyOf } from './base';
import { CHECKIN_SIGNATURE_LENGTH } from '../deps';
import type { BookingDoc, ChildDoc, PolicyDoc, RatingDoc, RequestDoc, SeatsDoc, SessionDoc, ShortCodesDoc, SuspensionDoc } from './docs';
import { toBooking, toQuota, toSession } from './docs';
import { getClaims, getFamilyPlace, getQuotaDoc, getSeats, transition, type UnitOfWork } from './ledger';
import { bookingFields, notify } from './notify';

/** booking.book's params as the contract states them (docs/contract.md). */
export type BookInput = Api['booking']['book']['params'];
export interface BookResult {
  booking: Booking;
  quota: Quota | null;
}

export class BookingService extends BaseService {
  async listSessions(
    openid: string,
    input: { communityId?: string; from?: string; to?: string; kind?: ServiceKind },
  ): Promise<{ sessions: Session[]; policy: Policy }> {
    let communityId = input.communityId;
    if (!communityId) {
      const guardian = await this.guardianOf(openid);
      communityId = guardian?.communityId;
      if (!communityId) {
        const staff = await this.staffCommunities(openid, ['worker', 'admin']);
        communityId = staff?.[0];
      }
      if (!communityId) throw new AppError(ErrorCode.NOT_REGISTERED);
    }
    const today = shanghaiDate(this.now());
    const from = input.from ?? today;
    const to = input.to ?? addDays(from, 14);
    if (to < from) throw new AppError(ErrorCode.INVALID_ARGUMENT, '结束日期不能早于开始日期');
    if (addDays(from, 92) < to) throw new AppError(ErrorCode.INVALID_ARGUMENT, '一次最多查询 92 天');
    const all = await this.store.query<SessionDoc>(
      'sessions',
      { communityId, date: { gte: from, lte: to } },
      {
        orderBy: [{ field: 'date' }, { field: 'start' }],
      },
    );
    // filtered here, not in the query: a session stored before kinds existed has no kind field and is care
    const docs = input.kind ? all.filter((d) => kindOf(d) === input.kind) : all;
    const policy = await this.policy(communityId);
    const sessions = (await this.withSeats(docs)).map((s) => ({
      ...s,
      ...bookingWindow(docs.find((d) => d._id === s.id)!.startAt, policy),
    }));
    return { sessions, policy };
  }

  async withSeats(docs: SessionDoc[]): Promise<Session[]> {
    if (docs.length === 0) return [];
    const seats = await this.store.query<SeatsDoc>('counters', { _id: { in: docs.map((d) => keys.seats(d._id)) } });
    const byId = new Map(seats.map((s) => [s.sessionId, s]));
    return docs.map((d) => toSession(d, byId.get(d._id) ?? null));
  }

  async sessionView(sessionId: string): Promise<Session> {
    const doc = await this.store.get<SessionDoc>('sessions', sessionId);
    if (!doc) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个场次');
    return toSession(doc, await this.store.get<SeatsDoc>('counters', keys.seats(sessionId)));
  }

  async book(openid: string, input: BookInput): Promise<BookResult> {
    const requestKey = keys.request(openid, input.requestId);
    const now = this.now();
    const nowIso = now.toISOString();
    // Every fact — the child too — is read inside the transaction: one consistent view, each document read
    // once, and a child deleted concurrently (account deletion) can never end up with a live booking.
    return this.transact(async (uow) => {
      const prior = await uow.get<RequestDoc>('requests', requestKey);
      if (prior) return replay(uow, prior, input);
      const child = await uow.get<ChildDoc>('children', input.childId);
      if (!child || child.ownerOpenid !== openid || child.deletingAt) {
        // NOT_REGISTERED first for a caller without a family
        if (!(await uow.get('guardians', keys.guardian(openid)))) throw new AppError(ErrorCode.NOT_REGISTERED);
        throw child && !child.deletingAt && child.ownerOpenid !== openid
          ? new AppError(ErrorCode.FORBIDDEN, '只能操作自己家庭的孩子')
          : new AppError(ErrorCode.NOT_FOUND, '没有找到这个孩子');
      }
      const s = await uow.get<SessionDoc>('sessions', input.sessionId);
      if (!s) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个场次');
      const policy = policyOf(await uow.get<PolicyDoc>('policies', s.communityId));
      const startAt = new Date(s.startAt);
      const age = ageInMonths(child.birthDate, s.date);
      const kind = kindOf(s);
      const kp = kindPolicy(policy, kind);
      const label = KIND_LABELS[kind];
      runChecks([
        () => (s.status !== 'open' ? refuse(ErrorCode.BOOKING_CLOSED, '该场次已取消') : null),
        () => (!isBookingOpen(now, startAt, policy) ? refuse(ErrorCode.BOOKING_CLOSED, bookingClosedMessage(now, startAt, policy)) : null),
        () => (child.communityId !== s.communityId ? refuse(ErrorCode.NOT_ELIGIBLE, '只能预约本社区的场次') : null),
        () =>
          !isEligibleAge(age, kp)
            ? refuse(ErrorCode.NOT_ELIGIBLE, `该${label}场次面向 ${kp.minAgeMonths}–${kp.maxAgeMonths} 个月的孩子，孩子届时 ${age} 个月`, {
                ageMonths: age,
                kind,
              })
            : null,
      ]);
      const suspension = await uow.get<SuspensionDoc>('suspensions', keys.suspension(child._id));
      const claims = await getClaims(uow, child._id);
      const year = quotaYear(s.date);
      const quota = await getQuotaDoc(uow, child._id, year, kind);
      const seats = await getSeats(uow, s._id);
      const familyPlace = isFamilyKind(kind) ? keys.familyPlace(s._id, child.guardianId) : undefined;
      const place = familyPlace ? await getFamilyPlace(uow, familyPlace) : null;
      const live = claims.items.filter((i) => CLAIM_STATUSES.includes(i.status));
      // maxUpcomingBookings counts the bookings of this kind only; overlap (below) spans every kind
      const upcoming = live.filter(
        (i) => (i.status === 'confirmed' || i.status === 'waitlisted') && i.startAt > nowIso && kindOf(i) === kind,
      );
      const full = seats.booked >= s.capacity;
      runChecks([
        () =>
          suspension?.until && suspension.until > nowIso
            ? refuse(ErrorCode.SUSPENDED, `因多次预约未到，${shanghaiDate(new Date(suspension.until))} 前暂停预约`, {
                until: suspension.until,
              })
            : null,
        () => (live.some((i) => i.sessionId === s._id) ? refuse(ErrorCode.ALREADY_BOOKED, '孩子已预约了这个场次') : null),
        () => (live.some((i) => overlaps(i, s)) ? refuse(ErrorCode.ALREADY_BOOKED, '孩子在同一时段已有预约') : null),
        () =>
          place
            ? refuse(ErrorCode.ALREADY_BOOKED, '家里已有孩子预约了这个活动（全家参加，一家一个名额）', { bookingId: place.bookingId })
            : null,
        () =>
          upcoming.length >= policy.maxUpcomingBookings
            ? refuse(ErrorCode.BOOKING_LIMIT, `${label}同时最多保留 ${policy.maxUpcomingBookings} 个待参加的预约`, { kind })
            : null,
        () =>
          kp.yearlyFree !== null && quota.used >= kp.yearlyFree
            ? refuse(ErrorCode.QUOTA_EXHAUSTED, `${year} 年的 ${kp.yearlyFree} 次免费${label}已用完`, {
                kind,
                quota: toQuota(year, quota.used, kp.yearlyFree, kind),
              })
            : null,
        () => (full && !input.waitlist ? refuse(ErrorCode.SESSION_FULL, '该场次已约满，可以加入候补') : null),
        () => (full && !canPromote(now, new Date(s.startAt), policy) ? refuse(ErrorCode.SESSION_FULL, '该场次已约满，候补已截止') : null),
      ]);

      const bookingId = this.deps.ids.next('bk');
      const codes = (await uow.get<ShortCodesDoc>('counters', keys.shortCodes(s._id))) ?? {
        _id: keys.shortCodes(s._id),
        sessionId: s._id,
        items: [],
      };
      const shortCode = pickShortCode(new Set(codes.items.map((i) => i.code)), () => randomInt(1_000_000));
      uow.put<ShortCodesDoc>('counters', { ...codes, items: [...codes.items, { code: shortCode, bookingId }] });
      const base: BookingDoc = {
        _id: bookingId,
        status: 'confirmed',
        sessionId: s._id,
        childId: child._id,
        communityId: s.communityId,
        siteId: s.siteId,
        ownerOpenid: openid,
        kind,
        ...(familyPlace ? { familyPlace } : {}),
        date: s.date,
        year,
        startAt: s.startAt,
        endAt: s.endAt,
        checkinCode: `${bookingId}.${this.deps.signer.sign(bookingId, CHECKIN_SIGNATURE_LENGTH)}`,
        shortCode,
        createdAt: nowIso,
        updatedAt: nowIso,
        requestId: input.requestId,
        ...(input.subscribe || input.templates?.includes('reminder') ? { reminderSubscribed: true } : {}),
        ...(input.templates?.length ? { subscribed: [...new Set(input.templates)] } : {}),
      };
      const booking = await transition(uow, base, null, full ? 'waitlisted' : 'confirmed', nowIso);
      const after = await getQuotaDoc(uow, child._id, year, kind);
      const result: BookResult = {
        booking: toBooking(booking),
        quota: kp.yearlyFree === null ? null : toQuota(year, after.used, kp.yearlyFree, kind),
      };
      uow.put<RequestDoc>('requests', {
        _id: requestKey,
        callerHash: openidHash(openid),
        requestId: input.requestId,
        sessionId: s._id,
        childId: child._id,
        response: result,
        createdAt: nowIso,
      });
      return result;
    });
  }

  async cancel(openid: string, bookingId: string): Promise<{ booking: Booking; refunded: boolean; quota: Quota | null }> {
    const found = await this.store.get<BookingDoc>('bookings', bookingId);
    if (!found) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个预约');
    if (found.ownerOpenid !== openid) throw new AppError(ErrorCode.FORBIDDEN, '只能取消自己家庭的预约');
    const policy = await this.policy(found.communityId);
    const now = this.now();
    return this.transact(async (uow) => {
      const b = await uow.get<BookingDoc>('bookings', bookingId);
      if (!b) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个预约');
      if (!isCancellable(b.status)) throw new AppError(ErrorCode.CONFLICT, '该预约当前状态不能取消', { status: b.status });
      if (now.getTime() >= new Date(b.startAt).getTime()) throw new AppError(ErrorCode.BOOKING_CLOSED, '场次已开始，不能取消');
      const { updated, refunded } = await this.cancelTx(uow, b, policy, now);
      const kind = kindOf(b);
      const limit = kindPolicy(policy, kind).yearlyFree;
      const quota = await getQuotaDoc(uow, b.childId, b.year, kind);
      return { booking: toBooking(updated), refunded, quota: limit === null ? null : toQuota(b.year, quota.used, limit, kind) };
    });
  }

  /**
   * Account deletion: cancels one booking exactly as the family would; one whose session has already
   * begun (the child never came) ends as a late cancellation. A booking no longer cancellable is left.
   */
  async cancelForDeletion(bookingId: string, policy: Policy, now: Date): Promise<void> {
    await this.transact(async (uow) => {
      const b = await uow.get<BookingDoc>('bookings', bookingId);
      if (!b || !isCancellable(b.status)) return;
      if (now.getTime() < new Date(b.startAt).getTime()) {
        await this.cancelTx(uow, b, policy, now);
        return;
      }
      const nowIso = now.toISOString();
      await transition(uow, b, b.status, b.status === 'waitlisted' ? 'cancelled' : 'late_cancelled', nowIso, {
        cancelledAt: nowIso,
      } as Partial<BookingDoc>);
    });
  }

  /**
   * The one cancel path: free until the policy's deadline (a waitlisted booking always), late after it;
   * a seat a confirmed booking frees goes to the waitlist in the same transaction.
   */
  private async cancelTx(uow: UnitOfWork, b: BookingDoc, policy: Policy, now: Date): Promise<{ updated: BookingDoc; refunded: boolean }> {
    const nowIso = now.toISOString();
    const free = b.status === 'waitlisted' || isFreeCancellation(now, new Date(b.startAt), policy);
    const wasConfirmed = b.status === 'confirmed';
    const updated = await transition(uow, b, b.status, free ? 'cancelled' : 'late_cancelled', nowIso, {
      cancelledAt: nowIso,
    } as Partial<BookingDoc>);
    if (wasConfirmed) await this.promoteTx(uow, b.sessionId, policy, now);
    return { updated, refunded: wasConfirmed && free };
  }

  /**
   * Fills free seats from the session's waitlist, first come first served, skipping children who
   * are no longer eligible, have no quota left or are suspended. Runs inside the freeing transaction.
   */
  async promoteTx(uow: UnitOfWork, sessionId: string, policy: Policy, now: Date): Promise<number> {
    const session = await uow.get<SessionDoc>('sessions', sessionId);
    if (!session || session.status !== 'open' || !canPromote(now, new Date(session.startAt), policy)) return 0;
    const nowIso = now.toISOString();
    let promoted = 0;
    const queue = [...(await getSeats(uow, sessionId)).queue];
    for (const bookingId of queue) {
      const seats = await getSeats(uow, sessionId);
      if (seats.booked >= session.capacity) break;
      const b = await uow.get<BookingDoc>('bookings', bookingId);
      if (!b || b.status !== 'waitlisted') continue;
      const kp = kindPolicy(policy, kindOf(session));
      const child = await uow.get<ChildDoc>('children', b.childId);
      if (!child || !isEligibleAge(ageInMonths(child.birthDate, session.date), kp)) continue;
      const quota = await getQuotaDoc(uow, b.childId, b.year, kindOf(b));
      if (kp.yearlyFree !== null && quota.used >= kp.yearlyFree) continue;
      const suspension = await uow.get<SuspensionDoc>('suspensions', keys.suspension(b.childId));
      if (suspension?.until && suspension.until > nowIso) continue;
      await transition(uow, b, 'waitlisted', 'confirmed', nowIso, { promotedAt: nowIso });
      if (b.ownerOpenid) {
        notify(uow, this.deps, {
          openid: b.ownerOpenid,
          kind: 'waitlist_promoted',
          bookingId: b._id,
          communityId: b.communityId,
          title: '候补成功',
          body: `${child.name} 已从候补转为预约成功：${session.date} ${session.start}-${session.end} ${session.siteName}`,
          fields: bookingFields(session, child.name),
        });
      }
      promoted++;
    }
    return promoted;
  }

  async mine(openid: string, childId?: string): Promise<{ bookings: Booking[] }> {
    if (childId) await this.ownChild(openid, childId);
    const docs = await this.store.query<BookingDoc>('bookings', childId ? { ownerOpenid: openid, childId } : { ownerOpenid: openid }, {
      orderBy: [{ field: 'startAt', direction: 'desc' }],
      limit: 200,
    });
    const sessions = docs.length
      ? await this.store.query<SessionDoc>('sessions', { _id: { in: [...new Set(docs.map((d) => d.sessionId))] } })
      : [];
    const views = new Map((await this.withSeats(sessions)).map((s) => [s.id, s]));
    const children = docs.length
      ? await this.store.query<ChildDoc>('children', { _id: { in: [...new Set(docs.map((d) => d.childId))] } })
      : [];
    const names = new Map(children.map((c) => [c._id, c.name]));
    const waiting = [...new Set(docs.filter((d) => d.status === 'waitlisted').map((d) => d.sessionId))];
    const queues = new Map(
      (waiting.length ? await this.store.query<SeatsDoc>('counters', { _id: { in: waiting.map((id) => keys.seats(id)) } }) : []).map(
        (q) => [q.sessionId, q.queue],
      ),
    );
    const position = (d: BookingDoc) => {
      const at = d.status === 'waitlisted' ? (queues.get(d.sessionId) ?? []).indexOf(d._id) : -1;
      return at >= 0 ? { queuePosition: at + 1 } : {};
    };
    // attended visits: the family's rating, or until when it can still rate
    const attended = docs.filter((d) => (RATEABLE_STATUSES as readonly string[]).includes(d.status));
    const ratings = new Map(
      (attended.length ? await this.store.query<RatingDoc>('ratings', { _id: { in: attended.map((d) => keys.rating(d._id)) } }) : []).map(
        (r) => [r.bookingId, r],
      ),
    );
    const rated = (d: BookingDoc) => {
      if (!(RATEABLE_STATUSES as readonly string[]).includes(d.status)) return {};
      const r = ratings.get(d._id);
      return r
        ? { rating: { stars: r.stars, tags: r.tags, comment: r.comment, createdAt: r.createdAt } }
        : { rateUntil: rateUntil(d.endAt) };
    };
    return {
      bookings: docs.map((d) => ({
        ...toBooking(d),
        ...position(d),
        ...rated(d),
        session: views.get(d.sessionId),
        childName: names.get(d.childId),
      })),
    };
  }

  /** The child's temporary-care quota (care always has one). */
  async quotaOf(childId: string, year: number, communityId: string): Promise<Quota> {
    const policy = await this.policy(communityId);
    const doc = await this.store.get<{ _id: string; used: number }>('counters', keys.quota(childId, year));
    return toQuota(year, doc?.used ?? 0, policy.yearlyFreeSessions);
  }

  /** The child's quota of every kind that has one (user.profile `quotas`). */
  async quotasOf(childId: string, year: number, policy: Policy): Promise<KindQuota[]> {
    const kinds = SERVICE_KINDS.filter((k) => kindPolicy(policy, k).yearlyFree !== null);
    const docs = await this.store.query<{ _id: string; used: number }>('counters', {
      _id: { in: kinds.map((k) => keys.quota(childId, year, k)) },
    });
    const used = new Map(docs.map((d) => [d._id, d.used]));
    return kinds.map((kind) => ({
      ...toQuota(year, used.get(keys.quota(childId, year, kind)) ?? 0, kindPolicy(policy, kind).yearlyFree as number),
      kind,
    }));
  }

  async quota(openid: string, childId: string, year?: number, kind: ServiceKind = 'temporary_care'): Promise<{ quota: Quota | null }> {
    const child = await this.ownChild(openid, childId);
    const y = year ?? shanghaiYear(this.now());
    if (kind === 'temporary_care') return { quota: await this.quotaOf(childId, y, child.communityId) };
    const limit = kindPolicy(await this.policy(child.communityId), kind).yearlyFree;
    if (limit === null) return { quota: null };
    const doc = await this.store.get<{ _id: string; used: number }>('counters', keys.quota(childId, y, kind));
    return { quota: toQuota(y, doc?.used ?? 0, limit, kind) };
  }
}

const isCancellable = (status: BookingStatus) => status === 'confirmed' || status === 'waitlisted';

/** A repeat of a stored success: the same answer, with the booking as it is now (cancelled after a cancel). */
async function replay(uow: UnitOfWork, prior: RequestDoc, input: BookInput): Promise<BookResult> {
  if (prior.sessionId !== input.sessionId || prior.childId !== input.childId) {
    throw new AppError(ErrorCode.CONFLICT, '同一个请求编号已用于另一个预约', { requestId: input.requestId });
  }
  const stored = prior.response as BookResult;
  const current = await uow.get<BookingDoc>('bookings', stored.booking.id);
  return current ? { ...stored, booking: toBooking(current) } : stored;
}

/** When booking a session opens and closes, and until when cancelling is free (ISO instants). */
export function bookingWindow(startAt: string, policy: Policy): { opensAt: string; closesAt: string; freeCancelUntil: string } {
  const start = new Date(startAt).getTime();
  return {
    opensAt: new Date(start - policy.bookingOpensDaysBefore * 86_400_000).toISOString(),
    closesAt: new Date(start - policy.bookingClosesMinutesBefore * 60_000).toISOString(),
    freeCancelUntil: new Date(start - policy.freeCancelHoursBefore * 3_600_000).toISOString(),
  };
}

/** '12月3日 09:00' in Shanghai time. */
function shanghaiMinute(instant: Date): string {
  const t = new Date(instant.getTime() + 8 * 3_600_000);
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
}

function bookingClosedMessage(now: Date, startAt: Date, policy: Policy): string {
  if (now.getTime() > startAt.getTime() - policy.bookingClosesMinutesBefore * 60_000) {
    return `开始前 ${policy.bookingClosesMinutesBefore} 分钟停止预约`;
  }
  const opens = new Date(bookingWindow(startAt.toISOString(), policy).opensAt);
  return `${shanghaiMinute(opens)} 开放预约（开始前 ${policy.bookingOpensDaysBefore} 天）`;
}
