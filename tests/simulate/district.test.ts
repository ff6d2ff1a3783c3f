/**
 * @jest-environment jsdom
 *
 * Smoke test on the BUILT admin subpackage (dist/weapp/admin/district): the district dashboard renders its
 * totals, its plain-view charts (no canvas) and one row per community in the mini-program runtime; sorting
 * re-orders the rows; tapping a row remembers the community and opens its statistics.
 */
import { ensureBuild } from './build'
import { bootApp, type Booted } from './harness'

const row = (over: Record<string, unknown>) => ({
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
})
const rows = [
  row({
    communityId: 'cA',
    name: '外滩社区',
    sessions: 4,
    bookings: 30,
    attended: 20,
    utilisation: 0.5,
    residentChildren: 200,
    guidanceCoverage: 0.05,
  }),
  row({ communityId: 'cB', name: '南京东路社区', sessions: 6, bookings: 12, attended: 9, utilisation: 0.25 }),
]
const totals = row({
  communityId: null,
  name: '合计',
  district: '',
  sites: 2,
  sessions: 10,
  bookings: 42,
  attended: 29,
  utilisation: 0.3625,
})

let app: Booted

beforeAll(() => {
  ensureBuild('weapp')
  app = bootApp({
    'admin.districtStats': {
      communities: rows,
      totals,
      months: [{ month: '2026-12', sessions: 10, bookings: 42, attended: 29 }],
      from: '',
      to: '',
    },
  })
}, 300_000)

test('district dashboard (built): totals, monthly bars, coverage bars, rows sorted by 人次 then by name; a tap drills in', async () => {
  const page = await app.openPage('admin/district/index')
  await page.waitForText('各社区（点一下看详细统计）')
  const text = page.text()
  expect(text).toContain('29实到人次')
  expect(text).toContain('29 人次') // the December bar
  expect(text).toContain('未填人数') // 南京东路 has no resident number
  expect(text.indexOf('外滩社区黄浦区')).toBeLessThan(text.indexOf('南京东路社区黄浦区'))
  await page.tap('名称')
  await page.waitForText('名称 ↑')
  expect(page.text().indexOf('南京东路社区黄浦区')).toBeLessThan(page.text().indexOf('外滩社区黄浦区'))
  await page.tap('外滩社区')
  expect(app.storage.get('bh.admin.communityId')).toBe('cA')
  expect(app.navigations.some((n) => n.includes('admin/stats/index'))).toBe(true)
})
