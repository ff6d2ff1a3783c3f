/**
 * @jest-environment jsdom
 *
 * Smoke test on the BUILT admin subpackage (dist/weapp/admin/district): the district dashboard renders its
 * totals, its plain-view charts (no canvas) and one row per community in the mini-program runtime; sorting
 * re-orders the rows; tapping a row remembers the community and opens its statistics.
 */
import { ensureBuild } from './build'
import { bootApp, type Booted } from './harness'
import { districtStats } from '../support/district-stats'

let app: Booted

beforeAll(() => {
  ensureBuild('weapp')
  app = bootApp({
    'admin.districtStats': districtStats(),
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
