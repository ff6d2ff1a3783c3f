/**
 * Outbox delivery: pending → sending (lease) → sent / failed. A run that dies between "sending" and
 * "sent" loses nothing: after the lease the notice is sent again, once, with the same dedupe key. Errors
 * keep WeChat's errcode; a batch stops inside its time budget and the next run resumes it.
 */
import { SchedulerService } from '../../cloudfunctions/core/services/scheduler';
import { LEASE_MS, MAX_DELIVERY_ATTEMPTS, wechatDeliver, type OutboxMessage } from '../../cloudfunctions/core/services/outbox';
import type { NotificationDoc } from '../../cloudfunctions/core/services/notify';
import { ADMIN, givenScenario } from '../services/scenario';

/** A scenario with `n` families whose session was cancelled: n pending session_cancelled notices. */
async function givenCancelledNotices(n: number) {
  const s = await givenScenario('2027-03-01T08:00:00+08:00');
  const session = await s.givenSession({ date: '2027-03-04', capacity: Math.max(n, 1) });
  for (let i = 0; i < n; i++) {
    const fam = await s.givenChild();
    await s.services.booking.book(fam.openid, {
      sessionId: session.id,
      childId: fam.child.id,
      requestId: `rq-outbox-${i}-xx`,
      templates: ['booking_change'],
    });
  }
  await s.services.admin.cancelSession(ADMIN, { sessionId: session.id, reason: '场地维修' });
  const notices = () => s.store.query<NotificationDoc>('notifications', { kind: 'session_cancelled' });
  return { s, notices };
}

/** What a phone would show: WeChat's side, which drops a repeat of the same dedupe key. */
class FakeWeChat {
  calls: OutboxMessage[] = [];
  inbox = new Map<string, OutboxMessage>();
  receive(m: OutboxMessage) {
    this.calls.push(m);
    if (!this.inbox.has(m.dedupeKey)) this.inbox.set(m.dedupeKey, m);
  }
}

const wxError = (errCode: number, errMsg: string) => Object.assign(new Error(errMsg), { errCode });

describe('outbox delivery', () => {
  it('a run killed between "sending" and "sent" loses nothing: after the lease the notice is sent again once, same dedupe key', async () => {
    const { s, notices } = await givenCancelledNotices(1);
    const wechat = new FakeWeChat();
    let wakeCrashed!: () => void;
    let reached!: () => void;
    const reachedWeChat = new Promise<void>((r) => {
      reached = r;
    });
    // run 1: WeChat receives the message, then the function is killed before it records "sent"
    const crashed = new SchedulerService(s.deps, (m) => {
      wechat.receive(m);
      reached();
      return new Promise<void>((resolve) => {
        wakeCrashed = resolve;
      });
    });
    const dying = crashed.runDue();
    await reachedWeChat;
    expect((await notices())[0]).toMatchObject({ status: 'sending', attempts: 1, sentAt: null });

    const healthy = new SchedulerService(s.deps, async (m) => wechat.receive(m));
    // within the lease nobody else touches it
    s.clock.set(new Date(s.clock.now().getTime() + LEASE_MS - 1000));
    expect(await healthy.runDue()).toMatchObject({ delivered: 0, released: 0 });
    // after the lease it returns to pending and is delivered again
    s.clock.set(new Date(s.clock.now().getTime() + 2000));
    expect(await healthy.runDue()).toMatchObject({ released: 1, delivered: 1 });
    const [n] = await notices();
    expect(n).toMatchObject({ status: 'sent', attempts: 2, sentAt: expect.any(String) });
    expect(wechat.calls.map((m) => [m.dedupeKey, m.attempt])).toEqual([
      [n.dedupeKey, 1],
      [n.dedupeKey, 2],
    ]);
    expect(wechat.inbox.size).toBe(1);

    // the "killed" run wakes up late: its outcome is not recorded over the later claim's, nothing is sent again
    wakeCrashed();
    await dying;
    expect(await healthy.runDue()).toMatchObject({ delivered: 0, released: 0 });
    expect((await notices())[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(wechat.calls).toHaveLength(2);
  });

  it('two runs at once deliver every notice exactly once', async () => {
    const { s, notices } = await givenCancelledNotices(12);
    const wechat = new FakeWeChat();
    const deliver = async (m: OutboxMessage) => {
      await new Promise((r) => setTimeout(r, 2));
      wechat.receive(m);
    };
    const reports = await Promise.all([1, 2, 3].map(() => new SchedulerService(s.deps, deliver).runDue()));
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBe(12);
    expect(wechat.calls).toHaveLength(12);
    expect((await notices()).every((n) => n.status === 'sent' && n.attempts === 1)).toBe(true);
  });

  it('keeps the errcode: a transient error retries on later runs, then fails; 43101 and 47003 fail at once', async () => {
    const { s, notices } = await givenCancelledNotices(3);
    const [a, b, c] = (await notices()).map((n) => n.openid);
    const errors: Record<string, Error> = {
      [a]: wxError(-501001, 'system busy'),
      [b]: wxError(43101, 'user refuse to accept the msg'),
      [c]: wxError(47003, 'argument invalid! data.thing4.value is empty'),
    };
    const scheduler = new SchedulerService(s.deps, async (m) => {
      throw errors[m.openid];
    });
    const first = await scheduler.runDue();
    expect(first).toMatchObject({ deliveryFailed: 2, retried: 1 });
    const by = async (openid: string) => (await notices()).find((n) => n.openid === openid)!;
    expect(await by(b)).toMatchObject({ status: 'failed', errcode: 43101, attempts: 1, failedAt: expect.any(String) });
    expect(await by(c)).toMatchObject({ status: 'failed', errcode: 47003, attempts: 1 });
    expect(await by(a)).toMatchObject({ status: 'pending', errcode: -501001, attempts: 1 });
    for (let i = 1; i < MAX_DELIVERY_ATTEMPTS; i++) await scheduler.runDue();
    expect(await by(a)).toMatchObject({ status: 'failed', errcode: -501001, attempts: MAX_DELIVERY_ATTEMPTS });
    expect(await scheduler.runDue()).toMatchObject({ delivered: 0, deliveryFailed: 0, retried: 0 });
  });

  it('a template without an id is not sent: the notice is skipped (NO_TEMPLATE), nothing reaches WeChat', async () => {
    const { s, notices } = await givenCancelledNotices(1);
    const sends: string[] = [];
    const deliver = wechatDeliver(
      async (_openid, templateId) => {
        sends.push(templateId);
      },
      { reminder: 'tmpl-reminder' },
    );
    expect(await new SchedulerService(s.deps, deliver).runDue()).toMatchObject({ skipped: 1, delivered: 0 });
    expect(sends).toEqual([]);
    expect((await notices())[0]).toMatchObject({ status: 'skipped', errcode: 'NO_TEMPLATE' });
    const withId = wechatDeliver(
      async (_openid, templateId) => {
        sends.push(templateId);
      },
      { booking_change: 'tmpl-change' },
    );
    const again = await givenCancelledNotices(1);
    await new SchedulerService(again.s.deps, withId).runDue();
    expect(sends).toEqual(['tmpl-change']);
  });

  it('a batch stops before its time budget runs out and the next run resumes where it stopped', async () => {
    const { s, notices } = await givenCancelledNotices(10);
    let t = 0; // a fake monotonic clock: every WeChat call takes 1 s
    const wechat = new FakeWeChat();
    const scheduler = new SchedulerService(
      s.deps,
      async (m) => {
        t += 1000;
        wechat.receive(m);
      },
      undefined,
      { budgetMs: 5000, monotonic: () => t },
    );
    const runs = [];
    for (let i = 0; i < 6 && (await notices()).some((n) => n.status === 'pending'); i++) {
      const start = t;
      const r = await scheduler.runDue();
      runs.push({ ...r, took: t - start });
    }
    // every run stayed inside its 5 s budget, the first ones stopped early and said so
    expect(runs.every((r) => r.took <= 5000)).toBe(true);
    expect(runs[0]).toMatchObject({ deferred: true });
    expect(runs[0].delivered).toBeGreaterThan(0);
    expect(runs[0].delivered).toBeLessThan(10);
    expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(10);
    expect(runs[runs.length - 1].deferred).toBe(false);
    expect(wechat.calls).toHaveLength(10);
    expect(new Set(wechat.calls.map((m) => m.dedupeKey)).size).toBe(10);
    expect((await notices()).every((n) => n.status === 'sent')).toBe(true);
  });
});

describe('outbox re-checks', () => {
  it('a reminder whose booking was cancelled after it was written is not sent (STALE)', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const session = await s.givenSession({ date: '2027-03-02' });
    const fam = await s.givenChild();
    const { booking } = await s.services.booking.book(fam.openid, {
      sessionId: session.id,
      childId: fam.child.id,
      requestId: 'rq-stale-rem',
      templates: ['reminder'],
    });
    s.setNow('2027-03-01T18:00:00+08:00');
    expect(await s.services.reminders.sendDue()).toBe(1);
    await s.services.booking.cancel(fam.openid, booking.id);
    const sent: OutboxMessage[] = [];
    expect(
      await new SchedulerService(s.deps, async (m) => {
        sent.push(m);
      }).runDue(),
    ).toMatchObject({ delivered: 0, skipped: 1 });
    expect(sent).toEqual([]);
    expect((await s.store.query<NotificationDoc>('notifications', { kind: 'reminder' }))[0]).toMatchObject({
      status: 'skipped',
      errcode: 'STALE',
    });
  });
});
