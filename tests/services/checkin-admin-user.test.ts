import { ADMIN, codeOf, givenScenario } from './scenario';

async function bookedChild(now = '2027-03-01T08:00:00+08:00') {
  const s = await givenScenario(now);
  const session = await s.givenSession({ date: '2027-03-03', start: '09:00', end: '11:00' });
  const fam = await s.givenChild({ name: '小红' });
  const { booking } = await s.book(fam, session.id);
  await s.services.admin.addStaff(ADMIN, { communityId: s.community.id, openid: 'worker-1', role: 'worker' });
  return { s, session, fam, booking };
}

describe('check-in', () => {
  it('checks in by signed code within the window only, and a second scan changes nothing', async () => {
    const { s, booking } = await bookedChild();
    s.setNow('2027-03-03T08:29:59+08:00');
    expect(await codeOf(s.services.checkin.checkIn('worker-1', { code: booking.checkinCode }))).toBe('CHECKIN_CLOSED');
    s.setNow('2027-03-03T08:30:00+08:00');
    const first = await s.services.checkin.checkIn('worker-1', {
      code: booking.checkinCode,
      health: { temperature: 36.6, notes: '精神好' },
    });
    expect(first.booking).toMatchObject({ status: 'checked_in', health: { temperature: 36.6 } });
    const second = await s.services.checkin.checkIn('worker-1', { code: booking.checkinCode });
    expect(second.booking.status).toBe('checked_in');
  });

  it('refuses forged, malformed and unknown codes with INVALID_CODE', async () => {
    const { s, booking } = await bookedChild();
    s.setNow('2027-03-03T09:00:00+08:00');
    const [id, sig] = booking.checkinCode.split('.');
    const forged = `${id}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
    for (const code of [forged, 'hello', `${id}`, 'bk_unknown.abcdefgh']) {
      expect(await codeOf(s.services.checkin.checkIn('worker-1', { code }))).toBe('INVALID_CODE');
    }
  });

  it('a worker of another community is FORBIDDEN, and so is a parent', async () => {
    const { s, booking, fam } = await bookedChild();
    const { community } = await s.services.admin.createCommunity(ADMIN, { name: '另一社区', district: '浦东新区' });
    await s.services.admin.addStaff(ADMIN, { communityId: community.id, openid: 'worker-2', role: 'worker' });
    s.setNow('2027-03-03T09:00:00+08:00');
    expect(await codeOf(s.services.checkin.checkIn('worker-2', { code: booking.checkinCode }))).toBe('FORBIDDEN');
    expect(await codeOf(s.services.checkin.checkIn(fam.openid, { code: booking.checkinCode }))).toBe('FORBIDDEN');
    expect(await codeOf(s.services.checkin.roster('worker-2', booking.sessionId))).toBe('FORBIDDEN');
  });

  it('roster masks phones and check-out goes only to a guardian or listed pickup', async () => {
    const { s, booking, fam, session } = await bookedChild();
    await s.services.user.updateChild(fam.openid, { childId: fam.child.id, pickups: [{ name: '李爷爷', relation: '爷爷' }] });
    s.setNow('2027-03-03T09:00:00+08:00');
    const { roster } = await s.services.checkin.roster('worker-1', session.id);
    expect(roster).toHaveLength(1);
    expect(roster[0]).toMatchObject({
      bookingId: booking.id,
      child: { name: '小红' },
      guardian: { phoneMasked: '139****5678' },
      status: 'confirmed',
    });
    expect(JSON.stringify(roster)).not.toContain('13912345678');
    await s.services.checkin.checkIn('worker-1', { bookingId: booking.id });
    expect(await codeOf(s.services.checkin.checkOut('worker-1', { bookingId: booking.id, pickupName: '陌生人' }))).toBe(
      'NOT_AUTHORIZED_PICKUP',
    );
    const out = await s.services.checkin.checkOut('worker-1', { bookingId: booking.id, pickupName: '李爷爷' });
    expect(out.booking).toMatchObject({ status: 'checked_out', pickupName: '李爷爷' });
    const audit = await s.store.query('audit', { communityId: s.community.id });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['roster.view', 'checkin', 'checkout']));
  });
});

describe('admin', () => {
  it('cancelling a session refunds and notifies everyone and closes it for booking', async () => {
    const { s, session, fam, booking } = await bookedChild();
    const waiting = await s.givenChild();
    await s.services.admin.setPolicy(ADMIN, { communityId: s.community.id, yearlyFreeSessions: 12 });
    const full = await s.givenSession({ date: '2027-03-04', capacity: 1 });
    await s.book(fam, full.id);
    const w = await s.book(waiting, full.id, { waitlist: true });
    const res = await s.services.admin.cancelSession(ADMIN, { sessionId: full.id, reason: '场地维修' });
    expect(res.refunded).toBe(1);
    expect(res.session).toMatchObject({ status: 'cancelled', booked: 0, waitlisted: 0 });
    expect(await s.bookingStatus(waiting.openid, w.booking.id)).toBe('session_cancelled');
    expect((await s.services.booking.quota(fam.openid, fam.child.id)).quota!.used).toBe(1); // only `booking` remains
    expect(await codeOf(s.book(waiting, full.id))).toBe('BOOKING_CLOSED');
    const notes = await s.store.query('notifications', { kind: 'session_cancelled' });
    expect(notes).toHaveLength(2);
    expect(booking.status).toBe('confirmed');
    void session;
  });

  it('only district admins create communities; community admins act only on their own', async () => {
    const s = await givenScenario();
    await s.services.admin.addStaff(ADMIN, { communityId: s.community.id, openid: 'cadmin', role: 'admin' });
    expect(await codeOf(s.services.admin.createCommunity('cadmin', { name: 'x', district: 'y' }))).toBe('FORBIDDEN');
    const { community: other } = await s.services.admin.createCommunity(ADMIN, { name: '别处', district: 'y' });
    expect(await codeOf(s.services.admin.createSite('cadmin', { communityId: other.id, name: 'a', address: 'b', capacity: 3 }))).toBe(
      'FORBIDDEN',
    );
    expect(
      (await s.services.admin.createSite('cadmin', { communityId: s.community.id, name: 'a', address: 'b', capacity: 3 })).site.capacity,
    ).toBe(3);
  });

  it('the community QR code carries a short scene that resolves to the community', async () => {
    const s = await givenScenario();
    const qr = await s.services.admin.communityQr(ADMIN, s.community.id);
    expect(qr.scene.length).toBeLessThanOrEqual(32);
    expect(qr.url).toBe(`http://localhost:3000/#/pages/register/index?scene=${encodeURIComponent(qr.scene)}`);
    expect(Buffer.from(qr.pngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect((await s.services.user.resolveScene(qr.scene)).community.id).toBe(s.community.id);
    expect(await codeOf(s.services.user.resolveScene('c=NOPE42'))).toBe('NOT_FOUND');
  });

  it('creating sessions twice for the same date and time is idempotent', async () => {
    const s = await givenScenario();
    const a = await s.givenSession({ date: '2027-03-05' });
    const b = await s.givenSession({ date: '2027-03-05' });
    expect(b.id).toBe(a.id);
  });
});

describe('families', () => {
  it('requires consent before any child record', async () => {
    const s = await givenScenario();
    const base = {
      communityCode: s.community.code,
      guardian: { name: '张三', phone: '13800000000', relation: '爸爸' },
      child: { name: '豆豆', gender: 'M' as const, birthDate: '2025-12-01' },
    };
    expect(await codeOf(s.services.user.register('p1', { ...base, consent: null }))).toBe('CONSENT_REQUIRED');
    expect(
      await codeOf(s.services.user.register('p1', { ...base, consent: { policyVersion: 'v1', agreed: false as unknown as true } })),
    ).toBe('CONSENT_REQUIRED');
    expect(await s.store.count('children', {})).toBe(0);
    await s.services.user.register('p1', { ...base, consent: { policyVersion: 'v1', agreed: true } });
    const [consent] = await s.store.query('consents', { openid: 'p1' });
    expect(consent).toMatchObject({ policyVersion: 'v1', agreedAt: expect.any(String) });
  });

  it('refuses a child older than 6 and a repeated registration does not duplicate the child', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const input = {
      communityCode: s.community.code,
      guardian: { name: '张三', phone: '13800000000', relation: '爸爸' },
      child: { name: '豆豆', gender: 'M' as const, birthDate: '2021-02-28' },
      consent: { policyVersion: 'v1', agreed: true as const },
    };
    expect(await codeOf(s.services.user.register('p1', input))).toBe('INVALID_ARGUMENT');
    const ok = { ...input, child: { ...input.child, birthDate: '2025-05-01' } };
    const a = await s.services.user.register('p1', ok);
    const b = await s.services.user.register('p1', ok);
    expect(b.child.id).toBe(a.child.id);
    expect((await s.services.user.profile('p1')).children).toHaveLength(1);
  });

  it('profile of a stranger is empty but shows roles', async () => {
    const s = await givenScenario();
    await s.services.admin.addStaff(ADMIN, { communityId: s.community.id, openid: 'w', role: 'worker' });
    expect(await s.services.user.profile('w')).toMatchObject({
      guardian: null,
      children: [],
      roles: [{ role: 'worker', communityId: s.community.id }],
    });
  });

  it('account deletion frees seats, promotes the waitlist and removes personal data', async () => {
    const s = await givenScenario();
    const session = await s.givenSession({ date: '2027-03-05', capacity: 1 });
    const leaving = await s.givenChild({ name: '要注销的孩子' });
    const waiting = await s.givenChild();
    const { booking } = await s.book(leaving, session.id);
    const w = await s.book(waiting, session.id, { waitlist: true });
    expect(await s.services.user.deleteAccount(leaving.openid)).toEqual({ deleted: true });
    expect(await s.bookingStatus(waiting.openid, w.booking.id)).toBe('confirmed');
    expect(await s.store.get('children', leaving.child.id)).toBeNull();
    expect(await s.store.get('guardians', leaving.guardian.id)).toBeNull();
    const kept = await s.store.get('bookings', booking.id);
    expect(kept).toMatchObject({ status: 'cancelled', ownerOpenid: null });
    expect(JSON.stringify(await s.store.query('bookings', {}))).not.toContain('要注销的孩子');
    expect((await s.services.user.profile(leaving.openid)).guardian).toBeNull();
  });
});
