/**
 * Holidays beyond the calendar package: the district's overrides beat the calendar both ways, years
 * the package lacks (2027 here) still skip the fixed-date statutory holidays, and every skipped date
 * says where it came from. The pure rule first, then over HTTP (admin.setHoliday / removeHoliday /
 * holidays and the generateSchedule preview).
 */
import { dayInfo, planScheduleDates, type HolidayOverride } from '../../cloudfunctions/core/rules/holidays';
import { ADMIN, OpsWorld } from './ops-world';

const overrides = (...os: HolidayOverride[]) => new Map(os.map((o) => [o.date, o]));

describe('overrides and fixed dates (pure)', () => {
  it('a calendar holiday set as a workday is scheduled; a plain Tuesday set as a holiday is skipped (override)', () => {
    const o = overrides(
      { date: '2026-10-01', kind: 'workday', name: '照常开放' },
      { date: '2026-10-13', kind: 'holiday', name: '区运动会' },
    );
    const plan = planScheduleDates({ from: '2026-09-28', to: '2026-10-16', weekdays: [2, 4] }, o);
    expect(plan.dates).toEqual(['2026-09-29', '2026-10-01', '2026-10-08', '2026-10-15']);
    expect(plan.skipped).toEqual([
      { date: '2026-10-06', reason: '国庆节放假', source: 'calendar', name: '国庆节' },
      { date: '2026-10-13', reason: '区运动会放假（区级设置）', source: 'override', name: '区运动会' },
    ]);
    expect(dayInfo('2026-10-01', o)).toMatchObject({ kind: 'workday', source: 'override' });
  });

  it('a calendar make-up Saturday set as a holiday is no longer opened by followWorkdays; a plain Saturday set as a workday is', () => {
    const o = overrides({ date: '2026-10-10', kind: 'holiday', name: '不调休' }, { date: '2026-10-17', kind: 'workday', name: '补班' });
    const plan = planScheduleDates({ from: '2026-10-08', to: '2026-10-18', weekdays: [1, 2, 3, 4, 5], followWorkdays: true }, o);
    expect(plan.makeupWorkdays).toEqual(['2026-10-17']);
    expect(plan.dates).not.toContain('2026-10-10');
    expect(
      planScheduleDates({ from: '2026-10-08', to: '2026-10-18', weekdays: [1, 2, 3, 4, 5], followWorkdays: true }).makeupWorkdays,
    ).toEqual(['2026-10-10']);
  });

  it('2027 (not in the package): 元旦, 劳动节 and 国庆节 fixed dates are skipped and reported as calendar', () => {
    // 2027-01-01, 2027-10-01 are Fridays; 2027-05-01 is a Saturday
    const fridays = planScheduleDates({ from: '2027-01-01', to: '2027-01-08', weekdays: [5] });
    expect(fridays.unknownYears).toEqual([2027]);
    expect(fridays.dates).toEqual(['2027-01-08']);
    expect(fridays.skipped).toEqual([{ date: '2027-01-01', reason: '元旦放假（法定固定日期）', source: 'calendar', name: '元旦' }]);
    const october = planScheduleDates({ from: '2027-09-27', to: '2027-10-08', weekdays: [1, 2, 3, 4, 5] });
    expect(october.skipped.map((s) => s.date)).toEqual(['2027-10-01']);
    expect(october.dates).toContain('2027-10-04'); // only the three statutory days are known; the rest of the week is not
    expect(planScheduleDates({ from: '2027-05-01', to: '2027-05-02', weekdays: [6, 7] }).skipped.map((s) => s.date)).toEqual([
      '2027-05-01',
      '2027-05-02',
    ]);
  });
});

describe('admin.setHoliday / removeHoliday / holidays over HTTP', () => {
  let w: OpsWorld;
  let siteId: string;
  let communityAdmin: string;
  let worker: string;
  const tuesdays = (extra: Record<string, unknown> = {}) => ({
    siteId,
    from: '2027-03-01',
    to: '2027-03-31',
    weekdays: [2],
    start: '09:00',
    end: '11:00',
    dryRun: true,
    ...extra,
  });

  beforeAll(async () => {
    w = await OpsWorld.start({ now: '2026-12-01T10:00:00+08:00' });
    const { community, site } = await w.givenCommunity();
    siteId = site.id;
    communityAdmin = (await w.givenStaff(community, 'admin')).openid;
    worker = (await w.givenStaff(community, 'worker')).openid;
  });
  afterAll(() => w.close());

  it('a district holiday in 2027 is skipped by the preview and by generation, naming the override; removing it restores the date', async () => {
    const before = await w.ok(communityAdmin, 'admin', 'generateSchedule', tuesdays());
    expect(before.dates).toEqual(['2027-03-02', '2027-03-09', '2027-03-16', '2027-03-23', '2027-03-30']);

    expect(await w.ok(ADMIN, 'admin', 'setHoliday', { date: '2027-03-09', kind: 'holiday', name: '区运动会' })).toEqual({
      holiday: { date: '2027-03-09', kind: 'holiday', name: '区运动会' },
    });
    const preview = await w.ok(communityAdmin, 'admin', 'generateSchedule', tuesdays());
    expect(preview.dates).not.toContain('2027-03-09');
    expect(preview.skipped).toEqual([{ date: '2027-03-09', reason: '区运动会放假（区级设置）', source: 'override', name: '区运动会' }]);

    const made = await w.ok(communityAdmin, 'admin', 'generateSchedule', tuesdays({ dryRun: false }));
    expect(made.sessions.map((s: any) => s.date)).toEqual(['2027-03-02', '2027-03-16', '2027-03-23', '2027-03-30']);

    expect(await w.ok(ADMIN, 'admin', 'removeHoliday', { date: '2027-03-09' })).toEqual({ removed: true });
    expect((await w.ok(communityAdmin, 'admin', 'generateSchedule', tuesdays())).dates).toContain('2027-03-09');
  });

  it('a workday override beats a calendar holiday: 元旦 2027 becomes a working Friday', async () => {
    const fridays = { siteId, from: '2027-01-01', to: '2027-01-08', weekdays: [5], start: '09:00', end: '11:00', dryRun: true };
    expect((await w.ok(ADMIN, 'admin', 'generateSchedule', fridays)).skipped.map((s: any) => s.source)).toEqual(['calendar']);
    await w.ok(ADMIN, 'admin', 'setHoliday', { date: '2027-01-01', kind: 'workday', name: '照常开放' });
    const res = await w.ok(ADMIN, 'admin', 'generateSchedule', fridays);
    expect(res.dates).toEqual(['2027-01-01', '2027-01-08']);
    expect(res.skipped).toEqual([]);
  });

  it('admin.holidays: the merged year with the source of every day; any admin may read it, a worker may not', async () => {
    await w.ok(ADMIN, 'admin', 'setHoliday', { date: '2027-06-08', kind: 'holiday' });
    const { days, calendarKnown } = await w.ok(communityAdmin, 'admin', 'holidays', { year: 2027 });
    expect(calendarKnown).toBe(false);
    expect(days).toEqual([
      { date: '2027-01-01', kind: 'workday', name: '照常开放', source: 'override' },
      { date: '2027-05-01', kind: 'holiday', name: '劳动节', source: 'calendar' },
      { date: '2027-05-02', kind: 'holiday', name: '劳动节', source: 'calendar' },
      { date: '2027-06-08', kind: 'holiday', name: '区级假日', source: 'override' },
      { date: '2027-10-01', kind: 'holiday', name: '国庆节', source: 'calendar' },
      { date: '2027-10-02', kind: 'holiday', name: '国庆节', source: 'calendar' },
      { date: '2027-10-03', kind: 'holiday', name: '国庆节', source: 'calendar' },
    ]);
    const y2026 = await w.ok(ADMIN, 'admin', 'holidays', { year: 2026 });
    expect(y2026.calendarKnown).toBe(true);
    expect(y2026.days).toContainEqual({ date: '2026-10-10', kind: 'workday', name: '国庆节调休上班', source: 'calendar' });
    expect(y2026.days.filter((d: any) => d.kind === 'holiday')).toHaveLength(33);

    const refused = await w.call(worker, 'admin', 'holidays', { year: 2027 });
    expect(refused.status).toBe(403);
    const bad = await w.call(ADMIN, 'admin', 'setHoliday', { date: '2027-02-30', kind: 'holiday' });
    expect(bad.status).toBe(400);
    const badKind = await w.callRaw(ADMIN, 'admin', 'setHoliday', { date: '2027-02-03', kind: 'vacation' });
    expect(badKind.status).toBe(400);
  });
});
