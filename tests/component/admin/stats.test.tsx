import { render, screen, within } from '@testing-library/react'
import StatsPage from '@/admin/stats/index'
import { givenCommunity, mockApi } from '../support'

describe('admin stats: truthful rates', () => {
  test('开展场次 counts ended sessions, the rest shows as 已排期; the legend follows the numbers', async () => {
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'admin.stats': {
        stats: {
          sessions: 1,
          scheduledSessions: 3,
          scheduledBookings: 7,
          bookings: 10,
          attended: 2,
          noShows: 1,
          utilisation: 0.3,
          attendanceRate: 0.667,
          noShowRate: 0.333,
          capacity: 10,
          pastSeated: 3,
          uniqueChildren: 8,
          quotaUse: [],
          daily: [{ date: '2026-11-02', sessions: 1, capacity: 10, booked: 3, attended: 2, noShows: 1 }],
        },
      },
    })
    render(<StatsPage />)
    expect(await screen.findByTestId('kpi-sessions')).toHaveTextContent('1开展场次')
    expect(screen.getByTestId('kpi-scheduled')).toHaveTextContent('3已排期')
    expect(screen.getByText('66.7%')).toBeInTheDocument()
    expect(screen.getByTestId('rates-note')).toHaveTextContent('还没结束的 3 场算作“已排期”（已有 7 人预约）')
    const chart = screen.getByTestId('daily-chart')
    const legend = within(chart).getByTestId('legend').textContent
    expect(legend).toBe('实到预约名额')
    expect(within(chart).getByText('2/3/10')).toBeInTheDocument()
    expect(within(chart).getByText('右侧数字：实到/预约/名额')).toBeInTheDocument()
  })
})

describe('admin stats: service kinds', () => {
  test('each kind has its own row (sessions held and scheduled, bookings, attendance, utilisation); the care quota is named as such', async () => {
    const zero = { sessions: 0, scheduledSessions: 0, bookings: 0, attended: 0, noShows: 0, utilisation: 0 }
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'admin.stats': {
        stats: {
          sessions: 3,
          scheduledSessions: 1,
          bookings: 6,
          attended: 4,
          noShows: 1,
          utilisation: 0.2,
          quotaUsed: 2,
          quotaUse: [],
          daily: [],
          byKind: {
            temporary_care: { sessions: 1, scheduledSessions: 0, bookings: 2, attended: 1, noShows: 1, utilisation: 0.2 },
            parenting_guidance: { sessions: 1, scheduledSessions: 0, bookings: 2, attended: 2, noShows: 0, utilisation: 0.5 },
            parent_class: zero,
            festival_activity: { sessions: 1, scheduledSessions: 1, bookings: 2, attended: 1, noShows: 0, utilisation: 0.05 },
          },
        },
      },
    })
    render(<StatsPage />)
    const table = await screen.findByTestId('kind-stats')
    expect(within(table).getByTestId('kind-stats-temporary_care')).toHaveTextContent(
      '临时托开展 1 场 · 已排期 0 场 · 预约 2 人次实到 1 · 未到 1 · 名额利用率 20%',
    )
    expect(within(table).getByTestId('kind-stats-parenting_guidance')).toHaveTextContent('科学育儿指导开展 1 场')
    expect(within(table).getByTestId('kind-stats-parenting_guidance')).toHaveTextContent('实到 2 · 未到 0 · 名额利用率 50%')
    expect(within(table).getByTestId('kind-stats-parent_class')).toHaveTextContent('家长课堂开展 0 场 · 已排期 0 场 · 预约 0 人次')
    expect(within(table).getByTestId('kind-stats-festival_activity')).toHaveTextContent(
      '节日活动开展 1 场 · 已排期 1 场 · 预约 2 人次实到 1 · 未到 0 · 名额利用率 5%',
    )
    expect(screen.getByText(/消耗临时托免费次数 2/)).toBeInTheDocument()
  })
})
