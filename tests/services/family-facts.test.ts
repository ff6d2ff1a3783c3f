import { addMonths, ageInMonths } from '../../cloudfunctions/core/rules';
import { ADMIN, codeOf, givenScenario } from './scenario';

describe('what families see before they tap', () => {
  it("user.profile carries the community policy, its sites and each child's age window", async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    await s.policy({ yearlyFreeSessions: 10, minAgeMonths: 18 });
    await s.services.admin.updateSite(ADMIN, {
      siteId: s.site.id,
      tel: '021-57101234',
      hours: '周一至周五 8:30–17:00',
      bring: '换洗衣物、水杯',
      notice: '周五消毒停开',
    });
    const fam = await s.givenChild({ birthDate: '2026-01-15' });
    const p = await s.services.user.profile(fam.openid);
    expect(p.policy).toMatchObject({ yearlyFreeSessions: 10, minAgeMonths: 18, maxAgeMonths: 36, freeCancelHoursBefore: 24 });
    expect(p.sites).toEqual([
      expect.objectContaining({
        id: s.site.id,
        address: '测试路1号',
        tel: '021-57101234',
        hours: '周一至周五 8:30–17:00',
        bring: '换洗衣物、水杯',
        notice: '周五消毒停开',
      }),
    ]);
    expect(p.children[0]).toMatchObject({ ageWindow: { from: '2027-07-15', until: '2029-01-15' }, hasBookings: false });
    expect(p.children[0].quota.limit).toBe(10);
  });

  it("a 5-year-old's window is in the past", async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const fam = await s.givenChild({ birthDate: '2022-02-01' });
    const { children } = await s.services.user.profile(fam.openid);
    expect(children[0].ageWindow!.until < s.today()).toBe(true);
  });

  it('addMonths gives the first day ageInMonths reaches the count (also from the 31st)', () => {
    for (const [birth, months] of [
      ['2025-01-31', 1],
      ['2024-02-29', 12],
      ['2025-05-15', 36],
      ['2025-12-31', 2],
    ] as const) {
      const day = addMonths(birth, months);
      expect(ageInMonths(birth, day)).toBe(months);
      const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      expect(ageInMonths(birth, before)).toBe(months - 1);
    }
  });

  it('listSessions gives the policy and when each session opens; an early tap names the date and time', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const session = await s.givenSession({ date: '2027-03-20', start: '09:00', end: '11:00' });
    const fam = await s.givenChild();
    const { sessions, policy } = await s.services.booking.listSessions(fam.openid, { from: '2027-03-01', to: '2027-03-31' });
    expect(policy.bookingOpensDaysBefore).toBe(14);
    expect(sessions[0]).toMatchObject({
      opensAt: '2027-03-06T01:00:00.000Z',
      closesAt: '2027-03-20T00:00:00.000Z',
      freeCancelUntil: '2027-03-19T01:00:00.000Z',
    });
    await expect(s.book(fam, session.id)).rejects.toMatchObject({
      code: 'BOOKING_CLOSED',
      message: '3月6日 09:00 开放预约（开始前 14 天）',
    });
  });
});

describe('birth date correction', () => {
  it('is accepted before the first booking, refused after it', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const fam = await s.givenChild({ birthDate: '2022-01-01' });
    const { child } = await s.services.user.updateChild(fam.openid, { childId: fam.child.id, birthDate: '2025-06-01' });
    expect(child.birthDate).toBe('2025-06-01');
    expect((await s.services.user.profile(fam.openid)).children[0].birthDate).toBe('2025-06-01');
    expect(await codeOf(s.services.user.updateChild(fam.openid, { childId: fam.child.id, birthDate: '2019-01-01' }))).toBe(
      'INVALID_ARGUMENT',
    );
    const session = await s.givenSession({ date: '2027-03-03' });
    await s.book(fam, session.id);
    expect(await codeOf(s.services.user.updateChild(fam.openid, { childId: fam.child.id, birthDate: '2025-07-01' }))).toBe('CONFLICT');
    expect((await s.services.user.profile(fam.openid)).children[0]).toMatchObject({ birthDate: '2025-06-01', hasBookings: true });
  });

  it('another family cannot change it', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const fam = await s.givenChild();
    const other = await s.givenChild();
    expect(await codeOf(s.services.user.updateChild(other.openid, { childId: fam.child.id, birthDate: '2025-07-01' }))).toBe('FORBIDDEN');
  });
});
