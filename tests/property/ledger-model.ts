/**
 * Random operation sequences against the services (in process, real SQLite on tmpfs, a clock the test
 * moves): book (with retried and reused request ids), waitlist, cancel, check-in, check-out, no-show
 * marking, admin session cancellation (also one interrupted by a crash, then finished by a restart or
 * by calling it again), account deletion and registering the same child again, course progress reports
 * and clock moves (forward, as a server clock does; see ledger-findings.test.ts for what a backward
 * move allows). After every step the ledger and lifecycle invariants (cloudfunctions/core/invariants.ts)
 * and the course-credit bound (credit ≤ 2 s + 1.5 × wall time since the first report; completed only
 * at 90 %) must hold, and every refusal must be a contract error other than INTERNAL/BUSY. Used by tests/property (modest runs) and tests/stress (many).
 */
import fc from 'fast-check';
import { checkStoreInvariants, formatInvariantReport } from '../../cloudfunctions/core/invariants';
import { addDays } from '../../cloudfunctions/core/time';
import { AppError } from '../../cloudfunctions/shared/errors';
import { ADMIN, givenScenario } from '../services/scenario';
import { ageInMonths, CLAIM_STATUSES, consumesQuota, isEligibleAge } from '../../cloudfunctions/core/rules';
import { isFamilyKind, kindOf, kindPolicy } from '../../cloudfunctions/core/rules/policy';
import type { BookingDoc } from '../../cloudfunctions/core/services/docs';
import type { Store } from '../../cloudfunctions/store/port';
import type { ProgressDoc } from '../../cloudfunctions/core/services/docs';
import { SessionCancellation } from '../../cloudfunctions/core/services/cancellation';
import type { Policy, ServiceKind } from '../../cloudfunctions/shared/contract';

export type Op =
  | { kind: 'book'; child: number; session: number; waitlist: boolean; request: number }
  | { kind: 'cancel'; booking: number }
  | { kind: 'checkIn'; booking: number; byCode: boolean }
  | { kind: 'checkOut'; booking: number; authorised: boolean }
  | { kind: 'adminCancel'; session: number }
  | { kind: 'deleteAccount'; family: number }
  | { kind: 'reRegister'; family: number }
  | { kind: 'crashCancel'; session: number; finishBy: 'restart' | 'again' }
  | { kind: 'progress'; family: number; episode: number; delta: number }
  | { kind: 'clock'; minutes: number }
  | { kind: 'clockTo'; session: number; minutes: number };

const CHILDREN = 5;
const FAMILIES = 3; // family 0 has children 0 and 3, family 1 has 1 and 4, family 2 has 2
const SESSIONS = 6;
const EPISODES = ['e_finger_clap_1', 'e_finger_clap_2'];

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 16,
    arbitrary: fc.record({
      kind: fc.constant('book' as const),
      child: fc.nat(CHILDREN - 1),
      session: fc.nat(SESSIONS - 1),
      waitlist: fc.boolean(),
      request: fc.nat(3),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('cancel' as const), booking: fc.nat(30) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('checkIn' as const), booking: fc.nat(30), byCode: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('checkOut' as const), booking: fc.nat(30), authorised: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adminCancel' as const), session: fc.nat(SESSIONS - 1) }) },
  // only the last family ever deletes its account, so that most sequences keep families to act with
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteAccount' as const), family: fc.constant(FAMILIES - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reRegister' as const), family: fc.constant(FAMILIES - 1) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('crashCancel' as const),
      session: fc.nat(SESSIONS - 1),
      finishBy: fc.constantFrom('restart' as const, 'again' as const),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('progress' as const),
      family: fc.nat(FAMILIES - 1),
      episode: fc.nat(EPISODES.length - 1),
      delta: fc.constantFrom(-5, 0, 1.5, 2, 5, 10, 15, 16, 30, 400),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('clock' as const),
      minutes: fc.constantFrom(5, 20, 45, 90, 4 * 60, 10 * 60, 22 * 60),
    }),
  },
  {
    // to a session's door: before the waitlist closes, inside the check-in window, after the no-show grace
    // (never backwards: a server clock only moves forward)
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('clockTo' as const),
      session: fc.nat(SESSIONS - 1),
      minutes: fc.constantFrom(-26 * 60, -150, -45, -10, 30, 160),
    }),
  },
);

export interface RunFigures {
  steps: number;
  ok: Record<string, number>;
  refused: Record<string, number>;
  statuses: Record<string, number>;
}

export interface RunOptions {
  /** The store of each run (default: in-memory SQLite). */
  store?: () => Promise<Store>;
  /** Sessions of every kind (MIXED_KINDS), with per-kind invariants checked after every step too. */
  mixKinds?: boolean;
}

/** Builds a small world and applies `ops`, checking the invariants after every step. Throws on a violation. */
/**
 * The sessions' kinds with `mixKinds`: care, guidance (overlapping the care session), a festival (a family
 * event), guidance, a parent class (overlapping that guidance), care — and a 10-month-old in family 2.
 */
export const MIXED_KINDS: ServiceKind[] = [
  'temporary_care',
  'parenting_guidance',
  'festival_activity',
  'parenting_guidance',
  'parent_class',
  'temporary_care',
];

export async function runOps(ops: Op[], figures?: RunFigures, options: RunOptions = {}): Promise<void> {
  return runBatches(
    ops.map((op) => [op]),
    figures,
    options,
  );
}

/**
 * Applies batches of operations; the operations of one batch run concurrently (so that transactions
 * interleave: on a snapshot-isolation store that is where write skew shows). The invariants are checked
 * after every batch.
 */
export async function runBatches(batches: Op[][], figures?: RunFigures, options: RunOptions = {}): Promise<void> {
  const opts = options;
  const s = await givenScenario('2030-03-01T08:00:00+08:00', { store: options.store ? await options.store() : undefined });
  try {
    const svc = s.services;
    await s.policy({
      yearlyFreeSessions: 3,
      maxUpcomingBookings: 3,
      noShowLimit: 2,
      checkinOpensMinutesBefore: 60,
      ...(opts.mixKinds
        ? { maxUpcomingBookings: 2, kinds: { parenting_guidance: { yearlyFree: 1 }, parent_class: { yearlyFree: 1 } } }
        : {}),
    });
    const d = (n: number) => addDays('2030-03-01', n);
    const kind = (i: number) => (opts.mixKinds ? { kind: MIXED_KINDS[i] } : {});
    // overlapping pairs (0/1 and 3/4), small capacities so that seats run out and waitlists form
    const sessions = [
      await s.givenSession({ date: d(1), start: '09:00', end: '11:00', capacity: 2, ...kind(0) }),
      await s.givenSession({ date: d(1), start: '10:00', end: '12:00', capacity: 1, ...kind(1) }),
      await s.givenSession({ date: d(2), start: '09:00', end: '11:00', capacity: 2, ...kind(2) }),
      await s.givenSession({ date: d(2), start: '14:00', end: '16:00', capacity: 1, ...kind(3) }),
      await s.givenSession({ date: d(2), start: '15:00', end: '17:00', capacity: 2, ...kind(4) }),
      await s.givenSession({ date: d(4), start: '09:00', end: '11:00', capacity: 1, ...kind(5) }),
    ];
    const fams = [
      await s.givenChild({ ageMonths: 20 }),
      await s.givenChild({ ageMonths: 30 }),
      await s.givenChild({ ageMonths: opts.mixKinds ? 10 : 14 }),
    ];
    const policy = opts.mixKinds ? (await svc.admin.getPolicy(ADMIN, s.community.id)).policy : null;
    const kids = fams.map((f) => ({ openid: f.openid, child: f.child, guardianName: f.guardian.name }));
    for (const [i, f] of [fams[0], fams[1]].entries()) {
      const { child } = await svc.user.addChild(f.openid, { child: { name: `二宝${i}`, gender: 'M', birthDate: '2028-09-15' } });
      kids.push({ openid: f.openid, child, guardianName: f.guardian.name });
    }
    const worker = 'prop-worker';
    await svc.admin.addStaff(ADMIN, { communityId: s.community.id, openid: worker, role: 'worker' });
    const bookings: Array<{ id: string; code: string; kid: number }> = [];
    const familyInput = await Promise.all(
      fams.map(async (f) => ({ ...f, childInput: { name: f.child.name, gender: 'F' as const, birthDate: f.child.birthDate } })),
    );
    const positions = new Map<string, number>();
    const firstReport = new Map<string, number>();

    const runOne = async (step: number, op: Op): Promise<void> => {
      const attempt = async (): Promise<unknown> => {
        switch (op.kind) {
          case 'book': {
            const k = kids[op.child];
            const r = await svc.booking.book(k.openid, {
              sessionId: sessions[op.session].id,
              childId: k.child.id,
              requestId: `rq-${op.child}-${op.request}-prop`,
              waitlist: op.waitlist,
            });
            if (!bookings.some((b) => b.id === r.booking.id))
              bookings.push({ id: r.booking.id, code: r.booking.checkinCode, kid: op.child });
            if (figures && r.booking.status === 'waitlisted') figures.ok.waitlisted = (figures.ok.waitlisted ?? 0) + 1;
            return r;
          }
          case 'cancel': {
            const b = bookings[op.booking % Math.max(1, bookings.length)];
            return b ? svc.booking.cancel(kids[b.kid].openid, b.id) : null;
          }
          case 'checkIn': {
            const b = bookings[op.booking % Math.max(1, bookings.length)];
            return b ? svc.checkin.checkIn(worker, op.byCode ? { code: b.code } : { bookingId: b.id }) : null;
          }
          case 'checkOut': {
            const b = bookings[op.booking % Math.max(1, bookings.length)];
            return b
              ? svc.checkin.checkOut(worker, { bookingId: b.id, pickupName: op.authorised ? kids[b.kid].guardianName : '陌生人' })
              : null;
          }
          case 'adminCancel':
            return svc.admin.cancelSession(ADMIN, { sessionId: sessions[op.session].id, reason: '测试取消' });
          case 'deleteAccount':
            return svc.user.deleteAccount(fams[op.family].openid);
          case 'reRegister': {
            // the same guardian phone, child name and birth date: its quota and suspension must come back
            const f = familyInput[op.family];
            if (await svc.user.guardianOf(f.openid)) return null;
            const r = await svc.user.register(f.openid, {
              communityCode: s.community.code,
              guardian: { name: f.guardian.name, phone: f.guardian.phone, relation: '妈妈' },
              child: f.childInput,
              consent: { policyVersion: '2026-11', agreed: true },
            });
            kids[op.family] = { openid: f.openid, child: r.child, guardianName: f.guardian.name };
            return r;
          }
          case 'crashCancel': {
            // what a kill -9 right after the first commit of admin.cancelSession leaves: a closed session, a running job
            const id = sessions[op.session].id;
            await svc.cancellation.close(id, '断电', ADMIN);
            return op.finishBy === 'restart'
              ? new SessionCancellation(svc.deps, svc.booking).resumeAll() // a restarted process
              : svc.admin.cancelSession(ADMIN, { sessionId: id, reason: '断电' });
          }
          case 'progress': {
            const f = fams[op.family];
            const key = `${f.openid}|${EPISODES[op.episode]}`;
            const position = Math.max(0, (positions.get(key) ?? 0) + op.delta);
            positions.set(key, position);
            if (!firstReport.has(key)) firstReport.set(key, s.clock.now().getTime());
            return svc.course.progress(f.openid, { episodeId: EPISODES[op.episode], positionSec: position });
          }
          case 'clock':
            s.clock.set(new Date(s.clock.now().getTime() + op.minutes * 60_000));
            return svc.scheduler.runDue();
          case 'clockTo': {
            const target = new Date(`${sessions[op.session].date}T${sessions[op.session].start}:00+08:00`).getTime() + op.minutes * 60_000;
            s.clock.set(new Date(Math.max(target, s.clock.now().getTime())));
            return svc.scheduler.runDue();
          }
        }
      };
      try {
        await attempt();
        if (figures) figures.ok[op.kind] = (figures.ok[op.kind] ?? 0) + 1;
      } catch (e) {
        if (!(e instanceof AppError) || e.code === 'INTERNAL' || e.code === 'BUSY') {
          throw new Error(`step ${step} ${JSON.stringify(op)} threw ${e instanceof AppError ? e.code : ((e as Error)?.stack ?? e)}`);
        }
        if (figures) figures.refused[e.code] = (figures.refused[e.code] ?? 0) + 1;
      }
      if (figures) figures.steps++;
    };
    for (const [step, batch] of batches.entries()) {
      const results = await Promise.allSettled(batch.map((op) => runOne(step, op)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const report = await checkStoreInvariants(s.store);
      if (!report.ok) throw new Error(`after step ${step} ${JSON.stringify(batch)}:\n${formatInvariantReport(report)}`);
      for (const p of await s.store.query<ProgressDoc>('progress', {})) {
        const wallSec = (Date.parse(p.lastReportAt) - Date.parse(p.startedAt)) / 1000;
        if (p.creditedSec > 2 + 1.5 * wallSec + 1e-6 || (p.completed && p.creditedSec < 0.9 * p.durationSec - 1e-6)) {
          throw new Error(
            `after step ${step}: progress ${p._id} credits ${p.creditedSec} s after ${wallSec} s of wall time (completed ${p.completed})`,
          );
        }
      }
      if (policy) {
        const broken = await kindInvariants(
          s.store,
          sessions.map((x) => x.id),
          kids.map((k) => ({ childId: k.child.id, family: k.openid, birthDate: k.child.birthDate })),
          policy,
        );
        if (broken.length) throw new Error(`after step ${step} ${JSON.stringify(batch)}: ${broken.join('; ')}`);
      }
      if (figures && step === batches.length - 1)
        for (const [k, n] of Object.entries(report.statuses)) figures.statuses[k] = (figures.statuses[k] ?? 0) + n;
    }
  } finally {
    await s.store.close();
  }
}

/**
 * Per-kind invariants recounted from the bookings alone (independent of the counters the ledger keeps):
 * each child's quota-consuming bookings of a kind stay within that kind's yearly limit; no child holds a
 * live booking of an age-ineligible kind; a family holds at most one live booking per family-kind
 * session.
 */
async function kindInvariants(
  store: Store,
  sessionIds: string[],
  kids: Array<{ childId: string; family: string; birthDate: string }>,
  policy: Policy,
): Promise<string[]> {
  const out: string[] = [];
  const bookings = await store.query<BookingDoc>('bookings', { sessionId: { in: sessionIds } });
  const familyOf = new Map(kids.map((k) => [k.childId, k.family]));
  const used = new Map<string, number>();
  const families = new Map<string, number>();
  for (const b of bookings) {
    const kind = kindOf(b);
    if (consumesQuota(b.status)) used.set(`${b.childId}|${kind}`, (used.get(`${b.childId}|${kind}`) ?? 0) + 1);
    const birthDate = kids.find((k) => k.childId === b.childId)?.birthDate;
    if (CLAIM_STATUSES.includes(b.status) && birthDate && !isEligibleAge(ageInMonths(birthDate, b.date), kindPolicy(policy, kind))) {
      out.push(`${b._id}: a ${kind} booking for a child of ${ageInMonths(birthDate, b.date)} months`);
    }
    if (CLAIM_STATUSES.includes(b.status) && isFamilyKind(kind)) {
      const k = `${familyOf.get(b.childId) ?? b.ownerOpenid}|${b.sessionId}`;
      families.set(k, (families.get(k) ?? 0) + 1);
    }
  }
  for (const [k, n] of used) {
    const limit = kindPolicy(policy, k.split('|')[1] as ServiceKind).yearlyFree;
    if (limit !== null && n > limit) out.push(`${k} uses ${n} > ${limit}`);
  }
  for (const [k, n] of families) if (n > 1) out.push(`family|session ${k} holds ${n} live bookings`);
  return out;
}

/** Runs the property and prints its figures. `concurrency` > 1: steps are batches of up to that many concurrent operations. */
export async function checkLedgerProperty(opts: {
  numRuns: number;
  maxOps: number;
  seed?: number;
  concurrency?: number;
  store?: () => Promise<Store>;
  mixKinds?: boolean;
}): Promise<RunFigures & { runs: number; elapsedMs: number }> {
  const figures: RunFigures = { steps: 0, ok: {}, refused: {}, statuses: {} };
  const started = performance.now();
  let runs = 0;
  const batch = fc.array(opArb, { minLength: 1, maxLength: Math.max(1, opts.concurrency ?? 1) });
  await fc.assert(
    fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: opts.maxOps, size: 'max' }), async (batches) => {
      runs++;
      await runBatches(batches, figures, { store: opts.store, mixKinds: opts.mixKinds });
    }),
    { numRuns: opts.numRuns, seed: opts.seed, endOnFailure: false },
  );
  return { ...figures, runs, elapsedMs: Math.round(performance.now() - started) };
}
