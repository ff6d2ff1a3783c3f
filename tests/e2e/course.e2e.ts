/**
 * Micro-courses end to end in Chromium on the H5 build against `npm run server` (fresh database, real
 * server clock): a registered parent opens the catalogue (filtered to the child's age), a course, and an
 * episode; plays it for a few seconds, reloads, and the player resumes near that position; seeking to
 * the end does not show completion, while watching it through does. Screenshots: artifacts/e2e/.
 */
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { ApiClient, devLogin, e2eSuite, shot, tap, openRoute } from './support'

const ADMIN = 'e2e-course-admin'
const PARENT = `e2e-course-parent-${Date.now().toString(36)}`
const COURSE = 'c_finger_clap' // 小手拍拍, 12–24 months: 3 episodes (24 s, 30 s, 24 s)
const EPISODE = 'e_finger_clap_1'

const env = e2eSuite(ADMIN)

/** A screenshot once the page transition has settled. */
async function settledShot(page: Page, name: string) {
  await page.waitForTimeout(500)
  await shot(page, name)
}

/** The <video> element's state. */
function video(page: Page) {
  return page.evaluate(() => {
    const v = document.querySelector('video') as HTMLVideoElement | null
    return v
      ? { currentTime: v.currentTime, duration: v.duration, paused: v.paused, readyState: v.readyState, error: v.error?.code ?? null }
      : null
  })
}

/** Start playback the way a person does: tap the big play button in the middle of the video. */
async function play(page: Page) {
  await page.waitForFunction(() => ((document.querySelector('video') as HTMLVideoElement | null)?.readyState ?? 0) >= 1, undefined, {
    timeout: 15_000,
  })
  const button = page.locator('.taro-video-cover-play-button').filter({ visible: true })
  if (await button.count()) await button.first().click()
  else await page.evaluate(() => (document.querySelector('video') as HTMLVideoElement).play())
  await page.waitForFunction(() => !(document.querySelector('video') as HTMLVideoElement).paused, undefined, { timeout: 10_000 })
}

async function waitForPlayback(page: Page, seconds: number) {
  await page.waitForFunction((s) => (document.querySelector('video') as HTMLVideoElement).currentTime >= s, seconds, {
    timeout: (seconds + 15) * 1000,
  })
}

env.test('play a few seconds, reload: the player resumes near that position; seeking to the end does not complete', async () => {
  const base = env.server.base
  const world = await env.scenario()
  const c = await world.givenCommunity({ name: '课程测试社区', district: '上海市浦东新区' })
  await world.givenParentWithChild(c, { openid: PARENT, childName: '豆豆', ageMonths: 20 })
  const parentApi = await ApiClient.login(base, PARENT)

  const { page } = await env.phone()
  await resumeAndSeek(page, base, parentApi)
})

async function resumeAndSeek(page: Page, base: string, parentApi: ApiClient) {
  await devLogin(page, base, PARENT)

  // --- catalogue: by category, filtered to 豆豆's age ---
  await openRoute(page, base, `course/catalog/index`)
  await page.getByText('适合豆豆', { exact: false }).first().waitFor()
  await page.locator(`[data-testid="course-${COURSE}"]`).first().waitFor()
  // 彩泥和拼贴 is for 24–48 months: hidden for a 20-month-old until 看全部
  assert.equal(await page.locator('[data-testid="course-c_art_clay"]').count(), 0)
  await settledShot(page, 'course-catalog')
  await tap(page, '看全部')
  await page.locator('[data-testid="course-c_art_clay"]').first().waitFor()

  // --- course page → first episode ---
  await page.locator(`[data-testid="course-${COURSE}"]`).first().click()
  await page.locator(`[data-testid="episode-${EPISODE}"]`).first().waitFor()
  await settledShot(page, 'course-detail')
  await page.locator(`[data-testid="episode-${EPISODE}"]`).first().click()
  await page.locator('[data-testid="player"]').waitFor()
  await play(page)
  await waitForPlayback(page, 5)
  const before = (await video(page))!
  assert.ok(before.error === null, 'the sample video plays in Chromium')
  await settledShot(page, 'course-playing')

  // --- reload mid-play: the player resumes near where it was ---
  await page.reload()
  await page.locator('[data-testid="resume-note"]').waitFor({ timeout: 15_000 })
  await page.waitForFunction(() => ((document.querySelector('video') as HTMLVideoElement | null)?.readyState ?? 0) >= 1, undefined, {
    timeout: 15_000,
  })
  const resumed = (await video(page))!
  assert.ok(Math.abs(resumed.currentTime - before.currentTime) <= 2.5, `resumed at ${resumed.currentTime}, was at ${before.currentTime}`)
  assert.ok(resumed.currentTime >= 3, `resumed at ${resumed.currentTime}`)
  await settledShot(page, 'course-resumed')
  const afterReload = await parentApi.call('course', 'detail', { courseId: COURSE })
  const saved = afterReload.episodes.find((e: { id: string }) => e.id === EPISODE)!.progress
  assert.ok(saved.positionSec >= 3, `saved position ${saved.positionSec}`)

  // --- seek to the end: not completed ---
  await play(page)
  await page.waitForTimeout(1500)
  await page.evaluate(() => {
    const v = document.querySelector('video') as HTMLVideoElement
    v.currentTime = v.duration - 0.5
  })
  await page.waitForFunction(
    () => (document.querySelector('video') as HTMLVideoElement).ended || (document.querySelector('video') as HTMLVideoElement).paused,
    undefined,
    { timeout: 10_000 },
  )
  await page.waitForTimeout(1500) // the pause / end reports
  assert.equal(await page.locator('[data-testid="done-banner"]').count(), 0, 'seeking to the end shows no completion')
  assert.equal(await page.locator('[data-testid="credited"]').getAttribute('data-completed'), 'no')
  await settledShot(page, 'course-seeked-to-end')
  const afterSeek = await parentApi.call('course', 'detail', { courseId: COURSE })
  const seeked = afterSeek.episodes.find((e: { id: string }) => e.id === EPISODE)!
  assert.equal(seeked.progress.completed, false)
  assert.ok(seeked.progress.creditedSec < 0.9 * seeked.durationSec, `credited ${seeked.progress.creditedSec}`)

  // --- home: continue watching ---
  await openRoute(page, base, `pages/index/index`)
  await page.locator('[data-testid="continue-watching"]').waitFor({ timeout: 15_000 })
  await settledShot(page, 'home-continue-watching')
}

env.test('watching an episode through (at 1.4× speed) completes it and says so', async () => {
  const { page } = await env.phone()
  await watchThrough(page, env.server.base)
})

async function watchThrough(page: Page, base: string) {
  await devLogin(page, base, `${PARENT}-b`)
  const episode = 'e_finger_clap_3' // 24 s
  await openRoute(page, base, `course/player/index?courseId=${COURSE}&episodeId=${episode}`)
  await page.locator('[data-testid="player"]').waitFor()
  await play(page)
  await page.evaluate(() => {
    ;(document.querySelector('video') as HTMLVideoElement).playbackRate = 1.4
  })
  await page.locator('[data-testid="done-banner"]').waitFor({ timeout: 40_000 })
  assert.equal(await page.locator('[data-testid="credited"]').getAttribute('data-completed'), 'yes')
  await settledShot(page, 'course-completed')
}
