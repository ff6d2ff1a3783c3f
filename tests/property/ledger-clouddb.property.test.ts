/**
 * The ledger property on the production adapter: the WeChat store (real wx-server-sdk 4.0.2) over
 * tools/fake-clouddb in snapshot-isolation mode — reads are not validated, only write-write conflicts
 * abort, as on CloudBase. Each step is a batch of up to 3 concurrent operations, so transactions
 * interleave and any write skew in a service breaks an invariant here. PROPERTY_RUNS to vary.
 */
import { checkLedgerProperty } from './ledger-model';
import { createWxCloudStore } from '../../cloudfunctions/store/wxcloud';
import { fakeCloudDbSuite } from '../support/fake-clouddb';

const cloud = fakeCloudDbSuite({ isolation: 'snapshot' });

it('ledger invariants hold on fake-clouddb (snapshot isolation) with concurrent operations', async () => {
  expect(cloud.fake.db.isolation).toBe('snapshot');
  const conflictsBefore = cloud.fake.db.stats.conflicts;
  let conflicts = 0;
  const f = await checkLedgerProperty({
    numRuns: Number(process.env.PROPERTY_RUNS ?? 12),
    maxOps: 16,
    concurrency: 3,
    store: async () => {
      conflicts += cloud.fake.db.stats.conflicts; // reset() zeroes the stats
      cloud.fake.db.reset();
      return createWxCloudStore(cloud.db, { maxAttempts: 120 });
    },
  });
  conflicts += cloud.fake.db.stats.conflicts - conflictsBefore;
  console.log(
    `ledger property on fake-clouddb (snapshot isolation, ≤ 3 concurrent ops per step): ${f.runs} runs, ${f.steps} operations, ` +
      `${conflicts} write-write conflicts retried, ok ${JSON.stringify(f.ok)}, refused ${JSON.stringify(f.refused)}, ` +
      `final bookings ${JSON.stringify(f.statuses)}, ${f.elapsedMs} ms`,
  );
  expect(f.steps).toBeGreaterThan(0);
}, 600_000);
