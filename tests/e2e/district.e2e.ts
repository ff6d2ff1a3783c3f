/**
 * The district view, end to end in Chromium on the H5 build against `npm run server` (fresh database):
 * two communities of 黄浦区 with a session each today (server clock frozen: bookings, check-ins and a
 * no-show happen through the API); the district admin opens 区级总览 from the admin home, sees both
 * communities and the totals, sorts, taps a community into its statistics; then sets a holiday next
 * month (2027 when run in December 2026) on 节假日设置, and the schedule preview for next month skips
 * it, naming the district setting. Screenshots at 390×844: artifacts/e2e/district/.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { ApiClient, ARTIFACTS, e2eSuite, fill, setServerClock, shanghaiDate, shot, tap, openRoute, settled } from './support'

const ADMIN = 'e2e-district-admin'
const env = e2eSuite(ADMIN)

/** The second Wednesday of next month (Shanghai), as YYYY-MM-DD: never a fixed-date holiday. */
function secondWednesdayNextMonth(): string {
  const [y, m] = shanghaiDate(0).split('-').map(Number)
  const first = new Date(Date.UTC(y, m, 1)) // month index m = next month
  const offset = (3 - first.getUTCDay() + 7) % 7
  return new Date(Date.UTC(y, m, 1 + offset + 7)).toISOString().slice(0, 10)
}

env.test('the district admin sees every community and the totals, drills into one, sets a holiday the schedule preview skips', () => run())

async function run() {
  const base = env.server.base
  const today = shanghaiDate(0)
  const api = await ApiClient.login(base, ADMIN)

  // --- two communities of 黄浦区, a session each today at 09:00–11:00, booked at 07:00 ---
  const world = await env.scenario(`${today}T07:00:00+08:00`)
  const made: Array<{ id: string; name: string; sessionId: string; bookings: string[] }> = []
  for (const [name, families] of [
    ['外滩社区', 3],
    ['南京东路社区', 2],
  ] as const) {
    const c = await world.givenCommunity({ name, district: '黄浦区', address: '1 号', capacity: 10 })
    const session = await world.givenSession(c, { date: today })
    const bookings: string[] = []
    for (let i = 0; i < families; i++) {
      const family = await world.givenParentWithChild(c, { childName: `宝宝${i}`, ageMonths: 20 })
      bookings.push((await world.booked(family, session)).id)
    }
    made.push({ id: c.id, name, sessionId: session.id, bookings })
  }
  await api.call('admin', 'setResidentChildren', { communityId: made[0].id, year: Number(today.slice(0, 4)), count: 300 })
  // 09:05: two children come to 外滩, one to 南京东路; 12:00: the rest become no-shows
  await setServerClock(base, `${today}T09:05:00+08:00`)
  await api.call('checkin', 'checkIn', { bookingId: made[0].bookings[0] })
  await api.call('checkin', 'checkIn', { bookingId: made[0].bookings[1] })
  await api.call('checkin', 'checkIn', { bookingId: made[1].bookings[0] })
  await setServerClock(base, `${today}T12:00:00+08:00`)
  const expected = await api.call('admin', 'districtStats', { from: today, to: today })
  assert.deepEqual([expected.totals.attended, expected.totals.noShows, expected.totals.sessions], [3, 2, 2])

  // --- the district admin opens 区级总览 from the admin home ---
  const { page: a } = await env.phone()
  await a.goto(`${base}/#/dev/login/index`)
  await fill(a, '例如 parent-001', ADMIN)
  await tap(a, '以此身份登录')
  await a.waitForURL(/pages\/index\/index/)
  await openRoute(a, base, `admin/index/index`)
  await a.getByTestId('menu-district').click()
  await a.getByTestId('total-communities').getByText('2', { exact: true }).waitFor()
  await a.getByTestId('total-attended').getByText('3', { exact: true }).waitFor()
  await a.getByTestId('total-sessions').getByText('2', { exact: true }).waitFor()
  const rows = a.getByTestId('district-row')
  assert.equal(await rows.count(), 2)
  // sorted by 人次 (most first): 外滩 (2) before 南京东路 (1)
  assert.match(await rows.nth(0).innerText(), /外滩社区/)
  assert.match(await rows.nth(1).innerText(), /南京东路社区/)
  const total = await a.getByTestId('district-total-row').innerText()
  assert.match(total, /合计/)
  await a.getByTestId('coverage-bars').getByText('未填人数').waitFor() // 南京东路 has no resident number
  await a.getByTestId('month-trend').waitFor()
  await settled(a)
  await shot(a, 'district-dashboard')
  await a.screenshot({ path: path.join(ARTIFACTS, 'district', 'district-dashboard-viewport-390x844.png') }) // what the phone shows first

  // sortable: by name ascending puts 南京东路 (N) before 外滩 (W)
  await a.getByTestId('district-sort').getByText('名称', { exact: true }).click()
  await a.getByTestId('district-sort').getByText('名称 ↑', { exact: true }).waitFor()
  assert.match(await rows.nth(0).innerText(), /南京东路社区/)
  await shot(a, 'district-sorted-by-name')

  // the CSV of the same numbers
  const csvDownload = a.waitForEvent('download')
  await tap(a, '导出区级表格（CSV）')
  assert.match((await csvDownload).suggestedFilename(), /^宝宝屋区级统计_.*\.csv$/)

  // tap a community: its own statistics page
  await rows.filter({ hasText: '外滩社区' }).click()
  await a.waitForURL(/admin\/stats\/index/)
  await a.getByTestId('admin-community').getByText('黄浦区 · 外滩社区').last().waitFor()
  await a.getByTestId('kpi-sessions').last().waitFor()
  await settled(a)
  await shot(a, 'district-drill-into-community')

  // --- a holiday next month, set on 节假日设置; the schedule preview of next month skips it ---
  const holiday = secondWednesdayNextMonth()
  await openRoute(a, base, `admin/holidays/index`)
  await a.getByTestId('holiday-form').waitFor()
  await fill(a, '例如 2027-03-09', holiday)
  await fill(a, '例如 区运动会', '区运动会')
  await tap(a, '保存')
  const row = a.getByTestId(`holiday-${holiday}`)
  await row.getByText('放假 · 来自区级设置').waitFor()
  await shot(a, 'district-holiday-set')
  const { days } = await api.call('admin', 'holidays', { year: Number(holiday.slice(0, 4)) })
  assert.ok(days.some((d: { date: string; source: string }) => d.date === holiday && d.source === 'override'))

  await openRoute(a, base, `admin/schedule/index`)
  await a.getByText('每周哪几天').waitFor()
  await a.getByTestId('range-下月').click()
  await tap(a, '预览排班')
  const preview = a.getByTestId('schedule-preview')
  await preview.waitFor()
  await preview.getByText('区运动会放假（区级设置）', { exact: false }).waitFor()
  const previewText = await preview.innerText()
  const [, mm, dd] = holiday.split('-').map(Number)
  assert.ok(previewText.includes(`${mm}月${dd}日`), `the preview names the skipped day ${holiday}: ${previewText.slice(0, 300)}`)
  await shot(a, 'district-schedule-preview-skips-holiday')
  console.log(`district e2e: holiday ${holiday} skipped by the preview; totals ${JSON.stringify(expected.totals)}`)
}
