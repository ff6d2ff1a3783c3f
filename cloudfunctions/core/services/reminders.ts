/**
 * Reminders the day before a session, for bookings whose parent subscribed when booking
 * (booking.book `subscribe: true`; in WeChat after `requestSubscribeMessage` was accepted).
 *
 * Exactly once per booking: the reminder is written to the outbox (`notifications`) in the same
 * transaction that sets `reminderSentAt` on the booking, and that transaction re-reads the booking by
 * id first — so two task runs, or two processes on one database, cannot both remind it.
 * Delivery is the outbox's business (SchedulerService): WeChat `subscribeMessage.send` through
 * deps.platform.sendSubscribeMessage, or locally the outbox itself, which admins view (admin.outbox).
 */
import type { Deps } from '../deps';
import { unlimited, type Budget } from './budget';
import { addDays, shanghaiDate, shanghaiInstant } from '../time';
import { BaseService } from './base';
import type { BookingDoc, ChildDoc, SessionDoc } from './docs';
import { bookingFields, notify } from './notify';

/** Reminders go out from this local time on the day before the session (until the session starts). */
export const REMINDER_TIME = '18:00';

export function reminderDueAt(sessionDate: string): Date {
  return shanghaiInstant(addDays(sessionDate, -1), REMINDER_TIME);
}

export function isReminderDue(b: Pick<BookingDoc, 'date' | 'startAt'>, now: Date): boolean {
  return now.getTime() >= reminderDueAt(b.date).getTime() && now.getTime() < new Date(b.startAt).getTime();
}

export class ReminderService extends BaseService {
  constructor(deps: Deps) {
    super(deps);
  }

  /** Writes every due reminder to the outbox; returns how many this run wrote. */
  async sendDue(budget: Budget = unlimited()): Promise<number> {
    const now = this.now();
    const nowIso = now.toISOString();
    const today = shanghaiDate(now);
    const tomorrow = addDays(today, 1);
    // sessions of today and tomorrow end within [today 00:00, the day after tomorrow 00:00): the
    // (status, endAt) index the no-show task uses serves this too (one index less on every booking write)
    const candidates = (
      await this.store.query<BookingDoc>('bookings', {
        status: 'confirmed',
        endAt: { gte: shanghaiInstant(today, '00:00').toISOString(), lt: shanghaiInstant(addDays(today, 2), '00:00').toISOString() },
      })
    ).filter(
      (b) => (b.date === today || b.date === tomorrow) && b.reminderSubscribed === true && !b.reminderSentAt && isReminderDue(b, now),
    );
    let sent = 0;
    for (const c of candidates) {
      if (!budget.canStart()) break;
      const wrote = await budget.track(() =>
        this.transact(async (uow) => {
          const b = await uow.get<BookingDoc>('bookings', c._id);
          if (!b || b.status !== 'confirmed' || b.reminderSubscribed !== true || b.reminderSentAt || !isReminderDue(b, now)) return false;
          const session = await uow.get<SessionDoc>('sessions', b.sessionId);
          if (!session || session.status !== 'open') return false;
          const child = await uow.get<ChildDoc>('children', b.childId);
          uow.put<BookingDoc>('bookings', { ...b, reminderSentAt: nowIso });
          if (b.ownerOpenid) {
            const who = child?.name ?? '孩子';
            notify(uow, this.deps, {
              openid: b.ownerOpenid,
              kind: 'reminder',
              bookingId: b._id,
              communityId: b.communityId,
              title: '明天有托育预约',
              body: `提醒：${session.date} ${session.start}-${session.end} 在${session.siteName}有${who}的临时托预约，请带好签到码准时到场；不能参加请提前取消。`,
              fields: bookingFields(session, who),
            });
          }
          return true;
        }),
      );
      if (wrote) sent++;
    }
    return sent;
  }
}
