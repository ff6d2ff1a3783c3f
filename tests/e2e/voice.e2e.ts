/**
 * Residents' voice and site quality, end to end in Chromium on the H5 build against `npm run server`
 * (fresh database): a family whose child attended yesterday (server clock frozen for the booking,
 * check-in and pick-up, then back to real time) rates the visit on 我的预约 and sends a suggestion from
 * that visit; the community admin answers it on 居民建议; the family sees the reply; the district admin
 * grades the site on 场地评级 and the family sees the badge on the session card and the site page.
 * Screenshots at 390×844: artifacts/e2e/voice/.
 */
import assert from 'node:assert/strict'
import { ApiClient, devLogin, e2eSuite, setServerClock, shanghaiDate, shot, tap, openRoute, openSessions, settled } from './support'

const DISTRICT = 'e2e-voice-district'
const ADMIN = 'e2e-voice-admin'
const PARENT = 'e2e-voice-parent'
const env = e2eSuite(DISTRICT)

env.test(
  'a parent rates a finished visit and sends a suggestion; the admin replies; the district grades the site; the parent sees reply and badge',
  () => run(),
)

async function run() {
  const base = env.server.base
  const yesterday = shanghaiDate(-1)
  const tomorrow = shanghaiDate(1)
  const district = await ApiClient.login(base, DISTRICT)

  // --- yesterday: a community, its site, a session 09:00–11:00 the child attended (clock frozen) ---
  const world = await env.scenario(`${yesterday}T07:00:00+08:00`)
  const c = await world.givenCommunity({
    name: '奉浦社区',
    district: '奉贤区',
    siteName: '奉浦宝宝屋',
    address: '奉浦大道 88 号 2 楼',
    capacity: 20,
  })
  const site = c.site
  await world.api.ok('admin', 'updateSite', { siteId: site.id, hours: '周一至周五 8:30–17:00', tel: '021-5710 1234' }, world.adminToken)
  await world.givenStaff(c, 'admin', ADMIN)
  const family = await world.givenParentWithChild(c, { openid: PARENT, childName: '小满', ageMonths: 20, phone: '13800138000' })
  const past = await world.givenSession(c, { date: yesterday })
  const visit = await world.booked(family, past)
  const parentApi = await ApiClient.login(base, PARENT)
  await setServerClock(base, `${yesterday}T09:05:00+08:00`)
  await district.call('checkin', 'checkIn', { bookingId: visit.id })
  await setServerClock(base, `${yesterday}T11:05:00+08:00`)
  await district.call('checkin', 'checkOut', { bookingId: visit.id, pickupName: family.guardian.name })
  await setServerClock(base, null)
  // and a session tomorrow for the session list
  await world.givenSession(c, { date: tomorrow })

  // --- the parent rates yesterday's visit on 我的预约 ---
  const { page: p } = await env.phone({ failedResponses: true })
  await devLogin(p, base, PARENT)
  await openRoute(p, base, `pages/bookings/index`)
  const card = p.getByTestId(`booking-${visit.id}`)
  await card.getByText('已离园').waitFor()
  await card.getByText('评价这次服务', { exact: true }).click()
  const sheet = p.getByTestId('rating-sheet')
  await sheet.getByLabel('4 星').click()
  await sheet.getByText('老师耐心', { exact: true }).click()
  await sheet.getByText('环境干净', { exact: true }).click()
  await sheet.locator('textarea').fill('老师很耐心，小满回家一直在唱儿歌')
  await settled(p)
  await shot(p, 'parent-rating-sheet')
  await sheet.getByText('提交评价', { exact: true }).click()
  await card.getByTestId('my-rating').getByText('老师耐心、环境干净', { exact: false }).waitFor()
  assert.equal(await card.getByText('评价这次服务', { exact: true }).count(), 0)
  await shot(p, 'parent-visit-rated')

  // --- and sends a suggestion from the same visit (its site chosen) ---
  await card.getByText('提建议', { exact: true }).click()
  await p.waitForURL(/voice\/suggest\/index/)
  await p.getByText('给社区提建议').waitFor()
  await p.locator('textarea').fill('希望周六上午也能开放宝宝屋，双职工家庭平时接送不方便')
  await tap(p, '提交建议')
  const mine = p.locator('[data-testid^="suggestion-sg"]').first()
  await mine.getByText('等待回复').waitFor()
  assert.match(await mine.innerText(), /奉浦宝宝屋/)
  await settled(p)
  await shot(p, 'parent-suggestion-sent')

  // --- the community admin answers it on 居民建议 ---
  const { page: a } = await env.phone({ failedResponses: true })
  await devLogin(a, base, ADMIN)
  await openRoute(a, base, `admin/index/index`)
  await a.getByTestId('menu-suggestions').click()
  const item = a.locator('[data-testid^="admin-suggestion-"]').first()
  await item.getByText('希望周六上午也能开放宝宝屋', { exact: false }).waitFor()
  const shown = await item.innerText()
  assert.match(shown, new RegExp(`${family.guardian.name[0]}\\*\\* · 138\\*\\*\\*\\*8000`), 'masked name and phone')
  assert.ok(!shown.includes(family.guardian.phone) && !shown.includes(family.guardian.name), 'the family is masked')
  await item.locator('textarea').fill('感谢建议！下月起每周六 9:00–12:00 开放，欢迎预约。')
  await settled(a)
  await shot(a, 'admin-suggestion-reply')
  await item.getByText('回复', { exact: true }).click()
  await a.getByText('没有待回复的建议').waitFor()
  await a.getByText('已回复', { exact: true }).click()
  await a.getByText('回复：感谢建议！', { exact: false }).waitFor()
  await shot(a, 'admin-suggestion-replied')
  // ratings per site: the visit's stars and comment, nobody named
  await openRoute(a, base, `admin/ratings/index`)
  const ratings = a.getByTestId(`ratings-site-${site.id}`)
  await ratings.getByTestId('ratings-summary').getByText('平均 4.0 星 · 1 条评价').waitFor()
  await ratings.getByText('老师很耐心，小满回家一直在唱儿歌').waitFor()
  assert.ok(!(await ratings.innerText()).includes(family.guardian.name))
  await settled(a)
  await shot(a, 'admin-ratings')

  // --- the parent sees the reply ---
  await openRoute(p, base, `voice/suggest/index`)
  await p.getByTestId('suggestion-reply').getByText('社区回复：感谢建议！下月起每周六 9:00–12:00 开放，欢迎预约。').waitFor()
  await settled(p)
  await shot(p, 'parent-sees-reply')

  // --- the community admin cannot grade; the district admin grades the site 优秀 ---
  await openRoute(a, base, `admin/grades/index`)
  await a.getByText(/只有区级管理员可以修改/).waitFor()
  const { page: d } = await env.phone({ failedResponses: true })
  await devLogin(d, base, DISTRICT)
  await openRoute(d, base, `admin/index/index`)
  await d.getByTestId('menu-grades').click()
  const grade = d.getByTestId(`grade-site-${site.id}`)
  await grade.getByText('尚未评级').waitFor()
  await grade.getByText('优秀', { exact: true }).click()
  const inspected = shanghaiDate(-2)
  await grade.locator('input').first().fill(inspected)
  await grade.locator('input').nth(1).fill('消毒台账齐全，活动丰富')
  await grade.getByText('保存评级', { exact: true }).click()
  const [y, m, dd] = inspected.split('-').map(Number)
  await grade.getByTestId('grade-badge').getByText(`区级评定 优秀 · ${y}年${m}月${dd}日检查`).waitFor()
  await settled(d)
  await shot(d, 'district-grades-site')

  // --- the parent sees the badge on the session card and on the site page ---
  // tomorrow is next week on a Sunday
  await openSessions(p, base, new Date(`${shanghaiDate(0)}T00:00:00Z`).getUTCDay() === 0)
  const sessionCard = p.locator('[data-testid^="session-"]').filter({ hasText: '09:00 – 11:00' }).first()
  await sessionCard.getByTestId('grade-badge').getByText('区级评定 优秀', { exact: false }).waitFor()
  await settled(p)
  await shot(p, 'parent-session-card-badge')
  await openRoute(p, base, `voice/sites/index`)
  const siteCard = p.getByTestId(`site-${site.id}`)
  await siteCard.getByTestId('grade-badge').getByText(`区级评定 优秀 · ${y}年${m}月${dd}日检查`).waitFor()
  await siteCard.getByText('已有 1 条评价，满 3 条后显示平均分').waitFor()
  await siteCard.getByText('开放时间：周一至周五 8:30–17:00').waitFor()
  await settled(p)
  await shot(p, 'parent-site-page')

  // the server agrees with what the pages showed
  const { suggestions } = await parentApi.call('user', 'mySuggestions')
  assert.equal(suggestions[0].status, 'replied')
  const { sites } = await parentApi.call('booking', 'sites')
  assert.deepEqual([sites[0].grade, sites[0].inspectedAt, sites[0].rating], ['A', inspected, { average: null, count: 1 }])
  console.log(`voice e2e: rated ${visit.id} 4★, suggestion replied, site graded A (${inspected})`)
}
