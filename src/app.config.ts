const isH5 = process.env.TARO_ENV === 'h5'

/**
 * Main package: the parents' pages (kept small, ≤ 480 KB in weapp).
 * Subpackages: worker (check-in), course (micro-courses), admin; `dev` (dev login) exists only in H5.
 */
export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/register/index',
    'pages/sessions/index',
    'pages/bookings/index',
    'pages/profile/index',
    'pages/courses/index',
  ],
  // parents' four places; icons drawn by scripts/icons.ts (WeChat wants PNG files here)
  tabBar: {
    color: '#4B5563',
    selectedColor: '#C2410C',
    backgroundColor: '#FFFFFF',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-on.png' },
      {
        pagePath: 'pages/sessions/index',
        text: '预约',
        iconPath: 'assets/tab/sessions.png',
        selectedIconPath: 'assets/tab/sessions-on.png',
      },
      { pagePath: 'pages/courses/index', text: '课程', iconPath: 'assets/tab/courses.png', selectedIconPath: 'assets/tab/courses-on.png' },
      { pagePath: 'pages/profile/index', text: '我的', iconPath: 'assets/tab/profile.png', selectedIconPath: 'assets/tab/profile-on.png' },
    ],
  },
  subPackages: [
    { root: 'worker', pages: ['sessions/index', 'roster/index'] },
    { root: 'course', pages: ['catalog/index', 'detail/index', 'player/index'] },
    { root: 'voice', pages: ['suggest/index', 'sites/index'] },
    {
      root: 'admin',
      pages: [
        'index/index',
        'sites/index',
        'schedule/index',
        'sessions/index',
        'policy/index',
        'qr/index',
        'staff/index',
        'join/index',
        'stats/index',
        'records/index',
        'district/index',
        'holidays/index',
        'suggestions/index',
        'ratings/index',
        'grades/index',
      ],
    },
    ...(isH5 ? [{ root: 'dev', pages: ['login/index'] }] : []),
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#FFF7ED',
    navigationBarTitleText: '宝宝屋',
    navigationBarTextStyle: 'black',
    backgroundColor: '#FFF7ED',
  },
  ...(isH5 ? {} : { cloud: true }),
})
