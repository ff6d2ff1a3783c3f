/** Page routes in one place (pages navigate by these, never by ad-hoc strings). */
import Taro from '@tarojs/taro'

export const ROUTES = {
  home: '/pages/index/index',
  register: '/pages/register/index',
  sessions: '/pages/sessions/index',
  bookings: '/pages/bookings/index',
  profile: '/pages/profile/index',
  courseCatalog: '/course/catalog/index',
  suggest: '/voice/suggest/index',
  sites: '/voice/sites/index',
  workerSessions: '/worker/sessions/index',
  workerRoster: '/worker/roster/index',
  admin: '/admin/index/index',
  adminSuggestions: '/admin/suggestions/index',
  adminRatings: '/admin/ratings/index',
  adminGrades: '/admin/grades/index',
  staffJoin: '/admin/join/index',
  devLogin: '/dev/login/index',
} as const

export function go(url: string): void {
  Taro.navigateTo({ url }).catch(() => Taro.redirectTo({ url }))
}

export function goHome(): void {
  Taro.reLaunch({ url: ROUTES.home })
}

export function withQuery(url: string, q: Record<string, string | undefined>): string {
  const qs = Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&')
  return qs ? `${url}?${qs}` : url
}
