/**
 * Scheduled tasks (every minute, and after /dev/clock locally; a timer trigger in WeChat):
 * mark no-shows and start suspensions, close waitlists, write due reminders, deliver notifications.
 */
import type { Deps } from '../deps';
import { keys } from '../keys';
import { noShowDueAt, shouldSuspend, suspensionEnds, waitlistClosesAt } from '../rules';
import { BaseService } from './base';
import type { BookingDoc, ChildDoc, SessionDoc, SuspensionDoc } from './docs';
import { transition } from './ledger';
import { bookingFields, notify } from './notify';
import { ReminderService } from './reminders';
import { OutboxService, type Deliver } from './outbox';
import { timeBudget, unlimited, type Budget, type Monotonic } from './budget';
import type { SessionCancellation } from './cancellation';
import { dropExpiredContinuity } from './continuity';

export interface TaskReport {
  noShows: number;
  suspended: number;
  waitlistClosed: number;
  reminders: number;
  /** Interrupted session cancellations finished by this run. */
  cancellationsResumed?: number;
  /** Continuity records of deleted families dropped because their year and suspension are over. */
  continuityDropped?: number;
  delivered: number;
  deliveryFailed: number;
  skipped: number;
  released: number;
  retried: number;
  /** The run stopped early to stay inside its time budget; the rest waits for the next run. */
  deferred: boolean;
  elapsedMs: number;
}

export { MAX_DELIVERY_ATTEMPTS, type Deliver } from './outbox';

export interface SchedulerOptions {
  /** Time budget of one run in ms (default: unlimited; in WeChat from the function's timeout). */
  budgetMs?: number;
  /** Monotonic milliseconds (tests). */
  monotonic?: Monotonic;
}

export class SchedulerService extends BaseService {
  private readonly reminders: ReminderService;
  private readonly outbox: OutboxService;

  constructor(
    deps: Deps,
    deliver?: Deliver,
    reminders?: ReminderService,
    private readonly options: SchedulerOptions = {},
    private readonly cancellation?: SessionCancellation,
  ) {
    super(deps);
    this.reminders = reminders ?? new ReminderService(deps);
    this.outbox = new OutboxService(deps, deliver);
  }

  /**
   * One run of every due task, oldest work first, inside the time budget: no-shows, closed waitlists,
   * reminders, then the outbox. Each phase stops starting new items once the budget says so.
   */
  async runDue(options: SchedulerOptions = {}): Promise<TaskReport> {
    const budgetMs = options.budgetMs ?? this.options.budgetMs;
    const budget = budgetMs === undefined ? unlimited() : timeBudget(budgetMs, { now: options.monotonic ?? this.options.monotonic });
    const report: TaskReport = {
      noShows: 0,
      suspended: 0,
      waitlistClosed: 0,
      reminders: 0,
      delivered: 0,
      deliveryFailed: 0,
      skipped: 0,
      released: 0,
      retried: 0,
      deferred: false,
      elapsedMs: 0,
    };
    // first, session cancellations a crash interrupted: their bookings must not be marked no-show
    if (this.cancellation) report.cancellationsResumed = await this.cancellation.resumeAll();
    // what account deletion kept against delete-and-re-register, once its year and suspension are over
    report.continuityDropped = await dropExpiredContinuity(this.deps, this.now());
    await this.markNoShows(report, budget);
    await this.closeWaitlists(report, budget);
    report.reminders = await this.reminders.sendDue(budget);
    const d = await this.outbox.run(budget);
    Object.assign(report, {
      delivered: d.delivered,
      deliveryFailed: d.failed,
      skipped: d.skipped,
      released: d.released,
      retried: d.retried,
    });
    report.deferred = budget.exhausted;
    report.elapsedMs = Math.round(budget.elapsedMs());
    return report;
  }

  private async markNoShows(report: TaskReport, budget: Budget): Promise<void> {
    const now = this.now();
    const nowIso = now.toISOString();
    const candidates = await this.store.query<BookingDoc>('bookings', { status: 'confirmed', endAt: { lte: nowIso } });
    for (const c of candidates) {
      const policy = await this.policy(c.communityId);
      if (noShowDueAt(new Date(c.endAt), policy).getTime() > now.getTime()) continue;
      if (!budget.canStart()) return;
      await budget.track(() =>
        this.transact(async (uow) => {
          const b = await uow.get<BookingDoc>('bookings', c._id);
          if (!b || b.status !== 'confirmed') return;
          await transition(uow, b, 'confirmed', 'no_show', nowIso);
          report.noShows++;
          const sid = keys.suspension(b.childId);
          const sus = (await uow.get<SuspensionDoc>('suspensions', sid)) ?? { _id: sid, childId: b.childId, noShows: [], until: null };
          const noShows = [...sus.noShows, b.startAt];
          const suspendNow = shouldSuspend(noShows, now, policy) && !(sus.until && sus.until > nowIso);
          uow.put<SuspensionDoc>('suspensions', {
            ...sus,
            noShows,
            until: suspendNow ? suspensionEnds(now, policy).toISOString() : sus.until,
          });
          if (suspendNow) report.suspended++;
        }),
      );
    }
  }

  private async closeWaitlists(report: TaskReport, budget: Budget): Promise<void> {
    const now = this.now();
    const nowIso = now.toISOString();
    const waiting = await this.store.query<BookingDoc>('bookings', { status: 'waitlisted' });
    for (const w of waiting) {
      const policy = await this.policy(w.communityId);
      if (waitlistClosesAt(new Date(w.startAt), policy).getTime() > now.getTime()) continue;
      if (!budget.canStart()) return;
      await budget.track(() =>
        this.transact(async (uow) => {
          const b = await uow.get<BookingDoc>('bookings', w._id);
          if (!b || b.status !== 'waitlisted') return;
          await transition(uow, b, 'waitlisted', 'cancelled', nowIso, { cancelledAt: nowIso, waitlistClosed: true } as Partial<BookingDoc>);
          const session = await uow.get<SessionDoc>('sessions', b.sessionId);
          if (b.ownerOpenid && session) {
            notify(uow, this.deps, {
              openid: b.ownerOpenid,
              kind: 'waitlist_closed',
              bookingId: b._id,
              communityId: b.communityId,
              title: '候补未成功',
              body: `${session.date} ${session.start} 的场次候补已截止，未能约上，本次不扣次数。`,
              fields: bookingFields(session, (await uow.get<ChildDoc>('children', b.childId))?.name ?? '孩子'),
            });
          }
          report.waitlistClosed++;
        }),
      );
    }
  }
}
