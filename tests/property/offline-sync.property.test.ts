/**
 * Property: two workers' phones record check-ins and check-outs offline (each against its own saved roster
 * and queue), while a colleague checks children in and out online and families cancel; the phones sync at
 * random moments, sometimes losing the answer (the batch reached the server, the reply did not come back).
 * Whatever the interleaving, once both phones have synced:
 *  - both queues are empty and every recorded action got exactly one answer (applied, already done, or a
 *    conflict the worker sees) — nothing lost, nothing silently dropped;
 *  - a booking's check-in time never changes once recorded (no double entry), check-out never precedes it;
 *  - an applied or already-done check-in leaves the child checked in or out; a check-out, checked out;
 *    a check-out to someone not authorised is never applied;
 *  - the ledger invariants hold (seat, quota, claim counters and the attendance tally = a recount);
 *  - both phones, after refreshing, show exactly the server's roster.
 */
import fc from 'fast-check';
import { checkStoreInvariants, formatInvariantReport } from '../../cloudfunctions/core/invariants';
import type { BookingDoc } from '../../cloudfunctions/core/services/docs';
import type { OfflineAction, RosterEntry } from '../../cloudfunctions/shared/contract';
import { ApiError } from '../../src/api/errors';
import { OfflineQueue, type SyncReport } from '../../src/worker/offline/queue';
import { JsonKV } from '../support/phone-storage';
import { withQueued } from '../../src/worker/offline/roster-cache';
import { ADMIN, givenScenario } from '../services/scenario';

const CHILDREN = 4;
const PHONES = ['worker-a', 'worker-b'];
const COLLEAGUE = 'worker-online';
const START = Date.parse('2027-03-03T08:35:00+08:00'); // the window opens 08:30, the session runs 09:00–11:00
const LAST = Date.parse('2027-03-03T10:59:00+08:00');

type Cmd =
  | { k: 'phoneIn'; phone: number; child: number }
  | { k: 'phoneOut'; phone: number; child: number; stranger: boolean }
  | { k: 'onlineIn'; child: number }
  | { k: 'onlineOut'; child: number }
  | { k: 'cancel'; child: number }
  | { k: 'tick'; minutes: number }
  | { k: 'sync'; phone: number; lose: boolean }
  | { k: 'refresh'; phone: number };

const child = fc.integer({ min: 0, max: CHILDREN - 1 });
const phoneIx = fc.integer({ min: 0, max: PHONES.length - 1 });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('phoneIn' as const), phone: phoneIx, child }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('phoneOut' as const), phone: phoneIx, child, stranger: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('onlineIn' as const), child }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('onlineOut' as const), child }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cancel' as const), child }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('tick' as const), minutes: fc.integer({ min: 0, max: 25 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('sync' as const), phone: phoneIx, lose: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('refresh' as const), phone: phoneIx }) },
);

const tally = { runs: 0, commands: 0, actions: 0, applied: 0, duplicates: 0, conflicts: {} as Record<string, number>, lostAnswers: 0 };

async function run(cmds: Cmd[]): Promise<void> {
  const s = await givenScenario('2027-03-01T08:00:00+08:00');
  const session = await s.givenSession({ date: '2027-03-03', start: '09:00', end: '11:00' });
  for (const openid of [...PHONES, COLLEAGUE])
    await s.services.admin.addStaff(ADMIN, { communityId: s.community.id, openid, role: 'worker' });
  const fams = [];
  for (let i = 0; i < CHILDREN; i++) {
    const fam = await s.givenChild({ name: `孩子${i}` });
    fams.push({ ...fam, booking: (await s.book(fam, session.id)).booking });
  }
  let now = START;
  s.setNow(new Date(now).toISOString());

  const phones = PHONES.map((openid) => ({ openid, queue: new OfflineQueue(new JsonKV(), 3), roster: [] as RosterEntry[] }));
  const refresh = async (p: (typeof phones)[number]) => {
    p.roster = (await s.services.checkin.roster(p.openid, session.id)).roster;
  };
  for (const p of phones) await refresh(p);

  const recorded = new Map<string, { type: 'checkIn' | 'checkOut'; bookingId: string; stranger: boolean }>();
  const outcomes = new Map<string, string>();
  const firstCheckIn = new Map<string, string>();
  let seq = 0;

  const note = (r: SyncReport) => {
    for (const i of r.duplicates) {
      expect(outcomes.has(i.action.id)).toBe(false);
      outcomes.set(i.action.id, 'duplicate');
    }
    for (const i of r.conflicts) {
      expect(outcomes.has(i.action.id)).toBe(false);
      outcomes.set(i.action.id, `conflict:${i.code}`);
    }
  };
  const sync = async (p: (typeof phones)[number], lose: boolean) => {
    const before = new Set(p.queue.list().map((a) => a.id));
    let lost = false;
    const report = await p.queue.sync(async (actions: OfflineAction[]) => {
      const { results } = await s.services.checkin.sync(p.openid, actions);
      if (lose && !lost) {
        lost = true;
        tally.lostAnswers++;
        throw new ApiError('NETWORK');
      }
      return results;
    });
    note(report);
    const left = new Set(p.queue.list().map((a) => a.id));
    for (const id of before) if (!left.has(id) && !outcomes.has(id)) outcomes.set(id, 'applied');
  };
  const watchCheckIns = async () => {
    for (const b of await s.store.query<BookingDoc>('bookings', { sessionId: session.id })) {
      if (!b.checkedInAt) continue;
      if (!firstCheckIn.has(b._id)) firstCheckIn.set(b._id, b.checkedInAt);
      expect(b.checkedInAt).toBe(firstCheckIn.get(b._id));
    }
  };

  for (const c of cmds) {
    tally.commands++;
    const f = 'child' in c ? fams[c.child] : undefined;
    switch (c.k) {
      case 'tick':
        now = Math.min(LAST, now + c.minutes * 60_000);
        s.setNow(new Date(now).toISOString());
        break;
      case 'phoneIn':
      case 'phoneOut': {
        const p = phones[c.phone];
        const view = withQueued(p.roster, p.queue.list()).find((e) => e.bookingId === f!.booking.id);
        if (!view) break;
        const type = c.k === 'phoneIn' ? 'checkIn' : 'checkOut';
        if ((type === 'checkIn' && view.status !== 'confirmed') || (type === 'checkOut' && view.status !== 'checked_in')) break;
        const stranger = c.k === 'phoneOut' && c.stranger;
        const id = `prop-${c.phone}-${++seq}-xxxx`;
        const added = p.queue.add({
          id,
          type,
          bookingId: f!.booking.id,
          at: new Date(now).toISOString(),
          sessionId: session.id,
          childName: f!.child.name,
          ...(type === 'checkIn' ? { health: { temperature: 36.5 } } : { pickupName: stranger ? '陌生人' : f!.guardian.name }),
        });
        if (added) {
          recorded.set(id, { type, bookingId: f!.booking.id, stranger });
          tally.actions++;
        }
        break;
      }
      case 'onlineIn':
        await s.services.checkin.checkIn(COLLEAGUE, { bookingId: f!.booking.id }).catch(() => undefined);
        break;
      case 'onlineOut':
        await s.services.checkin.checkOut(COLLEAGUE, { bookingId: f!.booking.id, pickupName: f!.guardian.name }).catch(() => undefined);
        break;
      case 'cancel':
        await s.services.booking.cancel(f!.openid, f!.booking.id).catch(() => undefined); // refused once the session started
        break;
      case 'sync':
        await sync(phones[c.phone], c.lose);
        break;
      case 'refresh':
        await refresh(phones[c.phone]);
        break;
    }
    await watchCheckIns();
  }

  // the signal is back for good: both phones sync until their queues are empty
  for (let pass = 0; pass < 3; pass++) for (const p of phones) await sync(p, false);
  await watchCheckIns();
  for (const p of phones) expect(p.queue.list()).toEqual([]);

  expect([...recorded.keys()].filter((id) => !outcomes.has(id))).toEqual([]);
  const final = new Map((await s.store.query<BookingDoc>('bookings', { sessionId: session.id })).map((b) => [b._id, b]));
  for (const [id, a] of recorded) {
    const o = outcomes.get(id)!;
    const b = final.get(a.bookingId)!;
    if (o === 'applied') tally.applied++;
    else if (o === 'duplicate') tally.duplicates++;
    else tally.conflicts[o.slice(9)] = (tally.conflicts[o.slice(9)] ?? 0) + 1;
    if (o === 'applied' || o === 'duplicate') {
      expect(a.type === 'checkIn' ? ['checked_in', 'checked_out'] : ['checked_out']).toContain(b.status);
    }
    if (a.stranger) expect(o === 'applied').toBe(false);
  }
  for (const b of final.values()) {
    if (b.status === 'checked_in' || b.status === 'checked_out') expect(b.checkedInAt).toBeTruthy();
    if (b.status === 'checked_out') expect(Date.parse(b.checkedOutAt!)).toBeGreaterThanOrEqual(Date.parse(b.checkedInAt!));
    if (b.pickupName) expect(b.pickupName).not.toBe('陌生人');
  }
  const report = await checkStoreInvariants(s.store);
  expect(formatInvariantReport(report)).toMatch(/^invariants hold/);
  const server = (await s.services.checkin.roster(COLLEAGUE, session.id)).roster;
  for (const p of phones) {
    await refresh(p);
    expect(withQueued(p.roster, p.queue.list()).map((e) => [e.bookingId, e.status])).toEqual(server.map((e) => [e.bookingId, e.status]));
  }
  tally.runs++;
}

describe('offline sync property', () => {
  it('random interleavings of two offline phones, online check-ins and cancellations end consistent', async () => {
    const started = performance.now();
    await fc.assert(fc.asyncProperty(fc.array(cmd, { minLength: 5, maxLength: 40 }), run), { numRuns: 80 });
    console.log(
      `offline sync property: ${tally.runs} runs, ${tally.commands} commands, ${tally.actions} offline actions ` +
        `(${tally.applied} applied, ${tally.duplicates} already done, conflicts ${JSON.stringify(tally.conflicts)}), ` +
        `${tally.lostAnswers} lost answers resent, ${Math.round(performance.now() - started)} ms`,
    );
    expect(tally.applied).toBeGreaterThan(0);
    expect(tally.duplicates + Object.values(tally.conflicts).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
  }, 240_000);
});
