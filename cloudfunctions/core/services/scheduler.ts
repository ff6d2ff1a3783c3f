/**
 * Scheduled tasks (every minute, and after /dev/clock locally; a timer trigger in WeChat):
 * mark no-shows and start suspensions, close waitlists, write due reminders, deliver notifications.
 */
import type { Deps } from '../deps';
import { keys } from '../keys';
import { noShowDueAt, shouldSuspend, suspensionEnds, waitlistClosesAt } from '../rules';
import { BaseService } from './base';
import type { BookingDoc, SessionDoc, SuspensionDoc } from './docs';
import { transition, UnitOfWork } from './ledger';
import { notify } from './notify';
import { ReminderService } from './reminders';

export interface TaskReport { noShows: number; suspended: number; waitlistClosed: number; reminders: number; delivered: number }

export type Deliver = (notice: { openid: string; kind: string; title: string; body: string; fields?: Record<string, string> }) => Promise<void>;

/** Delivery attempts per notice before it is given up (marked failedAt). */
export const MAX_DELIVERY_ATTEMPTS = 3;

export class SchedulerService extends BaseService {
  private readonly reminders: ReminderService;

  constructor(deps: Deps, private readonly deliver?: Deliver, reminders?: ReminderService) {
    super(deps);
    this.reminders = reminders ?? new ReminderService(deps);
  }

  async runDue(): Promise<TaskReport> {
    const report: TaskReport = { noShows: 0, suspended: 0, waitlistClosed: 0, reminders: 0, delivered: 0 };
    await this.markNoShows(report);
    await this.closeWaitlists(report);
    report.reminders = await this.reminders.sendDue();
    await this.deliverNotifications(report);
    return report;
  }

  private async markNoShows(report: TaskReport): Promise<void> {
    const now = this.now();
    const nowIso = now.toISOString();
    const candidates = await this.store.query<BookingDoc>('bookings', { status: 'confirmed', endAt: { lte: nowIso } });
    for (const c of candidates) {
      const policy = await this.policy(c.communityId);
      if (noShowDueAt(new Date(c.endAt), policy).getTime() > now.getTime()) continue;
      await this.store.transaction(async (tx) => {
        const uow = new UnitOfWork(tx);
        const b = await uow.get<BookingDoc>('bookings', c._id);
        if (!b || b.status !== 'confirmed') return;
        await transition(uow, b, 'confirmed', 'no_show', nowIso);
        report.noShows++;
        const sid = keys.suspension(b.childId);
        const sus = (await uow.get<SuspensionDoc>('suspensions', sid)) ?? { _id: sid, childId: b.childId, noShows: [], until: null };
        const noShows = [...sus.noShows, b.startAt];
        const suspendNow = shouldSuspend(noShows, now, policy) && !(sus.until && sus.until > nowIso);
        uow.put<SuspensionDoc>('suspensions', { ...sus, noShows, until: suspendNow ? suspensionEnds(now, policy).toISOString() : sus.until });
        if (suspendNow) report.suspended++;
        await uow.commit();
      });
    }
  }

  private async closeWaitlists(report: TaskReport): Promise<void> {
    const now = this.now();
    const nowIso = now.toISOString();
    const waiting = await this.store.query<BookingDoc>('bookings', { status: 'waitlisted' });
    for (const w of waiting) {
      const policy = await this.policy(w.communityId);
      if (waitlistClosesAt(new Date(w.startAt), policy).getTime() > now.getTime()) continue;
      await this.store.transaction(async (tx) => {
        const uow = new UnitOfWork(tx);
        const b = await uow.get<BookingDoc>('bookings', w._id);
        if (!b || b.status !== 'waitlisted') return;
        await transition(uow, b, 'waitlisted', 'cancelled', nowIso, { cancelledAt: nowIso, waitlistClosed: true } as Partial<BookingDoc>);
        const session = await uow.get<SessionDoc>('sessions', b.sessionId);
        if (b.ownerOpenid && session) {
          notify(uow, this.deps, {
            openid: b.ownerOpenid, kind: 'waitlist_closed', bookingId: b._id, communityId: b.communityId, title: '候补未成功',
            body: `${session.date} ${session.start} 的场次候补已截止，未能约上，本次不扣次数。`,
          });
        }
        await uow.commit();
        report.waitlistClosed++;
      });
    }
  }

  /**
   * Delivers the outbox. Each notice is claimed first (sentAt set in a transaction that re-reads it), so
   * two task runs or two processes never deliver one notice twice; a failed delivery is released for a
   * retry, up to MAX_DELIVERY_ATTEMPTS, then marked failedAt.
   */
  private async deliverNotifications(report: TaskReport): Promise<void> {
    if (!this.deliver) return;
    type Pending = { _id: string; openid: string; kind: string; title: string; body: string; fields?: Record<string, string>; attempts?: number };
    const pending = await this.store.query<Pending>(
      'notifications', { sentAt: null }, { limit: 200, orderBy: [{ field: 'createdAt' }] },
    );
    for (const n of pending) {
      const nowIso = this.now().toISOString();
      const claimed = await this.store.transaction(async (tx) => {
        const cur = await tx.get<Pending & { sentAt: string | null }>('notifications', n._id);
        if (!cur || cur.sentAt !== null) return null;
        await tx.update('notifications', n._id, { set: { sentAt: nowIso }, inc: { attempts: 1 } });
        return cur;
      });
      if (!claimed) continue;
      try {
        await this.deliver(claimed);
        report.delivered++;
      } catch (e) {
        this.deps.log?.('notification delivery failed', e);
        const attempts = (claimed.attempts ?? 0) + 1;
        const error = String((e as Error)?.message ?? e).slice(0, 200);
        await this.store.update('notifications', n._id, attempts >= MAX_DELIVERY_ATTEMPTS
          ? { set: { failedAt: nowIso, error } }
          : { set: { sentAt: null, error } });
      }
    }
  }
}
