/**
 * `npm run bench:booking`: a benchmark, not a test. Starts the runtime as its own process (what
 * `npm run server` runs) on a fresh temporary database, then from one run prints:
 *   - the no-op request rate: `user.profile` of a caller with no family (the whole path — HTTP, token,
 *     dispatch, validation, two reads — minus the booking work), and GET /healthz for reference;
 *   - the `booking.book` rate (every call a successful booking: a write transaction);
 *   - their ratio (goal ≥ 0.5) and p50/p99 latency at 64 concurrent clients (goal p99 ≤ 100 ms);
 *   - an invariant check (seat, quota and claim counters equal a recount of bookings).
 * Env: BENCH_CLIENTS (64), BENCH_CHILDREN (500), BENCH_SESSIONS (10), BENCH_NOOP (5000).
 * Exits 1 only if a request failed or the invariants do not hold.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { formatInvariantReport } from '../cloudfunctions/core/invariants';
import { addDays } from '../cloudfunctions/core/time';
import { checkDatabaseFile } from './check-invariants';
import { Api, percentile, pool, type Reply } from '../tests/support/http';
import { spawnServer } from '../tests/support/server-process';
import { Scenario, type Family } from '../tests/support/world';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 500);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10);
const NOOP = Number(process.env.BENCH_NOOP ?? 5000);

interface Run {
  label: string;
  n: number;
  ok: number;
  failed: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  max: number;
}

async function measure(label: string, items: number, send: (i: number) => Promise<Reply>, ok: (r: Reply) => boolean): Promise<Run> {
  const lat: number[] = [];
  let good = 0;
  const started = performance.now();
  await pool(
    Array.from({ length: items }, (_, i) => i),
    CLIENTS,
    async (i) => {
      const r = await send(i);
      lat.push(r.ms);
      if (ok(r)) good++;
    },
  );
  const seconds = (performance.now() - started) / 1000;
  lat.sort((a, b) => a - b);
  return {
    label,
    n: items,
    ok: good,
    failed: items - good,
    seconds,
    rate: items / seconds,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    max: lat[lat.length - 1],
  };
}

const fmt = (r: Run) =>
  `${r.label.padEnd(34)} ${String(r.n).padStart(6)} req  ${r.rate.toFixed(0).padStart(6)} req/s  ` +
  `p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  max ${r.max.toFixed(1).padStart(7)} ms  failed ${r.failed}`;

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'babyhouse-bench-'));
  const dbFile = join(dir, 'bench.db');
  const server = await spawnServer({ dbFile });
  const api = new Api(server.url, { maxSockets: CLIENTS });
  try {
    console.log(
      `bench:booking — runtime pid ${server.proc.pid} on ${server.url}, db ${dbFile}, ${CLIENTS} concurrent clients (keep-alive)`,
    );
    const s = await Scenario.connect(api);
    const c = await s.givenCommunity({ capacity: 500, policy: { yearlyFreeSessions: 365, maxUpcomingBookings: 50 } });
    const sessions = await s.givenSessions(c, {
      dates: Array.from({ length: SESSIONS }, (_, i) => addDays(s.today(), i + 1)),
      capacity: 500,
    });
    const setupStarted = performance.now();
    const kids: Family[] = await pool(Array.from({ length: CHILDREN }), 16, () => s.givenParentWithChild(c));
    const stranger = await s.person('bench-no-family');
    console.log(
      `setup: ${CHILDREN} families, ${SESSIONS} sessions × 500 places in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    // warm-up (JIT, statement caches, sockets)
    await measure(
      'warm-up',
      500,
      () => api.call('user', 'profile', {}, stranger.token),
      (r) => r.status === 200,
    );

    const healthz = await measure(
      'GET /healthz',
      NOOP,
      () => api.raw({ method: 'GET', path: '/healthz' }),
      (r) => r.status === 200,
    );
    const noop = await measure(
      'no-op: user.profile (no family)',
      NOOP,
      () => api.call('user', 'profile', {}, stranger.token),
      (r) => r.status === 200,
    );
    // every child books every session once: CHILDREN × SESSIONS successful bookings
    const calls = kids.flatMap((fam, k) => sessions.map((ses, j) => ({ fam, ses, rid: `bench-${k}-${j}-req` })));
    for (let i = calls.length - 1; i > 0; i--) {
      // shuffled: concurrent calls hit different sessions and children
      const j = Math.floor(Math.random() * (i + 1));
      [calls[i], calls[j]] = [calls[j], calls[i]];
    }
    const book = await measure(
      'booking.book (all confirmed)',
      calls.length,
      (i) =>
        api.call(
          'booking',
          'book',
          {
            sessionId: calls[i].ses.id,
            childId: calls[i].fam.child.id,
            requestId: calls[i].rid,
          },
          calls[i].fam.token,
        ),
      (r) => r.status === 200 && r.body?.data?.booking?.status === 'confirmed',
    );

    const report = checkDatabaseFile(dbFile);
    const ratio = book.rate / noop.rate;
    console.log('');
    console.log(fmt(healthz));
    console.log(fmt(noop));
    console.log(fmt(book));
    console.log('');
    console.log(`no-op rate (user.profile, no family): ${noop.rate.toFixed(0)} req/s   [/healthz: ${healthz.rate.toFixed(0)} req/s]`);
    console.log(`booking.book rate:                    ${book.rate.toFixed(0)} req/s`);
    console.log(
      `ratio book / no-op:                   ${ratio.toFixed(2)}   (goal ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'}; ` +
        `vs /healthz ${(book.rate / healthz.rate).toFixed(2)})`,
    );
    console.log(
      `booking.book latency at ${CLIENTS} clients:  p50 ${book.p50.toFixed(1)} ms, p99 ${book.p99.toFixed(1)} ms ` +
        `(goal p99 ≤ 100 ms: ${book.p99 <= 100 ? 'met' : 'NOT met'})`,
    );
    console.log(formatInvariantReport(report));
    console.log(`bookings by status: ${JSON.stringify(report.statuses)}`);
    const failed = noop.failed + book.failed + healthz.failed;
    if (failed) console.log(`${failed} requests failed`);
    return failed === 0 && report.ok ? 0 : 1;
  } finally {
    api.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
