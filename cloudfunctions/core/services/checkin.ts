/** Community workers at the door: today's sessions, roster, check-in (code or tap), check-out. */
import type { Booking, BookingHealth, OfflineAction, OfflineActionResult, Policy, RosterEntry, Session } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import { ageInMonths, FEVER_CELSIUS, isCheckinOpen, isFever, maskPhone } from '../rules';
import { shanghaiDate } from '../time';
import { BaseService } from './base';
import type { BookingService } from './booking';
import type { BookingDoc, ChildDoc, GuardianDoc, SessionDoc, ShortCodesDoc, SyncActionDoc } from './docs';
import { keys, openidHash } from '../keys';
import { toBooking } from './docs';
import { transition, type UnitOfWork } from './ledger';
import { CHECKIN_SIGNATURE_LENGTH, type Deps } from '../deps';
import type { Where } from '../../store/port';
import { audit } from './audit';
import { toErrorEnvelope } from '../handler';

const ROSTER_STATUSES = ['confirmed', 'checked_in', 'checked_out', 'no_show', 'waitlisted'];

export class CheckinService extends BaseService {
  constructor(
    deps: Deps,
    private readonly bookings: BookingService,
  ) {
    super(deps);
  }

  async sessions(openid: string, date?: string): Promise<{ sessions: Session[] }> {
    const day = date ?? shanghaiDate(this.now());
    const communities = await this.staffCommunities(openid, ['worker', 'admin']);
    if (communities && communities.length === 0) throw new AppError(ErrorCode.FORBIDDEN, '只有社区工作人员可以查看');
    const where: Where = communities ? { date: day, communityId: { in: communities } } : { date: day };
    const docs = await this.store.query<SessionDoc>('sessions', where, { orderBy: [{ field: 'start' }] });
    return { sessions: await this.bookings.withSeats(docs) };
  }

  private async staffSession(openid: string, sessionId: string): Promise<SessionDoc> {
    const session = await this.store.get<SessionDoc>('sessions', sessionId);
    if (!session) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个场次');
    await this.requireStaff(openid, session.communityId, ['worker', 'admin']);
    return session;
  }

  async roster(openid: string, sessionId: string): Promise<{ roster: RosterEntry[]; session: Session; feverCelsius: number }> {
    const session = await this.staffSession(openid, sessionId);
    const docs = (await this.store.query<BookingDoc>('bookings', { sessionId }, { orderBy: [{ field: 'createdAt' }] })).filter((b) =>
      ROSTER_STATUSES.includes(b.status),
    );
    const childIds = [...new Set(docs.map((d) => d.childId))];
    const children = childIds.length ? await this.store.query<ChildDoc>('children', { _id: { in: childIds } }) : [];
    const guardianIds = [...new Set(children.map((c) => c.guardianId))];
    const guardians = guardianIds.length ? await this.store.query<GuardianDoc>('guardians', { _id: { in: guardianIds } }) : [];
    const childById = new Map(children.map((c) => [c._id, c]));
    const guardianById = new Map(guardians.map((g) => [g._id, g]));
    const roster: RosterEntry[] = docs.map((b) => {
      const child = childById.get(b.childId);
      return rosterEntry(b, child, child ? guardianById.get(child.guardianId) : undefined, session.date);
    });
    await audit(this.deps, openid, 'roster.view', { communityId: session.communityId, sessionId });
    return { roster, session: await this.bookings.sessionView(sessionId), feverCelsius: FEVER_CELSIUS };
  }

  /**
   * Resolves a scanned/typed check-in code; INVALID_CODE for anything malformed, forged or unknown.
   * Six digits are looked up among the codes of `sessionId` (the schema makes sure it is given).
   */
  private async bookingByCode(code: string, sessionId?: string): Promise<BookingDoc> {
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const doc = sessionId ? await this.store.get<ShortCodesDoc>('counters', keys.shortCodes(sessionId)) : null;
      const hit = doc?.items.find((i) => i.code === trimmed);
      if (!hit) throw new AppError(ErrorCode.INVALID_CODE, '这一场没有这个签到码，请核对后重新输入');
      const booking = await this.store.get<BookingDoc>('bookings', hit.bookingId);
      if (!booking) throw new AppError(ErrorCode.INVALID_CODE);
      return booking;
    }
    const dot = trimmed.lastIndexOf('.');
    const bookingId = dot > 0 ? trimmed.slice(0, dot) : '';
    if (!bookingId || !this.deps.signer.verify(bookingId, trimmed.slice(dot + 1), CHECKIN_SIGNATURE_LENGTH))
      throw new AppError(ErrorCode.INVALID_CODE);
    const booking = await this.store.get<BookingDoc>('bookings', bookingId);
    if (!booking) throw new AppError(ErrorCode.INVALID_CODE);
    return booking;
  }

  /** The child's card for a code, read-only, so the worker sees who it is before the health check. */
  async lookup(
    openid: string,
    input: { code: string; sessionId?: string },
  ): Promise<{ entry: RosterEntry; session: Session; feverCelsius: number }> {
    const found = await this.bookingByCode(input.code, input.sessionId);
    await this.requireStaff(openid, found.communityId, ['worker', 'admin']);
    const child = await this.store.get<ChildDoc>('children', found.childId);
    const guardian = child ? await this.store.get<GuardianDoc>('guardians', child.guardianId) : null;
    return {
      entry: rosterEntry(found, child ?? undefined, guardian ?? undefined, found.date),
      session: await this.bookings.sessionView(found.sessionId),
      feverCelsius: FEVER_CELSIUS,
    };
  }

  async checkIn(
    openid: string,
    input: { code?: string; bookingId?: string; sessionId?: string; health?: BookingHealth },
  ): Promise<{ booking: Booking }> {
    let found: BookingDoc | null;
    if (input.code) found = await this.bookingByCode(input.code, input.sessionId);
    else {
      found = await this.store.get<BookingDoc>('bookings', input.bookingId!);
      if (!found) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个预约');
    }
    await this.requireStaff(openid, found.communityId, ['worker', 'admin']);
    const policy = await this.policy(found.communityId);
    const now = this.now();
    if (!isCheckinOpen(now, new Date(found.startAt), new Date(found.endAt), policy)) {
      throw new AppError(ErrorCode.CHECKIN_CLOSED, `签到时间为开始前 ${policy.checkinOpensMinutesBefore} 分钟至结束`);
    }
    const health = input.health;
    if (isFever(health?.temperature) && !health?.feverOverrideReason?.trim()) {
      throw new AppError(ErrorCode.FEVER, `体温 ${health!.temperature} °C，达到 ${FEVER_CELSIUS} °C，按规定今天不能入托`, {
        temperature: health!.temperature,
        feverCelsius: FEVER_CELSIUS,
      });
    }
    const nowIso = now.toISOString();
    const booking = await this.transact(async (uow) => {
      const b = await uow.get<BookingDoc>('bookings', found!._id);
      if (!b) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个预约');
      if (b.status === 'checked_in') return b; // a second scan at the door changes nothing
      if (b.status !== 'confirmed') throw new AppError(ErrorCode.CONFLICT, statusMessage(b.status), { status: b.status });
      const child = await uow.get<ChildDoc>('children', b.childId);
      if (!child || child.deletingAt) throw new AppError(ErrorCode.CONFLICT, '这个孩子的家庭正在注销账户，不能签到');
      const updated = await transition(uow, b, 'confirmed', 'checked_in', nowIso, {
        checkedInAt: nowIso,
        ...(health ? { health: cleanHealth(health) } : {}),
      });
      return updated;
    });
    await audit(this.deps, openid, 'checkin', {
      communityId: found.communityId,
      bookingId: found._id,
      sessionId: found.sessionId,
      childId: found.childId,
      ...(health?.feverOverrideReason && isFever(health.temperature)
        ? { temperature: health.temperature, feverOverrideReason: health.feverOverrideReason.trim() }
        : {}),
    });
    return { booking: toBooking(booking) };
  }

  async checkOut(openid: string, input: { bookingId: string; pickupName: string }): Promise<{ booking: Booking }> {
    const found = await this.store.get<BookingDoc>('bookings', input.bookingId);
    if (!found) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个预约');
    await this.requireStaff(openid, found.communityId, ['worker', 'admin']);
    const child = await this.store.get<ChildDoc>('children', found.childId);
    const guardian = child ? await this.store.get<GuardianDoc>('guardians', child.guardianId) : null;
    const allowed = [guardian?.name, ...(child?.pickups ?? []).map((p) => p.name)].filter(Boolean);
    if (!allowed.includes(input.pickupName.trim())) throw new AppError(ErrorCode.NOT_AUTHORIZED_PICKUP);
    const nowIso = this.now().toISOString();
    const booking = await this.transact(async (uow) => {
      const b = await uow.get<BookingDoc>('bookings', found._id);
      if (!b || b.status !== 'checked_in') throw new AppError(ErrorCode.CONFLICT, b ? statusMessage(b.status) : '没有找到这个预约');
      const updated = await transition(uow, b, 'checked_in', 'checked_out', nowIso, {
        checkedOutAt: nowIso,
        pickupName: input.pickupName.trim(),
      });
      return updated;
    });
    await audit(this.deps, openid, 'checkout', {
      communityId: found.communityId,
      bookingId: found._id,
      sessionId: found.sessionId,
      childId: found.childId,
    });
    return { booking: toBooking(booking) };
  }

  /**
   * Offline check-ins and check-outs recorded on a worker's phone, applied one after another in the order
   * given (so per booking in the order they happened). Each action is authorised like checkIn / checkOut and
   * applied once per (caller, action id): its first answer is stored with the booking change in one
   * transaction, and a repeat answers it again (with the booking as it is now). A failing action never stops
   * the others. See docs/contract.md (checkin.sync) for the rules on the claimed time.
   */
  async sync(openid: string, actions: OfflineAction[]): Promise<{ results: OfflineActionResult[] }> {
    const communities = await this.staffCommunities(openid, ['worker', 'admin']);
    if (communities && communities.length === 0) throw new AppError(ErrorCode.FORBIDDEN, '只有社区工作人员可以同步签到记录');
    const results: OfflineActionResult[] = [];
    // after a transient failure (BUSY / INTERNAL, nothing stored) the later actions of that booking wait too,
    // so that a retry still applies them in order
    const held = new Set<string>();
    for (const a of actions) {
      if (held.has(a.bookingId)) {
        results.push({ id: a.id, ok: false, error: { code: ErrorCode.BUSY, message: '这个孩子的上一条记录还没同步成功，请稍后重试' } });
        continue;
      }
      try {
        results.push(await this.syncOne(openid, a));
      } catch (err) {
        const env = toErrorEnvelope(err);
        const error = env.ok ? { code: ErrorCode.INTERNAL, message: '' } : env.error;
        if (error.code === ErrorCode.BUSY || error.code === ErrorCode.INTERNAL) held.add(a.bookingId);
        results.push({ id: a.id, ok: false, error });
      }
    }
    return { results };
  }

  private async syncOne(openid: string, a: OfflineAction): Promise<OfflineActionResult> {
    const found = await this.store.get<BookingDoc>('bookings', a.bookingId);
    if (!found) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个预约');
    await this.requireStaff(openid, found.communityId, ['worker', 'admin']);
    const recordId = keys.syncAction(openid, a.id);
    const policy = await this.policy(found.communityId);
    let allowedPickups: string[] = [];
    if (a.type === 'checkOut') {
      const child = await this.store.get<ChildDoc>('children', found.childId);
      const guardian = child ? await this.store.get<GuardianDoc>('guardians', child.guardianId) : null;
      allowedPickups = [guardian?.name, ...(child?.pickups ?? []).map((p) => p.name)].filter((n): n is string => Boolean(n));
    }
    const received = this.now();
    const receivedIso = received.toISOString();
    const atIso = new Date(a.at).toISOString();

    const outcome = await this.transact(async (uow) => {
      const prior = await uow.get<SyncActionDoc>('syncActions', recordId);
      const b = await uow.get<BookingDoc>('bookings', a.bookingId);
      if (!b) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个预约');
      if (prior) {
        if (prior.type !== a.type || prior.bookingId !== a.bookingId) {
          throw new AppError(ErrorCode.CONFLICT, '同一个操作编号已用于另一条记录', { id: a.id });
        }
        return { replay: true, ok: prior.ok, duplicate: prior.duplicate, error: prior.error, booking: b };
      }
      let result: {
        ok: boolean;
        duplicate?: boolean;
        error?: { code: string; message: string; details?: Record<string, unknown> };
        booking: BookingDoc;
      };
      try {
        result = await applyOffline(uow, b, a, { atIso, received, receivedIso, policy, allowedPickups });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        result = {
          ok: false,
          error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
          booking: b,
        };
      }
      uow.put<SyncActionDoc>('syncActions', {
        _id: recordId,
        callerHash: openidHash(openid),
        actionId: a.id,
        type: a.type,
        bookingId: a.bookingId,
        at: atIso,
        ok: result.ok,
        ...(result.duplicate ? { duplicate: true } : {}),
        ...(result.error ? { error: { code: result.error.code, message: result.error.message } } : {}),
        createdAt: receivedIso,
      });
      return { replay: false, ...result };
    });

    if (!outcome.replay && outcome.ok && !outcome.duplicate) {
      await audit(this.deps, openid, a.type === 'checkIn' ? 'checkin' : 'checkout', {
        communityId: found.communityId,
        bookingId: found._id,
        sessionId: found.sessionId,
        childId: found.childId,
        offline: true,
        claimedAt: atIso,
        ...(a.type === 'checkIn' && a.health?.feverOverrideReason && isFever(a.health.temperature)
          ? { temperature: a.health.temperature, feverOverrideReason: a.health.feverOverrideReason.trim() }
          : {}),
      });
    }
    return {
      id: a.id,
      ok: outcome.ok,
      booking: toBooking(outcome.booking),
      ...(outcome.duplicate ? { duplicate: true } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    };
  }
}

function statusMessage(status: string): string {
  const m: Record<string, string> = {
    waitlisted: '该预约还在候补中，不能签到',
    cancelled: '该预约已取消',
    late_cancelled: '该预约已取消',
    session_cancelled: '该场次已取消',
    checked_out: '孩子已离园',
    no_show: '该预约已记为未到',
    confirmed: '孩子还未签到',
  };
  return m[status] ?? '该预约当前状态不能进行此操作';
}

function rosterEntry(b: BookingDoc, child: ChildDoc | undefined, guardian: GuardianDoc | undefined, onDate: string): RosterEntry {
  return {
    bookingId: b._id,
    ...(b.shortCode ? { shortCode: b.shortCode } : {}),
    child: { id: b.childId, name: child?.name ?? '（已注销）', ageMonths: child ? ageInMonths(child.birthDate, onDate) : 0 },
    guardian: { name: guardian?.name ?? '', phoneMasked: guardian ? maskPhone(guardian.phone) : '' },
    status: b.status,
    guardians: guardian ? [{ name: guardian.name, relation: guardian.relation }] : [],
    pickups: (child?.pickups ?? []).map((p) => ({ name: p.name, relation: p.relation })),
  };
}

/** The recorded health check: the reason is kept only when it admitted a fever. */
function cleanHealth(h: BookingHealth): BookingHealth {
  const { feverOverrideReason, ...rest } = h;
  return isFever(h.temperature) && feverOverrideReason?.trim() ? { ...rest, feverOverrideReason: feverOverrideReason.trim() } : rest;
}

interface OfflineFacts {
  atIso: string;
  received: Date;
  receivedIso: string;
  policy: Policy;
  allowedPickups: string[];
}

/**
 * One offline action against the booking as it is inside the transaction: the claimed time must be inside
 * the session's check-in window and not after the sync arrived; a booking already in the target state
 * answers ok (duplicate) and changes nothing; a booking that cannot move (cancelled, no-show, not yet
 * checked in) is a CONFLICT naming its status. Throws AppError for a refusal.
 */
async function applyOffline(
  uow: UnitOfWork,
  b: BookingDoc,
  a: OfflineAction,
  f: OfflineFacts,
): Promise<{ ok: true; duplicate?: boolean; booking: BookingDoc }> {
  const at = new Date(f.atIso);
  if (at.getTime() > f.received.getTime()) {
    throw new AppError(ErrorCode.INVALID_ARGUMENT, '记录时间晚于服务器收到的时间，请检查手机时间', {
      at: f.atIso,
      receivedAt: f.receivedIso,
    });
  }
  if (!isCheckinOpen(at, new Date(b.startAt), new Date(b.endAt), f.policy)) {
    throw new AppError(ErrorCode.CHECKIN_CLOSED, `记录时间不在签到时间内（开始前 ${f.policy.checkinOpensMinutesBefore} 分钟至结束）`, {
      at: f.atIso,
    });
  }
  if (a.type === 'checkIn') {
    if (b.status === 'checked_in' || b.status === 'checked_out') return { ok: true, duplicate: true, booking: b };
    if (b.status !== 'confirmed') throw new AppError(ErrorCode.CONFLICT, statusMessage(b.status), { status: b.status });
    const health = a.health;
    if (isFever(health?.temperature) && !health?.feverOverrideReason?.trim()) {
      throw new AppError(ErrorCode.FEVER, `体温 ${health!.temperature} °C，达到 ${FEVER_CELSIUS} °C，按规定今天不能入托`, {
        temperature: health!.temperature,
        feverCelsius: FEVER_CELSIUS,
      });
    }
    // As online: a family in the middle of deleting its account cannot have a child checked in (docs/domain.md).
    const child = await uow.get<ChildDoc>('children', b.childId);
    if (!child || child.deletingAt) throw new AppError(ErrorCode.CONFLICT, '这个孩子的家庭正在注销账户，不能签到');
    const booking = await transition(uow, b, 'confirmed', 'checked_in', f.receivedIso, {
      checkedInAt: f.atIso,
      checkedInReceivedAt: f.receivedIso,
      ...(health ? { health: cleanHealth(health) } : {}),
    });
    return { ok: true, booking };
  }
  if (b.status === 'checked_out') return { ok: true, duplicate: true, booking: b };
  if (b.status !== 'checked_in') throw new AppError(ErrorCode.CONFLICT, statusMessage(b.status), { status: b.status });
  const pickupName = (a.pickupName ?? '').trim();
  if (!f.allowedPickups.includes(pickupName)) throw new AppError(ErrorCode.NOT_AUTHORIZED_PICKUP);
  if (b.checkedInAt && at.getTime() < new Date(b.checkedInAt).getTime()) {
    throw new AppError(ErrorCode.INVALID_ARGUMENT, '离园时间早于签到时间', { at: f.atIso, checkedInAt: b.checkedInAt });
  }
  const booking = await transition(uow, b, 'checked_in', 'checked_out', f.receivedIso, {
    checkedOutAt: f.atIso,
    checkedOutReceivedAt: f.receivedIso,
    pickupName,
  });
  return { ok: true, booking };
}
