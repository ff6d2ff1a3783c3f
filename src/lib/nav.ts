/** Page routes in one place (pages navigate by these, never by ad-hoc strings). */
import Taro from '@tarojs/taro'

export const ROUTES = {
  home: '/pages/index/index',
  register: '/pages/register/index',
  sessions: '/pages/sessions/index',
  bookings: '/pages/bookings/index',
  profile: '/pages/profile/index',
  courseCatalog: '/pages/courses/index',
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

/** The tab bar's pages (src/app.config.ts): reached with switchTab, never navigateTo. */
export const TAB_ROUTES: readonly string[] = [ROUTES.home, ROUTES.sessions, ROUTES.courseCatalog, ROUTES.profile]

export function go(url: string): void {
  const path = url.split('?')[0]
  if (TAB_ROUTES.includes(path)) {
    Taro.switchTab({ url: path })
    return
  }
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
