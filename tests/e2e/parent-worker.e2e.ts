/**
 * Parent and worker, end to end in Chromium on the H5 build against `npm run server` on a fresh database:
 * admin sets up a community → parent opens the community QR URL, registers with consent, books, sees the
 * QR check-in code → worker finds the child on the roster and checks in with that code → parent sees 已签到.
 * Screenshots of each step: artifacts/e2e/.
 */
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { devLogin, e2eSuite, fill, openRoute, setServerClock, shanghaiDate, shot, tap } from './support'

const ADMIN = 'e2e-admin'
const WORKER = 'e2e-worker'
const PARENT = `e2e-parent-${Date.now().toString(36)}`
const CHILD = '小雨'

const env = e2eSuite(ADMIN)

/** Open a Taro H5 picker by the text it shows and confirm its default choice. */
async function pickDefault(page: Page, shownText: string) {
  await tap(page, shownText)
  await page.waitForTimeout(400) // the wheel slides in
  await tap(page, '确定')
  await page.waitForTimeout(400)
}

env.test('parent registers from the community QR, books, shows the code; worker checks in; parent sees 已签到', () => run())

async function run() {
  const base = env.server.base
  // --- admin, via the API: community, site, a session tomorrow, a worker, the community QR ---
  const world = await env.scenario()
  const c = await world.givenCommunity({
    name: '测试社区',
    district: '上海市黄浦区',
    siteName: '测试宝宝屋',
    address: '黄浦区测试路 1 号',
    capacity: 10,
  })
  const community = c.community
  const day = shanghaiDate(1)
  await world.givenSession(c, { date: day })
  await world.givenStaff(c, 'worker', WORKER)
  const qr = await world.api.ok('admin', 'communityQr', { communityId: community.id }, world.adminToken)
  const qrUrl = new URL(qr.url)
  const landing = qrUrl.hash // the same route, opened on this server's origin
  assert.match(qrUrl.hash, /^#\/pages\/register\/index\?scene=/)

  // --- parent: dev login, open the QR URL, consent, register ---
  const parent = await env.phone()
  const p = parent.page
  await devLogin(p, base, PARENT)
  await openRoute(p, base, landing)
  await p.getByText(community.name).first().waitFor()
  await p.getByText('儿童个人信息保护规则').first().waitFor()
  await shot(p, 'parent-qr-landing-consent')
  assert.equal(await p.locator('input[placeholder="请输入姓名"]').count(), 0, 'no form before consent')
  await p.getByRole('checkbox').click()
  await tap(p, '同意并继续')

  await tap(p, '提交登记') // empty form: inline errors, nothing sent
  await p.getByText('请填写监护人姓名').waitFor()
  await fill(p, '请输入姓名', '李奶奶')
  await fill(p, '11 位手机号', '1380013')
  await p.locator('input[placeholder="请输入姓名"]').click() // blur the phone field
  await p.getByText('请填写 11 位手机号，以 13～19 开头').waitFor()
  await shot(p, 'parent-form-inline-errors')
  await fill(p, '11 位手机号', '13800138001')
  await pickDefault(p, '请选择') // relation: first choice (妈妈)
  await fill(p, '请输入孩子姓名', CHILD)
  await tap(p, '女孩')
  await pickDefault(p, '请选择日期') // birth date: the picker opens at about 2 years old
  await shot(p, 'parent-form-filled')
  await tap(p, '提交登记')
  await p.getByText('登记成功', { exact: true }).filter({ visible: true }).first().waitFor()
  await shot(p, 'parent-registered')

  // --- parent: book tomorrow's session ---
  await tap(p, '去预约托育')
  await p.getByText('为哪个孩子预约').waitFor()
  const tomorrowInNextWeek = new Date(`${day}T00:00:00Z`).getUTCDay() === 1 // tomorrow is Monday
  if (tomorrowInNextWeek) await tap(p, '下周')
  await p.getByText(`为${CHILD}预约`).waitFor()
  await shot(p, 'parent-sessions')
  await tap(p, `为${CHILD}预约`)
  await p.getByRole('dialog', { name: '确认预约' }).waitFor()
  await shot(p, 'parent-confirm-sheet')
  await tap(p, '确认预约')
  await p.getByText('预约成功！到场时请出示签到码').waitFor()
  await shot(p, 'parent-booked')

  // --- parent: the check-in code as a QR image plus text ---
  await openRoute(p, base, 'pages/bookings/index')
  const codeEl = p.getByTestId('checkin-code').first()
  await codeEl.waitFor()
  const code = (await codeEl.innerText()).replace(/\s/g, '')
  assert.match(code, /^\d{6}$/, `6-digit check-in code shown: ${code}`)
  const img = p.locator('.qr__img img, img.qr__img, .qr__img').first()
  await img.waitFor()
  const imgSrc = await p.locator('.qr img').first().getAttribute('src')
  assert.ok(imgSrc && imgSrc.startsWith('data:image/'), 'QR code image is generated client side')
  await p.getByText('已预约', { exact: true }).first().waitFor()
  await shot(p, 'parent-checkin-code')

  // --- server clock into the check-in window (30 min before start … end) ---
  await setServerClock(base, `${day}T08:50:00+08:00`)

  // --- worker: login, today's sessions, roster, search, check in with the code ---
  const worker = await env.phone()
  const w = worker.page
  await devLogin(w, base, WORKER)
  await openRoute(w, base, 'worker/sessions/index')
  await w.getByText('09:00 – 11:00').first().waitFor()
  await shot(w, 'worker-sessions')
  await w.getByText('09:00 – 11:00').first().click()
  await w.getByText(CHILD, { exact: true }).first().waitFor()
  await fill(w, '搜索孩子或家长姓名、手机尾号', CHILD)
  await w.getByTestId('counts').getByText('待签到 1').waitFor()
  await shot(w, 'worker-roster-found')
  await fill(w, '例如 428615', code)
  await tap(w, '查找孩子')
  await w.getByRole('dialog').waitFor()
  // the child's card comes first, before anything is typed
  await w.getByTestId('child-card').getByText(CHILD, { exact: true }).waitFor()
  await fill(w, '例如 36.5', '36.6')
  await shot(w, 'worker-health-check')
  await tap(w, '确认签到')
  await w.getByTestId('counts').getByText('在园 1').waitFor()
  await w.locator('.badge', { hasText: '已签到' }).first().waitFor()
  await shot(w, 'worker-checked-in')

  // --- parent: sees 已签到 ---
  await p.reload()
  await p.getByText('已签到', { exact: true }).first().waitFor()
  await shot(p, 'parent-sees-checked-in')

  // --- parent: home in large-font mode (persisted across a reload) ---
  await openRoute(p, base, 'pages/index/index')
  await tap(p, '大字')
  await p.getByText('标准字', { exact: true }).waitFor()
  await p.reload()
  await p.locator('.page--large').first().waitFor()
  await p.getByText('孩子的免费次数').waitFor()
  await shot(p, 'parent-home-large-font')
}
