/**
 * The HTTP transport of docs/contract.md, as an outside client sees it: envelopes, `data` shapes, the HTTP status
 * of every error code a client can provoke, dev login and clock, unknown payload keys.
 */
import { HTTP_STATUS, type ErrorCode } from '../../cloudfunctions/shared/errors';
import { addDays } from '../../cloudfunctions/core/time';
import { CHINESE, expectErrorEnvelope } from '../support/contract';
import { givenRuntime, type CommunityFixture, type Family, type TestRuntime } from '../support/world';

const SESSION_KEYS = ['id', 'siteId', 'communityId', 'date', 'start', 'end', 'capacity', 'booked', 'remaining', 'waitlisted', 'status'];
const BOOKING_KEYS = ['id', 'status', 'sessionId', 'childId', 'checkinCode', 'createdAt'];
const QUOTA_KEYS = ['year', 'used', 'limit', 'remaining'];

describe('HTTP contract', () => {
  let w: TestRuntime;
  let a: CommunityFixture;
  let fam: Family;
  beforeAll(async () => {
    w = await givenRuntime();
    a = await w.givenCommunity();
    fam = await w.givenParentWithChild(a, { ageMonths: 20 });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('GET /healthz answers 200 with a success envelope', async () => {
    const r = await w.api.raw({ method: 'GET', path: '/healthz' });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(typeof r.body.data).toBe('object');
  });

  it('a success is HTTP 200 {ok: true, data: {named keys}} in JSON', async () => {
    const session = await w.givenSession(a, { capacity: 3 });
    const r = await w.book(fam, session);
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    const data = (r.body as any).data;
    expect(Object.keys(data).sort()).toEqual(['booking', 'quota']);
    expect(Object.keys(data.booking)).toEqual(expect.arrayContaining(BOOKING_KEYS));
    expect(Object.keys(data.quota)).toEqual(expect.arrayContaining(QUOTA_KEYS));

    const listed = await w.api.call('booking', 'listSessions', { communityId: a.id }, fam.token);
    expect(listed.status).toBe(200);
    expect(Array.isArray((listed.body as any).data)).toBe(false);
    const s = (listed.body as any).data.sessions.find((x: any) => x.id === session.id);
    expect(Object.keys(s)).toEqual(expect.arrayContaining(SESSION_KEYS));
    expect(s).toMatchObject({ capacity: 3, booked: 1, remaining: 2, waitlisted: 0, status: 'open' });

    const profile = await w.api.ok('user', 'profile', {}, fam.token);
    expect(Object.keys(profile)).toEqual(expect.arrayContaining(['guardian', 'children', 'roles']));
    expect(Object.keys(profile.children[0].quota)).toEqual(expect.arrayContaining(QUOTA_KEYS));
  });

  it('user.profile of a caller with no family is ok with guardian null and no children', async () => {
    const stranger = await w.person();
    const r = await w.api.call('user', 'profile', {}, stranger.token);
    expect(r.status).toBe(200);
    expect((r.body as any).data).toMatchObject({ guardian: null, children: [], roles: [] });
  });

  it('each error code a client can provoke has its HTTP status and a Chinese message', async () => {
    const seen = new Set<string>();
    const expectCode = (r: Awaited<ReturnType<typeof w.api.call>>, code: ErrorCode) => {
      expectErrorEnvelope(r, code);
      expect(r.status).toBe(HTTP_STATUS[code]);
      expect(r.body.ok === false && CHINESE.test(r.body.error.message)).toBe(true);
      seen.add(code);
    };
    const c = await w.givenCommunity({ policy: { yearlyFreeSessions: 2, noShowLimit: 1, maxUpcomingBookings: 2 } });
    const stranger = await w.person();
    const kid = await w.givenParentWithChild(c, { ageMonths: 20 });
    const [s1, s2, s3, s4] = await w.givenSessions(c, { dates: [1, 2, 3, 4].map((d) => addDays(w.today(), d)), capacity: 1 });

    expectCode(await w.api.call('user', 'profile', {}), 'UNAUTHENTICATED');
    expectCode(await w.api.call('admin', 'createCommunity', { name: '某社区', district: '某区' }, kid.token), 'FORBIDDEN');
    expectCode(await w.api.callRaw('booking', 'book', { sessionId: s1.id }, kid.token), 'INVALID_ARGUMENT');
    expectCode(await w.api.callRaw('booking', 'nope', {}, kid.token), 'NOT_FOUND');
    expectCode(await w.api.call('user', 'resolveScene', { scene: 'c=ZZZZZZ' }, kid.token), 'NOT_FOUND');
    expectCode(
      await w.api.call('booking', 'book', { sessionId: s1.id, childId: kid.child.id, requestId: 'no-family-01' }, stranger.token),
      'NOT_REGISTERED',
    );
    expectCode(
      await w.api.callRaw(
        'user',
        'register',
        {
          communityCode: c.code,
          guardian: { name: '王', phone: '13912345678', relation: '妈妈' },
          child: { name: '宝', gender: 'M', birthDate: '2029-01-01' },
          consent: { policyVersion: '2026-11', agreed: false },
        },
        stranger.token,
      ),
      'CONSENT_REQUIRED',
    );
    const baby = await w.givenParentWithChild(c, { ageMonths: 6 });
    expectCode(await w.book(baby, s1), 'NOT_ELIGIBLE');

    expect((await w.book(kid, s1)).status).toBe(200);
    expectCode(await w.book(kid, s1), 'ALREADY_BOOKED');
    const other = await w.givenParentWithChild(c, { ageMonths: 20 });
    expectCode(await w.book(other, s1), 'SESSION_FULL');
    expect((await w.book(kid, s2)).status).toBe(200);
    expectCode(await w.book(kid, s3), 'BOOKING_LIMIT');
    await w.setPolicy(c, { maxUpcomingBookings: 5 });
    expectCode(await w.book(kid, s3), 'QUOTA_EXHAUSTED');
    const far = await w.givenSession(c, { daysAhead: 30 });
    expectCode(await w.book(other, far), 'BOOKING_CLOSED');
    expectCode(
      await w.api.call('booking', 'book', { sessionId: s2.id, childId: kid.child.id, requestId: 'same-request-1' }, kid.token),
      'ALREADY_BOOKED',
    );
    const ok = await w.api.call('booking', 'book', { sessionId: s4.id, childId: other.child.id, requestId: 'same-request-2' }, other.token);
    expect(ok.status).toBe(200);
    expectCode(
      await w.api.call('booking', 'book', { sessionId: s3.id, childId: other.child.id, requestId: 'same-request-2' }, other.token),
      'CONFLICT',
    );

    const worker = await w.givenStaff(c, 'worker');
    expectCode(await w.api.call('checkin', 'checkIn', { code: 'bk_nothing.abcdefgh' }, worker.token), 'INVALID_CODE');
    const kidBooking = (await w.api.ok('booking', 'mine', { childId: kid.child.id }, kid.token)).bookings.find(
      (b) => b.sessionId === s1.id,
    )!;
    expectCode(await w.api.call('checkin', 'checkIn', { bookingId: kidBooking.id }, worker.token), 'CHECKIN_CLOSED');
    const start = new Date(`${s1.date}T${s1.start}:00+08:00`);
    await w.setClock(new Date(start.getTime() - 10 * 60_000));
    expect((await w.api.call('checkin', 'checkIn', { bookingId: kidBooking.id }, worker.token)).status).toBe(200);
    expectCode(
      await w.api.call('checkin', 'checkOut', { bookingId: kidBooking.id, pickupName: '陌生人' }, worker.token),
      'NOT_AUTHORIZED_PICKUP',
    );

    // `other` holds s4 and never comes: marked no-show after the session, one no-show suspends (noShowLimit 1)
    await w.setClock(new Date(new Date(`${s4.date}T${s4.end}:00+08:00`).getTime() + 31 * 60_000));
    const later = await w.givenSession(c, { daysAhead: 2 });
    expectCode(await w.book(other, later), 'SUSPENDED');
    await w.setClock(new Date('2030-03-04T09:00:00+08:00'));

    expect([...seen].sort()).toEqual([
      'ALREADY_BOOKED',
      'BOOKING_CLOSED',
      'BOOKING_LIMIT',
      'CHECKIN_CLOSED',
      'CONFLICT',
      'CONSENT_REQUIRED',
      'FORBIDDEN',
      'INVALID_ARGUMENT',
      'INVALID_CODE',
      'NOT_AUTHORIZED_PICKUP',
      'NOT_ELIGIBLE',
      'NOT_FOUND',
      'NOT_REGISTERED',
      'QUOTA_EXHAUSTED',
      'SESSION_FULL',
      'SUSPENDED',
      'UNAUTHENTICATED',
    ]);
    w.assertInvariants();
  });

  it('unknown payload keys are ignored, never an identity', async () => {
    const stranger = await w.person();
    const r = await w.api.callRaw(
      'user',
      'profile',
      { openid: fam.openid, OPENID: fam.openid, userInfo: { openId: fam.openid }, extra: [1, 2] },
      stranger.token,
    );
    expect(r.status).toBe(200);
    expect((r.body as any).data.guardian).toBeNull();
    expect(r.text).not.toContain(fam.child.id);
    expectErrorEnvelope(await w.api.callRaw('booking', 'mine', { openid: fam.openid }), 'UNAUTHENTICATED');
  });

  it('dev login tokens do not depend on the test clock', async () => {
    const before = await w.api.login('clock-free');
    await w.setClock('2031-06-01T12:00:00+08:00');
    expect(await w.api.login('clock-free')).toBe(before);
    expect((await w.api.call('user', 'profile', {}, before)).status).toBe(200);
    await w.setClock('2030-03-04T09:00:00+08:00');
  });

  it('/dev/clock freezes the server clock at the given instant', async () => {
    const r = await w.api.raw({ path: '/dev/clock', body: JSON.stringify({ now: '2030-03-04T09:00:00+08:00' }) });
    expect(r.status).toBe(200);
    expect(r.body.data.now).toBe('2030-03-04T01:00:00.000Z');
  });
});
