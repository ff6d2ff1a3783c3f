/**
 * A worker without signal, end to end in Chromium on the H5 build against `npm run server`: the worker opens
 * the roster online (the phone keeps a copy), the page goes offline (Playwright setOffline), checks in two
 * children (one by its 6-digit code, one from the list), checks one out, and records two more check-ins that
 * will meet a colleague's online check-in and a family's cancellation; the page is reloaded while the API is
 * unreachable (the queue and the roster copy survive); the network comes back and the worker syncs; the
 * result sheet lists the colleague's check-in and the cancelled booking; the parent sees 已离园 with the times
 * the worker's phone recorded. Screenshots: artifacts/e2e/offline/.
 */
import assert from 'node:assert/strict'
import { ApiClient, e2eSuite, fill, openRoute, devLogin, setServerClock, shanghaiDate, shot, tap } from './support'

const ADMIN = 'e2e-offline-admin'
const WORKER = 'e2e-offline-worker'
const COLLEAGUE = 'e2e-offline-colleague'
const RUN = Date.now().toString(36)

const env = e2eSuite(ADMIN)

function birthDateMonthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const total = y * 12 + (m - 1) - months
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`
}

env.test('offline check-in and check-out survive a reload and sync; conflicts are listed; the parent sees the times', () => run())

/** True while the worker's phone has no signal: its failed requests are expected then. */
let offline = false

async function run() {
  const base = env.server.base
  const day = shanghaiDate(1)
  const at = (hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`)
  // --- a session tomorrow 09:00–11:00, two workers, four families booked at 07:00 ---
  const world = await env.scenario(`${day}T07:00:00+08:00`)
  const c = await world.givenCommunity({ name: '离线测试社区', siteName: '地下室宝宝屋', address: '黄浦区测试路 2 号', capacity: 10 })
  const session = await world.givenSession(c, { date: day })
  for (const openid of [WORKER, COLLEAGUE]) await world.givenStaff(c, 'worker', openid)
  const kids = ['小雨', '小雪', '小风', '小云']
  const families = []
  for (const [i, name] of kids.entries()) {
    const openid = `e2e-offline-parent-${i}-${RUN}`
    const family = await world.givenParentWithChild(c, { openid, childName: name, birthDate: birthDateMonthsBefore(day, 20) })
    const api = await ApiClient.login(base, openid)
    if (i === 0) await api.call('user', 'updateChild', { childId: family.child.id, pickups: [{ name: '张外婆', relation: '外婆' }] })
    const booking = await world.booked(family, session)
    families.push({ openid, api, child: family.child, booking })
  }
  const [yu, xue, feng, yun] = families

  // --- the worker opens the roster online at 08:40: the phone keeps a copy ---
  await setServerClock(base, `${day}T08:40:00+08:00`)
  // no console error and no refused request, except the requests that fail while there is no signal
  const worker = await env.phone({ allow: (text) => offline && /ERR_INTERNET_DISCONNECTED|ERR_FAILED/.test(text), failedResponses: true })
  const w = worker.page
  await worker.context.clock.setFixedTime(at('08:40'))
  await devLogin(w, base, WORKER)
  await openRoute(w, base, `worker/roster/index?sessionId=${session.id}`)
  for (const k of kids) await w.getByText(k, { exact: true }).first().waitFor()
  await w.getByTestId('counts').getByText('待签到 4').waitFor()
  await shot(w, 'worker-roster-online')

  // --- no signal ---
  offline = true
  await worker.context.setOffline(true)
  await w.getByTestId('offline-banner').getByText('离线 · 0 条待同步').waitFor()

  // meanwhile, online elsewhere: a colleague checks 小风 in at 08:50; 小云's family cancels
  await setServerClock(base, `${day}T08:50:00+08:00`)
  const colleague = await ApiClient.login(base, COLLEAGUE)
  await colleague.call('checkin', 'checkIn', { bookingId: feng.booking.id, health: { temperature: 36.5 } })
  await yun.api.call('booking', 'cancel', { bookingId: yun.booking.id })

  // 小雨 by her 6-digit code, matched on the phone; the fever rule holds offline too
  await worker.context.clock.setFixedTime(at('08:45'))
  await fill(w, '例如 428615', yu.booking.shortCode!)
  await tap(w, '查找孩子')
  const sheet = w.getByRole('dialog', { name: '入园健康检查' })
  await sheet.getByTestId('child-card').getByText('小雨', { exact: true }).waitFor()
  await fill(w, '例如 36.5', '37.6')
  await sheet.getByTestId('fever').waitFor()
  await shot(w, 'worker-offline-fever-refused')
  await fill(w, '例如 36.5', '36.6')
  await tap(w, '确认签到')
  await w.getByTestId(`roster-${yu.booking.id}`).getByTestId('pending').waitFor()
  await w.getByTestId('offline-banner').getByText('离线 · 1 条待同步').waitFor()

  // 小雪, 小风 and 小云 from the list
  await worker.context.clock.setFixedTime(at('08:47'))
  for (const f of [xue, feng, yun]) {
    await w.getByTestId(`roster-${f.booking.id}`).getByText('签到', { exact: true }).click()
    await w.getByRole('dialog', { name: '入园健康检查' }).getByText('确认签到').click()
    await w.getByTestId(`roster-${f.booking.id}`).getByTestId('pending').waitFor()
  }
  await w.getByTestId('counts').getByText('在园 4').waitFor()
  await shot(w, 'worker-offline-four-checked-in')

  // 小雨 goes home at 10:05 with 张外婆
  await worker.context.clock.setFixedTime(at('10:05'))
  await w.getByTestId(`roster-${yu.booking.id}`).getByText('离园（选择接送人）').click()
  await w.getByText('张外婆（外婆）', { exact: true }).click()
  await w.getByTestId(`roster-${yu.booking.id}`).getByText('已离园').waitFor()
  await w.getByTestId('offline-banner').getByText('离线 · 5 条待同步').waitFor()
  await shot(w, 'worker-offline-five-queued')

  // --- the page is reloaded with the server still unreachable: the queue and the copy survive ---
  await w.route('**/api/**', (route) => route.abort('internetdisconnected'))
  await worker.context.setOffline(false)
  await w.reload()
  await w.getByTestId('offline-banner').getByText('离线 · 5 条待同步').waitFor()
  await w.getByTestId(`roster-${yu.booking.id}`).getByText('已离园').waitFor()
  await w.getByTestId(`roster-${xue.booking.id}`).getByTestId('pending').waitFor()
  await shot(w, 'worker-reloaded-offline-queue-kept')

  // --- signal back at 10:30: 立即同步 ---
  await setServerClock(base, `${day}T10:30:00+08:00`)
  await worker.context.clock.setFixedTime(at('10:30'))
  await w.unroute('**/api/**')
  offline = false
  await tap(w, '立即同步')
  const result = w.getByRole('dialog', { name: '同步结果' })
  await result.getByTestId('sync-applied').getByText('已上传 3 条记录').waitFor()
  await result.getByTestId('sync-issue-duplicate').getByText('已由其他工作人员于 08:50 签到，没有重复记录').waitFor()
  await result.getByTestId('sync-issue-conflict').getByText('该预约已取消').waitFor()
  await shot(w, 'worker-sync-result-conflicts')
  await result.getByText('已处理，全部清除').click()
  await w.getByTestId('counts').getByText('在园 2').waitFor()
  await w.getByTestId('counts').getByText('已离园 1').waitFor()
  assert.equal(await w.getByTestId('offline-banner').count(), 0, 'nothing left to sync')
  assert.equal(await w.getByTestId('pending').count(), 0, 'no 待同步 badge left')
  await shot(w, 'worker-roster-synced')

  // --- the server has the phone's times and the arrival time ---
  const mine = await yu.api.call('booking', 'mine', {})
  const yuBooking = mine.bookings.find((b) => b.id === yu.booking.id)!
  assert.equal(yuBooking.status, 'checked_out')
  assert.equal(yuBooking.checkedInAt, at('08:45').toISOString())
  assert.equal(yuBooking.checkedOutAt, at('10:05').toISOString())
  assert.equal(yuBooking.checkedOutReceivedAt, at('10:30').toISOString())
  assert.equal(yuBooking.pickupName, '张外婆')
  const fengBooking = (await feng.api.call('booking', 'mine', {})).bookings[0]
  assert.equal(fengBooking.checkedInAt, at('08:50').toISOString(), 'the colleague’s check-in stands')

  // --- parents see 已离园 / 已签到 with the recorded times ---
  const parent = await env.phone()
  const p = parent.page
  await parent.context.clock.setFixedTime(at('10:31'))
  await devLogin(p, base, yu.openid)
  await openRoute(p, base, 'pages/bookings/index')
  await p.getByText('已离园', { exact: true }).first().waitFor()
  await p.getByTestId('visit').getByText('入园 08:45 · 体温 36.6℃').waitFor()
  await p.getByTestId('visit').getByText('离园 10:05 · 张外婆 接走').waitFor()
  await shot(p, 'parent-sees-checked-out-with-times')
  await devLogin(p, base, xue.openid)
  await openRoute(p, base, 'pages/bookings/index')
  await p.getByText('已签到', { exact: true }).first().waitFor()
  await p.getByTestId('visit').getByText('入园 08:47').waitFor()
  await shot(p, 'parent-sees-checked-in-with-time')
}
