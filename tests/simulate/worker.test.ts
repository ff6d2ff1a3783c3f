/**
 * @jest-environment jsdom
 *
 * Smoke test on the BUILT worker subpackage (dist/weapp/worker): the roster of a session, tap 签到 on a
 * child, fill the drop-off health check, confirm — checkin.checkIn goes through wx.cloud.callFunction.
 */
import { ensureBuild } from './build'
import { bootApp, type Booted } from './harness'

const at = (msFromNow: number) => {
  const d = new Date(Date.now() + msFromNow + 8 * 3600_000)
  return { date: d.toISOString().slice(0, 10), hm: d.toISOString().slice(11, 16) }
}
const start = at(-10 * 60_000)
const end = at(110 * 60_000)
const session = {
  id: 's1',
  siteId: 'site1',
  communityId: 'c1',
  date: start.date,
  start: start.hm,
  end: end.hm,
  capacity: 40,
  booked: 2,
  remaining: 38,
  waitlisted: 0,
  status: 'open',
  siteName: '奉浦宝宝屋',
}
let roster = [
  {
    bookingId: 'b1',
    child: { id: 'k1', name: '小明', ageMonths: 20 },
    guardian: { name: '王奶奶', phoneMasked: '138****8000' },
    status: 'confirmed',
  },
  {
    bookingId: 'b2',
    child: { id: 'k2', name: '小红', ageMonths: 30 },
    guardian: { name: '李妈妈', phoneMasked: '139****1234' },
    status: 'checked_in',
  },
]

let app: Booted

beforeAll(() => {
  ensureBuild('weapp')
  app = bootApp({
    'checkin.roster': () => ({ roster, session, feverCelsius: 37.3 }),
    'checkin.checkIn': (p) => {
      roster = roster.map((r) => (r.bookingId === p.bookingId ? { ...r, status: 'checked_in' } : r))
      return { booking: { id: p.bookingId, status: 'checked_in', sessionId: 's1', childId: 'k1', checkinCode: '', createdAt: '' } }
    },
  })
}, 300_000)

test('roster (built): counts by status; tap 签到, health check, 确认签到 → checkin.checkIn', async () => {
  const page = await app.openPage('worker/roster/index', { sessionId: 's1' })
  await page.waitForText('待签到 1')
  expect(page.text()).toContain('在园 1')
  expect(page.text()).toContain('扫码签到') // weapp: scanning, not code entry
  await page.tap('签到')
  await page.waitForText('入园健康检查')
  await page.tap('确认签到')
  await page.waitForText('在园 2')
  const checkIn = app.cloudCalls.find((c) => c.name === 'checkin' && c.action === 'checkIn')
  expect(checkIn!.params).toEqual({ bookingId: 'b1' })
  expect(app.toasts).toContainEqual(expect.objectContaining({ title: '小明已签到' }))
})
