/** Community workers at the door: today's sessions, roster, check-in (code or tap), check-out. */
import type { Booking, RosterEntry, Session } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import { ageInMonths, isCheckinOpen, maskPhone } from '../rules';
import { shanghaiDate } from '../time';
import { BaseService } from './base';
import type { BookingService } from './booking';
import type { BookingDoc, ChildDoc, GuardianDoc, SessionDoc } from './docs';
import { toBooking } from './docs';
import { transition, UnitOfWork } from './ledger';
import type { Deps } from '../deps';
import type { Where } from '../../store/port';
import { audit } from './audit';

const ROSTER_STATUSES = ['confirmed', 'checked_in', 'checked_out', 'no_show', 'waitlisted'];

export class CheckinService extends BaseService {
  constructor(deps: Deps, private readonly bookings: BookingService) {
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

  async roster(openid: string, sessionId: string): Promise<{ roster: RosterEntry[]; session: Session }> {
    const session = await this.staffSession(openid, sessionId);
    const docs = (await this.store.query<BookingDoc>('bookings', { sessionId }, { orderBy: [{ field: 'createdAt' }] }))
      .filter((b) => ROSTER_STATUSES.includes(b.status));
    const childIds = [...new Set(docs.map((d) => d.childId))];
    const children = childIds.length ? await this.store.query<ChildDoc>('children', { _id: { in: childIds } }) : [];
    const guardianIds = [...new Set(children.map((c) => c.guardianId))];
    const guardians = guardianIds.length ? await this.store.query<GuardianDoc>('guardians', { _id: { in: guardianIds } }) : [];
    const childById = new Map(children.map((c) => [c._id, c]));
    const guardianById = new Map(guardians.map((g) => [g._id, g]));
    const roster: RosterEntry[] = docs.map((b) => {
      const child = childById.get(b.childId);
      const guardian = child ? guardianById.get(child.guardianId) : undefined;
      return {
        bookingId: b._id,
        child: { id: b.childId, name: child?.name ?? '（已注销）', ageMonths: child ? ageInMonths(child.birthDate, session.date) : 0 },
        guardian: { name: guardian?.name ?? '', phoneMasked: guardian ? maskPhone(guardian.phone) : '' },
        status: b.status,
        guardians: guardian ? [{ name: guardian.name, relation: guardian.relation }] : [],
        pickups: (child?.pickups ?? []).map((p) => ({ name: p.name, relation: p.relation })),
      };
    });
    await audit(this.deps, openid, 'roster.view', { communityId: session.communityId, sessionId });
    return { roster, session: await this.bookings.sessionView(sessionId) };
  }

  /** Resolves a scanned/typed check-in code; INVALID_CODE for anything malformed, forged or unknown. */
  private async bookingByCode(code: string): Promise<BookingDoc> {
    const trimmed = code.trim();
    const dot = trimmed.lastIndexOf('.');
    const bookingId = dot > 0 ? trimmed.slice(0, dot) : '';
    if (!bookingId || !this.deps.signer.verify(bookingId, trimmed.slice(dot + 1))) throw new AppError(ErrorCode.INVALID_CODE);
    const booking = await this.store.get<BookingDoc>('bookings', bookingId);
    if (!booking) throw new AppError(ErrorCode.INVALID_CODE);
    return booking;
  }

  async checkIn(openid: string, input: { code?: string; bookingId?: string; health?: { temperature?: number; notes?: string } }): Promise<{ booking: Booking }> {
    let found: BookingDoc | null;
    if (input.code) found = await this.bookingByCode(input.code);
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
    const nowIso = now.toISOString();
    const booking = await this.store.transaction(async (tx) => {
      const uow = new UnitOfWork(tx);
      const b = await uow.get<BookingDoc>('bookings', found!._id);
      if (!b) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个预约');
      if (b.status === 'checked_in') return b; // a second scan at the door changes nothing
      if (b.status !== 'confirmed') throw new AppError(ErrorCode.CONFLICT, statusMessage(b.status), { status: b.status });
      const updated = await transition(uow, b, 'confirmed', 'checked_in', nowIso, {
        checkedInAt: nowIso, ...(input.health ? { health: input.health } : {}),
      });
      await uow.commit();
      return updated;
    });
    await audit(this.deps, openid, 'checkin', { communityId: found.communityId, bookingId: found._id });
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
    const booking = await this.store.transaction(async (tx) => {
      const uow = new UnitOfWork(tx);
      const b = await uow.get<BookingDoc>('bookings', found._id);
      if (!b || b.status !== 'checked_in') throw new AppError(ErrorCode.CONFLICT, b ? statusMessage(b.status) : '没有找到这个预约');
      const updated = await transition(uow, b, 'checked_in', 'checked_out', nowIso, { checkedOutAt: nowIso, pickupName: input.pickupName.trim() });
      await uow.commit();
      return updated;
    });
    await audit(this.deps, openid, 'checkout', { communityId: found.communityId, bookingId: found._id });
    return { booking: toBooking(booking) };
  }
}

function statusMessage(status: string): string {
  const m: Record<string, string> = {
    waitlisted: '该预约还在候补中，不能签到', cancelled: '该预约已取消', late_cancelled: '该预约已取消',
    session_cancelled: '该场次已取消', checked_out: '孩子已离园', no_show: '该预约已记为未到', confirmed: '孩子还未签到',
  };
  return m[status] ?? '该预约当前状态不能进行此操作';
}
