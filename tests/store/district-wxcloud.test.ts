/**
 * admin.districtStats on the WeChat adapter (real wx-server-sdk 4.0.2 → tools/fake-clouddb, which
 * returns at most 100 documents per read, as WeChat does) answers exactly what it answers on SQLite,
 * for a district with more sessions and counters than one read returns; it prints the database
 * requests one call costs there.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { BookingStatus } from '../../cloudfunctions/shared/contract';
import { hmacSigner, randomIds, type Deps } from '../../cloudfunctions/core/deps';
import { keys } from '../../cloudfunctions/core/keys';
import type { BookingDoc, SessionDoc } from '../../cloudfunctions/core/services/docs';
import { DistrictService } from '../../cloudfunctions/core/services/district';
import { newSeats, transition, UnitOfWork } from '../../cloudfunctions/core/services/ledger';
import { ControllableClock, shanghaiInstant } from '../../cloudfunctions/core/time';
import { COLLECTIONS, type Store } from '../../cloudfunctions/store/port';
import { openSqliteStore } from '../../cloudfunctions/store/sqlite';
import { createWxCloudStore, ensureCollections } from '../../cloudfunctions/store/wxcloud';
import { sdkEnv, startFakeCloudDb, type RunningFakeCloudDb } from '../../tools/fake-clouddb/server';

const ADMIN = 'district-admin';
const NOW = '2026-07-01T12:00:00+08:00';
const SESSIONS = 105; // per community: more than one read (100) of sessions and of counters

function datesFrom(start: string, n: number): string[] {
  const d = new Date(`${start}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(d.getTime() + i * 86400_000).toISOString().slice(0, 10));
}

/** Two communities of 黄浦区, one of 浦东新区; a few booked sessions through the ledger; one counter from before the tally. */
async function seed(store: Store): Promise<void> {
  const nowIso = new Date(NOW).toISOString();
  for (const [c, district] of [
    [0, '黄浦区'],
    [1, '黄浦区'],
    [2, '浦东新区'],
  ] as const) {
    const communityId = `cm_${c}`;
    const siteId = `st_${c}`;
    await store.create('communities', { _id: communityId, name: `社区${c}`, district, code: `C${c}`, createdAt: nowIso });
    await store.create('sites', { _id: siteId, communityId, name: `宝宝屋${c}`, address: '1 号', capacity: 10, createdAt: nowIso });
    await store.create('children', {
      _id: `ch_${c}`,
      communityId,
      ownerOpenid: `o_${c}`,
      guardianId: 'g',
      name: '宝宝',
      gender: 'F',
      birthDate: '2025-01-01',
      pickups: [],
      createdAt: nowIso,
    });
    await store.create('residents', {
      _id: `res_${communityId}_2026`,
      communityId,
      year: 2026,
      count: 50 + c,
      updatedAt: nowIso,
      updatedBy: ADMIN,
    });
    const dates = datesFrom('2026-03-01', c === 2 ? 5 : SESSIONS);
    for (const [i, date] of dates.entries()) {
      const sessionId = keys.session(siteId, date, '09:00');
      const session: SessionDoc = {
        _id: sessionId,
        siteId,
        communityId,
        siteName: `宝宝屋${c}`,
        kind: i === 3 ? ('parenting_guidance' as never) : 'temporary_care',
        date,
        start: '09:00',
        end: '11:00',
        startAt: shanghaiInstant(date, '09:00').toISOString(),
        endAt: shanghaiInstant(date, '11:00').toISOString(),
        capacity: 10,
        status: i === 7 ? 'cancelled' : 'open',
        createdAt: nowIso,
      };
      await store.create('sessions', session);
      if (i % 20 !== 3) {
        await store.create('counters', newSeats(sessionId));
        continue;
      }
      // booked sessions: through the ledger (tallied), except one of community 1 with a counter older than the tally
      const legacy = c === 1 && i === 23;
      await store.transaction(async (tx) => {
        const uow = new UnitOfWork(tx);
        if (legacy) uow.put('counters', { _id: keys.seats(sessionId), sessionId, booked: 0, waitlisted: 0, queue: [] });
        else uow.put('counters', newSeats(sessionId));
        const finals: BookingStatus[] = ['checked_out', 'no_show', 'late_cancelled', 'checked_in'];
        for (const [k, final] of finals.entries()) {
          const id = `bk_${c}_${i}_${k}`;
          const base: BookingDoc = {
            _id: id,
            status: 'confirmed',
            sessionId,
            childId: `ch_${c}_${k}`,
            communityId,
            siteId,
            ownerOpenid: null,
            kind: session.kind,
            date,
            year: 2026,
            startAt: session.startAt,
            endAt: session.endAt,
            checkinCode: `${id}.x`,
            createdAt: nowIso,
            updatedAt: nowIso,
          };
          const b = await transition(uow, base, null, 'confirmed', nowIso);
          await transition(uow, b, 'confirmed', final, nowIso);
        }
        await uow.commit();
      });
    }
  }
}

const service = (store: Store) => {
  const clock = new ControllableClock();
  clock.set(new Date(NOW));
  const deps: Deps = {
    store,
    clock,
    ids: randomIds,
    signer: hmacSigner('t'),
    config: { districtAdmins: [ADMIN], publicUrl: 'http://x', platform: 'local' },
  };
  return new DistrictService(deps);
};

describe('admin.districtStats on the WeChat adapter', () => {
  let fake: RunningFakeCloudDb;
  let dir: string;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    fake = await startFakeCloudDb();
    Object.assign(process.env, sdkEnv(fake.url));
    dir = mkdtempSync(join(tmpdir(), 'bh-district-wx-'));
  });
  afterAll(async () => {
    await fake?.close();
    process.env = savedEnv;
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages past the 100-document read cap and answers what SQLite answers', async () => {
    const cloud = require('wx-server-sdk');
    cloud.init({ env: 'test', keepalive: false, timeout: 60000 });
    const db = cloud.database();
    expect(await ensureCollections(db)).toEqual([...COLLECTIONS]);
    const wx = createWxCloudStore(db);
    const sqlite = openSqliteStore(join(dir, 'd.db'));
    try {
      await seed(wx);
      await seed(sqlite);
      for (const input of [
        { from: '2026-01-01', to: '2026-12-31' },
        { from: '2026-03-01', to: '2026-05-31', district: '黄浦区' },
      ]) {
        const before = fake.db.stats.requests;
        const onWx = await service(wx).districtStats(ADMIN, input);
        const requests = fake.db.stats.requests - before;
        const onSqlite = await service(sqlite).districtStats(ADMIN, input);
        expect(onWx).toEqual(onSqlite);
        console.log(
          `districtStats ${JSON.stringify(input)} on wx-server-sdk → fake-clouddb: ${requests} database requests, ` +
            `${onWx.totals.sessions} sessions, totals ${JSON.stringify({ bookings: onWx.totals.bookings, attended: onWx.totals.attended, noShows: onWx.totals.noShows })}`,
        );
      }
      const year = await service(wx).districtStats(ADMIN, { from: '2026-01-01', to: '2026-12-31' });
      // every big community: SESSIONS − 1 open (one cancelled), booked every 20th from the 4th; the small one: 5 open, 1 booked;
      // each booked session: 4 bookings, 2 attended, 1 no-show
      const booked = 2 * Math.ceil((SESSIONS - 3) / 20) + 1;
      expect(year.totals).toMatchObject({ sessions: 2 * (SESSIONS - 1) + 5, bookings: booked * 4, attended: booked * 2, noShows: booked });
      expect(year.communities.map((r) => r.guidedChildren)).toEqual([2, 2, 2]); // the guidance session (i = 3): two attended
    } finally {
      await sqlite.close();
    }
  }, 120_000);
});
