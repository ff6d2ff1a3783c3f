/**
 * The BUNDLED cloud functions end to end, as WeChat runs them: `npm run build:cloud`'s output
 * for every function, each instance a fresh `node` process that can resolve only wx-server-sdk, calling
 * `main(event, context)` with the caller's identity in the WeChat context (env, read by
 * cloud.getWXContext()), against tools/fake-clouddb through the real wx-server-sdk.
 *
 * The functions use the real system clock, so sessions are placed relative to now: one 3 days ahead
 * (bookable, check-in closed) and one starting within the next 2–13 hours (bookable; check-in open
 * once the community lets check-in open 24 h before the start).
 */
import { addDays, shanghaiDate, shanghaiInstant } from '../../cloudfunctions/core/time';
import { COURSES } from '../../cloudfunctions/core/catalogue';
import type { RunningFakeCloudDb } from '../../tools/fake-clouddb/server';
import { buildStaged, CloudFunctions, startDatabase, type Envelope, type Staged } from './support';

jest.setTimeout(120_000);

const ADMIN = 'oDistrictAdmin_0001';
const WORKER = 'oWorker_Lin_0002';
const PARENT_A = 'oParentA_Wang_0003';
const PARENT_B = 'oParentB_Zhao_0004';
const STRANGER = 'oStranger_0005';

const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');
const shanghaiHhmm = (d: Date) => {
  const local = new Date(d.getTime() + 8 * HOUR);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
};

/** A session starting on a whole hour 2–13 h from now and ending 2 h later the same (Shanghai) day. */
function soonSlot(now = new Date()): { date: string; start: string; end: string } {
  let start = new Date(Math.ceil((now.getTime() + 2 * HOUR) / HOUR) * HOUR);
  const hour = Number(shanghaiHhmm(start).slice(0, 2));
  if (hour >= 22) start = shanghaiInstant(addDays(shanghaiDate(start), 1), '08:00');
  else if (hour < 6) start = shanghaiInstant(shanghaiDate(start), '08:00');
  const end = new Date(start.getTime() + 2 * HOUR);
  return { date: shanghaiDate(start), start: shanghaiHhmm(start), end: shanghaiHhmm(end) };
}

/** A birth date `months` months before today (Shanghai), on the 1st. */
function bornMonthsAgo(months: number): string {
  const [y, m] = shanghaiDate(new Date()).split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  return `${Math.floor(total / 12)}-${pad((total % 12) + 1)}-01`;
}

const yearOf = (date: string) => Number(date.slice(0, 4));

function expectError(r: Envelope, ...codes: string[]): void {
  if (r.ok) throw new Error(`expected ${codes.join('|')}, got success ${JSON.stringify(r.data).slice(0, 300)}`);
  expect(codes).toContain(r.error.code);
  expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
}

describe('bundled cloud functions on wx-server-sdk (fake cloud database)', () => {
  let staged: Staged;
  let fake: RunningFakeCloudDb;
  let cf: CloudFunctions;

  // the world the steps build up
  const far = { date: addDays(shanghaiDate(new Date()), 3), start: '09:00', end: '11:00' };
  const soon = soonSlot();
  let community: { id: string; code: string };
  let farSession: any;
  let soonSession: any;
  let childA: any;
  let childB: any;
  let guardianA: any;
  let aFar: any;
  let aSoon: any;
  let bSoon: any;
  let bFarWaitlisted: any;

  beforeAll(async () => {
    [staged, fake] = await Promise.all([buildStaged(), startDatabase()]);
    cf = new CloudFunctions(staged.dir, fake.url, {
      BABYHOUSE_ADMIN_OPENIDS: `${ADMIN}, oSomeoneElse`,
      BABYHOUSE_SECRET: 'bundled-test-secret-0123456789abcdef',
      BABYHOUSE_CLOUD_MEDIA_BASE: 'cloud://test-env.7465-test-env-1300000000/media',
    });
  });

  afterAll(async () => {
    await cf?.close();
    await fake?.close();
    staged?.remove();
  });

  it('builds self-contained bundles (only wx-server-sdk at runtime) with package.json and config.json', () => {
    expect(staged.built.map((f) => f.name).sort()).toEqual(['admin', 'booking', 'checkin', 'course', 'user']);
    for (const f of staged.built) {
      const pkg = require(`${f.dir}/package.json`);
      expect(pkg.dependencies).toEqual({ 'wx-server-sdk': '4.0.2' });
      const config = require(`${f.dir}/config.json`);
      // timeout is not a config.json key (cloudbaserc.json sets it); only permissions and triggers are
      expect(Object.keys(config).every((k) => ['permissions', 'triggers'].includes(k))).toBe(true);
      expect(config.permissions.openapi).toContain('subscribeMessage.send');
      // the local runtime's QR renderer stays out of every WeChat bundle
      expect(f.composition.map(([k]) => k)).not.toEqual(expect.arrayContaining(['qrcode']));
      expect(f.composition.map(([k]) => k)).not.toEqual(expect.arrayContaining(['pngjs']));
    }
    const admin = require(`${staged.dir}/admin/config.json`);
    expect(admin.permissions.openapi).toContain('wxacode.getUnlimited');
    expect(admin.triggers).toEqual([expect.objectContaining({ type: 'timer', config: expect.any(String) })]);
  });

  it('course: two fresh instances seed the catalogue once, concurrently, through the wx adapter', async () => {
    expect(fake.db.dump('courses')).toEqual([]);
    const [one, two] = await Promise.all([cf.ok('course', { action: 'list' }, PARENT_A), cf.ok('course#2', { action: 'list' }, STRANGER)]);
    expect(one.courses.map((c: any) => c.id)).toEqual(two.courses.map((c: any) => c.id));
    expect(one.courses).toHaveLength(COURSES.length);
    expect(new Set(one.courses.map((c: any) => c.category))).toEqual(
      new Set(['finger_rhyme', 'creative_art', 'parent_child_game', 'family_education']),
    );
    expect(fake.db.dump('courses')).toHaveLength(COURSES.length);
    expect(fake.db.dump('meta').find((d) => d._id === 'catalogue')).toBeTruthy();

    const art = await cf.ok('course', { action: 'list', category: 'creative_art' }, PARENT_A);
    expect(art.courses.length).toBeGreaterThan(0);
    expect(art.courses.every((c: any) => c.category === 'creative_art')).toBe(true);

    const detail = await cf.ok('course', { action: 'detail', courseId: one.courses[0].id }, PARENT_A);
    expect(detail.course.id).toBe(one.courses[0].id);
    expect(detail.episodes.length).toBeGreaterThan(0);
    // in WeChat the video is a cloud file under BABYHOUSE_CLOUD_MEDIA_BASE (a temporary URL when storage answers)
    expect(detail.episodes[0].videoUrl).toMatch(/^(cloud:\/\/test-env\.7465-test-env-1300000000\/media\/|https?:)/);
    const progress = await cf.ok('course', { action: 'progress', episodeId: detail.episodes[0].id, positionSec: 1 }, PARENT_A);
    expect(progress).toMatchObject({ positionSec: 1, completed: false });
  });

  it('district admin sets up a community, site, sessions, policy and a worker', async () => {
    const created = await cf.ok('admin', { action: 'createCommunity', name: '幸福里社区', district: '东城区' }, ADMIN);
    community = created.community;
    expect(community.code).toMatch(/^[A-Z0-9]{4,}$/);
    const { site } = await cf.ok(
      'admin',
      { action: 'createSite', communityId: community.id, name: '幸福里宝宝屋', address: '幸福里 1 号', capacity: 10 },
      ADMIN,
    );
    [farSession] = (
      await cf.ok(
        'admin',
        { action: 'createSessions', siteId: site.id, dates: [far.date], start: far.start, end: far.end, capacity: 1 },
        ADMIN,
      )
    ).sessions;
    [soonSession] = (
      await cf.ok(
        'admin',
        { action: 'createSessions', siteId: site.id, dates: [soon.date], start: soon.start, end: soon.end, capacity: 5 },
        ADMIN,
      )
    ).sessions;
    expect(farSession).toMatchObject({ date: far.date, start: far.start, capacity: 1, booked: 0, remaining: 1, status: 'open' });
    expect(soonSession).toMatchObject({ date: soon.date, start: soon.start, capacity: 5, status: 'open' });
    // check-in opens 24 h before the start, so the soon session can be checked into now
    await cf.ok('admin', { action: 'setPolicy', communityId: community.id, checkinOpensMinutesBefore: 24 * 60 }, ADMIN);
    const { staff } = await cf.ok('admin', { action: 'addStaff', communityId: community.id, openid: WORKER, role: 'worker' }, ADMIN);
    expect(staff).toMatchObject({ communityId: community.id, openid: WORKER, role: 'worker' });

    // a parent is not an admin, whatever the payload says
    expectError(
      await cf.call(
        'admin',
        { action: 'createCommunity', name: '冒名社区', district: '东城区', openid: ADMIN, userInfo: { appId: 'x', openId: ADMIN } },
        PARENT_A,
      ),
      'FORBIDDEN',
    );
  });

  it('parents register from the QR scene with consent (and not without)', async () => {
    const scene = await cf.ok('user', { action: 'resolveScene', scene: `c=${community.code}` }, PARENT_A);
    expect(scene.community).toMatchObject({ id: community.id, code: community.code });
    const guardian = { name: '王芳', phone: '13912345678', relation: '妈妈' };
    const child = { name: '王小宝', gender: 'F', birthDate: bornMonthsAgo(20) };
    expectError(
      await cf.call(
        'user',
        {
          action: 'register',
          communityCode: community.code,
          guardian,
          child,
          consent: { policyVersion: '2026-11', agreed: false },
        },
        PARENT_A,
      ),
      'CONSENT_REQUIRED',
    );
    const a = await cf.ok(
      'user',
      { action: 'register', communityCode: community.code, guardian, child, consent: { policyVersion: '2026-11', agreed: true } },
      PARENT_A,
    );
    guardianA = a.guardian;
    childA = a.child;
    const b = await cf.ok(
      'user',
      {
        action: 'register',
        communityCode: community.code,
        guardian: { name: '赵磊', phone: '13812345678', relation: '爸爸' },
        child: { name: '赵小虎', gender: 'M', birthDate: bornMonthsAgo(26) },
        consent: { policyVersion: '2026-11', agreed: true },
      },
      PARENT_B,
    );
    childB = b.child;
    expect(childA.id).not.toBe(childB.id);
  });

  it('books within the booking window; the idempotent replay works, also across instances in flight', async () => {
    const listed = await cf.ok('booking', { action: 'listSessions', communityId: community.id }, PARENT_A);
    expect(listed.sessions.map((s: any) => s.id)).toEqual(expect.arrayContaining([farSession.id, soonSession.id]));

    const requestId = 'req-a-far-0001';
    const event = { action: 'book', sessionId: farSession.id, childId: childA.id, requestId };
    // the same request reaching two instances at once (a retried tap), then once more afterwards
    const [r1, r2] = await Promise.all([cf.call('booking', event, PARENT_A), cf.call('booking#2', event, PARENT_A)]);
    const r3 = await cf.call('booking', event, PARENT_A);
    for (const r of [r1, r2, r3]) expect(r.ok).toBe(true);
    aFar = (r1 as any).data.booking;
    expect(aFar).toMatchObject({ status: 'confirmed', sessionId: farSession.id, childId: childA.id });
    expect((r2 as any).data.booking.id).toBe(aFar.id);
    expect((r3 as any).data).toEqual((r1 as any).data);
    expect((r1 as any).data.quota).toEqual({ year: yearOf(far.date), used: 1, limit: 12, remaining: 11 });
    expect(fake.db.dump('bookings').filter((d) => d.childId === childA.id)).toHaveLength(1);

    expectError(await cf.call('booking', { ...event, sessionId: soonSession.id }, PARENT_A), 'CONFLICT');
    expectError(await cf.call('booking', { ...event, requestId: 'req-a-far-0002' }, PARENT_A), 'ALREADY_BOOKED');
    // the far session (capacity 1) is full: B joins its waitlist
    expectError(
      await cf.call('booking', { action: 'book', sessionId: farSession.id, childId: childB.id, requestId: 'req-b-far-0001' }, PARENT_B),
      'SESSION_FULL',
    );
    const w = await cf.ok(
      'booking',
      { action: 'book', sessionId: farSession.id, childId: childB.id, requestId: 'req-b-far-0002', waitlist: true },
      PARENT_B,
    );
    bFarWaitlisted = w.booking;
    expect(bFarWaitlisted.status).toBe('waitlisted');
    expect(w.quota.used).toBe(0);

    const s = await cf.ok(
      'booking',
      { action: 'book', sessionId: soonSession.id, childId: childA.id, requestId: 'req-a-soon-001' },
      PARENT_A,
    );
    aSoon = s.booking;
    expect(s.quota).toEqual({
      year: yearOf(soon.date),
      used: yearOf(soon.date) === yearOf(far.date) ? 2 : 1,
      limit: 12,
      remaining: yearOf(soon.date) === yearOf(far.date) ? 10 : 11,
    });
    bSoon = (
      await cf.ok('booking', { action: 'book', sessionId: soonSession.id, childId: childB.id, requestId: 'req-b-soon-001' }, PARENT_B)
    ).booking;
    expect(bSoon.checkinCode).toEqual(expect.any(String));

    const mine = await cf.ok('booking', { action: 'mine' }, PARENT_A);
    expect(mine.bookings.map((b: any) => b.id).sort()).toEqual([aFar.id, aSoon.id].sort());
    const again = await cf.ok('booking', { action: 'listSessions', communityId: community.id }, PARENT_A);
    expect(again.sessions.find((x: any) => x.id === farSession.id)).toMatchObject({ booked: 1, remaining: 0, waitlisted: 1 });
    expect(again.sessions.find((x: any) => x.id === soonSession.id)).toMatchObject({ booked: 2, remaining: 3 });
  });

  it('identity comes only from the WeChat context: a payload openid / userInfo is ignored', async () => {
    const forged = { openid: PARENT_A, OPENID: PARENT_A, userInfo: { appId: 'wx0123456789abcdef', openId: PARENT_A } };

    // B claiming to be A still sees B's own family and bookings
    const profile = await cf.ok('user', { action: 'profile', ...forged }, PARENT_B);
    expect(profile.guardian.name).toBe('赵磊');
    expect(profile.children.map((c: any) => c.id)).toEqual([childB.id]);
    const mine = await cf.ok('booking', { action: 'mine', ...forged }, PARENT_B);
    expect(mine.bookings.map((b: any) => b.id).sort()).toEqual([bFarWaitlisted.id, bSoon.id].sort());
    expect(JSON.stringify(mine)).not.toContain(aFar.id);

    // …and cannot act on A's child or bookings
    expectError(await cf.call('booking', { action: 'quota', childId: childA.id, ...forged }, PARENT_B), 'FORBIDDEN', 'NOT_FOUND');
    expectError(await cf.call('booking', { action: 'mine', childId: childA.id, ...forged }, PARENT_B), 'FORBIDDEN', 'NOT_FOUND');
    expectError(await cf.call('booking', { action: 'cancel', bookingId: aFar.id, ...forged }, PARENT_B), 'FORBIDDEN', 'NOT_FOUND');
    expectError(
      await cf.call(
        'booking',
        { action: 'book', sessionId: soonSession.id, childId: childA.id, requestId: 'req-forged-0001', ...forged },
        PARENT_B,
      ),
      'FORBIDDEN',
      'NOT_FOUND',
    );
    expectError(
      await cf.call(
        'user',
        { action: 'updateChild', childId: childA.id, pickups: [{ name: '陌生人', relation: '朋友' }], ...forged },
        PARENT_B,
      ),
      'FORBIDDEN',
      'NOT_FOUND',
    );
    expectError(
      await cf.call(
        'checkin',
        { action: 'roster', sessionId: soonSession.id, openid: WORKER, userInfo: { appId: 'x', openId: WORKER } },
        PARENT_B,
      ),
      'FORBIDDEN',
    );
    // a stranger (no family) with A's openid in the payload has no family
    const stranger = await cf.ok('user', { action: 'profile', ...forged }, STRANGER);
    expect(stranger).toMatchObject({ guardian: null, children: [], roles: [] });
    // no WeChat identity at all: the payload does not make one
    expectError(await cf.call('booking', { action: 'mine', ...forged }), 'UNAUTHENTICATED');
    expectError(await cf.call('user', { action: 'profile', ...forged }), 'UNAUTHENTICATED');

    // A's booking is untouched
    const aMine = await cf.ok('booking', { action: 'mine', childId: childA.id }, PARENT_A);
    expect(aMine.bookings.find((b: any) => b.id === aFar.id).status).toBe('confirmed');
  });

  it('the worker sees the roster and checks in (closed outside the window), by booking id and by code', async () => {
    const today = await cf.ok('checkin', { action: 'sessions', date: soon.date }, WORKER);
    expect(today.sessions.map((s: any) => s.id)).toContain(soonSession.id);
    const { roster } = await cf.ok('checkin', { action: 'roster', sessionId: soonSession.id }, WORKER);
    expect(roster.map((r: any) => r.bookingId).sort()).toEqual([aSoon.id, bSoon.id].sort());
    const rowA = roster.find((r: any) => r.bookingId === aSoon.id);
    expect(rowA).toMatchObject({ child: { id: childA.id, name: '王小宝' }, guardian: { name: '王芳' }, status: 'confirmed' });
    expect(rowA.guardian.phoneMasked).not.toContain('13912345678');

    // the far session starts in 3 days: check-in is closed
    expectError(await cf.call('checkin', { action: 'checkIn', bookingId: aFar.id }, WORKER), 'CHECKIN_CLOSED');
    // a parent is not staff
    expectError(await cf.call('checkin', { action: 'checkIn', bookingId: aSoon.id }, PARENT_A), 'FORBIDDEN');

    const inA = await cf.ok('checkin', { action: 'checkIn', bookingId: aSoon.id, health: { temperature: 36.6 } }, WORKER);
    expect(inA.booking).toMatchObject({ id: aSoon.id, status: 'checked_in' });
    // B's code was signed by the booking function's instance; the checkin function verifies it (shared secret)
    const inB = await cf.ok('checkin', { action: 'checkIn', code: bSoon.checkinCode }, WORKER);
    expect(inB.booking).toMatchObject({ id: bSoon.id, status: 'checked_in' });
    expectError(await cf.call('checkin', { action: 'checkIn', code: `${bSoon.id}.forgedsig` }, WORKER), 'INVALID_CODE');

    expectError(
      await cf.call('checkin', { action: 'checkOut', bookingId: aSoon.id, pickupName: '陌生人' }, WORKER),
      'NOT_AUTHORIZED_PICKUP',
    );
    const out = await cf.ok('checkin', { action: 'checkOut', bookingId: aSoon.id, pickupName: guardianA.name }, WORKER);
    expect(out.booking).toMatchObject({ id: aSoon.id, status: 'checked_out' });
  });

  it('the timer trigger runs the scheduled tasks (here: closing a waitlist) and answers ok', async () => {
    // the far session starts in ~3 days; a waitlist closing 100 h before its start is due now
    await cf.ok('admin', { action: 'setPolicy', communityId: community.id, waitlistClosesHoursBefore: 100 }, ADMIN);
    const timer = await cf.call('admin', { Type: 'Timer', TriggerName: 'scheduler', Time: new Date().toISOString(), Message: '' });
    expect(timer.ok).toBe(true);
    expect((timer as any).data).toMatchObject({ noShows: expect.any(Number), waitlistClosed: 1 });
    const bMine = await cf.ok('booking', { action: 'mine', childId: childB.id }, PARENT_B);
    expect(bMine.bookings.find((b: any) => b.id === bFarWaitlisted.id).status).toBe('cancelled');
    // nothing more is due
    const again = await cf.call('admin', { Type: 'Timer', TriggerName: 'scheduler', Time: new Date().toISOString() });
    expect(again).toMatchObject({ ok: true, data: { waitlistClosed: 0 } });
  });

  it('an app call dressed as a timer event does not run the scheduler', async () => {
    const requests = fake.db.stats.requests;
    const spoof = await cf.call('admin', { Type: 'Timer', TriggerName: 'scheduler' }, PARENT_A);
    expectError(spoof, 'INVALID_ARGUMENT');
    expect(fake.db.stats.requests - requests).toBeLessThan(5);
  });

  it('quota counts are right after a free cancellation', async () => {
    const cancelled = await cf.ok('booking', { action: 'cancel', bookingId: aFar.id }, PARENT_A);
    expect(cancelled).toMatchObject({ booking: { id: aFar.id, status: 'cancelled' }, refunded: true });
    expect(cancelled.quota).toEqual({
      year: yearOf(far.date),
      used: yearOf(soon.date) === yearOf(far.date) ? 1 : 0,
      limit: 12,
      remaining: yearOf(soon.date) === yearOf(far.date) ? 11 : 12,
    });
    const q = await cf.ok('booking', { action: 'quota', childId: childA.id, year: yearOf(soon.date) }, PARENT_A);
    expect(q.quota).toEqual({ year: yearOf(soon.date), used: 1, limit: 12, remaining: 11 });
    const profile = await cf.ok('user', { action: 'profile' }, PARENT_A);
    expect(profile.guardian).toMatchObject({ name: '王芳' });
    expect(profile.children).toHaveLength(1);
    const worker = await cf.ok('user', { action: 'profile' }, WORKER);
    expect(worker.roles).toEqual([expect.objectContaining({ role: 'worker', communityId: community.id })]);
    const sessions = await cf.ok('booking', { action: 'listSessions', communityId: community.id }, PARENT_A);
    expect(sessions.sessions.find((x: any) => x.id === farSession.id)).toMatchObject({ booked: 0, remaining: 1, waitlisted: 0 });
  });

  it('answers envelopes for malformed events and unknown actions', async () => {
    expectError(await cf.call('booking', { action: 'nope' }, PARENT_A), 'NOT_FOUND');
    expectError(await cf.call('booking', {}, PARENT_A), 'INVALID_ARGUMENT');
    expectError(await cf.call('booking', { action: 'book', sessionId: farSession.id }, PARENT_A), 'INVALID_ARGUMENT');
  });
});
