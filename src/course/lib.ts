/** Helpers of the micro-course pages (subpackage `course`): labels, formatting, the age filter. */
import type { CourseCategory, CourseSummary, EpisodeProgress } from '../../cloudfunctions/shared/contract'
import { ageText } from '../lib/time'

/** The categories in catalogue order; each has its drawn cover (src/components/course-covers.ts). */
export const CATEGORIES: Array<{ key: CourseCategory; title: string; hint: string }> = [
  { key: 'finger_rhyme', title: '欢乐手指谣', hint: '边念儿歌边动手指' },
  { key: 'creative_art', title: '创想艺术', hint: '涂涂画画做手工' },
  { key: 'parent_child_game', title: '亲子游戏', hint: '在家就能玩的游戏' },
  { key: 'family_education', title: '家庭共育', hint: '给家长的育儿课' },
]

export const CATEGORY_TITLE: Record<CourseCategory, string> = Object.fromEntries(CATEGORIES.map((c) => [c.key, c.title])) as Record<
  CourseCategory,
  string
>

export const COURSE_ROUTES = {
  catalog: '/course/catalog/index',
  detail: '/course/detail/index',
  player: '/course/player/index',
} as const

/** '1:05' */
export function mmss(sec: number): string {
  const s = Math.max(0, Math.floor(sec))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** Said the way people say it: '12 秒', '3 分钟', '1 分 5 秒'. */
export function spokenDuration(sec: number): string {
  const total = Math.max(0, Math.round(sec))
  if (total < 60) return `${total} 秒`
  const m = Math.floor(total / 60)
  const s = total % 60
  return s ? `${m} 分 ${s} 秒` : `${m} 分钟`
}

/**
 * How much of an episode counts as watched, as the server credits it (skipped parts do not count):
 * '看完了', or '已看 1 分 5 秒 / 共 3 分钟'.
 */
export function watchedText(p: EpisodeProgress, durationSec: number): string {
  if (p.completed) return '看完了'
  return `已看 ${spokenDuration(Math.min(p.creditedSec, durationSec))} / 共 ${spokenDuration(durationSec)}`
}

/** Watched share of an episode, 0–100 (credited time, as the server counts it). */
export function percentWatched(p: EpisodeProgress, durationSec: number): number {
  if (!durationSec) return 0
  return Math.min(100, Math.round((p.creditedSec / durationSec) * 100))
}

/** '适合 1岁～3岁' (ageMaxMonths is exclusive). */
export function ageRangeText(c: Pick<CourseSummary, 'ageMinMonths' | 'ageMaxMonths'>): string {
  if (c.ageMinMonths <= 0 && c.ageMaxMonths >= 72) return '适合所有年龄'
  const from = c.ageMinMonths <= 0 ? '出生' : ageText(c.ageMinMonths)
  return `适合 ${from}～${ageText(c.ageMaxMonths)}`
}

export function suitsAge(c: Pick<CourseSummary, 'ageMinMonths' | 'ageMaxMonths'>, ageMonths: number): boolean {
  return ageMonths >= c.ageMinMonths && ageMonths < c.ageMaxMonths
}

/**
 * A playable video address: the server gives https temporary URLs in WeChat and `/media/…` paths
 * locally; when the H5 app talks to a runtime on another origin (TARO_APP_API_BASE), prefix it.
 */
export function videoSrc(url: string): string {
  const base = (process.env.TARO_APP_API_BASE || '').replace(/\/$/, '')
  return url.startsWith('/') && base ? `${base}${url}` : url
}

/** Where the player should start: the saved position, or the beginning when that was (nearly) the end. */
export function startPosition(p: EpisodeProgress, durationSec: number): number {
  const pos = Math.max(0, Math.min(p.positionSec, durationSec))
  return durationSec - pos < 1 ? 0 : Math.floor(pos)
}
