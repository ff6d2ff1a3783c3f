/**
 * Findings of the ledger property runs, pinned as scenarios. `it.failing` marks a known bug: the test
 * states the correct behaviour and is expected to fail until the bug is fixed (then jest reports it, and
 * `.failing` is to be removed).
 */
import { checkStoreInvariants, formatInvariantReport } from '../../cloudfunctions/core/invariants';
import { codeOf, givenScenario } from '../services/scenario';

describe('one child, one seat per session', () => {
  // Found by the property runs: when a community's policy keeps booking open into the check-in window
  // (bookingClosesMinutesBefore < checkinOpensMinutesBefore), a child checked in and out early could book
  // the same session again and take a second seat. Claims now keep checked-out and no-show bookings.
  it('a child checked out of a session cannot book that session again', async () => {
    const s = await givenScenario('2030-03-01T08:00:00+08:00');
    await s.policy({ bookingClosesMinutesBefore: 0, checkinOpensMinutesBefore: 60 });
    const session = await s.givenSession({ date: '2030-03-02', start: '09:00', end: '11:00', capacity: 5 });
    const fam = await s.givenChild({ ageMonths: 20 });
    const worker = 'findings-worker';
    await s.services.admin.addStaff('district-admin', { communityId: s.community.id, openid: worker, role: 'worker' });
    const { booking } = await s.book(fam, session.id);
    s.setNow('2030-03-02T08:10:00+08:00');
    await s.services.checkin.checkIn(worker, { bookingId: booking.id });
    s.setNow('2030-03-02T08:20:00+08:00');
    await s.services.checkin.checkOut(worker, { bookingId: booking.id, pickupName: fam.guardian.name });
    s.setNow('2030-03-02T08:30:00+08:00');
    const report = await checkStoreInvariants(s.store);
    expect(report.ok).toBe(true);
    let code: string | null = null;
    try {
      code = await codeOf(s.book(fam, session.id));
    } finally {
      const after = await checkStoreInvariants(s.store);
      if (!after.ok) console.log(`second booking of the same session:\n${formatInvariantReport(after)}`);
      await s.store.close();
    }
    expect(code).toBe('ALREADY_BOOKED');
  });
});
