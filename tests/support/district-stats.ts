/**
 * One district's statistics as admin.districtStats answers them, for the dashboard's component test and
 * its smoke test on the built mini-program: two communities of 黄浦区 (外滩 with a resident count and
 * guidance coverage, 南京东路 without), their totals, and one month.
 */
import type { Api, DistrictRow } from '../../cloudfunctions/shared/contract';

/** A community row with nothing happened yet; `over` sets what the test needs. */
export function districtRow(over: Partial<DistrictRow> = {}): DistrictRow {
  return {
    communityId: 'c1',
    name: '社区',
    district: '黄浦区',
    sites: 1,
    sessions: 0,
    bookings: 0,
    attended: 0,
    utilisation: null,
    noShows: 0,
    registeredChildren: 0,
    residentChildren: null,
    guidanceCoverage: null,
    guidedChildren: 0,
    ...over,
  };
}

export const WAITAN = districtRow({
  communityId: 'cA',
  name: '外滩社区',
  sessions: 4,
  bookings: 30,
  attended: 20,
  utilisation: 0.5,
  residentChildren: 200,
  guidanceCoverage: 0.05,
  guidedChildren: 10,
});

export const NANJING = districtRow({ communityId: 'cB', name: '南京东路社区', sessions: 6, bookings: 12, attended: 9, utilisation: 0.25 });

export const DISTRICT_TOTALS = districtRow({
  communityId: null,
  name: '合计',
  district: '',
  sites: 2,
  sessions: 10,
  bookings: 42,
  attended: 29,
  utilisation: 0.3625,
  residentChildren: 200,
  guidanceCoverage: 0.05,
  guidedChildren: 10,
});

/** The whole answer: both communities in the order given, the totals, December's 29 人次. */
export function districtStats(communities: DistrictRow[] = [WAITAN, NANJING]): Api['admin']['districtStats']['data'] {
  return {
    communities,
    totals: DISTRICT_TOTALS,
    months: [{ month: '2026-12', sessions: 10, bookings: 42, attended: 29 }],
    from: '',
    to: '',
  };
}
