/**
 * Property: whatever sequence of book, waitlist, cancel, check-in, check-out, no-show, admin cancel,
 * account deletion and clock moves happens, the seat, quota and claim counters equal a recount of the
 * bookings, nothing is overbooked or double-booked, and no step fails with INTERNAL (tests/property/ledger-model.ts).
 * Modest runs here; `npm run test:stress` runs many more.
 */
import { checkLedgerProperty } from './ledger-model';

it('ledger invariants hold after every step of random operation sequences', async () => {
  const f = await checkLedgerProperty({ numRuns: Number(process.env.PROPERTY_RUNS ?? 40), maxOps: 40 });
  console.log(
    `ledger property: ${f.runs} runs, ${f.steps} steps, ok ${JSON.stringify(f.ok)}, refused ${JSON.stringify(f.refused)}, ` +
      `final bookings ${JSON.stringify(f.statuses)}, ${f.elapsedMs} ms`,
  );
  expect(f.steps).toBeGreaterThan(0);
}, 120_000);

it('with sessions of every kind mixed, the invariants of each kind hold after every step', async () => {
  const f = await checkLedgerProperty({ numRuns: Number(process.env.PROPERTY_RUNS ?? 40), maxOps: 40, mixKinds: true });
  console.log(
    `ledger property (kinds mixed): ${f.runs} runs, ${f.steps} steps, ok ${JSON.stringify(f.ok)}, refused ${JSON.stringify(f.refused)}, ` +
      `final bookings ${JSON.stringify(f.statuses)}, ${f.elapsedMs} ms`,
  );
  expect(f.steps).toBeGreaterThan(0);
  // the mix reaches the per-kind refusals, not only the shared ones
  expect((f.refused.QUOTA_EXHAUSTED ?? 0) + (f.refused.NOT_ELIGIBLE ?? 0)).toBeGreaterThan(0);
}, 180_000);
