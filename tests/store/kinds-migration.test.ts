/**
 * Data stored before service kinds: sessions, bookings and quota counters without a kind read as
 * temporary_care, and the kinds migration writes the kind down — idempotently, on SQLite and on the
 * WeChat adapter (wx-server-sdk → tools/fake-clouddb).
 */
import { migrateKinds } from '../../cloudfunctions/core/migrations';
import { checkStoreInvariants } from '../../cloudfunctions/core/invariants';
import { keys } from '../../cloudfunctions/core/keys';
import type { Doc, Store } from '../../cloudfunctions/store/port';
import { COLLECTIONS } from '../../cloudfunctions/store/port';
import { openSqliteStore } from '../../cloudfunctions/store/sqlite';
import { createWxCloudStore, ensureCollections } from '../../cloudfunctions/store/wxcloud';
import { RunningFakeCloudDb, sdkEnv, startFakeCloudDb } from '../../tools/fake-clouddb/server';
import { givenScenario } from '../services/scenario';

const NOW = '2027-03-01T00:00:00.000Z';

/** What an older version stored: no `kind` anywhere, one counter under the id without a kind. */
async function givenLegacyData(store: Store) {
  const session = {
    _id: 'ses_old_20270304_0900',
    siteId: 'st_old',
    communityId: 'cm_old',
    siteName: '老宝宝屋',
    date: '2027-03-04',
    start: '09:00',
    end: '11:00',
    startAt: '2027-03-04T01:00:00.000Z',
    endAt: '2027-03-04T03:00:00.000Z',
    capacity: 10,
    status: 'open',
    createdAt: NOW,
  };
  const booking = {
    _id: 'bk_old',
    status: 'confirmed',
    sessionId: session._id,
    childId: 'ch_old',
    communityId: 'cm_old',
    siteId: 'st_old',
    ownerOpenid: null,
    date: session.date,
    year: 2027,
    startAt: session.startAt,
    endAt: session.endAt,
    checkinCode: 'x',
    createdAt: NOW,
    updatedAt: NOW,
  };
  await store.create('sessions', session);
  await store.create('bookings', booking);
  await store.create('counters', { _id: keys.seats(session._id), sessionId: session._id, booked: 1, waitlisted: 0, queue: [] });
  await store.create('counters', {
    _id: keys.claims('ch_old'),
    childId: 'ch_old',
    items: [{ bookingId: 'bk_old', sessionId: session._id, startAt: session.startAt, endAt: session.endAt, status: 'confirmed' }],
  });
  // a legacy counter (id without kind) and a kind-aware one that lacks the field
  await store.create('counters', { _id: 'quota_ch_old_2027', childId: 'ch_old', year: 2027, used: 1 });
  await store.create('counters', { _id: 'quota_ch_two_2027_temporary_care', childId: 'ch_two', year: 2027, used: 0 });
}

async function expectMigrated(store: Store) {
  const first = await migrateKinds(store, NOW);
  expect(first).toEqual({ sessions: 1, bookings: 1, counters: 1, merged: 1, skipped: false });
  expect((await store.get<Doc>('sessions', 'ses_old_20270304_0900'))?.kind).toBe('temporary_care');
  expect((await store.get<Doc>('bookings', 'bk_old'))?.kind).toBe('temporary_care');
  expect(await store.get('counters', 'quota_ch_old_2027')).toBeNull();
  expect(await store.get<Doc>('counters', keys.quota('ch_old', 2027))).toMatchObject({ used: 1, kind: 'temporary_care' });
  expect((await store.get<Doc>('counters', 'quota_ch_two_2027_temporary_care'))?.kind).toBe('temporary_care');
  // idempotent: the marker skips it, and a forced second run changes nothing
  expect(await migrateKinds(store, NOW)).toMatchObject({ skipped: true });
  expect(await migrateKinds(store, NOW, true)).toEqual({ sessions: 0, bookings: 0, counters: 0, merged: 0, skipped: false });
  expect(await store.get<Doc>('counters', keys.quota('ch_old', 2027))).toMatchObject({ used: 1 });
}

describe('kinds migration on SQLite', () => {
  it('writes temporary_care into old sessions, bookings and counters; a second run changes nothing', async () => {
    const store = openSqliteStore(':memory:');
    await givenLegacyData(store);
    await expectMigrated(store);
    const report = await checkStoreInvariants(store);
    expect(report.differences.filter((d) => d.kind.startsWith('quota'))).toEqual([]);
    await store.close();
  });

  it('before the migration, an old session reads as temporary_care and books against the care quota', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild({ ageMonths: 20 });
    const fresh = await s.givenSession({ date: '2027-03-04' });
    // strip the kind, as an older version would have stored it
    const stored = await s.store.get<Doc>('sessions', fresh.id);
    const { kind: _kind, ...old } = stored!;
    await s.store.delete('sessions', fresh.id);
    await s.store.create('sessions', old);
    const listed = await s.services.booking.listSessions(fam.openid, { kind: 'temporary_care' });
    expect(listed.sessions.map((x) => [x.id, x.kind])).toEqual([[fresh.id, 'temporary_care']]);
    const res = await s.book(fam, fresh.id);
    expect(res.booking.kind).toBe('temporary_care');
    expect(res.quota).toEqual({ year: 2027, used: 1, limit: 12, remaining: 11 });
    expect((await checkStoreInvariants(s.store)).ok).toBe(true);
    expect((await migrateKinds(s.store, NOW)).sessions).toBe(1);
    expect((await checkStoreInvariants(s.store)).ok).toBe(true);
  });
});

describe('kinds migration on the WeChat adapter', () => {
  let fake: RunningFakeCloudDb;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    fake = await startFakeCloudDb();
    Object.assign(process.env, sdkEnv(fake.url));
    const cloud = require('wx-server-sdk');
    cloud.init({ env: 'test', keepalive: false, timeout: 60000 });
  });
  afterAll(async () => {
    await fake?.close();
    process.env = savedEnv;
  });

  it('the same migration through wx-server-sdk', async () => {
    const db = require('wx-server-sdk').database();
    fake.db.reset();
    expect(await ensureCollections(db)).toEqual([...COLLECTIONS]);
    const store = createWxCloudStore(db);
    await givenLegacyData(store);
    await expectMigrated(store);
  });
});
