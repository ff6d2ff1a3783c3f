/**
 * The ledger property of tests/property at stress scale: many more and longer random sequences of book,
 * waitlist, cancel, check-in, check-out, no-show, admin cancel, account deletion and clock moves, with the
 * invariants checked after every step. PROPERTY_RUNS / PROPERTY_SEED to vary.
 */
import { checkLedgerProperty } from '../property/ledger-model';

it('ledger invariants hold after every step (stress scale)', async () => {
  const numRuns = Number(process.env.PROPERTY_RUNS ?? 300);
  const seed = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
  const f = await checkLedgerProperty({ numRuns, maxOps: 80, seed });
  console.log(
    `ledger property (stress): ${f.runs} runs, ${f.steps} steps, ok ${JSON.stringify(f.ok)}, refused ${JSON.stringify(f.refused)}, ` +
      `final bookings ${JSON.stringify(f.statuses)}, ${f.elapsedMs} ms`,
  );
  expect(f.runs).toBe(numRuns);
});

it('ledger and per-kind invariants hold after every step with every kind mixed (stress scale)', async () => {
  const numRuns = Number(process.env.PROPERTY_RUNS ?? 150);
  const seed = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
  const f = await checkLedgerProperty({ numRuns, maxOps: 80, seed, mixKinds: true });
  console.log(
    `ledger property (stress, kinds mixed): ${f.runs} runs, ${f.steps} steps, ok ${JSON.stringify(f.ok)}, refused ${JSON.stringify(f.refused)}, ` +
      `final bookings ${JSON.stringify(f.statuses)}, ${f.elapsedMs} ms`,
  );
  expect(f.runs).toBe(numRuns);
});
