/** Admin subpackage routes (pages navigate by these, never by ad-hoc strings). */
export const ADMIN_ROUTES = {
  home: '/admin/index/index',
  sites: '/admin/sites/index',
  schedule: '/admin/schedule/index',
  sessions: '/admin/sessions/index',
  policy: '/admin/policy/index',
  qr: '/admin/qr/index',
  staff: '/admin/staff/index',
  join: '/admin/join/index',
  stats: '/admin/stats/index',
  records: '/admin/records/index',
  district: '/admin/district/index',
  holidays: '/admin/holidays/index',
  suggestions: '/admin/suggestions/index',
  ratings: '/admin/ratings/index',
  grades: '/admin/grades/index',
} as const
