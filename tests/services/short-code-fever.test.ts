import { pickShortCode } from '../../cloudfunctions/core/rules';
import { ADMIN, codeOf, givenScenario } from './scenario';

async function sessionWithWorker(capacity = 40) {
  const s = await givenScenario('2027-03-01T08:00:00+08:00');
  const session = await s.givenSession({ date: '2027-03-03', start: '09:00', end: '11:00', capacity });
  await s.services.admin.addStaff(ADMIN, { communityId: s.community.id, openid: 'worker-1', role: 'worker' });
  return { s, session };
}

describe('6-digit check-in code', () => {
  it('every booking of a session gets six digits of its own, the QR keeps the signed code', async () => {
    const { s, session } = await sessionWithWorker(30);
    const codes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const fam = await s.givenChild({ name: `孩子${i}` });
      const { booking } = await s.book(fam, session.id);
      expect(booking.shortCode).toMatch(/^\d{6}$/);
      expect(booking.checkinCode).toContain('.');
      codes.push(booking.shortCode!);
    }
    expect(new Set(codes).size).toBe(30);
  });

  it('pickShortCode never returns a taken code, even when the random source keeps hitting one', () => {
    const taken = new Set(['000001', '000002']);
    const draws = [1, 2, 1, 1_000_002, 7];
    let i = 0;
    expect(pickShortCode(taken, () => draws[i++])).toBe('000007');
  });

  it('lookup shows the child card before anything is typed; a wrong code fails at once', async () => {
    const { s, session } = await sessionWithWorker();
    const fam = await s.givenChild({ name: '小红' });
    const { booking } = await s.book(fam, session.id);
    s.setNow('2027-03-03T08:40:00+08:00');
    const card = await s.services.checkin.lookup('worker-1', { code: booking.shortCode!, sessionId: session.id });
    expect(card.entry).toMatchObject({ bookingId: booking.id, child: { name: '小红' }, status: 'confirmed' });
    expect(card.entry.guardian.phoneMasked).toMatch(/\*{4}/);
    expect(card.feverCelsius).toBe(37.3);
    const wrong = booking.shortCode === '999999' ? '999998' : '999999';
    expect(await codeOf(s.services.checkin.lookup('worker-1', { code: wrong, sessionId: session.id }))).toBe('INVALID_CODE');
    // lookup writes nothing: still confirmed
    expect((await s.services.checkin.lookup('worker-1', { code: booking.checkinCode })).entry.status).toBe('confirmed');
    const done = await s.services.checkin.checkIn('worker-1', {
      code: booking.shortCode!,
      sessionId: session.id,
      health: { temperature: 36.5 },
    });
    expect(done.booking.status).toBe('checked_in');
  });

  it('a code of another session does not open this one', async () => {
    const { s, session } = await sessionWithWorker();
    const other = await s.givenSession({ date: '2027-03-03', start: '14:00', end: '16:00' });
    const fam = await s.givenChild();
    const { booking } = await s.book(fam, other.id);
    s.setNow('2027-03-03T08:40:00+08:00');
    expect(await codeOf(s.services.checkin.lookup('worker-1', { code: booking.shortCode!, sessionId: session.id }))).toBe('INVALID_CODE');
  });
});

describe('fever at drop-off', () => {
  async function atTheDoor() {
    const { s, session } = await sessionWithWorker();
    const fam = await s.givenChild({ name: '小明' });
    const { booking } = await s.book(fam, session.id);
    s.setNow('2027-03-03T08:40:00+08:00');
    return { s, booking };
  }

  it('37.3 °C and above is refused by default and nothing changes', async () => {
    const { s, booking } = await atTheDoor();
    for (const temperature of [37.3, 38.6]) {
      expect(await codeOf(s.services.checkin.checkIn('worker-1', { bookingId: booking.id, health: { temperature } }))).toBe('FEVER');
    }
    expect(
      await codeOf(
        s.services.checkin.checkIn('worker-1', { bookingId: booking.id, health: { temperature: 38.6, feverOverrideReason: '  ' } }),
      ),
    ).toBe('FEVER');
    const card = await s.services.checkin.lookup('worker-1', { code: booking.checkinCode });
    expect(card.entry.status).toBe('confirmed');
  });

  it('37.2 °C is admitted; a fever is admitted only with a reason, which is recorded and audited', async () => {
    const { s, booking } = await atTheDoor();
    const ok = await s.services.checkin.checkIn('worker-1', {
      bookingId: booking.id,
      health: { temperature: 38.1, feverOverrideReason: '家长出示退烧证明' },
    });
    expect(ok.booking.health).toEqual({ temperature: 38.1, feverOverrideReason: '家长出示退烧证明' });
    const { entries } = await s.services.admin.auditLog(ADMIN, { communityId: s.community.id });
    const entry = entries.find((e) => e.action === 'checkin');
    expect(entry?.details).toMatchObject({ bookingId: booking.id, feverOverrideReason: '家长出示退烧证明', temperature: 38.1 });

    const fam2 = await s.givenChild({ name: '小刚' });
    s.setNow('2027-03-01T09:00:00+08:00');
    const session2 = await s.givenSession({ date: '2027-03-03', start: '09:30', end: '11:30' });
    const { booking: b2 } = await s.book(fam2, session2.id);
    s.setNow('2027-03-03T09:10:00+08:00');
    const normal = await s.services.checkin.checkIn('worker-1', {
      bookingId: b2.id,
      health: { temperature: 37.2, feverOverrideReason: '不需要' },
    });
    expect(normal.booking.health).toEqual({ temperature: 37.2 });
  });
});

describe('waitlist position', () => {
  it('booking.mine tells each waitlisted family its place in the queue, and it moves up', async () => {
    const { s, session } = await sessionWithWorker(1);
    const first = await s.givenChild({ name: '甲' });
    const { booking: seat } = await s.book(first, session.id);
    const second = await s.givenChild({ name: '乙' });
    const third = await s.givenChild({ name: '丙' });
    await s.book(second, session.id, { waitlist: true });
    await s.book(third, session.id, { waitlist: true });
    const pos = async (fam: { openid: string }) => (await s.services.booking.mine(fam.openid)).bookings[0].queuePosition;
    expect(await pos(second)).toBe(1);
    expect(await pos(third)).toBe(2);
    expect(await pos(first)).toBeUndefined();
    await s.services.booking.cancel(second.openid, (await s.services.booking.mine(second.openid)).bookings[0].id);
    expect(await pos(third)).toBe(1);
    expect(seat.status).toBe('confirmed');
  });
});
