/**
 * Cancelling a session is one resumable job. The first transaction closes the session and records the
 * job on it (`cancelJob: 'running'`); from then on no booking can be added. Then every live booking
 * is ended one transaction at a time — session_cancelled, quota refunded, the family's notice written
 * in the same transaction (so exactly once) — and finally the job is marked done.
 *
 * If the process dies in between, the job is found again by `cancelJob: 'running'`: at start-up, by
 * every scheduled run, and by calling admin.cancelSession again. Each step re-reads the booking, so
 * running a step twice changes nothing.
 */
import type { Session } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import { BaseService } from './base';
import type { BookingService } from './booking';
import type { BookingDoc, ChildDoc, SessionDoc } from './docs';
import { newSeats, transition } from './ledger';
import { keys } from '../keys';
import { bookingFields, notify } from './notify';
import type { Deps } from '../deps';

/** Statuses a session cancellation ends (a late cancellation is refunded too: the site cancelled). */
const RELEASED = ['confirmed', 'waitlisted', 'late_cancelled'];

export interface CancelJobFields {
  cancelJob?: 'running' | 'done';
  cancelledBy?: string;
  cancelledAt?: string;
  cancelFinishedAt?: string;
  /** Bookings whose quota came back (confirmed or late-cancelled ones), counted as the job goes. */
  cancelRefunded?: number;
}

export class SessionCancellation extends BaseService {
  constructor(
    deps: Deps,
    private readonly bookings: BookingService,
  ) {
    super(deps);
  }

  /** Closes the session and starts the job (or, if it was already cancelled, carries on with it). */
  async start(openid: string, session: SessionDoc, reason: string): Promise<{ session: Session; refunded: number }> {
    if (!(await this.close(session._id, reason, openid))) this.deps.log?.(`session cancellation ${session._id}: called again, finishing`);
    const refunded = await this.finish(session._id);
    return { session: await this.bookings.sessionView(session._id), refunded };
  }

  /**
   * The job's first commit: the session is cancelled and the job recorded on it. The seat counter is
   * written too: every booking transaction writes it, so on a snapshot-isolation store (WeChat) a booking
   * racing this commit conflicts and retries — it can never slip into the session after the job has
   * listed its bookings. False when the job already existed (calling again finishes the same job).
   */
  async close(sessionId: string, reason: string, openid: string): Promise<boolean> {
    const nowIso = this.now().toISOString();
    return this.store.transaction(async (tx) => {
      const s = await tx.get<SessionDoc & CancelJobFields>('sessions', sessionId);
      if (!s) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个场次');
      if (s.status === 'cancelled' && s.cancelJob !== undefined) return false;
      await tx.update('sessions', s._id, {
        set: {
          status: 'cancelled',
          cancelReason: s.status === 'cancelled' ? (s.cancelReason ?? reason) : reason,
          cancelledAt: s.cancelledAt ?? nowIso,
          cancelledBy: openid,
          cancelJob: 'running',
          cancelRefunded: 0,
        },
      });
      const seats = await tx.get('counters', keys.seats(sessionId));
      if (seats) await tx.update('counters', seats._id, { set: { closedAt: nowIso } });
      else await tx.create('counters', { ...newSeats(sessionId), closedAt: nowIso });
      return true;
    });
  }

  /** Runs the job of one cancelled session to its end; returns how many bookings got their quota back. */
  async finish(sessionId: string): Promise<number> {
    const session = await this.store.get<SessionDoc & CancelJobFields>('sessions', sessionId);
    if (!session || session.status !== 'cancelled') return 0;
    if (session.cancelJob !== 'done') {
      const nowIso = this.now().toISOString();
      const affected = (await this.store.query<BookingDoc>('bookings', { sessionId })).filter((b) => RELEASED.includes(b.status));
      for (const found of affected) {
        await this.transact(async (uow) => {
          const b = await uow.get<BookingDoc>('bookings', found._id);
          if (!b || !RELEASED.includes(b.status)) return;
          const s = (await uow.get<SessionDoc & CancelJobFields>('sessions', sessionId))!;
          await transition(uow, b, b.status, 'session_cancelled', nowIso);
          if (b.status !== 'waitlisted') uow.put('sessions', { ...s, cancelRefunded: (s.cancelRefunded ?? 0) + 1 });
          if (b.ownerOpenid && b.status !== 'late_cancelled') {
            notify(uow, this.deps, {
              openid: b.ownerOpenid,
              kind: 'session_cancelled',
              bookingId: b._id,
              communityId: b.communityId,
              title: '场次取消',
              body: `${s.date} ${s.start}-${s.end} ${s.siteName} 的场次已取消（${s.cancelReason ?? ''}），免费次数已退回。`,
              fields: bookingFields(s, (await uow.get<ChildDoc>('children', b.childId))?.name ?? '孩子', { reason: s.cancelReason ?? '' }),
            });
          }
        });
      }
      await this.store.update('sessions', sessionId, { set: { cancelJob: 'done', cancelFinishedAt: this.now().toISOString() } });
    }
    return (await this.store.get<SessionDoc & CancelJobFields>('sessions', sessionId))?.cancelRefunded ?? 0;
  }

  /** Finishes every cancellation a crash interrupted (at start-up and on every scheduled run). */
  async resumeAll(): Promise<number> {
    const running = await this.store.query<SessionDoc>('sessions', { cancelJob: 'running' });
    for (const s of running) await this.finish(s._id);
    return running.length;
  }
}
