/**
 * Service kinds, end to end in Chromium on the H5 build against `npm run server` on a fresh database:
 * an admin creates a 中秋手绘月亮 festival activity and a 科学育儿指导 session on the schedule page;
 * the parent of a 10-month-old books the guidance (and cannot book temporary care), the family books the
 * activity (全家参加); the home shows the care and the guidance quotas.
 * Screenshots of each step: artifacts/e2e/kinds/.
 */
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import {
  ApiClient,
  devLogin,
  e2eSuite,
  fill,
  holdServerAtTenToday,
  nextWeekDay,
  shanghaiDate,
  shot,
  tap,
  openRoute,
  openSessions,
} from './support'

const ADMIN = 'e2e-kinds-admin'
const PARENT = `e2e-kinds-parent-${Date.now().toString(36)}`
const CHILD = '小月'

const env = e2eSuite(ADMIN)

env.test(
  'admin creates a 中秋手绘月亮 activity and a guidance session; a 10-month-old books guidance, not care; the family books the activity; home shows both quotas',
  () => run(),
)

/** On the schedule page: next week, one weekday, one kind with its title and host; preview, then create. */
async function generate(a: Page, opts: { kind: string; weekday: number; title: string; host: string; slot: string }) {
  await a.getByTestId(`kind-${opts.kind}`).click()
  await fill(a, '如：中秋手绘月亮', opts.title)
  await fill(a, '如：区早教中心 王老师', opts.host)
  await a.getByTestId('range-下周').click()
  for (const d of [1, 2, 3, 4, 5, 6, 7]) {
    const chip = a.getByTestId(`weekday-${d}`)
    const on = (await chip.getAttribute('aria-checked')) === 'true'
    if (on !== (d === opts.weekday)) await chip.click()
  }
  await tap(a, opts.slot)
  await tap(a, '预览排班')
  const preview = a.getByTestId('schedule-preview')
  await preview.getByText('将生成 1 个场次').waitFor()
  await preview.getByText(opts.title, { exact: false }).waitFor()
  await shot(a, `kinds-admin-preview-${opts.kind}`)
  await tap(a, '确认生成 1 个场次')
  await a.getByTestId('schedule-done').getByText('已生成 1 个场次', { exact: false }).waitFor()
}

async function run() {
  const base = env.server.base
  await holdServerAtTenToday(base)
  const adminApi = await ApiClient.login(base, ADMIN)
  const world = await env.scenario()
  const c = await world.givenCommunity({
    name: '五里桥社区',
    district: '上海市黄浦区',
    siteName: '五里桥宝宝屋',
    address: '黄浦区测试路 2 号',
    capacity: 20,
  })
  const community = c.community
  // plain temporary care next Monday (made through the API: the parent's baby is too young for it)
  await world.givenSession(c, { date: nextWeekDay(0) })

  // --- admin in the browser: the festival activity (Saturday) and the guidance session (Wednesday) ---
  const admin = await env.phone()
  const a = admin.page
  await devLogin(a, base, ADMIN)
  await openRoute(a, base, `admin/schedule/index?siteId=${c.site.id}`)
  await a.getByText('服务类型').first().waitFor()
  await generate(a, { kind: 'festival_activity', weekday: 6, title: '中秋手绘月亮', host: '社区志愿者 陈老师', slot: '下午 14:00–16:00' })
  await shot(a, 'kinds-admin-festival-created')
  await openRoute(a, base, `admin/schedule/index?siteId=${c.site.id}`)
  await a.getByText('服务类型').first().waitFor()
  await generate(a, {
    kind: 'parenting_guidance',
    weekday: 3,
    title: '科学育儿指导：辅食添加',
    host: '区早教中心 王老师',
    slot: '上午 9:00–11:00',
  })

  const { sessions } = await adminApi.call('booking', 'listSessions', {
    communityId: community.id,
    from: nextWeekDay(0),
    to: nextWeekDay(6),
  })
  const byKind = Object.fromEntries(sessions.map((s) => [s.kind, s]))
  assert.equal(sessions.length, 3)
  assert.equal(byKind.festival_activity?.title, '中秋手绘月亮')
  assert.equal(byKind.festival_activity?.date, nextWeekDay(5))
  assert.equal(byKind.parenting_guidance?.host, '区早教中心 王老师')
  const care = byKind.temporary_care!
  const guidance = byKind.parenting_guidance!
  const festival = byKind.festival_activity!

  // --- parent of a 10-month-old (registered through the API) ---
  // 9–10 months today, 10 months next week
  await world.givenParentWithChild(c, { openid: PARENT, childName: CHILD, birthDate: shanghaiDate(-300) })
  const parentApi = await ApiClient.login(base, PARENT)
  const parent = await env.phone()
  const p = parent.page
  await devLogin(p, base, PARENT)
  await openSessions(p, base, true)
  await p.getByTestId(`session-${guidance.id}`).waitFor()

  // care: not for a 10-month-old (the badge says so, the button is disabled)
  const careCard = p.getByTestId(`session-${care.id}`)
  await careCard.getByTestId('availability').getByText('不在可预约年龄').waitFor()
  assert.equal(await careCard.getByText(`为${CHILD}预约`).count(), 0, 'care cannot be booked')
  await shot(p, 'kinds-parent-week')

  // guidance: booked through the sheet, which names the guidance quota
  const guidanceCard = p.getByTestId(`session-${guidance.id}`)
  await guidanceCard.getByText('辅食添加', { exact: true }).waitFor()
  await guidanceCard.getByText(`为${CHILD}预约`).click()
  await p.getByTestId('sheet-quota').getByText('科学育儿指导免费次数', { exact: false }).waitFor()
  await shot(p, 'kinds-parent-guidance-sheet')
  await tap(p, '确认预约')
  await guidanceCard.getByText('预约成功！到场时请出示签到码').waitFor()

  // the activity: filtered by kind, 全家参加, no quota
  await p.getByTestId('kind-festival_activity').click()
  const festivalCard = p.getByTestId(`session-${festival.id}`)
  await festivalCard.getByText('中秋手绘月亮').waitFor()
  await festivalCard.getByTestId('family').getByText('全家参加').waitFor()
  assert.equal(await p.getByTestId(`session-${guidance.id}`).count(), 0, 'the filter shows festival activities only')
  await festivalCard.getByText(`全家报名（${CHILD}）`).click()
  await p.getByTestId('sheet-quota').getByText('不占用免费次数').waitFor()
  await shot(p, 'kinds-parent-festival-sheet')
  await tap(p, '确认预约')
  await festivalCard.getByText('预约成功！到场时请出示签到码').waitFor()
  await shot(p, 'kinds-parent-festival-booked')

  // the server agrees
  const { bookings } = await parentApi.call('booking', 'mine', {})
  assert.deepEqual(bookings.map((b) => b.kind).sort(), ['festival_activity', 'parenting_guidance'])
  const profile = await parentApi.call('user', 'profile')
  const child = profile.children[0]
  assert.equal(child.quota.used, 0, 'care untouched')
  assert.equal(child.quotas?.find((q) => q.kind === 'parenting_guidance')?.remaining, 11)

  // --- home: both quotas ---
  await openRoute(p, base, `pages/index/index`)
  await p.getByTestId(`quota-${child.id}-parenting_guidance`).getByText('11', { exact: true }).waitFor()
  await p.getByTestId(`quota-${child.id}-temporary_care`).getByText('12', { exact: true }).waitFor()
  await shot(p, 'kinds-parent-home-quotas')
}
