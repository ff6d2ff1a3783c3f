/**
 * Lifecycle integrity and privacy over the public contract: account deletion (refused while a child is
 * in care, leaves no personal data, keeps only the keyed continuity record that restores quota and
 * suspension), deletion racing a booking, interrupted session cancellations (found by the invariant
 * checker, finished by the scheduler or by calling again), replays after a cancel, and the audit log.
 */
import Database from 'better-sqlite3';
import { checkInvariants, type Snapshot } from '../../cloudfunctions/core/invariants';
import { keys, openidHash } from '../../cloudfunctions/core/keys';
import { addDays } from '../../cloudfunctions/core/time';
import { checkDatabaseFile, readSnapshot } from '../../scripts/check-invariants';
import { expectErrorEnvelope } from '../support/contract';
import { givenRuntime, type CommunityFixture, type Family, type TestRuntime } from '../support/world';

let w: TestRuntime;
let c: CommunityFixture;
beforeAll(async () => {
  w = await givenRuntime();
  c = await w.givenCommunity({ capacity: 2 });
});
afterAll(async () => {
  await w?.close();
});

const T0 = '2030-03-04T09:00:00+08:00';
beforeEach(() => w.setClock(T0));

const report = () => checkDatabaseFile(w.dbFile);
const kinds = () => report().differences.map((d) => d.kind);
const deleteAccount = (fam: { token: string }) => w.api.call('user', 'deleteAccount', {}, fam.token);

async function sessionAt(date: string, start: string, end: string, capacity = 2) {
  const { sessions } = await w.api.ok('admin', 'createSessions', { siteId: c.site.id, dates: [date], start, end, capacity }, w.adminToken);
  return sessions[0];
}

describe('account deletion', () => {
  it('is refused (CONFLICT) while a child is checked in; allowed after check-out', async () => {
    const fam = await w.givenParentWithChild(c);
    const worker = await w.givenStaff(c, 'worker');
    const s = await sessionAt(w.today(), '10:30', '12:00');
    const b = await w.booked(fam, s);
    await w.setClock('2030-03-04T10:20:00+08:00');
    await w.api.ok('checkin', 'checkIn', { bookingId: b.id }, worker.token);
    const r = await deleteAccount(fam);
    expectErrorEnvelope(r, 'CONFLICT');
    expect((r.body as any).error.message).toContain('签退');
    // nothing was deleted: the worker can still hand the child over, the roster still names it
    const { roster } = await w.api.ok('checkin', 'roster', { sessionId: s.id }, worker.token);
    expect(roster.find((x: any) => x.bookingId === b.id)).toMatchObject({ status: 'checked_in', child: { name: fam.child.name } });
    await w.api.ok('checkin', 'checkOut', { bookingId: b.id, pickupName: fam.guardian.name }, worker.token);
    await w.api.ok('user', 'deleteAccount', {}, fam.token);
    expect(report().ok).toBe(true);
  });

  it('a dump of every table after deleting a family holds none of its names, phones, openid, pickup names or notes', async () => {
    const fam = await w.givenParentWithChild(c, { childName: '隐私小丽', phone: '13811112222' });
    await w.api.ok(
      'user',
      'updateChild',
      {
        childId: fam.child.id,
        pickups: [{ name: '接送王奶奶', relation: '奶奶', phone: '13933334444' }],
      },
      fam.token,
    );
    const other = await w.givenParentWithChild(c);
    const worker = await w.givenStaff(c, 'worker');
    // a finished visit with a pickup name and a health note
    const today = await sessionAt(w.today(), '10:40', '12:00');
    const visit = await w.booked(fam, today);
    await w.setClock('2030-03-04T10:30:00+08:00');
    await w.api.ok('checkin', 'checkIn', { bookingId: visit.id, health: { temperature: 36.5, notes: '隐私备注：轻微咳嗽' } }, worker.token);
    await w.api.ok('checkin', 'checkOut', { bookingId: visit.id, pickupName: '接送王奶奶' }, worker.token);
    await w.setClock(T0);
    // a waitlist promotion notice naming the child ("隐私小丽 已从候补转为预约成功")
    const full = await sessionAt(addDays(w.today(), 3), '09:00', '11:00', 1);
    const first = await w.booked(other, full);
    await w.booked(fam, full, { waitlist: true });
    await w.api.ok('booking', 'cancel', { bookingId: first.id }, other.token);
    const before = JSON.stringify(w.dump());
    expect(before).toContain('隐私小丽'); // the probe finds what is there
    // an upcoming booking and course progress
    await w.booked(fam, await sessionAt(addDays(w.today(), 5), '09:00', '11:00'));
    await w.api.ok('course', 'progress', { episodeId: 'e_finger_clap_1', positionSec: 3 }, fam.token);

    await w.api.ok('user', 'deleteAccount', {}, fam.token);
    const dump = JSON.stringify(w.dump());
    const secrets = [
      fam.openid,
      openidHash(fam.openid),
      keys.guardian(fam.openid).slice(2),
      fam.guardian.name,
      fam.guardian.phone,
      '13811112222',
      '隐私小丽',
      fam.child.name,
      '接送王奶奶',
      '13933334444',
      '隐私备注',
      '轻微咳嗽',
    ];
    expect(secrets.filter((x) => dump.includes(x))).toEqual([]);
    const outbox = await w.api.ok('admin', 'outbox', { communityId: c.id }, w.adminToken);
    expect(JSON.stringify(outbox)).not.toContain('隐私小丽');
    expect(report().ok).toBe(true);
    // the anonymous booking facts stay for statistics
    const snap = readSnapshot(w.dbFile, ['bookings']).bookings as any[];
    expect(snap.find((b) => b._id === visit.id)).toMatchObject({
      status: 'checked_out',
      ownerOpenid: null,
      pickupName: null,
      health: null,
    });
  });

  it("delete and register again: the year's used quota and the suspension come back (same child, same phone)", async () => {
    await w.setClock(T0);
    await w.api.ok('admin', 'setPolicy', { communityId: c.id, noShowLimit: 1 }, w.adminToken);
    const fam = await w.givenParentWithChild(c, { childName: '续期小明', phone: '13755556666', birthDate: '2028-06-01' });
    // two late cancellations (quota used) and one no-show (suspension)
    const tomorrow = addDays(w.today(), 1);
    for (const [start, end] of [
      ['08:00', '08:30'],
      ['08:40', '08:50'],
    ]) {
      const b = await w.booked(fam, await sessionAt(tomorrow, start, end));
      await w.api.ok('booking', 'cancel', { bookingId: b.id }, fam.token);
    }
    await w.booked(fam, await sessionAt(w.today(), '10:10', '10:20'));
    await w.setClock('2030-03-04T11:00:00+08:00'); // the no-show task runs
    const profile = await w.api.ok('user', 'profile', {}, fam.token);
    expect(profile.children[0].quota.used).toBe(3);
    const later = await sessionAt(addDays(w.today(), 2), '09:00', '11:00', 10);
    expectErrorEnvelope(await w.book(fam, later), 'SUSPENDED');

    await w.api.ok('user', 'deleteAccount', {}, fam.token);
    const dump = JSON.stringify(w.dump());
    expect(dump).not.toContain('续期小明');
    expect(dump).not.toContain('13755556666');

    const again = await w.person();
    const { child } = await w.api.ok(
      'user',
      'register',
      {
        communityCode: c.code,
        guardian: { name: '新家长', phone: '13755556666', relation: '爸爸' },
        child: { name: '续期小明', gender: 'M', birthDate: '2028-06-01' },
        consent: { policyVersion: 'v1', agreed: true },
      },
      again.token,
    );
    const restored = await w.api.ok('user', 'profile', {}, again.token);
    expect(restored.children[0].quota).toMatchObject({ used: 3, remaining: 9 });
    expectErrorEnvelope(
      await w.api.call('booking', 'book', { sessionId: later.id, childId: child.id, requestId: 'again-after-delete-1' }, again.token),
      'SUSPENDED',
    );
    expect(report().ok).toBe(true);

    // what a deletion keeps is dropped once its year and suspension are over
    const stranger0 = await w.givenParentWithChild(c, { childName: '过期小红', phone: '13711112222', birthDate: '2028-06-01' });
    const late = await w.booked(stranger0, await sessionAt(addDays(w.today(), 1), '07:00', '07:30'));
    await w.api.ok('booking', 'cancel', { bookingId: late.id }, stranger0.token);
    await w.api.ok('user', 'deleteAccount', {}, stranger0.token);
    const kept = () => (readSnapshot(w.dbFile, ['counters']).counters as any[]).filter((x) => x.type === 'continuity').length;
    const before = kept();
    expect(before).toBeGreaterThanOrEqual(1);
    await w.setClock('2031-01-01T00:00:01+08:00');
    expect(kept()).toBeLessThan(before);
    await w.setClock(T0);

    // a different child (another phone) starts fresh
    const stranger = await w.givenParentWithChild(c, { childName: '续期小明', phone: '13700000000', birthDate: '2028-06-01' });
    expect((await w.api.ok('user', 'profile', {}, stranger.token)).children[0].quota.used).toBe(0);
  });

  it('racing booking.book never leaves a live booking of a deleted child (10 rounds)', async () => {
    const sessions = await Promise.all([1, 2, 3].map((d) => sessionAt(addDays(w.today(), d + 6), '15:00', '16:00', 50)));
    for (let round = 0; round < 10; round++) {
      const fam: Family = await w.givenParentWithChild(c);
      const books = sessions.map((s, i) =>
        w.api.call('booking', 'book', { sessionId: s.id, childId: fam.child.id, requestId: `race-${round}-${i}-rq` }, fam.token),
      );
      const [del] = await Promise.all([deleteAccount(fam), ...books]);
      expect(del.status).toBe(200);
    }
    // read straight from the database, not only through the checker
    const snap = readSnapshot(w.dbFile, ['bookings', 'children']);
    const alive = new Set(snap.children.map((x) => x._id));
    const orphans = (snap.bookings as any[]).filter(
      (b) => !alive.has(b.childId) && ['confirmed', 'waitlisted', 'checked_in'].includes(b.status),
    );
    expect(orphans.map((b) => `${b._id} ${b.status}`)).toEqual([]);
    expect(report().differences).toEqual([]);
  });
});

describe('interrupted session cancellation', () => {
  it('a crash after the session closed is caught by the checker, finished by the next scheduled run', async () => {
    const s = await sessionAt(addDays(w.today(), 4), '09:00', '11:00', 10);
    const fams = await Promise.all(Array.from({ length: 6 }, () => w.givenParentWithChild(c)));
    const ids: string[] = [];
    for (const f of fams) ids.push((await w.booked(f, s)).id);
    // what a kill -9 right after the first commit of admin.cancelSession leaves behind
    const db = new Database(w.dbFile);
    const row = db.prepare('SELECT body FROM sessions WHERE id = ?').get(s.id) as { body: string };
    const doc = { ...JSON.parse(row.body), status: 'cancelled', cancelReason: '停电', cancelJob: 'running', cancelRefunded: 0 };
    db.prepare('UPDATE sessions SET body = ? WHERE id = ?').run(JSON.stringify(doc), s.id);
    db.close();
    expect(kinds().filter((k) => k === 'live_in_cancelled_session')).toHaveLength(6);
    const { sessions } = await w.api.ok('booking', 'listSessions', { communityId: c.id, from: s.date, to: s.date }, w.adminToken);
    expect(sessions.find((x: any) => x.id === s.id)!.cancellation).toMatchObject({ status: 'running' });

    await w.setClock(T0); // the scheduled run
    expect(report().ok).toBe(true);
    for (const f of fams) {
      const { bookings } = await w.api.ok('booking', 'mine', {}, f.token);
      expect(bookings.find((b: any) => b.sessionId === s.id)?.status).toBe('session_cancelled');
    }
    const notices = async () =>
      (await w.api.ok('admin', 'outbox', { communityId: c.id, limit: 500 }, w.adminToken)).notifications.filter(
        (n: any) => n.kind === 'session_cancelled' && ids.includes(n.bookingId),
      );
    const outbox = await notices();
    expect(outbox).toHaveLength(6); // every family once
    expect(new Set(outbox.map((n: any) => n.bookingId)).size).toBe(6);

    // calling it again answers the finished job and writes no second notice
    const again = await w.api.ok('admin', 'cancelSession', { sessionId: s.id, reason: '停电' }, w.adminToken);
    expect(again).toMatchObject({ refunded: 6, session: { status: 'cancelled', cancellation: { status: 'done', refunded: 6 } } });
    expect(await notices()).toHaveLength(6);
  });

  it('calling admin.cancelSession again finishes an interrupted job', async () => {
    const s = await sessionAt(addDays(w.today(), 6), '09:00', '11:00', 10);
    const fams = await Promise.all(Array.from({ length: 3 }, () => w.givenParentWithChild(c)));
    for (const f of fams) await w.booked(f, s);
    const db = new Database(w.dbFile);
    const row = db.prepare('SELECT body FROM sessions WHERE id = ?').get(s.id) as { body: string };
    db.prepare('UPDATE sessions SET body = ? WHERE id = ?').run(
      JSON.stringify({ ...JSON.parse(row.body), status: 'cancelled', cancelReason: '暴雨', cancelJob: 'running' }),
      s.id,
    );
    db.close();
    const r = await w.api.ok('admin', 'cancelSession', { sessionId: s.id, reason: '暴雨' }, w.adminToken);
    expect(r).toMatchObject({ refunded: 3, session: { cancellation: { status: 'done' }, booked: 0 } });
    expect(report().ok).toBe(true);
  });
});

describe("replays and the client's requestId", () => {
  it('a requestId replayed after a cancel reports the booking as cancelled, not confirmed', async () => {
    const fam = await w.givenParentWithChild(c);
    const s = await sessionAt(addDays(w.today(), 8), '09:00', '11:00', 10);
    const first = (await w.book(fam, s, { requestId: 'one-intent-0001' })).body as any;
    expect(first.data.booking.status).toBe('confirmed');
    await w.api.ok('booking', 'cancel', { bookingId: first.data.booking.id }, fam.token);
    const replay = (await w.book(fam, s, { requestId: 'one-intent-0001' })).body as any;
    expect(replay.data.booking).toMatchObject({ id: first.data.booking.id, status: 'cancelled' });
  });
});

describe('invariant checker: lifecycle differences', () => {
  it('flags a live booking of a deleted child, a checked-in child without a family and personal data left', () => {
    const base: Snapshot = { sessions: [], bookings: [], counters: [], policies: [], requests: [], children: [], guardians: [] };
    const session = { _id: 's1', status: 'open', capacity: 5, startAt: '2030-01-01T01:00:00Z', endAt: '2030-01-01T03:00:00Z' };
    const booking = (id: string, status: string, extra: object = {}) => ({
      _id: id,
      status,
      sessionId: 's1',
      childId: 'gone',
      year: 2030,
      kind: 'temporary_care',
      communityId: 'c',
      ownerOpenid: null,
      startAt: session.startAt,
      endAt: session.endAt,
      ...extra,
    });
    const snap = {
      ...base,
      sessions: [session],
      bookings: [booking('b1', 'confirmed'), booking('b2', 'checked_in'), booking('b3', 'checked_out', { pickupName: '王奶奶' })],
    };
    const found = checkInvariants(snap as unknown as Snapshot).differences.map((d) => `${d.kind}:${d.id}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'live_booking_of_deleted_child:b1',
        'live_booking_of_deleted_child:b2',
        'checked_in_without_family:b2',
        'personal_data_left:b3',
      ]),
    );
  });
});

describe('audit log: who did what to whom, with the values', () => {
  it('staff, policy, sessions, sites and invites name their targets and changes', async () => {
    const staffOpenid = 'audited-worker-1';
    await w.api.ok('admin', 'addStaff', { communityId: c.id, openid: staffOpenid, role: 'worker' }, w.adminToken);
    await w.api.ok('admin', 'setPolicy', { communityId: c.id, yearlyFreeSessions: 10 }, w.adminToken);
    const s = await sessionAt(addDays(w.today(), 20), '09:00', '11:00', 7);
    const { invite } = await w.api.ok('admin', 'createInvite', { communityId: c.id }, w.adminToken);
    await w.api.ok('admin', 'revokeInvite', { communityId: c.id, code: invite.code }, w.adminToken);
    const { entries } = await w.api.ok('admin', 'auditLog', { communityId: c.id, limit: 500 }, w.adminToken);
    const find = (action: string, pred: (e: any) => boolean = () => true) => entries.find((e: any) => e.action === action && pred(e));
    expect(find('staff.add', (e) => e.details.target?.staffOpenid === staffOpenid)).toMatchObject({
      actor: 'district-admin',
      details: { changes: { role: { from: null, to: 'worker' } } },
    });
    expect(find('policy.set', (e) => e.details.changes?.yearlyFreeSessions)).toMatchObject({
      details: { target: { communityId: c.id }, changes: { yearlyFreeSessions: { from: 12, to: 10 } } },
    });
    expect(find('sessions.create', (e) => e.details.target?.sessionIds?.includes(s.id))).toMatchObject({
      details: { target: { siteId: c.site.id }, changes: { dates: { to: [s.date] }, start: { to: '09:00' }, capacity: { to: 7 } } },
    });
    expect(find('invite.create', (e) => e.details.target?.inviteCode === invite.code)).toBeTruthy();
    expect(find('invite.revoke', (e) => e.details.target?.inviteCode === invite.code)).toBeTruthy();
    expect(find('site.create', (e) => e.details.target?.siteId === c.site.id)).toMatchObject({
      details: { changes: { name: { from: null, to: c.site.name }, capacity: { to: 2 } } },
    });
  });
});
