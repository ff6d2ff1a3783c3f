/**
 * The ledger property on the production adapter: the WeChat store (real wx-server-sdk 4.0.2) over
 * tools/fake-clouddb in snapshot-isolation mode — reads are not validated, only write-write conflicts
 * abort, as on CloudBase. Each step is a batch of up to 3 concurrent operations, so transactions
 * interleave and any write skew in a service breaks an invariant here. PROPERTY_RUNS to vary.
 */
import { checkLedgerProperty } from './ledger-model';
import { createWxCloudStore, ensureCollections, type WxDatabase } from '../../cloudfunctions/store/wxcloud';
import { sdkEnv, startFakeCloudDb, type RunningFakeCloudDb } from '../../tools/fake-clouddb/server';

let fake: RunningFakeCloudDb;
let db: WxDatabase;
const savedEnv = { ...process.env };

beforeAll(async () => {
  fake = await startFakeCloudDb({ isolation: 'snapshot' });
  Object.assign(process.env, sdkEnv(fake.url));
  const cloud = require('wx-server-sdk');
  cloud.init({ env: 'test', keepalive: false, timeout: 60000 });
  db = cloud.database();
  await ensureCollections(db);
});

afterAll(async () => {
  await fake?.close();
  process.env = savedEnv;
});

it('ledger invariants hold on fake-clouddb (snapshot isolation) with concurrent operations', async () => {
  expect(fake.db.isolation).toBe('snapshot');
  const conflictsBefore = fake.db.stats.conflicts;
  let conflicts = 0;
  const f = await checkLedgerProperty({
    numRuns: Number(process.env.PROPERTY_RUNS ?? 12), maxOps: 16, concurrency: 3,
    store: async () => {
      conflicts += fake.db.stats.conflicts; // reset() zeroes the stats
      fake.db.reset();
      return createWxCloudStore(db, { maxAttempts: 120 });
    },
  });
  conflicts += fake.db.stats.conflicts - conflictsBefore;
  console.log(`ledger property on fake-clouddb (snapshot isolation, ≤ 3 concurrent ops per step): ${f.runs} runs, ${f.steps} operations, `
    + `${conflicts} write-write conflicts retried, ok ${JSON.stringify(f.ok)}, refused ${JSON.stringify(f.refused)}, `
    + `final bookings ${JSON.stringify(f.statuses)}, ${f.elapsedMs} ms`);
  expect(f.steps).toBeGreaterThan(0);
}, 600_000);
