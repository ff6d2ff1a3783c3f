/**
 * Day one for parents, grandparents and workers, in Chromium at 390×844 on the H5 build:
 *  - a too-old child sees 不在可预约年龄 on the session card before any tap;
 *  - a parent books through the confirmation sheet (time, site and address, cancellation deadline, quota);
 *  - the worker types the 6-digit code and sees the child's card before the health check; a feverish
 *    child is refused by default (nothing checked in), a healthy one is checked in;
 *  - every main page passes axe-core (no critical or serious violation) and has no tap target under
 *    44 px; each is photographed in normal and 大字 mode (artifacts/e2e/day-one/);
 *  - no page error and no console.error anywhere.
 */
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { axeViolations, devLogin, e2eSuite, fill, openRoute, setServerClock, shanghaiDate, shot, smallTapTargets, tap } from './support'

const ADMIN = 'e2e-d1-admin'
const WORKER = 'e2e-d1-worker'
const PARENT = `e2e-d1-parent-${Date.now().toString(36)}`
const GRANDPA = `e2e-d1-old-${Date.now().toString(36)}`
const CHILD = '小禾'
const OLD_CHILD = '大壮'

const env = e2eSuite(ADMIN)
const findings: string[] = []

/** Monday of the week after next (Shanghai), as YYYY-MM-DD: the first day 下下周 shows, 8 to 14 days away. */
function mondayInTwoWeeks(): string {
  const dow = new Date(`${shanghaiDate(0)}T00:00:00Z`).getUTCDay() || 7 // Monday 1 … Sunday 7
  return shanghaiDate(8 - dow + 7)
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10)
}

/** 2026-12-08 → 12月8日, as the app writes dates. */
function monthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

/** Quiet network and no skeleton: the page has settled. */
async function loaded(page: Page) {
  await page.waitForLoadState('networkidle')
  await page
    .locator('.state--loading')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => undefined)
  await page.waitForTimeout(300)
}

/**
 * The app's 大字 switch as the profile's toggle leaves it: src/lib/fontMode.ts keeps it with
 * Taro.setStorageSync('bh.largeFont', '1'), which in H5 is localStorage JSON {"data":"1"}.
 */
async function setLargeFont(page: Page, on: boolean) {
  await page.evaluate((v) => localStorage.setItem('bh.largeFont', JSON.stringify({ data: v ? '1' : '0' })), on)
}

/** axe, tap targets and a screenshot in normal and 大字 mode of the page now open. */
async function inspect(page: Page, base: string, route: string, name: string) {
  await openRoute(page, base, route)
  await loaded(page)
  for (const large of [false, true]) {
    await setLargeFont(page, large)
    await page.reload()
    await loaded(page)
    assert.equal((await page.locator('.page--large').count()) > 0, large, `${name}: 大字 mode ${large ? 'on' : 'off'}`)
    for (const v of await axeViolations(page)) findings.push(`${name}${large ? ' 大字' : ''}: ${v}`)
    for (const t of await smallTapTargets(page)) findings.push(`${name}${large ? ' 大字' : ''}: tap target ${t}`)
    await shot(page, `${name}${large ? '-large' : ''}`)
  }
  await setLargeFont(page, false)
}

env.test('day one: age before the tap, the confirmation sheet, the 6-digit code, fever refused; every main page accessible', async () => {
  await run()
  assert.deepEqual(findings, [], 'axe-core and tap-target findings')
})

async function run() {
  const base = env.server.base
  const world = await env.scenario()
  // bookings open 7 days ahead here, so every session of 下下周 (8 to 20 days away) is not open yet
  const c = await world.givenCommunity({
    name: '奉浦社区',
    district: '上海市奉贤区',
    siteName: '奉浦宝宝屋',
    address: '奉浦大道 88 号 2 楼',
    capacity: 10,
    policy: { bookingOpensDaysBefore: 7 },
  })
  await world.api.ok(
    'admin',
    'updateSite',
    {
      siteId: c.site.id,
      tel: '021-57101234',
      hours: '周一至周五 8:30–17:00',
      bring: '换洗衣物、水杯、尿不湿',
      notice: '入园请提前 10 分钟到',
    },
    world.adminToken,
  )
  const day = shanghaiDate(1)
  const session = await world.givenSession(c, { date: day })
  const later = await world.givenSession(c, { date: mondayInTwoWeeks() })
  await world.givenStaff(c, 'worker', WORKER)
  await world.givenParentWithChild(c, { openid: PARENT, childName: CHILD, birthDate: shanghaiDate(-600) })
  await world.givenParentWithChild(c, { openid: GRANDPA, childName: OLD_CHILD, birthDate: shanghaiDate(-5 * 365 - 30) })

  // --- a five-year-old: the home and the session card say so before any tap ---
  const old = await env.phone()
  await devLogin(old.page, base, GRANDPA)
  await old.page.getByText('不在可预约年龄：临时托面向满 12 个月、不满 36 个月的孩子').waitFor()
  await shot(old.page, 'too-old-home')
  await openRoute(old.page, base, 'pages/sessions/index')
  if (new Date(`${day}T00:00:00Z`).getUTCDay() === 1) await tap(old.page, '下周')
  const oldCard = old.page.getByTestId(`session-${session.id}`)
  await oldCard.getByTestId('availability').getByText('不在可预约年龄').waitFor()
  const grey = oldCard.locator('.btn').first()
  assert.match((await grey.getAttribute('class')) || '', /btn--disabled/, 'grey button')
  assert.equal((await grey.innerText()).trim(), '不在可预约年龄', 'the grey button says why')
  await shot(old.page, 'too-old-sessions')
  await old.context.close()

  // --- the parent books through the confirmation sheet ---
  const parent = await env.phone()
  const p = parent.page
  await devLogin(p, base, PARENT)
  await openRoute(p, base, 'pages/sessions/index')
  if (new Date(`${day}T00:00:00Z`).getUTCDay() === 1) await tap(p, '下周')
  await p.getByText(`为${CHILD}预约`).first().waitFor()
  await tap(p, `为${CHILD}预约`)
  const sheet = p.getByRole('dialog', { name: '确认预约' })
  await sheet.waitFor()
  await sheet.getByText('奉浦宝宝屋（奉浦大道 88 号 2 楼）', { exact: false }).waitFor()
  await sheet.getByText('将使用 1 次免费次数', { exact: false }).waitFor()
  await sheet.getByTestId('sheet-cancel-rule').waitFor()
  await shot(p, 'parent-confirm-sheet')
  await tap(p, '确认预约')
  await p.getByText('预约成功！到场时请出示签到码').waitFor()
  // a session in 下下周 is not open yet: the card says when it opens, and its button is grey
  await tap(p, '下下周')
  const laterCard = p.getByTestId(`session-${later.id}`)
  await laterCard.getByTestId('availability').getByText('未开放').waitFor()
  await laterCard
    .getByTestId('availability-note')
    .getByText(`${monthDay(addDays(later.date, -7))} 09:00 开放预约`)
    .waitFor()
  const notOpen = laterCard.locator('.btn').first()
  assert.match((await notOpen.getAttribute('class')) || '', /btn--disabled/, 'not open yet: grey button')
  await shot(p, 'parent-not-open-yet')

  await openRoute(p, base, 'pages/bookings/index')
  const code = (await p.getByTestId('checkin-code').first().innerText()).replace(/\s/g, '')
  assert.match(code, /^\d{6}$/)
  await shot(p, 'parent-code')

  // --- at the door ---
  await setServerClock(base, `${day}T08:50:00+08:00`)
  const worker = await env.phone()
  const w = worker.page
  await devLogin(w, base, WORKER)
  await w.getByTestId('staff-today').getByText('09:00 – 11:00').waitFor()
  await shot(w, 'worker-home')
  await w.getByTestId('staff-today').getByText('09:00 – 11:00').click()
  await w.getByTestId('counts').getByText('待签到 1').waitFor()

  // a wrong code fails at once, before any health check
  await fill(w, '例如 428615', code === '000000' ? '000001' : '000000')
  await tap(w, '查找孩子')
  await w.getByText('这一场没有这个签到码，请核对后重新输入').waitFor()
  assert.equal(await w.getByRole('dialog').count(), 0)

  // the right code: the child's card first, then the health check; 38.6 °C is refused by default
  await fill(w, '例如 428615', code)
  await tap(w, '查找孩子')
  await w.getByTestId('child-card').getByText(CHILD, { exact: true }).waitFor()
  await shot(w, 'worker-child-card')
  await fill(w, '例如 36.5', '38.6')
  await w.getByTestId('fever').waitFor()
  await shot(w, 'worker-fever-refused')
  await tap(w, '不入托，请家长带回')
  await w.getByTestId('counts').getByText('待签到 1').waitFor()
  assert.equal(await w.getByRole('dialog').count(), 0)

  // the next morning check (the child is well): 36.6 °C → checked in
  await fill(w, '例如 428615', code)
  await tap(w, '查找孩子')
  await w.getByTestId('child-card').waitFor()
  await fill(w, '例如 36.5', '36.6')
  await tap(w, '确认签到')
  await w.getByTestId('counts').getByText('在园 1').waitFor()

  // --- every main page: axe-core, tap targets, normal and 大字 screenshots ---
  for (const [route, name] of [
    ['pages/index/index', 'parent-home'],
    ['pages/sessions/index', 'parent-sessions'],
    ['pages/bookings/index', 'parent-bookings'],
    ['pages/courses/index', 'parent-courses'],
    ['pages/profile/index', 'parent-profile'],
  ] as const)
    await inspect(p, base, route, name)
  for (const [route, name] of [
    ['pages/index/index', 'worker-home'],
    ['worker/sessions/index', 'worker-sessions'],
    [`worker/roster/index?sessionId=${session.id}`, 'worker-roster'],
  ] as const)
    await inspect(w, base, route, name)
  const a = await env.phone()
  await devLogin(a.page, base, ADMIN)
  for (const [route, name] of [
    ['admin/index/index', 'admin-home'],
    ['admin/stats/index', 'admin-stats'],
    ['admin/policy/index', 'admin-policy'],
    ['admin/records/index', 'admin-records'],
    ['admin/staff/index', 'admin-staff'],
  ] as const)
    await inspect(a.page, base, route, name)
  await chartInLargeFont(a.page, base)
  await tileIconsInLargeFont(a.page, base)
  await setServerClock(base, null)
}

/** The statistics chart's words grow with 大字 like the rest of the page, and its bars stay wide enough to compare. */
async function chartInLargeFont(page: Page, base: string) {
  const measure = async (large: boolean) => {
    await openRoute(page, base, 'admin/stats/index')
    await setLargeFont(page, large)
    await page.reload()
    await loaded(page)
    const row = page.getByTestId('quota-chart').locator('.bar').first()
    await row.getByText('用了 1 次').waitFor()
    // no named functions inside: tsx would wrap them in a __name helper the browser does not have
    return row.evaluate((el) => {
      const [label, value] = ['.bar__label', '.bar__value'].map((sel) => el.querySelector(sel) as HTMLElement)
      const box = el.getBoundingClientRect()
      return {
        label: parseFloat(getComputedStyle(label).fontSize),
        value: parseFloat(getComputedStyle(value).fontSize),
        small: parseFloat(getComputedStyle(document.querySelector('.t-small')!).fontSize),
        track: el.querySelector('.bar__track')!.getBoundingClientRect().width,
        fits: [label, value].every((e) => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= box.right + 0.5),
      }
    })
  }
  const normal = await measure(false)
  const large = await measure(true)
  await setLargeFont(page, false)
  assert.ok(large.label > normal.label && large.value > normal.value, `chart text grows in 大字: ${JSON.stringify({ normal, large })}`)
  assert.equal(large.label, large.small, "the chart labels are as large as the page's small text in 大字")
  assert.ok(large.fits, 'the chart label and number fit their columns in 大字')
  assert.ok(large.track >= 100, `the bar keeps at least 100 px of a 390 px screen in 大字 (${large.track} px)`)
}

/** The admin home's tile icons grow with 大字 beside their larger labels (a generic 大字 icon rule once shrank them). */
async function tileIconsInLargeFont(page: Page, base: string) {
  const width = async (large: boolean) => {
    await openRoute(page, base, 'admin/index/index')
    await setLargeFont(page, large)
    await page.reload()
    await loaded(page)
    return page
      .getByTestId('menu-stats')
      .locator('.icon--lg')
      .evaluate((el) => el.getBoundingClientRect().width)
  }
  const normal = await width(false)
  const large = await width(true)
  await setLargeFont(page, false)
  assert.ok(large > normal, `tile icon ${normal} px in normal mode, ${large} px in 大字`)
}
