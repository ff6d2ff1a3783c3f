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
