/**
 * Service kinds: temporary care, science-parenting guidance (its own yearly quota), parent classes and
 * festival activities (family events, no quota). Each rule is checked per kind.
 */
import { checkStoreInvariants } from '../../cloudfunctions/core/invariants';
import { addDays } from '../../cloudfunctions/core/time';
import { AppError } from '../../cloudfunctions/shared/errors';
import { ADMIN, codeOf, givenScenario } from './scenario';

async function refusalOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal, got success');
}

describe('kinds: age bounds on the session date', () => {
  it('guidance takes 0–36 months, care 12–36, family events up to 72', async () => {
    const s = await givenScenario();
    const baby = await s.givenChild({ ageMonths: 10 });
    const care = await s.givenSession({ date: '2027-03-04' });
    const guidance = await s.givenSession({ date: '2027-03-05', kind: 'parenting_guidance', title: '科学育儿指导' });
    const festival = await s.givenSession({ date: '2027-03-06', kind: 'festival_activity', title: '中秋手绘月亮' });
    const care10 = await refusalOf(s.book(baby, care.id));
    expect(care10.code).toBe('NOT_ELIGIBLE');
    expect(care10.message).toContain('临时托');
    expect((await s.book(baby, guidance.id)).booking).toMatchObject({ status: 'confirmed', kind: 'parenting_guidance' });
    expect((await s.book(baby, festival.id)).booking.kind).toBe('festival_activity');

    const three = await s.givenChild({ ageMonths: 36 });
    expect(await codeOf(s.book(three, guidance.id))).toBe('NOT_ELIGIBLE');
    const five = await s.givenChild({ ageMonths: 60 });
    expect((await s.book(five, festival.id)).booking.status).toBe('confirmed');
    const six = await s.givenChild({ ageMonths: 72 });
    expect(await codeOf(s.book(six, festival.id))).toBe('NOT_ELIGIBLE');
  });

  it("a community can move one kind's age range without touching the others", async () => {
    const s = await givenScenario();
    await s.policy({ kinds: { parenting_guidance: { minAgeMonths: 6 } } });
    const baby = await s.givenChild({ ageMonths: 4 });
    const guidance = await s.givenSession({ kind: 'parenting_guidance' });
    const festival = await s.givenSession({ kind: 'festival_activity', start: '14:00', end: '16:00' });
    expect(await codeOf(s.book(baby, guidance.id))).toBe('NOT_ELIGIBLE');
    expect((await s.book(baby, festival.id)).booking.status).toBe('confirmed');
  });
});

describe('kinds: quota per child, year and kind', () => {
  it('guidance has its own 12 a year; it never touches the care quota; QUOTA_EXHAUSTED names the kind', async () => {
    const s = await givenScenario();
    await s.policy({ maxUpcomingBookings: 20, kinds: { parenting_guidance: { yearlyFree: 2 } } });
    const fam = await s.givenChild({ ageMonths: 20 });
    for (let i = 0; i < 2; i++) {
      const g = await s.givenSession({ date: addDays('2027-03-02', i), kind: 'parenting_guidance' });
      const { quota } = await s.book(fam, g.id);
      expect(quota).toEqual({ year: 2027, used: i + 1, limit: 2, remaining: 1 - i, kind: 'parenting_guidance' });
    }
    const third = await s.givenSession({ date: '2027-03-05', kind: 'parenting_guidance' });
    const refusal = await refusalOf(s.book(fam, third.id));
    expect(refusal.code).toBe('QUOTA_EXHAUSTED');
    expect(refusal.message).toContain('科学育儿指导');
    expect(refusal.details).toMatchObject({ kind: 'parenting_guidance' });
    // the care quota is untouched and still books
    expect((await s.services.booking.quota(fam.openid, fam.child.id)).quota).toEqual({ year: 2027, used: 0, limit: 12, remaining: 12 });
    const care = await s.givenSession({ date: '2027-03-05', start: '14:00', end: '16:00' });
    expect((await s.book(fam, care.id)).quota).toEqual({ year: 2027, used: 1, limit: 12, remaining: 11 });
    expect((await s.services.booking.quota(fam.openid, fam.child.id, 2027, 'parenting_guidance')).quota).toEqual({
      year: 2027,
      used: 2,
      limit: 2,
      remaining: 0,
      kind: 'parenting_guidance',
    });
  });

  it('care keeps the flat quota: 12 by default, yearlyFreeSessions sets it, and guidance does not count', async () => {
    const s = await givenScenario();
    await s.policy({ yearlyFreeSessions: 1 });
    const fam = await s.givenChild({ ageMonths: 20 });
    await s.book(fam, (await s.givenSession({ date: '2027-03-03', kind: 'parenting_guidance' })).id);
    await s.book(fam, (await s.givenSession({ date: '2027-03-04' })).id);
    expect(await codeOf(s.book(fam, (await s.givenSession({ date: '2027-03-05' })).id))).toBe('QUOTA_EXHAUSTED');
    expect((await s.book(fam, (await s.givenSession({ date: '2027-03-06', kind: 'parenting_guidance' })).id)).quota?.used).toBe(2);
  });

  it('kinds without a quota: booking answers quota null, booking.quota says null, no limit applies', async () => {
    const s = await givenScenario();
    await s.policy({ maxUpcomingBookings: 30, yearlyFreeSessions: 1, bookingOpensDaysBefore: 30 });
    const fam = await s.givenChild({ ageMonths: 30 });
    for (let i = 0; i < 14; i++) {
      const kind = i % 2 ? 'parent_class' : 'festival_activity';
      const session = await s.givenSession({ date: addDays('2027-03-02', i), kind });
      const res = await s.book(fam, session.id);
      expect(res.booking.kind).toBe(kind);
      expect(res.quota).toBeNull();
    }
    expect((await s.services.booking.quota(fam.openid, fam.child.id, undefined, 'festival_activity')).quota).toBeNull();
    expect((await s.services.booking.quota(fam.openid, fam.child.id, undefined, 'parent_class')).quota).toBeNull();
    expect((await s.services.booking.quota(fam.openid, fam.child.id)).quota?.used).toBe(0);
  });

  it('a kind given a quota mid-year counts what was already used (its usage was tallied)', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild({ ageMonths: 30 });
    await s.book(fam, (await s.givenSession({ date: '2027-03-03', kind: 'parent_class' })).id);
    await s.policy({ kinds: { parent_class: { yearlyFree: 1 } } });
    const next = await s.givenSession({ date: '2027-03-04', kind: 'parent_class' });
    expect(await codeOf(s.book(fam, next.id))).toBe('QUOTA_EXHAUSTED');
    expect((await s.services.booking.quota(fam.openid, fam.child.id, undefined, 'parent_class')).quota).toEqual({
      year: 2027,
      used: 1,
      limit: 1,
      remaining: 0,
      kind: 'parent_class',
    });
  });
});

describe('kinds: upcoming limit per kind, overlap across kinds', () => {
  it('maxUpcomingBookings counts each kind separately', async () => {
    const s = await givenScenario();
    await s.policy({ maxUpcomingBookings: 1 });
    const fam = await s.givenChild({ ageMonths: 20 });
    await s.book(fam, (await s.givenSession({ date: '2027-03-03' })).id);
    await s.book(fam, (await s.givenSession({ date: '2027-03-04', kind: 'parenting_guidance' })).id);
    await s.book(fam, (await s.givenSession({ date: '2027-03-05', kind: 'festival_activity' })).id);
    await s.book(fam, (await s.givenSession({ date: '2027-03-06', kind: 'parent_class' })).id);
    const limit = await refusalOf(s.book(fam, (await s.givenSession({ date: '2027-03-07' })).id));
    expect(limit.code).toBe('BOOKING_LIMIT');
    expect(limit.message).toContain('临时托');
    expect(await codeOf(s.book(fam, (await s.givenSession({ date: '2027-03-08', kind: 'parenting_guidance' })).id))).toBe('BOOKING_LIMIT');
  });

  it('a child is in one place at a time: overlapping sessions of different kinds → ALREADY_BOOKED', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild({ ageMonths: 20 });
    await s.book(fam, (await s.givenSession({ date: '2027-03-03', start: '09:00', end: '11:00' })).id);
    const guidance = await s.givenSession({ date: '2027-03-03', start: '10:30', end: '11:30', kind: 'parenting_guidance' });
    const refusal = await refusalOf(s.book(fam, guidance.id));
    expect(refusal.code).toBe('ALREADY_BOOKED');
    const after = await s.givenSession({ date: '2027-03-03', start: '11:00', end: '12:00', kind: 'festival_activity' });
    expect((await s.book(fam, after.id)).booking.status).toBe('confirmed');
  });

  it('a care session and a guidance session at the same site and time are two sessions', async () => {
    const s = await givenScenario();
    const care = await s.givenSession({ date: '2027-03-03' });
    const guidance = await s.givenSession({ date: '2027-03-03', kind: 'parenting_guidance' });
    expect(guidance.id).not.toBe(care.id);
    expect([care.kind, guidance.kind]).toEqual(['temporary_care', 'parenting_guidance']);
  });
});

describe('kinds: family events', () => {
  it("one booking per family per session; a sibling's second booking → ALREADY_BOOKED until the first is cancelled", async () => {
    const s = await givenScenario();
    const fam = await s.givenChild({ ageMonths: 20 });
    const sibling = await s.givenSibling(fam, { ageMonths: 30 });
    const other = await s.givenChild({ ageMonths: 30 });
    const festival = await s.givenSession({ date: '2027-03-04', kind: 'festival_activity', title: '中秋手绘月亮', capacity: 10 });
    const first = await s.book(fam, festival.id);
    const refusal = await refusalOf(s.book(sibling, festival.id));
    expect(refusal.code).toBe('ALREADY_BOOKED');
    expect(refusal.message).toContain('全家参加');
    expect((await s.book(other, festival.id)).booking.status).toBe('confirmed');
    // siblings may both go to care in the same slot: care is per child
    const care = await s.givenSession({ date: '2027-03-05' });
    await s.book(fam, care.id);
    expect((await s.book(sibling, care.id)).booking.status).toBe('confirmed');

    await s.services.booking.cancel(fam.openid, first.booking.id);
    expect((await s.book(sibling, festival.id)).booking.status).toBe('confirmed');
    expect(await codeOf(s.book(fam, festival.id))).toBe('ALREADY_BOOKED');
    expect((await checkStoreInvariants(s.store)).differences).toEqual([]);
  });

  it('a family waiting on the waitlist holds its place too; cancelling it frees the family place', async () => {
    const s = await givenScenario();
    const filler = await s.givenChild();
    const fam = await s.givenChild({ ageMonths: 20 });
    const sibling = await s.givenSibling(fam);
    const cls = await s.givenSession({ kind: 'parent_class', capacity: 1 });
    await s.book(filler, cls.id);
    const waiting = await s.book(fam, cls.id, { waitlist: true });
    expect(waiting.booking.status).toBe('waitlisted');
    expect(await codeOf(s.book(sibling, cls.id, { waitlist: true }))).toBe('ALREADY_BOOKED');
    await s.services.booking.cancel(fam.openid, waiting.booking.id);
    expect((await s.book(sibling, cls.id, { waitlist: true })).booking.status).toBe('waitlisted');
    expect((await checkStoreInvariants(s.store)).differences).toEqual([]);
  });
});

describe('kinds: waitlist promotion and no-shows', () => {
  it('promotion skips a child without guidance quota left, even with care quota to spare', async () => {
    const s = await givenScenario();
    await s.policy({ kinds: { parenting_guidance: { yearlyFree: 1 } } });
    const first = await s.givenChild();
    const spent = await s.givenChild();
    const next = await s.givenChild();
    const full = await s.givenSession({ date: '2027-03-04', kind: 'parenting_guidance', capacity: 1 });
    const held = await s.book(first, full.id);
    const w1 = await s.book(spent, full.id, { waitlist: true });
    const w2 = await s.book(next, full.id, { waitlist: true });
    // `spent` uses its one guidance place elsewhere while it waits
    await s.book(spent, (await s.givenSession({ date: '2027-03-05', kind: 'parenting_guidance' })).id);
    await s.services.booking.cancel(first.openid, held.booking.id);
    expect(await s.bookingStatus(spent.openid, w1.booking.id)).toBe('waitlisted');
    expect(await s.bookingStatus(next.openid, w2.booking.id)).toBe('confirmed');
    expect((await s.services.booking.quota(next.openid, next.child.id, 2027, 'parenting_guidance')).quota?.used).toBe(1);
    expect((await s.services.booking.quota(next.openid, next.child.id)).quota?.used).toBe(0);
    expect((await checkStoreInvariants(s.store)).differences).toEqual([]);
  });

  it('no-shows of every kind count toward suspension', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    await s.policy({ maxUpcomingBookings: 10 });
    const fam = await s.givenChild({ ageMonths: 20 });
    const kinds = ['parenting_guidance', 'festival_activity', 'parent_class'] as const;
    for (let i = 0; i < kinds.length; i++) await s.book(fam, (await s.givenSession({ date: addDays('2027-03-02', i), kind: kinds[i] })).id);
    s.setNow('2027-03-05T08:00:00+08:00');
    const report = await s.services.scheduler.runDue();
    expect(report.noShows).toBe(3);
    expect(report.suspended).toBe(1);
    expect(await codeOf(s.book(fam, (await s.givenSession({ date: '2027-03-07' })).id))).toBe('SUSPENDED');
    // a no-show uses the quota of its kind: one guidance place, none of care
    expect((await s.services.booking.quota(fam.openid, fam.child.id, 2027, 'parenting_guidance')).quota?.used).toBe(1);
    expect((await s.services.booking.quota(fam.openid, fam.child.id)).quota?.used).toBe(0);
  });
});

describe('kinds: policy, sessions, profile, stats', () => {
  it('setPolicy `kinds` is partial; flat values stay temporary_care; getPolicy returns both', async () => {
    const s = await givenScenario();
    const { policy } = await s.policy({ yearlyFreeSessions: 10, kinds: { parenting_guidance: { yearlyFree: 6 } } });
    expect(policy.yearlyFreeSessions).toBe(10);
    expect(policy.kinds).toEqual({
      temporary_care: { yearlyFree: 10, minAgeMonths: 12, maxAgeMonths: 36 },
      parenting_guidance: { yearlyFree: 6, minAgeMonths: 0, maxAgeMonths: 36 },
      parent_class: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 72 },
      festival_activity: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 72 },
    });
    // a later partial change keeps the earlier one; kinds.temporary_care moves the flat values
    await s.policy({ kinds: { festival_activity: { yearlyFree: 4 }, temporary_care: { maxAgeMonths: 48 } } });
    const { policy: read } = await s.services.admin.getPolicy(ADMIN, s.community.id);
    expect(read.maxAgeMonths).toBe(48);
    expect(read.kinds?.temporary_care).toEqual({ yearlyFree: 10, minAgeMonths: 12, maxAgeMonths: 48 });
    expect(read.kinds?.parenting_guidance.yearlyFree).toBe(6);
    expect(read.kinds?.festival_activity.yearlyFree).toBe(4);
    await s.policy({ kinds: { festival_activity: { yearlyFree: null } } });
    expect((await s.services.admin.getPolicy(ADMIN, s.community.id)).policy.kinds?.festival_activity.yearlyFree).toBeNull();

    expect(await codeOf(s.policy({ kinds: { parent_class: { minAgeMonths: 40, maxAgeMonths: 30 } } }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(s.policy({ kinds: { temporary_care: { yearlyFree: null } } }))).toBe('INVALID_ARGUMENT');
  });

  it('listSessions filters by kind and returns title, description and host', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    await s.givenSession({ date: '2027-03-03' });
    await s.givenSession({
      date: '2027-03-03',
      kind: 'parenting_guidance',
      title: '科学育儿指导',
      host: '区早教中心 王老师',
      description: '0–3 岁辅食添加',
    });
    const all = await s.services.booking.listSessions(fam.openid, {});
    expect(all.sessions.map((x) => x.kind).sort()).toEqual(['parenting_guidance', 'temporary_care']);
    const only = await s.services.booking.listSessions(fam.openid, { kind: 'parenting_guidance' });
    expect(only.sessions).toHaveLength(1);
    expect(only.sessions[0]).toMatchObject({
      kind: 'parenting_guidance',
      title: '科学育儿指导',
      host: '区早教中心 王老师',
      description: '0–3 岁辅食添加',
    });
    expect(only.policy.kinds?.parenting_guidance.yearlyFree).toBe(12);
  });

  it('generateSchedule creates sessions of a kind with its details', async () => {
    const s = await givenScenario();
    const res = await s.services.admin.generateSchedule(ADMIN, {
      siteId: s.site.id,
      from: '2027-03-06',
      to: '2027-03-14',
      weekdays: [6],
      start: '10:00',
      end: '11:30',
      kind: 'parent_class',
      title: '家长课堂：如何陪孩子读绘本',
      host: '区妇幼保健院',
      capacity: 20,
    });
    expect(res.created).toBe(2);
    expect(
      res.sessions.every((x) => x.kind === 'parent_class' && x.title === '家长课堂：如何陪孩子读绘本' && x.host === '区妇幼保健院'),
    ).toBe(true);
  });

  it("profile lists a quota per kind that has one; stats count byKind by the totals' definitions", async () => {
    const s = await givenScenario();
    const fam = await s.givenChild({ ageMonths: 20 });
    await s.book(fam, (await s.givenSession({ date: '2027-03-03', kind: 'parenting_guidance' })).id);
    await s.book(fam, (await s.givenSession({ date: '2027-03-04', kind: 'festival_activity', capacity: 30 })).id);
    const { children } = await s.services.user.profile(fam.openid);
    expect(children[0].quota).toEqual({ year: 2027, used: 0, limit: 12, remaining: 12 });
    expect(children[0].quotas).toEqual([
      { kind: 'temporary_care', year: 2027, used: 0, limit: 12, remaining: 12 },
      { kind: 'parenting_guidance', year: 2027, used: 1, limit: 12, remaining: 11 },
    ]);
    await s.book(fam, (await s.givenSession({ date: '2027-03-02' })).id); // and one temporary care session
    const range = { communityId: s.community.id, from: '2027-03-01', to: '2027-03-31' };
    // before they end, the sessions are scheduled (已排期): no sessions held, no rates yet
    const before = (await s.services.admin.stats(ADMIN, range)).stats;
    expect(before.byKind?.parenting_guidance).toEqual({
      sessions: 0,
      scheduledSessions: 1,
      bookings: 1,
      attended: 0,
      noShows: 0,
      utilisation: 0,
    });
    expect(before.byKind?.festival_activity).toMatchObject({ sessions: 0, scheduledSessions: 1, bookings: 1 });
    expect(before.byKind?.temporary_care).toEqual({
      sessions: 0,
      scheduledSessions: 1,
      bookings: 1,
      attended: 0,
      noShows: 0,
      utilisation: 0,
    });
    expect(before.byKind?.parent_class).toEqual({
      sessions: 0,
      scheduledSessions: 0,
      bookings: 0,
      attended: 0,
      noShows: 0,
      utilisation: 0,
    });
    // once both have ended (and the family never came), they are held sessions with their seats used
    s.setNow('2027-03-05T08:00:00+08:00');
    await s.services.scheduler.runDue();
    const after = (await s.services.admin.stats(ADMIN, range)).stats;
    expect(after.byKind?.parenting_guidance).toEqual({
      sessions: 1,
      scheduledSessions: 0,
      bookings: 1,
      attended: 0,
      noShows: 1,
      utilisation: 0.025,
    });
    expect(after.byKind?.festival_activity).toMatchObject({ sessions: 1, scheduledSessions: 0, noShows: 1, utilisation: 0.033 });
    // the kinds add up to the totals
    for (const st of [before, after]) {
      const sum = (key: 'sessions' | 'scheduledSessions' | 'bookings' | 'attended' | 'noShows') =>
        Object.values(st.byKind!).reduce((n, k) => n + (k[key] ?? 0), 0);
      expect([sum('sessions'), sum('scheduledSessions'), sum('bookings'), sum('attended'), sum('noShows')]).toEqual([
        st.sessions,
        st.scheduledSessions,
        st.bookings,
        st.attended,
        st.noShows,
      ]);
    }
    // the care quota-use figures count care only: neither the guidance nor the activity is a free care session
    expect(after.byKind?.temporary_care).toMatchObject({ sessions: 1, noShows: 1, utilisation: 0.025 });
    expect(after.quotaUsed).toBe(1);
    expect(after.quotaUse).toEqual([{ used: 1, children: 1 }]);
  });
});
