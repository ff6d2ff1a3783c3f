/**
 * Weekly schedule generation against China's official calendar (chinese-days):
 * 2026 National Day holiday 10-01…10-07, make-up workdays Sun 09-20 and Sat 10-10 (调休上班);
 * Spring Festival 02-15…02-23 with make-up Saturdays 02-14 and 02-28.
 */
import { dayInfo, planScheduleDates } from '../../cloudfunctions/core/rules/holidays';
import { ADMIN, OpsWorld } from './ops-world';

describe('the calendar rule (pure)', () => {
  it('knows the 2026 National Day holiday and its make-up Saturday', () => {
    expect(dayInfo('2026-10-01')).toMatchObject({ kind: 'holiday', holiday: '国庆节', weekday: 4 });
    expect(dayInfo('2026-10-10')).toMatchObject({ kind: 'makeup_workday', holiday: '国庆节', weekday: 6 });
    expect(dayInfo('2026-10-11')).toMatchObject({ kind: 'weekend', weekday: 7 });
    expect(dayInfo('2026-10-08')).toMatchObject({ kind: 'workday', weekday: 4 });
  });

  it('Tuesday/Thursday: holidays on those weekdays are skipped with their name; weekends are never candidates', () => {
    const plan = planScheduleDates({ from: '2026-09-28', to: '2026-10-11', weekdays: [2, 4] });
    expect(plan.dates).toEqual(['2026-09-29', '2026-10-08']);
    expect(plan.skipped).toEqual([
      { date: '2026-10-01', reason: '国庆节放假', source: 'calendar', name: '国庆节' },
      { date: '2026-10-06', reason: '国庆节放假', source: 'calendar', name: '国庆节' },
    ]);
    expect(plan.makeupWorkdays).toEqual([]);
    expect(plan.unknownYears).toEqual([]);
  });

  it('followWorkdays: a Monday–Friday schedule also opens on the make-up Saturday and skips the holiday', () => {
    const plan = planScheduleDates({ from: '2026-09-28', to: '2026-10-11', weekdays: [1, 2, 3, 4, 5], followWorkdays: true });
    expect(plan.dates).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
    expect(plan.makeupWorkdays).toEqual(['2026-10-10']);
    expect(plan.skipped.map((s) => s.date)).toEqual(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']);
    // followWorkdays skips holidays even when skipHolidays is false
    expect(
      planScheduleDates({ from: '2026-10-01', to: '2026-10-01', weekdays: [4], followWorkdays: true, skipHolidays: false }).dates,
    ).toEqual([]);
  });

  it('without followWorkdays the make-up Saturday is not scheduled; Spring Festival make-up Saturdays likewise', () => {
    expect(planScheduleDates({ from: '2026-10-08', to: '2026-10-11', weekdays: [1, 2, 3, 4, 5] }).dates).toEqual([
      '2026-10-08',
      '2026-10-09',
    ]);
    const spring = planScheduleDates({ from: '2026-02-09', to: '2026-03-01', weekdays: [1, 2, 3, 4, 5], followWorkdays: true });
    expect(spring.makeupWorkdays).toEqual(['2026-02-14', '2026-02-28']);
    expect(spring.dates).not.toContain('2026-02-16');
    expect(spring.skipped.map((s) => s.reason)).toContain('春节放假');
  });

  it('a Saturday schedule keeps the make-up Saturday and skips the holiday Saturday', () => {
    const plan = planScheduleDates({ from: '2026-10-01', to: '2026-10-17', weekdays: [6] });
    expect(plan.dates).toEqual(['2026-10-10', '2026-10-17']);
    expect(plan.skipped).toEqual([{ date: '2026-10-03', reason: '国庆节放假', source: 'calendar', name: '国庆节' }]);
  });

  it('skipHolidays: false schedules on holidays too; a year without published data is reported', () => {
    expect(planScheduleDates({ from: '2026-10-01', to: '2026-10-01', weekdays: [4], skipHolidays: false }).dates).toEqual(['2026-10-01']);
    expect(planScheduleDates({ from: '2035-03-05', to: '2035-03-12', weekdays: [1] }).unknownYears).toEqual([2035]);
  });
});

describe('admin.generateSchedule over HTTP', () => {
  let w: OpsWorld;
  beforeAll(async () => {
    w = await OpsWorld.start({ now: '2026-09-15T10:00:00+08:00' });
  });
  afterAll(() => w.close());

  it('generates a Tue/Thu 9:00–11:00 schedule around National Day: 10-01 and 10-06 skipped, sessions created', async () => {
    const { community, site } = await w.givenCommunity({ capacity: 40 });
    const params = { siteId: site.id, from: '2026-09-28', to: '2026-10-11', weekdays: [2, 4], start: '09:00', end: '11:00', capacity: 30 };

    const preview = await w.ok(ADMIN, 'admin', 'generateSchedule', { ...params, dryRun: true });
    expect(preview).toMatchObject({ sessions: [], dates: ['2026-09-29', '2026-10-08'], created: 0, existing: 0 });
    expect(
      (await w.ok(ADMIN, 'booking', 'listSessions', { communityId: community.id, from: '2026-09-28', to: '2026-10-11' })).sessions,
    ).toEqual([]);

    const res = await w.ok(ADMIN, 'admin', 'generateSchedule', params);
    expect(res.sessions.map((s: any) => s.date)).toEqual(['2026-09-29', '2026-10-08']);
    expect(res.sessions.every((s: any) => s.capacity === 30 && s.start === '09:00' && s.end === '11:00' && s.status === 'open')).toBe(true);
    expect(res.skipped).toEqual([
      { date: '2026-10-01', reason: '国庆节放假', source: 'calendar', name: '国庆节' },
      { date: '2026-10-06', reason: '国庆节放假', source: 'calendar', name: '国庆节' },
    ]);
    expect(res.created).toBe(2);

    const listed = (await w.ok(ADMIN, 'booking', 'listSessions', { communityId: community.id, from: '2026-09-28', to: '2026-10-11' }))
      .sessions;
    expect(listed.map((s: any) => s.date)).toEqual(['2026-09-29', '2026-10-08']);

    // running it again creates nothing new
    const again = await w.ok(ADMIN, 'admin', 'generateSchedule', params);
    expect(again).toMatchObject({ created: 0, existing: 2 });
    expect(again.sessions).toHaveLength(2);
  });

  it('followWorkdays: true includes the official make-up Saturday 2026-10-10', async () => {
    const { community, site } = await w.givenCommunity({ capacity: 10 });
    const res = await w.ok(ADMIN, 'admin', 'generateSchedule', {
      siteId: site.id,
      from: '2026-10-05',
      to: '2026-10-11',
      weekdays: [1, 2, 3, 4, 5],
      start: '14:00',
      end: '16:00',
      followWorkdays: true,
    });
    expect(res.sessions.map((s: any) => s.date)).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
    expect(res.makeupWorkdays).toEqual(['2026-10-10']);
    expect(res.skipped.map((s: any) => s.date)).toEqual(['2026-10-05', '2026-10-06', '2026-10-07']);
    const sat = (await w.ok(ADMIN, 'booking', 'listSessions', { communityId: community.id, from: '2026-10-10', to: '2026-10-10' }))
      .sessions;
    expect(sat).toHaveLength(1);
    expect(sat[0]).toMatchObject({ date: '2026-10-10', start: '14:00', capacity: 10 });
  });

  it('refuses bad rules and other people', async () => {
    const { community, site } = await w.givenCommunity();
    const base = { siteId: site.id, from: '2026-10-12', to: '2026-10-18', weekdays: [2], start: '09:00', end: '11:00' };
    const bad = [
      { ...base, weekdays: [8] },
      { ...base, weekdays: [] },
      { ...base, weekdays: [2, 2] },
      { ...base, start: '25:00' },
      { ...base, end: '08:00' },
      { ...base, to: '2026-10-01' },
      { ...base, to: '2027-03-01' },
      { ...base, from: '2026-02-30' },
    ];
    for (const p of bad) {
      const r = await w.call(ADMIN, 'admin', 'generateSchedule', p);
      expect([r.status, r.body.ok ? '' : r.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    }
    const worker = (await w.givenStaff(community, 'worker')).openid;
    expect((await w.call(worker, 'admin', 'generateSchedule', base)).status).toBe(403);
    const other = await w.givenCommunity();
    const otherAdmin = (await w.givenStaff(other.community, 'admin')).openid;
    expect((await w.call(otherAdmin, 'admin', 'generateSchedule', base)).status).toBe(403);
    expect((await w.call(null, 'admin', 'generateSchedule', base)).status).toBe(401);
    // a community admin may schedule its own sites
    const ownAdmin = (await w.givenStaff(community, 'admin')).openid;
    expect((await w.ok(ownAdmin, 'admin', 'generateSchedule', base)).created).toBe(1);
    // audited
    const { entries } = await w.ok(ADMIN, 'admin', 'auditLog', { communityId: community.id });
    expect(entries.some((e: any) => e.action === 'schedule.generate' && e.actor === ownAdmin)).toBe(true);
  });
});
