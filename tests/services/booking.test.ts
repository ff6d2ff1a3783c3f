import { addDays } from '../../cloudfunctions/core/time';
import { ADMIN, codeOf, givenScenario } from './scenario';

describe('booking: quota of 12 free sessions per calendar year', () => {
  it("the 13th booking of a year is refused, and a session in January uses next year's quota", async () => {
    const s = await givenScenario('2026-12-01T08:00:00+08:00');
    await s.policy({ maxUpcomingBookings: 20, bookingOpensDaysBefore: 60 });
    const fam = await s.givenChild({ ageMonths: 20 });
    for (let i = 0; i < 12; i++) {
      const session = await s.givenSession({ date: addDays('2026-12-02', i) });
      const { quota } = await s.book(fam, session.id);
      expect(quota).toEqual({ year: 2026, used: i + 1, limit: 12, remaining: 11 - i });
    }
    const thirteenth = await s.givenSession({ date: '2026-12-20' });
    expect(await codeOf(s.book(fam, thirteenth.id))).toBe('QUOTA_EXHAUSTED');
    // 1 January 07:00 Shanghai is still 31 December in UTC: the session date decides the year
    const newYear = await s.givenSession({ date: '2027-01-01', start: '07:00', end: '09:00' });
    const { quota } = await s.book(fam, newYear.id);
    expect(quota).toEqual({ year: 2027, used: 1, limit: 12, remaining: 11 });
  });

  it('a yearly limit set by the community is honoured', async () => {
    const s = await givenScenario();
    await s.policy({ yearlyFreeSessions: 1 });
    const fam = await s.givenChild();
    await s.book(fam, (await s.givenSession({ date: '2027-03-03' })).id);
    expect(await codeOf(s.book(fam, (await s.givenSession({ date: '2027-03-04' })).id))).toBe('QUOTA_EXHAUSTED');
  });
});

describe('booking: age on the session date', () => {
  it('accepts a child who turns 12 months exactly on the session date, refuses the day before', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const fam = await s.givenChild({ birthDate: '2026-03-05' });
    expect(await codeOf(s.book(fam, (await s.givenSession({ date: '2027-03-04' })).id))).toBe('NOT_ELIGIBLE');
    const ok = await s.book(fam, (await s.givenSession({ date: '2027-03-05' })).id);
    expect(ok.booking.status).toBe('confirmed');
  });
  it('refuses a child on its 3rd birthday, accepts the day before', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const fam = await s.givenChild({ birthDate: '2024-03-05' });
    expect((await s.book(fam, (await s.givenSession({ date: '2027-03-04' })).id)).booking.status).toBe('confirmed');
    expect(await codeOf(s.book(fam, (await s.givenSession({ date: '2027-03-05' })).id))).toBe('NOT_ELIGIBLE');
  });
  it('refuses sessions of another community', async () => {
    const s = await givenScenario();
    const { community } = await s.services.admin.createCommunity(ADMIN, { name: '别的社区', district: '浦东新区' });
    const fam = await s.givenChild({ communityCode: community.code });
    expect(await codeOf(s.book(fam, (await s.givenSession()).id))).toBe('NOT_ELIGIBLE');
  });
});

describe('booking: window, duplicates, limits', () => {
  it('opens 14 days before start and closes 60 minutes before', async () => {
    const s = await givenScenario('2027-03-01T09:00:00+08:00');
    const fam = await s.givenChild();
    const far = await s.givenSession({ date: '2027-03-16' });
    expect(await codeOf(s.book(fam, far.id))).toBe('BOOKING_CLOSED');
    s.setNow('2027-03-02T09:00:00+08:00');
    expect((await s.book(fam, far.id)).booking.status).toBe('confirmed');
    const soon = await s.givenSession({ date: '2027-03-02', start: '10:00', end: '11:00' });
    s.setNow('2027-03-02T09:00:01+08:00');
    expect(await codeOf(s.book(fam, soon.id))).toBe('BOOKING_CLOSED');
  });

  it('refuses the same session twice and an overlapping one', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    const morning = await s.givenSession({ date: '2027-03-03', start: '09:00', end: '11:00' });
    await s.book(fam, morning.id);
    expect(await codeOf(s.book(fam, morning.id))).toBe('ALREADY_BOOKED');
    const { sessions } = await s.services.admin.createSessions(ADMIN, {
      siteId: s.site.id,
      dates: ['2027-03-03'],
      start: '10:30',
      end: '12:00',
    });
    expect(await codeOf(s.book(fam, sessions[0].id))).toBe('ALREADY_BOOKED');
    const after = await s.services.admin.createSessions(ADMIN, { siteId: s.site.id, dates: ['2027-03-03'], start: '11:00', end: '12:00' });
    expect((await s.book(fam, after.sessions[0].id)).booking.status).toBe('confirmed');
  });

  it('allows 4 upcoming bookings and refuses the 5th', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    for (let i = 0; i < 4; i++) await s.book(fam, (await s.givenSession({ date: addDays('2027-03-02', i) })).id);
    expect(await codeOf(s.book(fam, (await s.givenSession({ date: '2027-03-10' })).id))).toBe('BOOKING_LIMIT');
  });

  it('replays a success for a repeated requestId and refuses it for another session', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    const a = await s.givenSession({ date: '2027-03-03' });
    const b = await s.givenSession({ date: '2027-03-04' });
    const first = await s.book(fam, a.id, { requestId: 'same-request-1' });
    const again = await s.book(fam, a.id, { requestId: 'same-request-1' });
    expect(again).toEqual(first);
    expect((await s.services.booking.mine(fam.openid)).bookings).toHaveLength(1);
    expect(await codeOf(s.book(fam, b.id, { requestId: 'same-request-1' }))).toBe('CONFLICT');
  });

  it('a refusal is not stored: the same requestId is evaluated anew', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    const session = await s.givenSession({ date: '2027-03-03', capacity: 1 });
    const other = await s.givenChild();
    await s.book(other, session.id);
    expect(await codeOf(s.book(fam, session.id, { requestId: 'retry-me-123' }))).toBe('SESSION_FULL');
    await s.services.booking.cancel(other.openid, (await s.services.booking.mine(other.openid)).bookings[0].id);
    expect((await s.book(fam, session.id, { requestId: 'retry-me-123' })).booking.status).toBe('confirmed');
  });

  it('refuses a child of another family', async () => {
    const s = await givenScenario();
    const mine = await s.givenChild();
    const theirs = await s.givenChild();
    const session = await s.givenSession();
    expect(
      await codeOf(s.services.booking.book(mine.openid, { sessionId: session.id, childId: theirs.child.id, requestId: 'xxxxxxxx1' })),
    ).toBe('FORBIDDEN');
  });
});

describe('cancellation: in time vs late', () => {
  it('refunds at least 24 h before start; later frees the seat but keeps the quota used', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const fam = await s.givenChild();
    const session = await s.givenSession({ date: '2027-03-03', start: '09:00' });
    const { booking } = await s.book(fam, session.id);
    s.setNow('2027-03-02T09:00:00+08:00'); // exactly 24 h before
    const inTime = await s.services.booking.cancel(fam.openid, booking.id);
    expect(inTime).toMatchObject({ refunded: true, booking: { status: 'cancelled' }, quota: { used: 0 } });

    const again = await s.book(fam, session.id);
    s.setNow('2027-03-02T09:00:01+08:00');
    const late = await s.services.booking.cancel(fam.openid, again.booking.id);
    expect(late).toMatchObject({ refunded: false, booking: { status: 'late_cancelled' }, quota: { used: 1 } });
    const view = await s.services.booking.sessionView(session.id);
    expect(view.booked).toBe(0);
    expect(await codeOf(s.services.booking.cancel(fam.openid, again.booking.id))).toBe('CONFLICT');
  });
});

describe('waitlist', () => {
  it('promotes the first eligible waitlisted child with quota when a seat frees, using its quota then', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    await s.policy({ yearlyFreeSessions: 1 });
    const session = await s.givenSession({ date: '2027-03-05', capacity: 1 });
    const holder = await s.givenChild();
    const noQuota = await s.givenChild();
    const next = await s.givenChild();
    await s.book(holder, session.id);
    expect(await codeOf(s.book(noQuota, session.id))).toBe('SESSION_FULL');
    const w1 = await s.book(noQuota, session.id, { waitlist: true });
    expect(w1.booking.status).toBe('waitlisted');
    expect(w1.quota!.used).toBe(0);
    const w2 = await s.book(next, session.id, { waitlist: true });
    // noQuota spends its only session elsewhere meanwhile
    await s.book(noQuota, (await s.givenSession({ date: '2027-03-04' })).id);
    const { booking } = (await s.services.booking.mine(holder.openid)).bookings.map((b) => ({ booking: b }))[0];
    await s.services.booking.cancel(holder.openid, booking.id);
    expect(await s.bookingStatus(noQuota.openid, w1.booking.id)).toBe('waitlisted');
    expect(await s.bookingStatus(next.openid, w2.booking.id)).toBe('confirmed');
    expect((await s.services.booking.quota(next.openid, next.child.id, 2027)).quota!.used).toBe(1);
    const notes = await s.store.query('notifications', { openid: next.openid });
    expect(notes.map((n) => n.kind)).toContain('waitlist_promoted');
  });

  it('does not promote at or after start − 2 h, and the scheduled task closes the waitlist then', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const session = await s.givenSession({ date: '2027-03-05', start: '09:00', capacity: 1 });
    const holder = await s.givenChild();
    const waiting = await s.givenChild();
    const held = await s.book(holder, session.id);
    const w = await s.book(waiting, session.id, { waitlist: true });
    s.setNow('2027-03-05T07:00:00+08:00');
    await s.services.booking.cancel(holder.openid, held.booking.id);
    expect(await s.bookingStatus(waiting.openid, w.booking.id)).toBe('waitlisted');
    await s.services.scheduler.runDue();
    expect(await s.bookingStatus(waiting.openid, w.booking.id)).toBe('cancelled');
    expect((await s.services.booking.sessionView(session.id)).waitlisted).toBe(0);
  });
});

describe('no-shows and suspension', () => {
  it('marks no-shows 30 min after the end and suspends after the 3rd within 90 days', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const fam = await s.givenChild();
    const dates = ['2027-03-02', '2027-03-03', '2027-03-04'];
    const sessions = [];
    for (const date of dates) sessions.push(await s.givenSession({ date }));
    for (const session of sessions) await s.book(fam, session.id);
    s.setNow('2027-03-04T11:29:00+08:00');
    const r1 = await s.services.scheduler.runDue();
    expect(r1).toMatchObject({ noShows: 2, suspended: 0 });
    s.setNow('2027-03-04T11:30:00+08:00');
    const r2 = await s.services.scheduler.runDue();
    expect(r2).toMatchObject({ noShows: 1, suspended: 1 });
    const later = await s.givenSession({ date: '2027-03-08' });
    expect(await codeOf(s.book(fam, later.id))).toBe('SUSPENDED');
    expect((await s.services.booking.quota(fam.openid, fam.child.id)).quota!.used).toBe(3);
    s.setNow('2027-04-03T11:31:00+08:00'); // 30 days later
    const after = await s.givenSession({ date: '2027-04-05' });
    expect((await s.book(fam, after.id)).booking.status).toBe('confirmed');
  });
});
