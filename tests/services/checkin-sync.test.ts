/**
 * checkin.sync: offline check-ins and check-outs from a worker's phone, applied once per (caller, id), with
 * the claimed time bounded by the check-in window and the arrival time, conflicts per action.
 */
import { checkinActions } from '../../cloudfunctions/checkin/actions';
import { dispatch, type AnyActionTable } from '../../cloudfunctions/core/handler';
import { checkStoreInvariants, formatInvariantReport } from '../../cloudfunctions/core/invariants';
import type { SeatsDoc } from '../../cloudfunctions/core/services/docs';
import type { OfflineAction } from '../../cloudfunctions/shared/contract';
import { createServices } from '../../cloudfunctions/core/services';
import { StoreError, type Store } from '../../cloudfunctions/store/port';
import { ADMIN, codeOf, givenScenario } from './scenario';

const W = 'worker-1';
const COLLEAGUE = 'worker-2';
// session 2027-03-03 09:00–11:00 Shanghai; the check-in window opens 30 min before
const AT = (hhmm: string) => `2027-03-03T${hhmm}:00+08:00`;
let seq = 0;
const nextId = () => `act-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
const checkIn = (bookingId: string, at: string, extra: Partial<OfflineAction> = {}): OfflineAction => ({
  id: nextId(),
  type: 'checkIn',
  bookingId,
  at,
  health: { temperature: 36.6 },
  ...extra,
});
const checkOut = (bookingId: string, at: string, pickupName: string, extra: Partial<OfflineAction> = {}): OfflineAction => ({
  id: nextId(),
  type: 'checkOut',
  bookingId,
  at,
  pickupName,
  ...extra,
});

async function door(children = 2, capacity = 40) {
  const s = await givenScenario('2027-03-01T08:00:00+08:00');
  const session = await s.givenSession({ date: '2027-03-03', start: '09:00', end: '11:00', capacity });
  await s.services.admin.addStaff(ADMIN, { communityId: s.community.id, openid: W, role: 'worker' });
  await s.services.admin.addStaff(ADMIN, { communityId: s.community.id, openid: COLLEAGUE, role: 'worker' });
  const fams = [];
  for (let i = 0; i < children; i++) {
    const fam = await s.givenChild({ name: `孩子${i}` });
    const { booking } = await s.book(fam, session.id);
    fams.push({ ...fam, booking });
  }
  s.setNow(AT('10:30')); // the sync arrives while the session runs
  const invariants = async () => {
    const report = await checkStoreInvariants(s.store);
    expect(formatInvariantReport(report)).toMatch(/^invariants hold/);
  };
  return { s, session, fams, invariants };
}

describe('checkin.sync', () => {
  it('refuses an offline check-in of a child whose family is deleting its account, as the door would', async () => {
    const {
      s,
      fams: [a, b],
      invariants,
    } = await door();
    // the window between "children marked as leaving" and "bookings cancelled" of a deletion
    await s.store.transaction((tx) => tx.update('children', a.child.id, { set: { deletingAt: AT('10:00') } }));
    const { results } = await s.services.checkin.sync(W, [checkIn(a.booking.id, AT('08:50')), checkIn(b.booking.id, AT('08:52'))]);
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(results[1]).toMatchObject({ ok: true, booking: { status: 'checked_in' } });
    const online = await dispatch(
      checkinActions as AnyActionTable,
      { action: 'checkIn', bookingId: a.booking.id },
      { openid: W },
      s.services,
    );
    expect(online).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await invariants();
  });

  it('applies check-ins and a check-out in order; the booking keeps the claimed times and the arrival time', async () => {
    const {
      s,
      fams: [a, b],
      invariants,
    } = await door();
    const { results } = await s.services.checkin.sync(W, [
      checkIn(a.booking.id, AT('08:50')),
      checkIn(b.booking.id, AT('08:55'), { health: { temperature: 36.4, notes: '有点困' } }),
      checkOut(a.booking.id, AT('10:05'), a.guardian.name),
    ]);
    expect(results.map((r) => [r.ok, r.booking?.status])).toEqual([
      [true, 'checked_in'],
      [true, 'checked_in'],
      [true, 'checked_out'],
    ]);
    const [seenA] = (await s.services.booking.mine(a.openid)).bookings;
    expect(seenA).toMatchObject({
      status: 'checked_out',
      checkedInAt: '2027-03-03T00:50:00.000Z',
      checkedOutAt: '2027-03-03T02:05:00.000Z',
      checkedInReceivedAt: '2027-03-03T02:30:00.000Z',
      checkedOutReceivedAt: '2027-03-03T02:30:00.000Z',
      pickupName: a.guardian.name,
    });
    const [seenB] = (await s.services.booking.mine(b.openid)).bookings;
    expect(seenB).toMatchObject({
      status: 'checked_in',
      checkedInAt: '2027-03-03T00:55:00.000Z',
      health: { temperature: 36.4, notes: '有点困' },
    });
    await invariants();
  });

  it('is idempotent per (caller, id): a replayed batch, a repeat inside one batch and concurrent replays change nothing twice', async () => {
    const {
      s,
      session,
      fams: [a, b],
      invariants,
    } = await door();
    const batch = [
      checkIn(a.booking.id, AT('08:45')),
      checkIn(b.booking.id, AT('08:46')),
      checkOut(a.booking.id, AT('09:30'), a.guardian.name),
    ];
    const first = await s.services.checkin.sync(W, batch);
    s.setNow(AT('10:40'));
    const again = await s.services.checkin.sync(W, batch);
    // the first answer again, with the booking as it is now (a's check-in replay shows it checked out since)
    const outcome = (r: { id: string; ok: boolean; error?: unknown; duplicate?: boolean }) => [r.id, r.ok, r.error, r.duplicate];
    expect(again.results.map(outcome)).toEqual(first.results.map(outcome));
    expect(again.results.map((r) => r.booking?.status)).toEqual(['checked_out', 'checked_in', 'checked_out']);
    // concurrent replays of the same actions plus one new one, fired at once
    const fresh = checkOut(b.booking.id, AT('10:00'), b.guardian.name);
    const both = await Promise.all([s.services.checkin.sync(W, [...batch, fresh]), s.services.checkin.sync(W, [...batch, fresh])]);
    expect(both[0]).toEqual(both[1]);
    expect(both[0].results.every((r) => r.ok)).toBe(true);
    // a repeat inside one batch answers the first result
    const dup = checkIn(a.booking.id, AT('08:45'));
    const inside = await s.services.checkin.sync(W, [dup, dup]);
    expect(inside.results[1]).toEqual(inside.results[0]);
    // the arrival time stays the first one
    const [seenA] = (await s.services.booking.mine(a.openid)).bookings;
    expect(seenA.checkedInReceivedAt).toBe('2027-03-03T02:30:00.000Z');
    // one seat, one attendance each: the tally counted each child once
    const seats = await s.store.get<SeatsDoc>('counters', `seats_${session.id}`);
    expect(seats).toMatchObject({ booked: 2, attended: 2 });
    await invariants();
  });

  it('a transient failure holds back the later actions of that booking only, and a retry applies them in order', async () => {
    const {
      s,
      fams: [a, b],
      invariants,
    } = await door();
    let failNext = true;
    const flaky: Store = Object.create(s.store);
    flaky.transaction = (fn) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new StoreError('BUSY'));
      }
      return s.store.transaction(fn);
    };
    const services = createServices({ ...s.deps, store: flaky });
    const batch = [
      checkIn(a.booking.id, AT('09:00')),
      checkIn(b.booking.id, AT('09:01')),
      checkOut(a.booking.id, AT('10:00'), a.guardian.name),
    ];
    const first = await services.checkin.sync(W, batch);
    expect(first.results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(['BUSY', 'ok', 'BUSY']);
    const retry = await services.checkin.sync(W, batch);
    // a: applied now, check-in then check-out; b: the stored answer replayed with the booking as it is
    expect(retry.results.map((r) => (r.ok ? r.booking!.status : r.error!.code))).toEqual(['checked_in', 'checked_in', 'checked_out']);
    expect((await s.services.booking.mine(a.openid)).bookings[0]).toMatchObject({
      status: 'checked_out',
      checkedInAt: '2027-03-03T01:00:00.000Z',
    });
    await invariants();
  });

  it('the same id for another booking or type is a CONFLICT for that action', async () => {
    const {
      s,
      fams: [a, b],
    } = await door();
    const act = checkIn(a.booking.id, AT('08:45'));
    await s.services.checkin.sync(W, [act]);
    const { results } = await s.services.checkin.sync(W, [
      { ...act, bookingId: b.booking.id },
      { ...act, type: 'checkOut', pickupName: a.guardian.name },
    ]);
    expect(results.map((r) => r.error?.code)).toEqual(['CONFLICT', 'CONFLICT']);
    expect((await s.services.booking.mine(b.openid)).bookings[0].status).toBe('confirmed');
    // another caller's same id is its own action
    const other = await s.services.checkin.sync(COLLEAGUE, [{ ...act, bookingId: b.booking.id }]);
    expect(other.results[0]).toMatchObject({ ok: true, booking: { status: 'checked_in' } });
  });

  it('claimed time: inside the check-in window and not after arrival, else that action fails with a reason', async () => {
    const {
      s,
      fams: [a, b, c, d, e],
    } = await door(5);
    const { results } = await s.services.checkin.sync(W, [
      checkIn(a.booking.id, AT('08:29')), // before the window opens
      checkIn(b.booking.id, AT('08:30')), // the first instant of the window
      checkIn(c.booking.id, AT('10:31')), // after the sync arrived (10:30)
      checkIn(e.booking.id, '2027-03-03T02:29:59.999Z'), // same instant rules in UTC
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(['CHECKIN_CLOSED', 'ok', 'INVALID_ARGUMENT', 'ok']);
    expect(results[2].error!.message).toMatch(/晚于服务器收到的时间/);
    // a sync arriving after the session ended still records the claimed time inside the window
    s.setNow('2027-03-03T11:20:00+08:00');
    const late = await s.services.checkin.sync(W, [
      checkIn(a.booking.id, AT('09:10')),
      checkOut(b.booking.id, AT('08:20'), b.guardian.name), // before the window
      checkIn(d.booking.id, '2027-03-03T11:00:01+08:00'), // after the session ended
      checkIn(c.booking.id, AT('11:00')), // the last instant of the window
    ]);
    expect(late.results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(['ok', 'CHECKIN_CLOSED', 'CHECKIN_CLOSED', 'ok']);
    expect(late.results[0].booking).toMatchObject({
      checkedInAt: '2027-03-03T01:10:00.000Z',
      checkedInReceivedAt: '2027-03-03T03:20:00.000Z',
    });
    // a check-out claimed before the child's check-in is refused
    const early = await s.services.checkin.sync(W, [checkOut(e.booking.id, AT('10:00'), e.guardian.name)]);
    expect(early.results[0].error).toMatchObject({ code: 'INVALID_ARGUMENT', message: '离园时间早于签到时间' });
    expect((await s.services.booking.mine(e.openid)).bookings[0].status).toBe('checked_in');
  });

  it('conflicts come back per action and never stop the others', async () => {
    const {
      s,
      fams: [a, b, c, d],
      invariants,
    } = await door(4);
    s.setNow('2027-03-03T07:00:00+08:00');
    await s.services.booking.cancel(a.openid, a.booking.id); // the family cancelled late, while the phone had the roster
    s.setNow(AT('10:30'));
    await s.services.checkin.checkIn(COLLEAGUE, { bookingId: b.booking.id }); // a colleague checked b in online at 10:30
    const { results } = await s.services.checkin.sync(W, [
      checkIn(a.booking.id, AT('09:00')),
      checkIn(b.booking.id, AT('09:01')),
      checkOut(c.booking.id, AT('09:02'), c.guardian.name), // never checked in
      checkIn(d.booking.id, AT('09:03'), { health: { temperature: 38.2 } }), // fever without a reason
      checkIn(c.booking.id, AT('09:04')),
      checkOut(c.booking.id, AT('09:40'), '陌生人'),
      checkIn(d.booking.id, AT('09:05'), { health: { temperature: 38.2, feverOverrideReason: '家长出示医院证明' } }),
    ]);
    expect(results.map((r) => (r.ok ? `ok${r.duplicate ? ' (duplicate)' : ''}` : r.error!.code))).toEqual([
      'CONFLICT',
      'ok (duplicate)',
      'CONFLICT',
      'FEVER',
      'ok',
      'NOT_AUTHORIZED_PICKUP',
      'ok',
    ]);
    expect(results[0]).toMatchObject({ error: { details: { status: 'late_cancelled' } }, booking: { status: 'late_cancelled' } });
    // the colleague's check-in stands: its time, not the offline claim
    expect(results[1].booking).toMatchObject({ status: 'checked_in', checkedInAt: '2027-03-03T02:30:00.000Z' });
    expect(results[1].booking!.checkedInReceivedAt).toBeUndefined();
    expect(results[2].error).toMatchObject({ code: 'CONFLICT', message: '孩子还未签到' });
    expect(results[6].booking!.health).toEqual({ temperature: 38.2, feverOverrideReason: '家长出示医院证明' });
    await invariants();
  });

  it('authorises each action like checkIn/checkOut: staff of another community get FORBIDDEN per action, families nothing', async () => {
    const {
      s,
      fams: [a],
    } = await door(1);
    // a second community with its own worker and booking
    const { community: other } = await s.services.admin.createCommunity(ADMIN, { name: '另一个社区', district: '黄浦区' });
    const { site } = await s.services.admin.createSite(ADMIN, {
      communityId: other.id,
      name: '另一宝宝屋',
      address: '路2号',
      capacity: 20,
    });
    s.setNow('2027-03-01T08:00:00+08:00');
    const {
      sessions: [otherSession],
    } = await s.services.admin.createSessions(ADMIN, { siteId: site.id, dates: ['2027-03-03'], start: '09:00', end: '11:00' });
    const fam = await s.givenChild({ communityCode: other.code });
    const { booking: own } = await s.book(fam, otherSession.id);
    await s.services.admin.addStaff(ADMIN, { communityId: other.id, openid: 'worker-b', role: 'worker' });
    s.setNow(AT('10:30'));

    const { results } = await s.services.checkin.sync('worker-b', [
      checkIn(a.booking.id, AT('09:00')),
      checkIn(own.id, AT('09:00')),
      checkIn('bk_missing', AT('09:00')),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(['FORBIDDEN', 'ok', 'NOT_FOUND']);
    expect(results[0].booking).toBeUndefined();
    expect((await s.services.booking.mine(a.openid)).bookings[0].status).toBe('confirmed');
    expect(await codeOf(s.services.checkin.sync(a.openid, [checkIn(a.booking.id, AT('09:00'))]))).toBe('FORBIDDEN');
    // the district admin may act everywhere
    const admin = await s.services.checkin.sync(ADMIN, [checkIn(a.booking.id, AT('09:00'))]);
    expect(admin.results[0].ok).toBe(true);
  });
});

describe('checkin.sync through the handler: 1–200 actions, bad input', () => {
  const call = (services: Parameters<typeof dispatch>[3], openid: string, body: Record<string, unknown>) =>
    dispatch(checkinActions as unknown as AnyActionTable, { action: 'sync', ...body }, { openid }, services);

  it('takes 200 actions in one call and refuses 201 without applying any', async () => {
    const { s, fams, invariants } = await door(100, 120);
    const actions = [
      ...fams.map((f, i) => checkIn(f.booking.id, AT(`09:${String(i % 60).padStart(2, '0')}`))),
      ...fams.map((f) => checkOut(f.booking.id, AT('10:10'), f.guardian.name)),
    ];
    expect(actions).toHaveLength(200);
    const tooMany = await call(s.services, W, { actions: [...actions, checkIn(fams[0].booking.id, AT('09:00'))] });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((await s.services.booking.mine(fams[0].openid)).bookings[0].status).toBe('confirmed');
    const started = performance.now();
    const done = await call(s.services, W, { actions });
    const ms = Math.round(performance.now() - started);
    expect(done.ok).toBe(true);
    const results = (done as { ok: true; data: { results: Array<{ ok: boolean }> } }).data.results;
    expect(results.filter((r) => r.ok)).toHaveLength(200);
    console.log(`checkin.sync: 200 actions (100 check-ins, 100 check-outs) applied in one call in ${ms} ms (in-memory SQLite)`);
    await invariants();
  });

  it('a malformed batch is refused as a whole with INVALID_ARGUMENT and writes nothing', async () => {
    const {
      s,
      fams: [a],
    } = await door(1);
    const ok = checkIn(a.booking.id, AT('09:00'));
    const bad: Array<[string, Record<string, unknown>]> = [
      ['no actions', {}],
      ['empty list', { actions: [] }],
      ['not a list', { actions: ok }],
      ['unknown type', { actions: [{ ...ok, type: 'checkInOut' }] }],
      ['short id', { actions: [{ ...ok, id: 'abc' }] }],
      ['id with spaces', { actions: [{ ...ok, id: 'has space in it' }] }],
      ['no time zone', { actions: [{ ...ok, at: '2027-03-03T09:00:00' }] }],
      ['impossible date', { actions: [{ ...ok, at: '2027-02-30T09:00:00+08:00' }] }],
      ['impossible hour', { actions: [{ ...ok, at: '2027-03-03T25:00:00+08:00' }] }],
      ['time as a number', { actions: [{ ...ok, at: Date.now() }] }],
      ['check-out without a pickup', { actions: [{ ...ok, type: 'checkOut' }] }],
      ['blank pickup', { actions: [checkOut(a.booking.id, AT('10:00'), '   ')] }],
      ['temperature out of range', { actions: [{ ...ok, health: { temperature: 60 } }] }],
      ['one bad among good', { actions: [ok, { ...ok, id: nextId(), bookingId: '' }] }],
    ];
    for (const [label, body] of bad) {
      const r = await call(s.services, W, body);
      expect([label, r.ok, !r.ok && r.error.code]).toEqual([label, false, 'INVALID_ARGUMENT']);
      expect(!r.ok && r.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await s.services.booking.mine(a.openid)).bookings[0].status).toBe('confirmed');
    expect(await s.store.query('syncActions', {})).toEqual([]);
  });
});
