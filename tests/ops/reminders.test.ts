/**
 * Reminders the day before (from 18:00 Shanghai time), for bookings whose parent subscribed: written to
 * the outbox exactly once per booking — however often the task runs, and with two processes on one
 * database. Session cancellations and waitlist promotions land in the same outbox.
 */
import { fork } from 'child_process';
import { join } from 'path';
import { ADMIN, OpsWorld, type Family } from './ops-world';

const MONDAY = '2026-11-02T10:00:00+08:00';

describe('reminders', () => {
  let w: OpsWorld;
  let community: { id: string; code: string; name: string };
  let site: { id: string };
  beforeAll(async () => {
    w = await OpsWorld.start({ now: MONDAY });
    ({ community, site } = await w.givenCommunity({ capacity: 10 }));
  });
  afterAll(() => w.close());

  const reminders = async (bookingIds?: string[]) =>
    (await w.outbox(community.id)).filter((n) => n.kind === 'reminder' && (!bookingIds || bookingIds.includes(n.bookingId ?? '')));

  it('reminds a subscribed booking once, from 18:00 the day before; not the unsubscribed, cancelled or session-cancelled ones', async () => {
    const [thuMorning] = await w.givenSessions({ site }, { dates: ['2026-11-05'], start: '09:00', end: '11:00' });
    const [thuAfternoon] = await w.givenSessions({ site }, { dates: ['2026-11-05'], start: '14:00', end: '16:00' });
    const subscribed = await w.givenParentWithChild(community, { childName: '小满' });
    const silent = await w.givenParentWithChild(community);
    const cancels = await w.givenParentWithChild(community);
    const unlucky = await w.givenParentWithChild(community);
    const a = await w.booked(subscribed, thuMorning, { subscribe: true });
    await w.booked(silent, thuMorning);
    const c = await w.booked(cancels, thuMorning, { subscribe: true });
    await w.ok(cancels.openid, 'booking', 'cancel', { bookingId: c.id });
    const d = await w.booked(unlucky, thuAfternoon, { subscribe: true });
    await w.ok(ADMIN, 'admin', 'cancelSession', { sessionId: thuAfternoon.id, reason: '场地维修' });

    await w.clock('2026-11-04T17:59:00+08:00');
    expect(await reminders()).toEqual([]);

    await w.clock('2026-11-04T18:00:00+08:00');
    const sent = await reminders();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ bookingId: a.id, title: '明天有托育预约', sentAt: expect.any(String) });
    expect(sent[0].body).toContain('2026-11-05 09:00-11:00');
    expect(sent[0].body).toContain('小满');

    // the task runs again (next minute, and three times at once): still one reminder
    await w.clock('2026-11-04T18:01:00+08:00');
    const runs = await Promise.all([1, 2, 3].map(() => w.rt.services.scheduler.runDue()));
    expect(runs.reduce((n, r) => n + r.reminders, 0)).toBe(0);
    await w.clock('2026-11-05T08:00:00+08:00');
    expect(await reminders()).toHaveLength(1);

    // the cancelled session's family got the cancellation notice instead
    const notices = await w.outbox(community.id);
    expect(notices.filter((n) => n.bookingId === d.id).map((n) => n.kind)).toEqual(['session_cancelled']);
  });

  it('a subscribed booking made after 18:00 the day before is reminded on the next run; none after the start', async () => {
    await w.clock('2026-11-06T19:00:00+08:00');
    const [sat] = await w.givenSessions({ site }, { dates: ['2026-11-07'], start: '09:00', end: '11:00' });
    const late = await w.givenParentWithChild(community);
    const b = await w.booked(late, sat, { subscribe: true });
    expect(await reminders([b.id])).toEqual([]);
    await w.clock('2026-11-06T19:01:00+08:00');
    expect(await reminders([b.id])).toHaveLength(1);

    const [sun] = await w.givenSessions({ site }, { dates: ['2026-11-08'], start: '09:00', end: '11:00' });
    const tooLate = await w.givenParentWithChild(community);
    await w.clock('2026-11-07T10:00:00+08:00');
    const b2 = await w.booked(tooLate, sun, { subscribe: true });
    await w.clock('2026-11-08T09:00:00+08:00'); // first task run after it is already the start
    expect(await reminders([b2.id])).toEqual([]);
  });

  it('two processes on one database remind each booking exactly once', async () => {
    await w.clock('2026-11-09T10:00:00+08:00');
    const [tue] = await w.givenSessions({ site }, { dates: ['2026-11-10'], start: '09:00', end: '11:00' });
    const fams: Family[] = [];
    for (let i = 0; i < 4; i++) fams.push(await w.givenParentWithChild(community));
    const bookings = [];
    for (const f of fams) bookings.push(await w.booked(f, tue, { subscribe: true }));
    const ids = bookings.map((b) => b.id);

    const due = '2026-11-09T18:30:00+08:00';
    w.rt.clock.set(new Date(due)); // no task run yet: both processes start together below
    const child = fork(join(__dirname, 'task-worker.ts'), [w.dbFile, due, '3'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const messages: any[] = [];
    const done = new Promise<any>((resolve, reject) => {
      child.on('message', (m: any) => {
        messages.push(m);
        if (m.ready) return;
        if (m.error) reject(new Error(m.error));
        else resolve(m);
      });
      child.on('exit', (code) => (code ? reject(new Error(`worker exited ${code}`)) : undefined));
    });
    await new Promise<void>((resolve) => {
      const check = () => (messages.some((m) => m.ready) ? resolve() : setTimeout(check, 20));
      check();
    });
    child.send('go');
    const [mine, theirs] = await Promise.all([
      Promise.all([1, 2, 3].map(() => w.rt.services.scheduler.runDue())).then((rs) => rs.reduce((n, r) => n + r.reminders, 0)),
      done,
    ]);
    expect(mine + theirs.reminders).toBe(4);

    const sent = await reminders(ids);
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((n) => n.bookingId))).toEqual(new Set(ids));
    // reminderSentAt is on every booking, and another run adds nothing
    for (const id of ids) expect((await w.rt.store.get('bookings', id))?.reminderSentAt).toEqual(new Date(due).toISOString());
    await w.clock('2026-11-09T18:45:00+08:00');
    expect(await reminders(ids)).toHaveLength(4);
  });

  it('waitlist promotions go to the outbox too; only admins of the community read it', async () => {
    await w.clock('2026-11-09T10:00:00+08:00');
    const [wed] = await w.givenSessions({ site }, { dates: ['2026-11-11'], start: '09:00', end: '11:00', capacity: 1 });
    const first = await w.givenParentWithChild(community);
    const second = await w.givenParentWithChild(community);
    const b1 = await w.booked(first, wed);
    const b2 = await w.booked(second, wed, { waitlist: true, subscribe: true });
    expect(b2.status).toBe('waitlisted');
    await w.ok(first.openid, 'booking', 'cancel', { bookingId: b1.id });
    const notices = await w.outbox(community.id);
    expect(notices.find((n) => n.bookingId === b2.id)).toMatchObject({ kind: 'waitlist_promoted', title: '候补成功' });
    // the promoted booking is reminded too
    await w.clock('2026-11-10T18:00:00+08:00');
    expect(await reminders([b2.id])).toHaveLength(1);

    const worker = (await w.givenStaff(community, 'worker')).openid;
    expect((await w.call(worker, 'admin', 'outbox', { communityId: community.id })).status).toBe(403);
    expect((await w.call(first.openid, 'admin', 'outbox', { communityId: community.id })).status).toBe(403);
    const other = await w.givenCommunity();
    expect(await w.outbox(other.community.id)).toEqual([]);
  });
});
