/**
 * @jest-environment jsdom
 *
 * Smoke tests on the BUILT weapp pages (dist/weapp, built first when missing or stale): load the compiled
 * page in miniprogram-simulate, render Taro's template tree, and tap through one action, with the
 * gateway's wx.cloud.callFunction mocked.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ensureBuild } from './build'
import { bootApp, refuse, WEAPP, type Booted } from './harness'

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
const inDays = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10)

const child = {
  id: 'k1',
  name: '小明',
  gender: 'M',
  birthDate: inDays(-600),
  communityId: 'c1',
  pickups: [],
  quota: { year: Number(today.slice(0, 4)), used: 2, limit: 12, remaining: 10 },
}
const profile = {
  guardian: { id: 'g1', name: '王奶奶', phone: '13800138000', relation: '奶奶', communityId: 'c1' },
  children: [child],
  roles: [],
  community: { id: 'c1', name: '奉浦社区', district: '上海市奉贤区', code: 'FP0001' },
}
// a session in the middle of next week: always inside the "下周" tab, never started
const session = {
  id: 's1',
  siteId: 'site1',
  communityId: 'c1',
  date: inDays(9 - ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7)),
  start: '09:00',
  end: '11:00',
  capacity: 40,
  booked: 3,
  remaining: 37,
  waitlisted: 0,
  status: 'open',
  siteName: '奉浦宝宝屋',
}

let app: Booted

beforeAll(() => {
  ensureBuild('weapp')
  app = bootApp({
    'user.profile': profile,
    'booking.mine': { bookings: [] },
    'booking.listSessions': (p) => ({ sessions: p.from <= session.date && session.date <= p.to ? [session] : [] }),
    'booking.book': (p) =>
      p.sessionId === session.id
        ? {
            booking: { id: 'b1', status: 'confirmed', sessionId: p.sessionId, childId: p.childId, checkinCode: 'b1.SIG', createdAt: '' },
            quota: { ...child.quota, used: 3, remaining: 9 },
          }
        : refuse('NOT_FOUND', '没有找到这个场次'),
    'course.recent': { items: [], episodes: [], courses: [] },
  })
}, 300_000)

test('the build has an app.json with the subpackages, and no `process.env` left in the weapp bundle', () => {
  const appJson = JSON.parse(fs.readFileSync(path.join(WEAPP, 'app.json'), 'utf8'))
  expect(appJson.pages[0]).toBe('pages/index/index')
  expect(appJson.subPackages.map((s: { root: string }) => s.root)).toEqual(expect.arrayContaining(['worker', 'course', 'admin']))
  expect(appJson.subPackages.map((s: { root: string }) => s.root)).not.toContain('dev') // H5 only
  const offenders: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (p.endsWith('.js') && /process\.env\.[A-Z_]+/.test(fs.readFileSync(p, 'utf8'))) offenders.push(path.relative(WEAPP, p))
    }
  }
  walk(WEAPP)
  expect(offenders).toEqual([])
})

test('home (built): shows the child quota from user.profile, and the 大字 button switches large-font mode', async () => {
  const page = await app.openPage('pages/index/index')
  await page.waitForText('孩子的免费次数')
  expect(page.text()).toContain('奉浦社区')
  expect(page.text()).toContain('还可免费托育 10 次')
  expect(app.cloudCalls.map((c) => `${c.name}.${c.action}`)).toContain('user.profile')
  await page.tap('大字')
  await page.waitForText('标准字')
  expect(page.root.querySelector('[data-sid]')!.className).toContain('page--large')
  expect(app.storage.get('bh.largeFont')).toBe('1')
})

test('sessions (built): next week lists the session; 为小明预约 → confirmation sheet → 确认预约 books through wx.cloud.callFunction', async () => {
  const page = await app.openPage('pages/sessions/index')
  await page.waitForText('为哪个孩子预约')
  await page.tap('下周')
  await page.waitForText('剩余 37 个名额（共 40 个）')
  await page.tap('为小明预约')
  await page.waitForText('请核对预约信息') // the confirmation sheet first: nothing sent yet
  expect(app.cloudCalls.find((c) => c.name === 'booking' && c.action === 'book')).toBeUndefined()
  await page.tap('确认预约')
  await page.waitForText('预约成功！到场时请出示签到码')
  const book = app.cloudCalls.find((c) => c.name === 'booking' && c.action === 'book')
  expect(book).toBeDefined()
  expect(book!.params).toMatchObject({ sessionId: 's1', childId: 'k1', requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) })
  expect(app.toasts).toContainEqual(expect.objectContaining({ title: '预约成功' }))
})
