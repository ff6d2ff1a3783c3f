/**
 * `npm run bench:stats`: a benchmark, not a test. Builds a district on a fresh SQLite file — 40
 * communities × 150 sessions (one year, Tuesdays/Thursdays/Saturdays) × 40 places, 70 % of places
 * booked — through the booking ledger itself (every booking moves its counters as in production:
 * sessions before the frozen clock end checked out / no-show / late-cancelled, later ones stay
 * confirmed), then calls admin.districtStats for the whole year and prints:
 *   - latency p50 / p99 / max over BENCH_CALLS calls (in process: service + store, no HTTP),
 *   - store calls and documents read per call, and what that is in WeChat database reads (≤ 100
 *     documents per read), with the largest single query,
 *   - the same for the alternative this design avoids: recounting bookings (the tally removed),
 *   - a check that the tallies equal a recount (the invariant checker).
 * Env: BENCH_COMMUNITIES (40), BENCH_SESSIONS (150), BENCH_PLACES (40), BENCH_BOOKED (0.7), BENCH_CALLS (30).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { BookingStatus } from '../cloudfunctions/shared/contract';
import { hmacSigner, randomIds, type Deps } from '../cloudfunctions/core/deps';
import { checkStoreInvariants } from '../cloudfunctions/core/invariants';
import { keys } from '../cloudfunctions/core/keys';
import { createServices } from '../cloudfunctions/core/services';
import type { BookingDoc, ChildDoc, SessionDoc } from '../cloudfunctions/core/services/docs';
import { newSeats, transition, UnitOfWork } from '../cloudfunctions/core/services/ledger';
import { ControllableClock, shanghaiInstant } from '../cloudfunctions/core/time';
import type { Doc, QueryOptions, Store, Where } from '../cloudfunctions/store/port';
import { openSqliteStore } from '../cloudfunctions/store/sqlite';

const COMMUNITIES = Number(process.env.BENCH_COMMUNITIES ?? 40);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 150);
const PLACES = Number(process.env.BENCH_PLACES ?? 40);
const BOOKED = Number(process.env.BENCH_BOOKED ?? 0.7);
const CALLS = Number(process.env.BENCH_CALLS ?? 30);
const ADMIN = 'bench-district-admin';
const NOW = '2026-10-15T12:00:00+08:00';
const WX_PAGE = 100;

/** Counts what the services ask the store for. */
class CountingStore {
  calls = 0;
  docs = 0;
  wxReads = 0;
  largest = 0;
  constructor(private readonly inner: Store) {}
  reset() {
    this.calls = 0;
    this.docs = 0;
    this.wxReads = 0;
    this.largest = 0;
  }
  wrap(): Store {
    const self = this;
    return new Proxy(this.inner, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === 'query') {
          return async (c: string, w: Where, o?: QueryOptions) => {
            const rows = await target.query(c, w, o);
            self.calls++;
            self.docs += rows.length;
            self.wxReads += Math.max(1, Math.ceil(rows.length / WX_PAGE));
            self.largest = Math.max(self.largest, rows.length);
            return rows;
          };
        }
        if (prop === 'count' || prop === 'get') {
          return async (...args: unknown[]) => {
            self.calls++;
            self.wxReads++;
            if (prop === 'get') self.docs++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

function sessionDates(n: number): string[] {
  const out: string[] = [];
  const d = new Date(Date.UTC(2026, 0, 1));
  while (out.length < n) {
    const dow = d.getUTCDay();
    if (dow === 2 || dow === 4 || dow === 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function seed(store: Store, nowIso: string): Promise<number> {
  const dates = sessionDates(SESSIONS);
  const perSession = Math.round(PLACES * BOOKED);
  // bookings rotate over groups of children so that nobody passes the yearly 12 (the invariants check quota too)
  const groups = Math.ceil(SESSIONS / 12);
  const childrenPerCommunity = perSession * groups;
  let bookings = 0;
  for (let c = 0; c < COMMUNITIES; c++) {
    const communityId = `cm_bench${String(c).padStart(2, '0')}`;
    const siteId = `st_bench${String(c).padStart(2, '0')}`;
    await store.transaction(async (tx) => {
      await tx.create('communities', {
        _id: communityId,
        name: `第${c + 1}社区`,
        district: c % 2 ? '黄浦区' : '浦东新区',
        code: `B${c}`,
        createdAt: nowIso,
      });
      await tx.create('sites', {
        _id: siteId,
        communityId,
        name: `第${c + 1}宝宝屋`,
        address: '1 号',
        capacity: PLACES,
        createdAt: nowIso,
      });
      for (let k = 0; k < childrenPerCommunity; k++) {
        const child: ChildDoc = {
          _id: `ch_${c}_${k}`,
          guardianId: `g_${c}_${k}`,
          ownerOpenid: `o_${c}_${k}`,
          communityId,
          name: '宝宝',
          gender: 'F',
          birthDate: '2024-06-01',
          pickups: [],
          createdAt: nowIso,
        };
        await tx.create('children', child);
      }
      await tx.create('residents', {
        _id: `res_${communityId}_2026`,
        communityId,
        year: 2026,
        count: 400 + c,
        updatedAt: nowIso,
        updatedBy: ADMIN,
      });
    });
    for (let i = 0; i < dates.length; i++) {
      const date = dates[i];
      const sessionId = keys.session(siteId, date, '09:00');
      const session: SessionDoc = {
        _id: sessionId,
        siteId,
        communityId,
        siteName: `第${c + 1}宝宝屋`,
        kind: 'temporary_care',
        date,
        start: '09:00',
        end: '11:00',
        startAt: shanghaiInstant(date, '09:00').toISOString(),
        endAt: shanghaiInstant(date, '11:00').toISOString(),
        capacity: PLACES,
        status: 'open',
        createdAt: nowIso,
      };
      const past = session.endAt < nowIso;
      await store.transaction(async (tx) => {
        await tx.create('sessions', session);
        await tx.create('counters', newSeats(sessionId));
        const uow = new UnitOfWork(tx);
        for (let k = 0; k < perSession; k++) {
          const childId = `ch_${c}_${(i % groups) * perSession + k}`;
          const id = `bk_${c}_${i}_${k}`;
          const base: BookingDoc = {
            _id: id,
            status: 'confirmed',
            sessionId,
            childId,
            communityId,
            siteId,
            ownerOpenid: `o_${c}_${k}`,
            kind: 'temporary_care',
            date,
            year: 2026,
            startAt: session.startAt,
            endAt: session.endAt,
            checkinCode: `${id}.x`,
            createdAt: nowIso,
            updatedAt: nowIso,
          };
          let b = await transition(uow, base, null, 'confirmed', nowIso);
          if (past) {
            const final: BookingStatus = k % 10 === 0 ? 'no_show' : k % 10 === 1 ? 'late_cancelled' : 'checked_out';
            b = await transition(uow, b, 'confirmed', final, nowIso);
          }
          bookings++;
        }
        await uow.commit();
      });
    }
  }
  return bookings;
}

async function measure(services: ReturnType<typeof createServices>, counter: CountingStore, label: string, calls: number) {
  const lat: number[] = [];
  let last: Awaited<ReturnType<typeof services.district.districtStats>> | null = null;
  let per = { calls: 0, docs: 0, wxReads: 0, largest: 0 };
  for (let i = 0; i < calls; i++) {
    counter.reset();
    const t = performance.now();
    last = await services.district.districtStats(ADMIN, { from: '2026-01-01', to: '2026-12-31' });
    lat.push(performance.now() - t);
    per = { calls: counter.calls, docs: counter.docs, wxReads: counter.wxReads, largest: counter.largest };
  }
  lat.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(30)} ${String(calls).padStart(3)} calls  p50 ${pct(lat, 50).toFixed(1).padStart(7)} ms  p99 ${pct(lat, 99).toFixed(1).padStart(7)} ms  ` +
      `max ${lat[lat.length - 1].toFixed(1).padStart(7)} ms | per call: ${per.calls} store calls, ${per.docs} documents, ` +
      `≈ ${per.wxReads} WeChat reads of ≤ ${WX_PAGE}, largest query ${per.largest} documents`,
  );
  return last!;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'babyhouse-bench-stats-'));
  const store = openSqliteStore(join(dir, 'stats.db'));
  try {
    const clock = new ControllableClock();
    clock.set(new Date(NOW));
    const counter = new CountingStore(store);
    const deps: Deps = {
      store: counter.wrap(),
      clock,
      ids: randomIds,
      signer: hmacSigner('bench'),
      config: { districtAdmins: [ADMIN], publicUrl: 'http://localhost', platform: 'local' },
      log: () => undefined,
    };
    const services = createServices(deps);
    const t0 = performance.now();
    const bookings = await seed(store, clock.now().toISOString());
    console.log(
      `bench:stats — ${COMMUNITIES} communities × ${SESSIONS} sessions × ${PLACES} places, ${Math.round(BOOKED * 100)} % booked: ` +
        `${bookings} bookings through the ledger in ${((performance.now() - t0) / 1000).toFixed(1)} s; clock ${NOW}; range 2026-01-01…2026-12-31`,
    );

    const res = await measure(services, counter, 'districtStats (tallies)', CALLS);
    const t = res.totals;
    console.log(
      `  totals: ${res.communities.length} rows, sessions ${t.sessions}, bookings ${t.bookings}, attended ${t.attended}, ` +
        `noShows ${t.noShows}, utilisation ${t.utilisation}, registered ${t.registeredChildren}, residents ${t.residentChildren}`,
    );
    const expected = { sessions: COMMUNITIES * SESSIONS, bookings };
    const ok = t.sessions === expected.sessions && t.bookings === expected.bookings;
    if (!ok) console.error(`  MISMATCH: expected ${JSON.stringify(expected)}`);

    const inv = await checkStoreInvariants(store as never);
    console.log(
      `  invariants: ${inv.ok ? 'ok' : `${inv.differences.length} differences`} (${inv.checked.seatCounters} seat counters with tallies recounted)`,
    );

    // the alternative: no tally, every booking read (what a per-booking aggregation costs)
    const seats = (await store.query('counters', {})).filter((d: Doc) => d._id.startsWith('seats_'));
    await store.transaction(async (tx) => {
      for (const s of seats) await tx.update('counters', s._id, { set: { tallied: null } });
    });
    const slow = await measure(services, counter, 'districtStats (recount)', Math.min(5, CALLS));
    const same = JSON.stringify(slow) === JSON.stringify(res);
    console.log(`  recount answers the same: ${same}`);
    return ok && inv.ok && same ? 0 : 1;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
