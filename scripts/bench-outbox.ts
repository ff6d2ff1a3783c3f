/**
 * `npm run bench:outbox`: a benchmark, not a test. How many notices one scheduled run delivers inside
 * its time budget, measured through the real wx-server-sdk against tools/fake-clouddb (snapshot
 * isolation), with WeChat's subscribeMessage.send stood in by a delay (BENCH_SEND_MS, default 120 ms:
 * no real WeChat call is possible offline — set it to what the function logs show).
 *
 * Runs the scheduler with the production budget (BABYHOUSE_TASK_BUDGET_MS, 12 s) over BENCH_NOTICES
 * notices (default 200) until the outbox is empty: each run's delivered count and elapsed time next to
 * the admin function's timeout (cloudbaserc.json), then the time per notice (claim transaction + send
 * + outcome transaction) and how many fit in one run.
 */
import { performance } from 'perf_hooks';
import { hmacSigner, randomIds, type Deps } from '../cloudfunctions/core/deps';
import { SchedulerService } from '../cloudfunctions/core/services/scheduler';
import { ControllableClock } from '../cloudfunctions/core/time';
import { DEFAULT_TASK_BUDGET_MS } from '../cloudfunctions/core/wx-main';
import { createWxCloudStore, ensureCollections, type WxDatabase } from '../cloudfunctions/store/wxcloud';
import { sdkEnv, startFakeCloudDb } from '../tools/fake-clouddb/server';
import { readCloudbaseRc } from './build-cloud';

const NOTICES = Number(process.env.BENCH_NOTICES ?? 200);
const SEND_MS = Number(process.env.BENCH_SEND_MS ?? 120);
const BUDGET_MS = Number(process.env.BABYHOUSE_TASK_BUDGET_MS ?? DEFAULT_TASK_BUDGET_MS);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main(): Promise<void> {
  const fake = await startFakeCloudDb({ isolation: 'snapshot' });
  try {
    Object.assign(process.env, sdkEnv(fake.url));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk');
    cloud.init({ env: 'bench', keepalive: false, timeout: 60000 });
    const db: WxDatabase = cloud.database();
    await ensureCollections(db);
    const store = createWxCloudStore(db);
    const clock = new ControllableClock();
    clock.set(new Date('2027-03-01T10:00:00+08:00'));
    const deps: Deps = {
      store,
      clock,
      ids: randomIds,
      signer: hmacSigner('bench'),
      config: { districtAdmins: [], publicUrl: '', platform: 'wx' },
    };

    // the outbox as a cancelled session leaves it: one change notice per family, each family subscribed
    for (let i = 0; i < NOTICES; i++) {
      await store.create('bookings', {
        _id: `bk_${i}`,
        status: 'session_cancelled',
        subscribed: ['booking_change'],
        ownerOpenid: `o_${i}`,
      });
      await store.create('notifications', {
        _id: `nt_${String(i).padStart(5, '0')}`,
        openid: `o_${i}`,
        kind: 'session_cancelled',
        bookingId: `bk_${i}`,
        communityId: 'c',
        title: '场次取消',
        body: '场次已取消',
        createdAt: new Date(Date.UTC(2027, 2, 1, 0, 0, i)).toISOString(),
        fields: { child: `孩子${i}`, date: '2027-03-04', start: '09:00', end: '11:00', site: '奉浦宝宝屋', reason: '场地维修' },
        status: 'pending',
        attempts: 0,
        leaseUntil: null,
        dedupeKey: `nt_${i}`,
        sentAt: null,
      });
    }

    const perNotice: number[] = [];
    const scheduler = new SchedulerService(deps, () => new Promise<void>((r) => setTimeout(r, SEND_MS)), undefined, {
      budgetMs: BUDGET_MS,
    });

    const adminTimeout = readCloudbaseRc().functions.find((f) => f.name === 'admin')!.timeout;
    console.log(`Outbox delivery through wx-server-sdk → fake-clouddb (snapshot isolation); WeChat send stood in by ${SEND_MS} ms`);
    console.log(`${NOTICES} pending notices; run budget ${BUDGET_MS} ms; admin timeout ${adminTimeout} s (cloudbaserc.json)\n`);
    let run = 0;
    let total = 0;
    for (;;) {
      const pending = await store.count('notifications', { status: 'pending' });
      if (pending === 0 || run >= 20) break;
      run++;
      const t0 = performance.now();
      const report = await scheduler.runDue();
      const ms = performance.now() - t0;
      total += report.delivered;
      if (report.delivered) perNotice.push(...Array(report.delivered).fill(ms / report.delivered));
      console.log(
        `run ${run}: delivered ${String(report.delivered).padStart(4)}  elapsed ${(ms / 1000).toFixed(2).padStart(6)} s` +
          `  stopped early: ${report.deferred ? 'yes' : 'no '}  ${ms <= adminTimeout * 1000 ? 'inside' : 'OVER'} the ${adminTimeout} s timeout`,
      );
    }
    console.log(
      `\nper notice (run elapsed ÷ delivered): p50 ${pct(perNotice, 50).toFixed(0)} ms, p95 ${pct(perNotice, 95).toFixed(0)} ms` +
        ` (of which the stand-in send ${SEND_MS} ms); ${total} delivered in ${run} runs`,
    );
    console.log(
      `a ${BUDGET_MS / 1000} s run delivers ~${Math.floor(BUDGET_MS / pct(perNotice, 50))} notices; the rest waits for the next minute`,
    );
  } finally {
    await fake.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
