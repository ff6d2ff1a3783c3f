/** Words for residents' voice and site quality (suggestions, ratings, the district's grades). */
import type { SiteGrade, SuggestionCategory } from '../../cloudfunctions/shared/contract'

export const GRADE_TEXT: Record<SiteGrade, string> = { A: '优秀', B: '良好', C: '合格' }

export const CATEGORY_TEXT: Record<SuggestionCategory, string> = {
  service: '托育服务',
  course: '育儿课程',
  site: '场地环境',
  other: '其他',
}
export const CATEGORIES: SuggestionCategory[] = ['service', 'course', 'site', 'other']

/** The tags on the rating sheet (the server accepts these and other short words). */
export const RATING_TAGS = ['老师耐心', '环境干净', '活动丰富', '需要改进']

export const SUGGESTION_MIN = 5
export const SUGGESTION_MAX = 500
export const COMMENT_MAX = 200
export const REPLY_MAX = 500

/** "2030-02-20" → "2030年2月20日". */
export function formatYmdCn(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** ★★★★☆ for 4 stars. */
export function starsText(stars: number): string {
  const n = Math.max(0, Math.min(5, Math.round(stars)))
  return '★'.repeat(n) + '☆'.repeat(5 - n)
}
