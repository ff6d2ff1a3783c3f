/**
 * The district view over HTTP: one row per community and totals (admin.districtStats), the CSV
 * (admin.exportDistrictCsv), resident numbers and guidance coverage, who may ask; and the totals rule as
 * a property of the pure aggregation.
 *
 * March 2026, clock frozen. 黄浦区: A (capacity 10) and B (capacity 5); 浦东新区: P with no sessions.
 *   A 03-03 care: a1 a2 a3 booked; a1 a2 checked in, a3 no-show.      → ended, 10 places, 2 attended
 *   A 03-05 guidance: a3 booked and checked in.                        → ended, 10 places, 1 attended
 *   A 03-10 care: a1 (cancelled late → still a booking) and a2.        → not ended
 *   A 03-12 care: cancelled by the site                                → not counted
 *   B 03-03 care: b1 checked in, b2 no-show                            → ended, 5 places, 1 attended
 */
import fc from 'fast-check';
import { checkStoreInvariants } from '../../cloudfunctions/core/invariants';
import { aggregateDistrict, type CommunityFacts, type SessionFacts } from '../../cloudfunctions/core/services/district';
import { ADMIN, OpsWorld, parseCsv, type Community, type Family } from './ops-world';

const COUNT_KEYS = ['sites', 'sessions', 'bookings', 'attended', 'noShows', 'registeredChildren', 'guidedChildren'] as const;

describe('admin.districtStats and admin.exportDistrictCsv', () => {
  let w: OpsWorld;
  let A: Community;
  let B: Community;
  let P: Community;
  let communityAdmin: string;
  const range = { from: '2026-03-01', to: '2026-03-31' };

  beforeAll(async () => {
    w = await OpsWorld.start({ now: '2026-03-02T08:00:00+08:00' });
    const community = async (name: string, district: string, capacity: number) => {
      const { community: c } = await w.ok(ADMIN, 'admin', 'createCommunity', { name, district });
      const { site } = await w.ok(ADMIN, 'admin', 'createSite', { communityId: c.id, name: `${name}宝宝屋`, address: '1 号', capacity });
      return { c, site };
    };
    const a = await community('A社区', '黄浦区', 10);
    const b = await community('B社区', '黄浦区', 5);
    const p = await community('=SUM(1)浦东', '浦东新区', 10);
    [A, B, P] = [a.c, b.c, p.c];
    communityAdmin = (await w.givenStaff(A, 'admin')).openid;
    const workerA = (await w.givenStaff(A, 'worker')).openid;
    const workerB = (await w.givenStaff(B, 'worker')).openid;

    const [a0303, a0305, a0310, a0312] = await w.givenSessions(
      { site: a.site },
      { dates: ['2026-03-03', '2026-03-05', '2026-03-10', '2026-03-12'] },
    );
    const [b0303] = await w.givenSessions({ site: b.site }, { dates: ['2026-03-03'] });
    // parenting guidance sessions are stored directly until admin.createSessions takes a kind
    await w.rt.store.update('sessions', a0305.id, { set: { kind: 'parenting_guidance' } });
    await w.ok(ADMIN, 'admin', 'cancelSession', { sessionId: a0312.id, reason: '场地维修' });

    const fam = (c: Community) => w.givenParentWithChild(c, { ageMonths: 20 });
    const [a1, a2, a3, b1, b2]: Family[] = [await fam(A), await fam(A), await fam(A), await fam(B), await fam(B)];
    const bk = {
      a1: await w.booked(a1, a0303),
      a2: await w.booked(a2, a0303),
      a3: await w.booked(a3, a0303),
      a3g: await w.booked(a3, a0305),
      a1l: await w.booked(a1, a0310),
      a2f: await w.booked(a2, a0310),
      b1: await w.booked(b1, b0303),
      b2: await w.booked(b2, b0303),
    };
    void bk.a2f;
    await w.clock('2026-03-03T09:05:00+08:00');
    for (const id of [bk.a1.id, bk.a2.id]) await w.ok(workerA, 'checkin', 'checkIn', { bookingId: id });
    await w.ok(workerB, 'checkin', 'checkIn', { bookingId: bk.b1.id });
    await w.clock('2026-03-03T12:00:00+08:00'); // 30 min after the end: a3 and b2 become no-shows
    await w.clock('2026-03-05T09:05:00+08:00');
    await w.ok(workerA, 'checkin', 'checkIn', { bookingId: bk.a3g.id });
    await w.clock('2026-03-09T12:00:00+08:00');
    const late = await w.ok(a1.openid, 'booking', 'cancel', { bookingId: bk.a1l.id });
    expect(late.booking.status).toBe('late_cancelled');
  }, 60_000);
  afterAll(() => w.close());

  it('answers one row per community and totals that are the sum of the rows', async () => {
    const res = await w.ok(ADMIN, 'admin', 'districtStats', { ...range, district: '黄浦区' });
    expect(res.communities.map((r: any) => r.name)).toEqual(['A社区', 'B社区']);
    const [rowA, rowB] = res.communities;
    expect(rowA).toEqual({
      communityId: A.id,
      name: 'A社区',
      district: '黄浦区',
      sites: 1,
      sessions: 3,
      bookings: 6,
      attended: 3,
      noShows: 1,
      utilisation: 0.15,
      registeredChildren: 3,
      residentChildren: null,
      guidanceCoverage: null,
      guidedChildren: 1,
    });
    expect(rowB).toMatchObject({ sites: 1, sessions: 1, bookings: 2, attended: 1, noShows: 1, utilisation: 0.2, registeredChildren: 2 });
    for (const k of COUNT_KEYS) expect(res.totals[k]).toBe(rowA[k] + rowB[k]);
    // ratios of the totals come from the summed parts: (2 + 1 + 1) attended over (10 + 10 + 5) ended places
    expect(res.totals).toMatchObject({
      communityId: null,
      name: '合计',
      utilisation: 0.16,
      residentChildren: null,
      guidanceCoverage: null,
    });
    // the monthly trend adds up to the same totals
    expect(res.months).toEqual([{ month: '2026-03', sessions: 4, bookings: 8, attended: 4 }]);
  });

  it('without a district: every community, including one without sessions (utilisation unknown)', async () => {
    const res = await w.ok(ADMIN, 'admin', 'districtStats', range);
    expect(res.communities).toHaveLength(3);
    const rowP = res.communities.find((r: any) => r.communityId === P.id);
    expect(rowP).toMatchObject({ sessions: 0, bookings: 0, utilisation: null, sites: 1, registeredChildren: 0 });
    for (const k of COUNT_KEYS) expect(res.totals[k]).toBe(res.communities.reduce((n: number, r: any) => n + r[k], 0));
  });

  it('guidance coverage: unknown without a resident number; guided children ÷ residents once it is set', async () => {
    await w.ok(ADMIN, 'admin', 'setResidentChildren', { communityId: A.id, year: 2026, count: 40 });
    const res = await w.ok(ADMIN, 'admin', 'districtStats', { ...range, district: '黄浦区' });
    const [rowA, rowB] = res.communities;
    expect(rowA).toMatchObject({ residentChildren: 40, guidedChildren: 1, guidanceCoverage: 0.025 });
    expect(rowB).toMatchObject({ residentChildren: null, guidanceCoverage: null });
    // totals: coverage over the communities whose resident number is known
    expect(res.totals).toMatchObject({ residentChildren: 40, guidanceCoverage: 0.025 });
    await w.ok(ADMIN, 'admin', 'setResidentChildren', { communityId: B.id, year: 2026, count: 10 });
    const both = await w.ok(ADMIN, 'admin', 'districtStats', { ...range, district: '黄浦区' });
    expect(both.communities[1]).toMatchObject({ residentChildren: 10, guidanceCoverage: 0 });
    expect(both.totals).toMatchObject({ residentChildren: 50, guidanceCoverage: 0.02 });
    // the resident number of the range's start year is used: a 2027 range knows none yet
    const next = await w.ok(ADMIN, 'admin', 'districtStats', { from: '2027-01-01', to: '2027-01-31', district: '黄浦区' });
    expect(next.totals).toMatchObject({ residentChildren: null, guidanceCoverage: null, sessions: 0 });
  });

  it('a community admin and a worker are refused every district action, and nothing is written', async () => {
    for (const openid of [communityAdmin, 'nobody-special']) {
      for (const [act, params] of [
        ['districtStats', range],
        ['exportDistrictCsv', range],
        ['setResidentChildren', { communityId: A.id, year: 2026, count: 1 }],
        ['setHoliday', { date: '2027-03-09', kind: 'holiday' }],
        ['removeHoliday', { date: '2027-03-09' }],
      ] as const) {
        const r = await w.callRaw(openid, 'admin', act, params);
        expect({ act, status: r.status, code: !r.body.ok && r.body.error.code }).toEqual({ act, status: 403, code: 'FORBIDDEN' });
      }
    }
    const res = await w.ok(ADMIN, 'admin', 'districtStats', { ...range, district: '黄浦区' });
    expect(res.communities[0].residentChildren).toBe(40);
  });

  it('the CSV: BOM, Chinese headers, percentages, one line per community plus totals, formulas defused', async () => {
    const { filename, csv } = await w.ok(ADMIN, 'admin', 'exportDistrictCsv', range);
    expect(filename).toBe('宝宝屋区级统计_2026-03-01_2026-03-31.csv');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    const rows = parseCsv(csv);
    expect(rows[1]).toEqual([
      '社区',
      '所属区',
      '宝宝屋场地数',
      '开展场次',
      '预约人次',
      '实到人次',
      '到场率（实到÷已结束场次名额）',
      '未到人次',
      '登记儿童数',
      '常住0–3岁儿童数',
      '接受科学育儿指导儿童数',
      '科学育儿指导覆盖率',
    ]);
    const stats = await w.ok(ADMIN, 'admin', 'districtStats', range);
    expect(rows.slice(2).map((r) => r[0])).toEqual([
      ...stats.communities.map((r: any) => (r.name.startsWith('=') ? `'${r.name}` : r.name)),
      '合计',
    ]);
    const byName = new Map(rows.slice(2).map((r) => [r[0], r]));
    expect(byName.get('A社区')).toEqual(['A社区', '黄浦区', '1', '3', '6', '3', '15.0%', '1', '3', '40', '1', '2.5%']);
    expect(byName.get("'=SUM(1)浦东")).toEqual(["'=SUM(1)浦东", '浦东新区', '1', '0', '0', '0', '', '0', '0', '未填', '0', '未知']);
    expect(byName.get('合计')!.slice(2, 6)).toEqual(['3', '4', '8', '4']);
  });

  it('the counters the district view reads equal a recount of the bookings, and old counters are recounted', async () => {
    const report = await checkStoreInvariants(w.rt.store as never);
    // (the quota of the stored guidance session is still charged to temporary care until bookings key quota by kind)
    expect(report.differences.filter((d) => d.kind === 'seats')).toEqual([]);
    expect(report.checked.seatCounters).toBe(5);
    const before = await w.ok(ADMIN, 'admin', 'districtStats', range);
    // a seat counter from before the tally existed: the statistics recount that session's bookings
    const seats = (await w.rt.store.query('counters', {})).filter((c) => c._id.startsWith('seats_'));
    expect(seats).toHaveLength(5);
    for (const c of seats) await w.rt.store.update('counters', c._id, { set: { tallied: null, held: 0, attended: 0, noShows: 0 } });
    const after = await w.ok(ADMIN, 'admin', 'districtStats', range);
    expect(after).toEqual(before);
  });
});

describe('the totals rule (pure, property)', () => {
  it('for any communities and sessions: totals = the sum of the rows; ratios within 0…1 or null', () => {
    const community = fc.record({
      sites: fc.nat(5),
      registeredChildren: fc.nat(500),
      residentChildren: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: null }),
      guidedChildren: fc.nat(50),
    });
    fc.assert(
      fc.property(
        fc.array(community, { minLength: 1, maxLength: 8 }),
        fc.array(
          fc.record({
            c: fc.nat(7),
            day: fc.integer({ min: 1, max: 28 }),
            capacity: fc.integer({ min: 1, max: 40 }),
            ended: fc.boolean(),
            held: fc.nat(40),
            attended: fc.nat(40),
            noShows: fc.nat(40),
          }),
          { maxLength: 60 },
        ),
        (cs, ss) => {
          const facts: CommunityFacts[] = cs.map((c, i) => ({
            community: { id: `c${i}`, name: `社区${i}`, district: '黄浦区' },
            ...c,
            guidedChildren: c.residentChildren === null ? c.guidedChildren : Math.min(c.guidedChildren, c.residentChildren),
          }));
          const sessions: SessionFacts[] = ss.map((s) => {
            const held = Math.min(s.held, s.capacity);
            const attended = Math.min(s.attended, held);
            return {
              communityId: `c${s.c % cs.length}`,
              date: `2026-05-${String(s.day).padStart(2, '0')}`,
              capacity: s.capacity,
              ended: s.ended,
              held,
              attended,
              noShows: Math.min(s.noShows, held - attended),
            };
          });
          const res = aggregateDistrict(facts, sessions, { from: '2026-05-01', to: '2026-05-31' });
          for (const k of COUNT_KEYS) expect(res.totals[k]).toBe(res.communities.reduce((n, r) => n + r[k], 0));
          expect(res.months.reduce((n, m) => n + m.attended, 0)).toBe(res.totals.attended);
          for (const r of [...res.communities, res.totals]) {
            for (const v of [r.utilisation, r.guidanceCoverage]) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
          }
          const known = res.communities.filter((r) => r.residentChildren !== null);
          expect(res.totals.residentChildren).toBe(known.length ? known.reduce((n, r) => n + r.residentChildren!, 0) : null);
        },
      ),
      { numRuns: 200 },
    );
  });
});
