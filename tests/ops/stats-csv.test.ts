/**
 * admin.stats over a week with every kind of outcome, and admin.exportCsv whose content matches it
 * row for row; the audit log records the staff actions, including the export.
 */
import { computeStats, percentText, statsCsv, SUMMARY_ROWS } from '../../cloudfunctions/core/services/stats';
import type { BookingDoc, SessionDoc } from '../../cloudfunctions/core/services/docs';
import { ADMIN, OpsWorld, parseCsv, type Family } from './ops-world';

describe('rates over ended sessions only', () => {
  const session = (id: string, date: string, over: Partial<SessionDoc> = {}): SessionDoc => ({
    _id: id,
    siteId: 'st',
    communityId: 'c',
    siteName: '宝宝屋',
    kind: 'temporary_care',
    date,
    start: '09:00',
    end: '11:00',
    startAt: `${date}T01:00:00.000Z`,
    endAt: `${date}T03:00:00.000Z`,
    capacity: 10,
    status: 'open',
    createdAt: '',
    ...over,
  });
  const booking = (id: string, sessionId: string, date: string, status: BookingDoc['status']): BookingDoc => ({
    _id: id,
    status,
    sessionId,
    childId: `k${id}`,
    communityId: 'c',
    siteId: 'st',
    ownerOpenid: 'o',
    kind: 'temporary_care',
    date,
    year: 2026,
    startAt: `${date}T01:00:00.000Z`,
    endAt: `${date}T03:00:00.000Z`,
    checkinCode: '',
    createdAt: '',
    updatedAt: '',
  });

  it('a month with one session held and three to come: 开展 1, 已排期 3, rates from the one held', () => {
    const sessions = [session('s1', '2026-11-02'), session('s2', '2026-11-10'), session('s3', '2026-11-17'), session('s4', '2026-11-24')];
    const bookings = [
      booking('1', 's1', '2026-11-02', 'checked_out'),
      booking('2', 's1', '2026-11-02', 'checked_out'),
      booking('3', 's1', '2026-11-02', 'no_show'),
      booking('4', 's2', '2026-11-10', 'confirmed'),
      booking('5', 's3', '2026-11-17', 'confirmed'),
    ];
    const stats = computeStats(sessions, bookings, new Date('2026-11-05T12:00:00+08:00'));
    expect(stats).toMatchObject({
      sessions: 1,
      scheduledSessions: 3,
      scheduledBookings: 2,
      capacity: 10,
      pastSeated: 3,
      attendanceRate: 0.667,
      utilisation: 0.3,
      noShowRate: 0.333,
    });
    expect(stats.daily.map((d) => d.date)).toEqual(['2026-11-02']);
    expect(stats.bySession.map((s) => s.scheduled)).toEqual([false, true, true, true]);
    // before anything was held, nothing is a rate yet
    const early = computeStats(
      sessions,
      bookings.filter((b) => b.sessionId !== 's1'),
      new Date('2026-11-01T12:00:00+08:00'),
    );
    expect(early).toMatchObject({ sessions: 0, scheduledSessions: 4, attendanceRate: 0, utilisation: 0 });
  });

  it('实到人次 counts ended sessions only: children checked in to a session still running are not counted yet', () => {
    const sessions = [session('s1', '2026-11-02'), session('s2', '2026-11-05')];
    const bookings = [
      booking('1', 's1', '2026-11-02', 'checked_out'),
      booking('2', 's1', '2026-11-02', 'no_show'),
      booking('3', 's2', '2026-11-05', 'checked_in'),
      booking('4', 's2', '2026-11-05', 'checked_in'),
    ];
    // 2026-11-05 10:00 in Shanghai: s2 (09:00–11:00) is running, two children are in
    const running = computeStats(sessions, bookings, new Date('2026-11-05T10:00:00+08:00'));
    expect(running).toMatchObject({ sessions: 1, attended: 1, noShows: 1, attendanceRate: 0.5 });
    const after = computeStats(sessions, bookings, new Date('2026-11-05T11:00:00+08:00'));
    expect(after).toMatchObject({ sessions: 2, attended: 3, noShows: 1 });
  });
});

describe('service kinds in the stats and the CSV', () => {
  const session = (id: string, date: string, over: Partial<SessionDoc> = {}): SessionDoc => ({
    _id: id,
    siteId: 'st',
    communityId: 'c',
    siteName: '宝宝屋',
    date,
    start: '09:00',
    end: '11:00',
    startAt: `${date}T01:00:00.000Z`,
    endAt: `${date}T03:00:00.000Z`,
    capacity: 10,
    status: 'open',
    createdAt: '',
    ...over,
  });
  const booking = (id: string, s: SessionDoc, status: BookingDoc['status'], childId = `k${id}`): BookingDoc => ({
    _id: id,
    status,
    sessionId: s._id,
    childId,
    communityId: 'c',
    siteId: 'st',
    ownerOpenid: 'o',
    ...(s.kind ? { kind: s.kind } : {}),
    date: s.date,
    year: 2026,
    startAt: s.startAt,
    endAt: s.endAt,
    checkinCode: '',
    createdAt: '',
    updatedAt: '',
  });
  // a care session stored before kinds (no kind), a guidance session, a held and a scheduled festival activity
  const care = session('s1', '2026-09-01');
  const guide = session('s2', '2026-09-02', { kind: 'parenting_guidance', title: '辅食添加', host: '区早教中心 王老师', capacity: 4 });
  const moon = session('s3', '2026-09-03', { kind: 'festival_activity', title: '中秋手绘月亮', capacity: 20 });
  const later = session('s4', '2026-09-30', { kind: 'festival_activity', title: '重阳敬老' });
  const bookings = [
    booking('1', care, 'checked_out', 'a'),
    booking('2', care, 'no_show', 'b'),
    booking('3', guide, 'checked_out', 'a'),
    booking('4', guide, 'checked_in', 'c'),
    booking('5', guide, 'waitlisted', 'd'),
    booking('6', moon, 'checked_out', 'a'),
    booking('7', later, 'confirmed', 'b'),
    booking('8', later, 'checked_in', 'e'), // checked in early to a session not ended: not yet 实到
  ];
  const stats = computeStats([care, guide, moon, later], bookings, new Date('2026-09-10T12:00:00+08:00'));

  it("byKind: each kind by the totals' definitions, adding up to them; the care quota figures count care only", () => {
    expect(stats.byKind).toEqual({
      temporary_care: { sessions: 1, scheduledSessions: 0, bookings: 2, attended: 1, noShows: 1, utilisation: 0.2 },
      parenting_guidance: { sessions: 1, scheduledSessions: 0, bookings: 2, attended: 2, noShows: 0, utilisation: 0.5 },
      parent_class: { sessions: 0, scheduledSessions: 0, bookings: 0, attended: 0, noShows: 0, utilisation: 0 },
      festival_activity: { sessions: 1, scheduledSessions: 1, bookings: 3, attended: 1, noShows: 0, utilisation: 0.05 },
    });
    expect(stats).toMatchObject({ sessions: 3, scheduledSessions: 1, bookings: 7, attended: 4, noShows: 1 });
    // child a went to care, guidance and the activity: one free care session, not three
    expect(stats.quotaUsed).toBe(2);
    expect(stats.quotaUse).toEqual([{ used: 1, children: 2 }]);
  });

  it('the CSV has one row per kind under Chinese headers, and each session row names its kind, title and host', () => {
    const rows = statsCsv({ communityName: '五里桥社区', from: '2026-09-01', to: '2026-09-30' }, stats)
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .map((r) => r.split(','));
    const head = rows.findIndex((r) => r[0] === '服务类型');
    expect(rows[head]).toEqual([
      '服务类型',
      '开展场次（已结束）',
      '已排期场次（未结束）',
      '预约人次（不含候补）',
      '实到人次',
      '未到人次',
      '名额利用率（已结束场次）',
    ]);
    expect(rows.slice(head + 1, head + 5)).toEqual([
      ['临时托', '1', '0', '2', '1', '1', '20%'],
      ['科学育儿指导', '1', '0', '2', '2', '0', '50%'],
      ['家长课堂', '0', '0', '0', '0', '0', '0%'],
      ['节日活动', '1', '1', '3', '1', '0', '5%'],
    ]);
    expect(rows[head + 5]).toEqual(['']);
    const s = rows.findIndex((r) => r[0] === '日期');
    expect(rows[s].slice(-3)).toEqual(['服务类型', '活动名称', '主讲/主办']);
    expect(rows.slice(s + 1, s + 5).map((r) => r.slice(-3))).toEqual([
      ['临时托', '', ''],
      ['科学育儿指导', '辅食添加', '区早教中心 王老师'],
      ['节日活动', '中秋手绘月亮', ''],
      ['节日活动', '重阳敬老', ''],
    ]);
  });
});

describe('statistics and CSV export', () => {
  let w: OpsWorld;
  let community: { id: string; code: string; name: string };
  let worker: string;
  let stats: any;
  const range = { from: '2026-11-01', to: '2026-11-07' };

  beforeAll(async () => {
    w = await OpsWorld.start({ now: '2026-11-02T10:00:00+08:00' });
    const c = await w.givenCommunity({ capacity: 4, name: '奉浦社区' });
    community = c.community;
    worker = (await w.givenStaff(community, 'worker')).openid;
    const [tue] = await w.givenSessions({ site: c.site }, { dates: ['2026-11-03'] });
    const [thu] = await w.givenSessions({ site: c.site }, { dates: ['2026-11-05'] });
    const [fri] = await w.givenSessions({ site: c.site }, { dates: ['2026-11-06'], start: '09:00', end: '11:00', capacity: 2 });
    const f: Family[] = [];
    for (let i = 0; i < 5; i++) f.push(await w.givenParentWithChild(community));

    const t1 = await w.booked(f[0], tue);
    const t2 = await w.booked(f[1], tue);
    await w.booked(f[2], tue);
    const t4 = await w.booked(f[3], tue);
    await w.ok(f[3].openid, 'booking', 'cancel', { bookingId: t4.id }); // 23 h before: late_cancelled
    const h5 = await w.booked(f[4], thu);
    await w.ok(f[4].openid, 'booking', 'cancel', { bookingId: h5.id }); // in time: cancelled
    const h1 = await w.booked(f[0], thu);
    await w.booked(f[1], thu);
    await w.booked(f[2], fri);
    await w.ok(ADMIN, 'admin', 'cancelSession', { sessionId: fri.id, reason: '社区停电' }); // session_cancelled

    // Tuesday at the door: two arrive (one is picked up), one never comes
    await w.clock('2026-11-03T08:45:00+08:00');
    await w.ok(worker, 'checkin', 'roster', { sessionId: tue.id });
    await w.ok(worker, 'checkin', 'checkIn', { bookingId: t1.id, health: { temperature: 36.6 } });
    await w.ok(worker, 'checkin', 'checkIn', { bookingId: t2.id });
    await w.clock('2026-11-03T11:00:00+08:00');
    const guardian = (await w.ok(f[1].openid, 'user', 'profile')).guardian!;
    await w.ok(worker, 'checkin', 'checkOut', { bookingId: t2.id, pickupName: guardian.name });
    await w.clock('2026-11-03T11:31:00+08:00'); // f[2] becomes a no-show
    // Thursday: one arrives, one does not
    await w.clock('2026-11-05T09:05:00+08:00');
    await w.ok(worker, 'checkin', 'checkIn', { bookingId: h1.id });
    await w.clock('2026-11-05T12:00:00+08:00');

    stats = (await w.ok(ADMIN, 'admin', 'stats', { communityId: community.id, ...range })).stats;
  });
  afterAll(() => w.close());

  it('counts sessions held, bookings, attendance, utilisation, no-show rate, unique children and quota use', () => {
    expect(stats).toMatchObject({
      sessions: 2,
      cancelledSessions: 1,
      capacity: 8,
      bookings: 8,
      seated: 5,
      attended: 3,
      noShows: 2,
      lateCancelled: 1,
      cancelled: 1,
      sessionCancelled: 1,
      waitlisted: 0,
      utilisation: 0.625,
      attendanceRate: 0.6,
      noShowRate: 0.4,
      uniqueChildren: 4,
      quotaUsed: 6,
      scheduledSessions: 0,
      pastSeated: 5,
    });
    expect(stats.quotaUse).toEqual([
      { used: 1, children: 2 },
      { used: 2, children: 2 },
    ]);
    expect(stats.daily).toEqual([
      { date: '2026-11-03', sessions: 1, capacity: 4, booked: 3, attended: 2, noShows: 1 },
      { date: '2026-11-05', sessions: 1, capacity: 4, booked: 2, attended: 1, noShows: 1 },
    ]);
    expect(stats.bySession.map((s: any) => [s.date, s.status, s.booked, s.attended])).toEqual([
      ['2026-11-03', 'open', 3, 2],
      ['2026-11-05', 'open', 2, 1],
      ['2026-11-06', 'cancelled', 0, 0],
    ]);
    expect(stats.bySession[2].cancelReason).toBe('社区停电');
  });

  it('a narrower range counts only its days', async () => {
    const one = (await w.ok(ADMIN, 'admin', 'stats', { communityId: community.id, from: '2026-11-05', to: '2026-11-05' })).stats;
    expect(one).toMatchObject({ sessions: 1, attended: 1, noShows: 1, bookings: 3, utilisation: 0.5 });
  });

  it('exports a CSV whose content matches the stats', async () => {
    const { filename, csv } = await w.ok(ADMIN, 'admin', 'exportCsv', { communityId: community.id, ...range });
    expect(filename).toBe('宝宝屋统计_奉浦社区_2026-11-01_2026-11-07.csv');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['宝宝屋服务统计', '奉浦社区', '2026-11-01 至 2026-11-07']);

    // summary: one row per stats key (Chinese label, value) — every number equals admin.stats, shares as percentages
    const head = rows.findIndex((r) => r[0] === '指标');
    expect(rows[head]).toEqual(['指标', '数值']);
    const summary = new Map<string, string>();
    for (let i = head + 1; rows[i].length > 1; i++) summary.set(rows[i][0], rows[i][1]);
    for (const label of summary.keys()) expect(label).toMatch(/[\u4e00-\u9fa5]/); // no English keys
    expect(SUMMARY_ROWS.length).toBeGreaterThanOrEqual(19);
    for (const [key, label] of SUMMARY_ROWS) {
      const want = ['utilisation', 'attendanceRate', 'noShowRate'].includes(key) ? percentText(stats[key]) : String(stats[key]);
      expect([key, summary.get(label)]).toEqual([key, want]);
    }
    expect(summary.get('到场率（实到/已结束场次的占用名额）')).toBe('60%');
    expect(summary.get('名额利用率（已结束场次）')).toBe('62.5%');

    // quota-use distribution
    const q = rows.findIndex((r) => r[0] === '临时托免费次数使用分布');
    const dist = [];
    for (let i = q + 1; rows[i].length > 1; i++) dist.push({ used: Number(rows[i][1]), children: Number(rows[i][2]) });
    expect(dist).toEqual(stats.quotaUse);

    // per session: the rows add up to the totals
    const s = rows.findIndex((r) => r[0] === '日期');
    expect(rows[s]).toEqual([
      '日期',
      '开始',
      '结束',
      '场地',
      '状态',
      '名额',
      '占用名额',
      '实到',
      '未到',
      '迟取消',
      '利用率',
      '取消原因',
      '服务类型',
      '活动名称',
      '主讲/主办',
    ]);
    const sessionRows = rows.slice(s + 1).filter((r) => r.length > 1);
    expect(sessionRows).toHaveLength(stats.bySession.length);
    const open = sessionRows.filter((r) => r[4] === '已开展');
    expect(open.map((r) => r[10])).toEqual(['75%', '50%']);
    const sum = (col: number, list = sessionRows) => list.reduce((n, r) => n + Number(r[col]), 0);
    expect(open).toHaveLength(stats.sessions);
    expect(sessionRows.filter((r) => r[4] === '已取消')).toHaveLength(stats.cancelledSessions);
    expect(sum(5, open)).toBe(stats.capacity);
    expect(sum(6)).toBe(stats.seated);
    expect(sum(7)).toBe(stats.attended);
    expect(sum(8)).toBe(stats.noShows);
    expect(sum(9)).toBe(stats.lateCancelled);
    expect(sessionRows.find((r) => r[4] === '已取消')?.[11]).toBe('社区停电');
  });

  it('the audit log holds check-in/out, roster views, the cancellation and the export; workers cannot read it', async () => {
    const { entries } = await w.ok(ADMIN, 'admin', 'auditLog', { communityId: community.id });
    const actions = entries.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['checkin', 'checkout', 'roster.view', 'session.cancel', 'stats.export']));
    expect(entries.filter((e: any) => e.action === 'checkin')).toHaveLength(3);
    expect(entries.find((e: any) => e.action === 'stats.export')).toMatchObject({
      actor: ADMIN,
      actorRole: 'district_admin',
      details: range,
    });
    expect(entries.find((e) => e.action === 'session.cancel')?.details.reason).toBe('社区停电');
    // newest first
    const times = entries.map((e: any) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await w.ok(ADMIN, 'admin', 'auditLog', { communityId: community.id, limit: 2 })).entries).toHaveLength(2);
    // entries name the child (masked) and the session, never only their ids
    const checkin = entries.find((e: any) => e.action === 'checkin')!;
    expect(checkin.details.childName).toMatch(/^.\*+.?$/);
    expect(checkin.details.sessionText).toMatch(/^2026-11-0[35] 09:00–11:00 /);
    // readOnly: false hides the looks (查看名单) and keeps every change
    const changes = (await w.ok(ADMIN, 'admin', 'auditLog', { communityId: community.id, readOnly: false })).entries.map(
      (e: any) => e.action,
    );
    expect(changes).not.toContain('roster.view');
    expect(changes).toEqual(actions.filter((a: string) => a !== 'roster.view'));

    expect((await w.call(worker, 'admin', 'auditLog', { communityId: community.id })).status).toBe(403);
    expect((await w.call(worker, 'admin', 'exportCsv', { communityId: community.id, ...range })).status).toBe(403);
    expect((await w.call(worker, 'admin', 'stats', { communityId: community.id, ...range })).status).toBe(403);
    const bad = await w.call(ADMIN, 'admin', 'exportCsv', { communityId: community.id, from: '2026-11-07', to: '2026-11-01' });
    expect(bad.status).toBe(400);
  });
});
