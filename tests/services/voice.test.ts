/**
 * Residents' voice and site quality, at the service level (real SQLite, a clock the test sets):
 * suggestions and replies, the daily limit on the Shanghai calendar, ratings (own, attended, 14-day
 * window, once), the district's grades, what parents see of a site, statistics, and account deletion.
 */
import type { NotificationDoc } from '../../cloudfunctions/core/services/notify';
import type { RatingDoc, SuggestionDoc } from '../../cloudfunctions/core/services/docs';
import type { OutboxMessage } from '../../cloudfunctions/core/services/outbox';
import { SchedulerService } from '../../cloudfunctions/core/services/scheduler';
import { addDays } from '../../cloudfunctions/core/time';
import { ADMIN, codeOf, givenScenario } from './scenario';

type S = Awaited<ReturnType<typeof givenScenario>>;

async function givenAdmin(s: S, openid = 'community-admin') {
  await s.services.admin.addStaff(ADMIN, { communityId: s.community.id, openid, role: 'admin' });
  return openid;
}

/** A family whose child was checked in to a session on `date` 09:00–11:00 (the clock ends at 09:05 that day). */
async function givenAttendedVisit(s: S, date = addDays(s.today(), 3)) {
  const fam = await s.givenChild();
  const session = await s.givenSession({ date });
  const { booking } = await s.book(fam, session.id);
  s.setNow(`${date}T09:05:00+08:00`);
  await s.services.checkin.checkIn(ADMIN, { bookingId: booking.id });
  return { fam, session, booking };
}

describe('suggestions', () => {
  it('a registered family sends one; a caller without a family is NOT_REGISTERED', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    const { suggestion } = await s.services.voice.suggest(fam.openid, { category: 'site', text: '希望周末也能开放', siteId: s.site.id });
    expect(suggestion).toMatchObject({
      category: 'site',
      text: '希望周末也能开放',
      status: 'open',
      siteId: s.site.id,
      siteName: '测试宝宝屋',
    });
    expect(await codeOf(s.services.voice.suggest('nobody', { category: 'other', text: '随便说说吧' }))).toBe('NOT_REGISTERED');
    const { suggestions } = await s.services.voice.mySuggestions(fam.openid);
    expect(suggestions.map((x) => x.id)).toEqual([suggestion.id]);
    expect((await s.services.voice.mySuggestions('nobody')).suggestions).toEqual([]);
  });

  it('a site of another community is NOT_FOUND and stores nothing', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    const { community } = await s.services.admin.createCommunity(ADMIN, { name: '别的社区', district: '黄浦区' });
    const { site } = await s.services.admin.createSite(ADMIN, { communityId: community.id, name: '别处', address: '别路', capacity: 5 });
    expect(await codeOf(s.services.voice.suggest(fam.openid, { category: 'site', text: '这里的场地很好', siteId: site.id }))).toBe(
      'NOT_FOUND',
    );
    expect(await s.store.count('suggestions', {})).toBe(0);
  });

  it('the 6th of a Shanghai day is RATE_LIMITED and stored nowhere; the next Shanghai day starts afresh', async () => {
    // 23:59 in Shanghai and 00:00 the next day are the same UTC day (15:59Z / 16:00Z): the limit follows Shanghai
    const s = await givenScenario('2027-03-01T23:50:00+08:00');
    const fam = await s.givenChild();
    for (let i = 1; i <= 5; i++) await s.services.voice.suggest(fam.openid, { category: 'service', text: `第${i}条建议内容` });
    s.setNow('2027-03-01T23:59:59+08:00');
    expect(await codeOf(s.services.voice.suggest(fam.openid, { category: 'service', text: '第6条建议内容' }))).toBe('RATE_LIMITED');
    expect(await s.store.count('suggestions', {})).toBe(5);
    // another family is not limited by this one
    const other = await s.givenChild();
    await s.services.voice.suggest(other.openid, { category: 'course', text: '想要更多手指谣' });
    s.setNow('2027-03-02T00:00:00+08:00');
    await s.services.voice.suggest(fam.openid, { category: 'service', text: '第二天的建议' });
    expect((await s.services.voice.mySuggestions(fam.openid)).suggestions).toHaveLength(6);
  });

  it('five concurrent sends after four: exactly one more is accepted', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    for (let i = 1; i <= 4; i++) await s.services.voice.suggest(fam.openid, { category: 'service', text: `第${i}条建议内容` });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => s.services.voice.suggest(fam.openid, { category: 'other', text: `同时发送的建议${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await s.store.count('suggestions', {})).toBe(5);
  });

  it('the admin sees open ones with the family masked, replies once, and the family gets the reply and a notice', async () => {
    const s = await givenScenario();
    const admin = await givenAdmin(s);
    const fam = await s.givenChild();
    const { suggestion } = await s.services.voice.suggest(fam.openid, { category: 'service', text: '希望增加周末场次', subscribe: true });
    const open = (await s.services.voice.suggestions(admin, { communityId: s.community.id, status: 'open' })).suggestions;
    expect(open).toHaveLength(1);
    expect(open[0].family).toEqual({
      guardianName: `${fam.guardian.name[0]}${'*'.repeat(fam.guardian.name.length - 1)}`,
      phoneMasked: '139****5678',
    });
    expect(JSON.stringify(open)).not.toContain(fam.guardian.name);
    expect(JSON.stringify(open)).not.toContain('13912345678');

    s.setNow(new Date(s.clock.now().getTime() + 3 * 3600_000).toISOString());
    const { suggestion: replied } = await s.services.voice.replySuggestion(admin, {
      suggestionId: suggestion.id,
      reply: '下月起周六上午开放',
    });
    expect(replied).toMatchObject({ status: 'replied', reply: '下月起周六上午开放' });
    expect(await codeOf(s.services.voice.replySuggestion(admin, { suggestionId: suggestion.id, reply: '再说一次' }))).toBe('CONFLICT');
    expect((await s.services.voice.suggestions(admin, { communityId: s.community.id, status: 'open' })).suggestions).toEqual([]);

    const mine = (await s.services.voice.mySuggestions(fam.openid)).suggestions[0];
    expect(mine).toMatchObject({ status: 'replied', reply: '下月起周六上午开放', repliedAt: s.clock.now().toISOString() });
    const notices = await s.store.query<NotificationDoc>('notifications', { kind: 'suggestion_replied' });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ openid: fam.openid, suggestionId: suggestion.id, status: 'pending' });
    expect(notices[0].fields).toMatchObject({ question: '希望增加周末场次', reply: '下月起周六上午开放' });
  });

  it('the reply goes out as the suggestion_reply subscription message only to a family that accepted it', async () => {
    const s = await givenScenario();
    const admin = await givenAdmin(s);
    const yes = await s.givenChild();
    const no = await s.givenChild();
    const a = (await s.services.voice.suggest(yes.openid, { category: 'course', text: '想看更多亲子游戏', subscribe: true })).suggestion;
    const b = (await s.services.voice.suggest(no.openid, { category: 'course', text: '想看更多手指谣' })).suggestion;
    await s.services.voice.replySuggestion(admin, { suggestionId: a.id, reply: '下周上线三集新课' });
    await s.services.voice.replySuggestion(admin, { suggestionId: b.id, reply: '已经在准备了' });
    const sent: OutboxMessage[] = [];
    const report = await new SchedulerService(s.deps, async (m) => {
      sent.push(m);
    }).runDue();
    expect(report).toMatchObject({ delivered: 1, skipped: 1 });
    expect(sent).toEqual([
      expect.objectContaining({
        openid: yes.openid,
        template: 'suggestion_reply',
        data: expect.objectContaining({ thing1: '想看更多亲子游戏', thing2: '下周上线三集新课' }),
      }),
    ]);
  });

  it('staff of another community and workers are FORBIDDEN; an unknown suggestion is NOT_FOUND', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    const { suggestion } = await s.services.voice.suggest(fam.openid, { category: 'service', text: '希望增加周末场次' });
    const { community: other } = await s.services.admin.createCommunity(ADMIN, { name: '别的社区', district: '黄浦区' });
    await s.services.admin.addStaff(ADMIN, { communityId: other.id, openid: 'other-admin', role: 'admin' });
    await s.services.admin.addStaff(ADMIN, { communityId: s.community.id, openid: 'worker', role: 'worker' });
    expect(await codeOf(s.services.voice.suggestions('other-admin', { communityId: s.community.id }))).toBe('FORBIDDEN');
    expect(await codeOf(s.services.voice.replySuggestion('other-admin', { suggestionId: suggestion.id, reply: '好的' }))).toBe('FORBIDDEN');
    expect(await codeOf(s.services.voice.replySuggestion('worker', { suggestionId: suggestion.id, reply: '好的' }))).toBe('FORBIDDEN');
    expect(await codeOf(s.services.voice.replySuggestion(ADMIN, { suggestionId: 'sg_nope', reply: '好的' }))).toBe('NOT_FOUND');
    expect((await s.services.voice.mySuggestions(fam.openid)).suggestions[0].status).toBe('open');
  });
});

describe('ratings', () => {
  it('only the family, only after check-in, once', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    const session = await s.givenSession();
    const { booking } = await s.book(fam, session.id);
    const other = await s.givenChild();
    expect(await codeOf(s.services.voice.rate(fam.openid, { bookingId: booking.id, stars: 5 }))).toBe('CONFLICT'); // not checked in
    s.setNow(`${session.date}T08:45:00+08:00`);
    await s.services.checkin.checkIn(ADMIN, { bookingId: booking.id });
    expect(await codeOf(s.services.voice.rate(other.openid, { bookingId: booking.id, stars: 1 }))).toBe('FORBIDDEN');
    expect(await codeOf(s.services.voice.rate(fam.openid, { bookingId: 'bk_nope', stars: 1 }))).toBe('NOT_FOUND');
    const { rating } = await s.services.voice.rate(fam.openid, {
      bookingId: booking.id,
      stars: 4,
      tags: ['老师耐心', '老师耐心', '环境干净'],
      comment: '很好',
    });
    expect(rating).toMatchObject({ bookingId: booking.id, stars: 4, tags: ['老师耐心', '环境干净'], comment: '很好' });
    expect(await codeOf(s.services.voice.rate(fam.openid, { bookingId: booking.id, stars: 1 }))).toBe('CONFLICT');
    const [stored] = await s.store.query<RatingDoc>('ratings', {});
    expect(stored.stars).toBe(4);
    // the family sees its rating on the visit
    const mine = (await s.services.booking.mine(fam.openid)).bookings.find((b) => b.id === booking.id)!;
    expect(mine.rating).toMatchObject({ stars: 4 });
  });

  it('a checked-out visit can be rated until exactly 14 days after the session ends, not a second later', async () => {
    const s = await givenScenario();
    const first = await givenAttendedVisit(s);
    await s.services.checkin.checkOut(ADMIN, { bookingId: first.booking.id, pickupName: first.fam.guardian.name });
    const end = new Date(`${first.session.date}T11:00:00+08:00`);
    const mine = (await s.services.booking.mine(first.fam.openid)).bookings[0];
    expect(mine.rateUntil).toBe(new Date(end.getTime() + 14 * 86_400_000).toISOString());
    s.setNow(new Date(end.getTime() + 14 * 86_400_000).toISOString());
    await s.services.voice.rate(first.fam.openid, { bookingId: first.booking.id, stars: 5 });

    s.setNow('2027-03-01T08:00:00+08:00');
    const second = await givenAttendedVisit(s, '2027-03-05');
    const end2 = new Date('2027-03-05T11:00:00+08:00');
    s.setNow(new Date(end2.getTime() + 14 * 86_400_000 + 1000).toISOString());
    expect(await codeOf(s.services.voice.rate(second.fam.openid, { bookingId: second.booking.id, stars: 5 }))).toBe('CONFLICT');
    expect(await s.store.count('ratings', {})).toBe(1);
  });

  it('a no-show or cancelled booking cannot be rated', async () => {
    const s = await givenScenario();
    const fam = await s.givenChild();
    const session = await s.givenSession();
    const { booking } = await s.book(fam, session.id);
    await s.services.booking.cancel(fam.openid, booking.id);
    expect(await codeOf(s.services.voice.rate(fam.openid, { bookingId: booking.id, stars: 3 }))).toBe('CONFLICT');
  });

  it('the admin sees ratings per site without who rated; parents see the average only from 3 ratings', async () => {
    const s = await givenScenario();
    const admin = await givenAdmin(s);
    const date = addDays(s.today(), 3);
    const session = await s.givenSession({ date, capacity: 10 });
    const fams = [await s.givenChild(), await s.givenChild(), await s.givenChild()];
    const bookings = [];
    for (const f of fams) bookings.push((await s.book(f, session.id)).booking);
    s.setNow(`${date}T09:05:00+08:00`);
    for (const b of bookings) await s.services.checkin.checkIn(ADMIN, { bookingId: b.id });
    await s.services.voice.rate(fams[0].openid, { bookingId: bookings[0].id, stars: 5 });
    await s.services.voice.rate(fams[1].openid, { bookingId: bookings[1].id, stars: 4, comment: '环境不错' });
    let card = (await s.services.voice.sites(fams[0].openid, {})).sites[0];
    expect(card.rating).toEqual({ average: null, count: 2 });
    await s.services.voice.rate(fams[2].openid, { bookingId: bookings[2].id, stars: 4 });
    card = (await s.services.voice.sites(fams[0].openid, {})).sites[0];
    expect(card.rating).toEqual({ average: 4.3, count: 3 });
    expect(card).not.toHaveProperty('capacity');

    const { ratings } = await s.services.voice.ratings(admin, { communityId: s.community.id, siteId: s.site.id });
    expect(ratings.map((r) => r.stars).sort()).toEqual([4, 4, 5]);
    const text = JSON.stringify(ratings);
    for (const f of fams) {
      expect(text).not.toContain(f.openid);
      expect(text).not.toContain(f.child.name);
      expect(text).not.toContain(f.guardian.name);
    }
    const stats = (await s.services.admin.stats(admin, { communityId: s.community.id, from: date, to: date })).stats;
    expect(stats.ratings).toEqual([{ siteId: s.site.id, siteName: '测试宝宝屋', average: 4.3, count: 3 }]);
  });
});

describe('site grades', () => {
  it('only the district admin grades; the grade shows on the site card; a future inspection date is refused', async () => {
    const s = await givenScenario();
    const admin = await givenAdmin(s);
    const fam = await s.givenChild();
    const grade = { siteId: s.site.id, grade: 'A' as const, inspectedAt: '2027-02-20' };
    expect(await codeOf(s.services.voice.setSiteGrade(admin, grade))).toBe('FORBIDDEN');
    expect(await codeOf(s.services.voice.setSiteGrade(fam.openid, grade))).toBe('FORBIDDEN');
    expect(await codeOf(s.services.voice.setSiteGrade(ADMIN, { ...grade, inspectedAt: '2027-03-02' }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(s.services.voice.setSiteGrade(ADMIN, { ...grade, siteId: 'st_nope' }))).toBe('NOT_FOUND');
    expect((await s.services.voice.sites(fam.openid, {})).sites[0]).not.toHaveProperty('grade');
    const { site } = await s.services.voice.setSiteGrade(ADMIN, { ...grade, note: '台账齐全' });
    expect(site).toMatchObject({ grade: 'A', inspectedAt: '2027-02-20' });
    expect((await s.services.voice.sites(fam.openid, {})).sites[0]).toMatchObject({ grade: 'A', inspectedAt: '2027-02-20' });
    // the inspection note is for admins; parents see grade and date
    expect((await s.services.voice.sites(fam.openid, {})).sites[0]).not.toHaveProperty('gradeNote');
    expect((await s.services.user.profile(fam.openid)).sites?.[0]).toMatchObject({ grade: 'A', inspectedAt: '2027-02-20' });
    expect((await s.services.user.profile(fam.openid)).sites?.[0]).not.toHaveProperty('gradeNote');
    expect((await s.services.admin.listSites(admin, s.community.id)).sites[0]).toMatchObject({ gradeNote: '台账齐全' });
    await s.services.voice.setSiteGrade(ADMIN, { ...grade, grade: 'B', inspectedAt: '2027-03-01' });
    expect((await s.services.voice.sites('someone-else', { communityId: s.community.id })).sites[0]).toMatchObject({
      grade: 'B',
      inspectedAt: '2027-03-01',
    });
    expect(await codeOf(s.services.voice.sites(fam.openid, { communityId: 'cm_nope' }))).toBe('NOT_FOUND');
  });
});

describe('statistics and deletion', () => {
  it('suggestions received / replied and the median hours to reply over a date range', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const admin = await givenAdmin(s);
    const fam = await s.givenChild();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await s.services.voice.suggest(fam.openid, { category: 'other', text: `建议内容${i}号` })).suggestion.id);
    // replies after 2 h and 6 h; the third stays open; one more the next week is outside the range
    s.setNow('2027-03-01T10:00:00+08:00');
    await s.services.voice.replySuggestion(admin, { suggestionId: ids[0], reply: '收到' });
    s.setNow('2027-03-01T14:00:00+08:00');
    await s.services.voice.replySuggestion(admin, { suggestionId: ids[1], reply: '收到' });
    s.setNow('2027-03-09T08:00:00+08:00');
    await s.services.voice.suggest(fam.openid, { category: 'other', text: '下周的建议' });
    const { stats } = await s.services.admin.stats(admin, { communityId: s.community.id, from: '2027-03-01', to: '2027-03-07' });
    expect(stats.suggestions).toEqual({ received: 3, replied: 2, medianReplyHours: 4 });
    const empty = (await s.services.admin.stats(admin, { communityId: s.community.id, from: '2027-02-01', to: '2027-02-07' })).stats;
    expect(empty.suggestions).toEqual({ received: 0, replied: 0, medianReplyHours: null });
  });

  it('account deletion keeps the suggestion text without the family, and ratings without anyone', async () => {
    const s = await givenScenario();
    const admin = await givenAdmin(s);
    const { fam, booking } = await givenAttendedVisit(s);
    await s.services.checkin.checkOut(ADMIN, { bookingId: booking.id, pickupName: fam.guardian.name });
    await s.services.voice.rate(fam.openid, { bookingId: booking.id, stars: 5, comment: '谢谢老师' });
    const { suggestion } = await s.services.voice.suggest(fam.openid, { category: 'service', text: '希望延长开放时间', subscribe: true });
    const answered = (await s.services.voice.suggest(fam.openid, { category: 'course', text: '想要更多手指谣课程' })).suggestion;
    await s.services.voice.replySuggestion(admin, { suggestionId: answered.id, reply: '下周上线' });
    expect(await s.store.count('notifications', { openid: fam.openid })).toBe(1);
    await s.services.user.deleteAccount(fam.openid);
    expect(await s.store.count('notifications', { openid: fam.openid })).toBe(0);

    expect((await s.services.voice.mySuggestions(fam.openid)).suggestions).toEqual([]);
    const listed = (await s.services.voice.suggestions(admin, { communityId: s.community.id, status: 'open' })).suggestions;
    expect(listed).toEqual([expect.objectContaining({ id: suggestion.id, text: '希望延长开放时间', family: null })]);
    const docs = await s.store.query<SuggestionDoc>('suggestions', {});
    expect(docs).toHaveLength(2);
    for (const doc of docs) expect(doc).toMatchObject({ ownerOpenid: null, guardianId: null });
    expect(JSON.stringify(docs)).not.toContain(fam.openid);
    // a reply to an anonymous suggestion notifies nobody
    await s.services.voice.replySuggestion(admin, { suggestionId: suggestion.id, reply: '已延长' });
    expect(await s.store.count('notifications', { kind: 'suggestion_replied' })).toBe(0);

    const ratings = (await s.services.voice.ratings(admin, { communityId: s.community.id })).ratings;
    expect(ratings).toEqual([expect.objectContaining({ stars: 5, comment: '谢谢老师' })]);
    const stored = await s.store.query<RatingDoc>('ratings', {});
    for (const secret of [fam.openid, fam.guardian.name, fam.child.name, fam.guardian.id])
      expect(JSON.stringify(stored)).not.toContain(secret);
  });
});
