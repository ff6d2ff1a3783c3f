/**
 * Residents' voice and site quality over HTTP: RATE_LIMITED is HTTP 429 at exactly the 6th suggestion of
 * a Shanghai day; bounds of text, stars, tags and comments (the last valid value passes, one more is a
 * 400 that stores nothing); once per booking (409); the 14-day window by the frozen server clock;
 * grades by the district only (403 for a community admin) and the badge in booking.sites.
 */
import { addDays } from '../../cloudfunctions/core/time';
import { expectErrorEnvelope } from '../support/contract';
import { givenRuntime, type CommunityFixture, type Person, type TestRuntime } from '../support/world';

describe("residents' voice over HTTP", () => {
  let w: TestRuntime;
  let a: CommunityFixture;
  let admin: Person;
  let worker: Person;
  beforeAll(async () => {
    w = await givenRuntime();
    a = await w.givenCommunity();
    admin = await w.givenStaff(a, 'admin');
    worker = await w.givenStaff(a, 'worker');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('the 6th suggestion of the day is HTTP 429 RATE_LIMITED with a Chinese message, and is not stored', async () => {
    const fam = await w.givenParentWithChild(a);
    for (let i = 1; i <= 5; i++) {
      const r = await w.api.call('user', 'suggest', { category: 'service', text: `第${i}条：希望增加场次` }, fam.token);
      expect(r.status).toBe(200);
    }
    const sixth = await w.api.call('user', 'suggest', { category: 'service', text: '第6条：希望增加场次' }, fam.token);
    expectErrorEnvelope(sixth, 'RATE_LIMITED');
    expect(sixth.status).toBe(429);
    expect((await w.api.ok('user', 'mySuggestions', {}, fam.token)).suggestions).toHaveLength(5);
    // the next Shanghai day (00:00 +08:00) the family may write again
    await w.setClock(`${addDays(w.today(), 1)}T00:00:00+08:00`);
    expect((await w.api.call('user', 'suggest', { category: 'other', text: '新的一天的建议' }, fam.token)).status).toBe(200);
    await w.setClock('2030-03-04T09:00:00+08:00');
  });

  it('text bounds: 5 and 500 characters pass, 4 and 501 are 400s that store nothing', async () => {
    const fam = await w.givenParentWithChild(a);
    for (const text of ['宝宝屋很好', '好'.repeat(500)]) {
      expect((await w.api.call('user', 'suggest', { category: 'other', text }, fam.token)).status).toBe(200);
    }
    for (const payload of [
      { category: 'other', text: '宝宝屋好' },
      { category: 'other', text: '好'.repeat(501) },
      { category: 'cartoons', text: '宝宝屋很好' },
      { category: 'other', text: '     宝宝屋     ' },
      { category: 'other', text: '宝宝屋\u202e很好啊' },
    ])
      expectErrorEnvelope(await w.api.callRaw('user', 'suggest', payload, fam.token), 'INVALID_ARGUMENT');
    expect((await w.api.ok('user', 'mySuggestions', {}, fam.token)).suggestions).toHaveLength(2);
  });

  it("the admin lists and replies (1–500 chars, once), the family sees the reply; another community's admin is 403", async () => {
    const fam = await w.givenParentWithChild(a);
    const { suggestion } = await w.api.ok('user', 'suggest', { category: 'site', text: '希望加装饮水机', siteId: a.site.id }, fam.token);
    const b = await w.givenCommunity();
    const bAdmin = await w.givenStaff(b, 'admin');
    expectErrorEnvelope(await w.api.call('admin', 'suggestions', { communityId: a.id }, bAdmin.token), 'FORBIDDEN');
    expectErrorEnvelope(
      await w.api.call('admin', 'replySuggestion', { suggestionId: suggestion.id, reply: '好' }, bAdmin.token),
      'FORBIDDEN',
    );
    expectErrorEnvelope(
      await w.api.call('admin', 'replySuggestion', { suggestionId: suggestion.id, reply: '好' }, worker.token),
      'FORBIDDEN',
    );
    expectErrorEnvelope(
      await w.api.callRaw('admin', 'replySuggestion', { suggestionId: suggestion.id, reply: '好'.repeat(501) }, admin.token),
      'INVALID_ARGUMENT',
    );
    expectErrorEnvelope(
      await w.api.callRaw('admin', 'replySuggestion', { suggestionId: suggestion.id, reply: '  ' }, admin.token),
      'INVALID_ARGUMENT',
    );
    const listed = (await w.api.ok('admin', 'suggestions', { communityId: a.id, status: 'open' }, admin.token)).suggestions;
    const mine = listed.find((x) => x.id === suggestion.id)!;
    expect(mine.family?.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(JSON.stringify(listed)).not.toContain(fam.guardian.phone);
    const r = await w.api.ok('admin', 'replySuggestion', { suggestionId: suggestion.id, reply: '好'.repeat(500) }, admin.token);
    expect(r.suggestion.status).toBe('replied');
    expectErrorEnvelope(
      await w.api.call('admin', 'replySuggestion', { suggestionId: suggestion.id, reply: '再次回复' }, admin.token),
      'CONFLICT',
    );
    const seen = (await w.api.ok('user', 'mySuggestions', {}, fam.token)).suggestions[0];
    expect(seen).toMatchObject({ id: suggestion.id, status: 'replied', reply: '好'.repeat(500) });
    const { notifications } = await w.api.ok('admin', 'outbox', { communityId: a.id }, admin.token);
    expect(notifications.some((n) => n.kind === 'suggestion_replied')).toBe(true);
  });

  it('rating: bounds, own booking, after check-in, once (409), and the 14-day window by the server clock', async () => {
    const date = addDays(w.today(), 2);
    const session = await w.givenSession(a, { date, start: '09:00', end: '11:00' });
    const fam = await w.givenParentWithChild(a);
    const other = await w.givenParentWithChild(a);
    const booking = await w.booked(fam, session);
    expectErrorEnvelope(await w.api.call('booking', 'rate', { bookingId: booking.id, stars: 5 }, fam.token), 'CONFLICT');
    await w.setClock(`${date}T08:50:00+08:00`);
    await w.api.ok('checkin', 'checkIn', { bookingId: booking.id }, worker.token);

    const bad = [
      { stars: 0 },
      { stars: 6 },
      { stars: 4.5 },
      { stars: '5' },
      { stars: 5, tags: ['a', 'b', 'c', 'd', 'e', 'f'] },
      { stars: 5, tags: ['十一个字的标签超过十个'] },
      { stars: 5, tags: [''] },
      { stars: 5, comment: '评'.repeat(201) },
      { stars: 5, comment: '\u0000' },
    ];
    for (const b of bad)
      expectErrorEnvelope(await w.api.callRaw('booking', 'rate', { bookingId: booking.id, ...b }, fam.token), 'INVALID_ARGUMENT');
    expectErrorEnvelope(await w.api.call('booking', 'rate', { bookingId: booking.id, stars: 3 }, other.token), 'FORBIDDEN');

    // the window ends exactly 14 days after the session's end
    const end = new Date(`${date}T11:00:00+08:00`).getTime();
    await w.setClock(new Date(end + 14 * 86_400_000 + 1000));
    expectErrorEnvelope(await w.api.call('booking', 'rate', { bookingId: booking.id, stars: 5 }, fam.token), 'CONFLICT');
    await w.setClock(new Date(end + 14 * 86_400_000));
    const ok = await w.api.ok(
      'booking',
      'rate',
      {
        bookingId: booking.id,
        stars: 5,
        tags: ['老师耐心', '环境干净', '活动丰富', '需要改进', '十个字以内的标签'],
        comment: '评'.repeat(200),
      },
      fam.token,
    );
    expect(ok.rating).toMatchObject({ stars: 5, bookingId: booking.id });
    const again = await w.api.call('booking', 'rate', { bookingId: booking.id, stars: 1 }, fam.token);
    expectErrorEnvelope(again, 'CONFLICT');
    expect(again.status).toBe(409);
    const { ratings } = await w.api.ok('admin', 'ratings', { communityId: a.id }, admin.token);
    expect(ratings.filter((r) => r.bookingId === booking.id).map((r) => r.stars)).toEqual([5]);
    await w.setClock('2030-03-04T09:00:00+08:00');
  });

  it('grades: a community admin is 403, the district admin sets A and parents see the badge and inspection date', async () => {
    const fam = await w.givenParentWithChild(a);
    const grade = { siteId: a.site.id, grade: 'A' as const, inspectedAt: addDays(w.today(), -3) };
    expectErrorEnvelope(await w.api.call('admin', 'setSiteGrade', grade, admin.token), 'FORBIDDEN');
    expectErrorEnvelope(await w.api.callRaw('admin', 'setSiteGrade', { ...grade, grade: 'D' }, w.adminToken), 'INVALID_ARGUMENT');
    expectErrorEnvelope(
      await w.api.call('admin', 'setSiteGrade', { ...grade, inspectedAt: addDays(w.today(), 1) }, w.adminToken),
      'INVALID_ARGUMENT',
    );
    await w.api.ok('admin', 'setSiteGrade', grade, w.adminToken);
    const { sites } = await w.api.ok('booking', 'sites', {}, fam.token);
    expect(sites).toEqual([
      expect.objectContaining({
        id: a.site.id,
        grade: 'A',
        inspectedAt: grade.inspectedAt,
        rating: expect.objectContaining({ count: expect.any(Number) }),
      }),
    ]);
  });
});
