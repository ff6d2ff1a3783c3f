import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import AdminSessions from '@/admin/sessions/index'
import { callsTo, dayFromToday, deferred, givenCommunity, givenSession, mockApi } from '../support'

describe('admin sessions: cancel with a reason, after confirming', () => {
  test('empty week → a way to the schedule', async () => {
    mockApi({ 'admin.listCommunities': { communities: [givenCommunity()] }, 'booking.listSessions': { sessions: [] } })
    render(<AdminSessions />)
    expect(await screen.findByText('这一周还没有场次')).toBeInTheDocument()
    expect(screen.getByText('去排班')).toBeInTheDocument()
  })

  test('the cancel button asks first; a reason is required; then everyone is refunded', async () => {
    const s = givenSession({ id: 'sx', date: dayFromToday(3), booked: 2, remaining: 38, waitlisted: 1 })
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'booking.listSessions': { sessions: [s] },
      'admin.cancelSession': (p: Record<string, any>) => ({ session: { ...s, status: 'cancelled', cancelReason: p.reason }, refunded: 2 }),
    })
    render(<AdminSessions />)
    fireEvent.click(await screen.findByText('取消场次'))
    const sheet = screen.getByTestId('confirm-sheet')
    expect(within(sheet).getByText(/已预约的 2 位孩子和候补的 1 位将全部取消/)).toBeInTheDocument()
    fireEvent.click(within(sheet).getByText('确认取消场次'))
    expect(within(sheet).getByText('请填写取消原因（家长会看到）')).toBeInTheDocument()
    expect(callsTo('admin.cancelSession')).toHaveLength(0)

    fireEvent.click(within(sheet).getByText('返回，不操作'))
    expect(screen.queryByTestId('confirm-sheet')).not.toBeInTheDocument()
    expect(callsTo('admin.cancelSession')).toHaveLength(0)

    fireEvent.click(screen.getByText('取消场次'))
    fireEvent.click(within(screen.getByTestId('confirm-sheet')).getByText('天气原因'))
    fireEvent.click(within(screen.getByTestId('confirm-sheet')).getByText('确认取消场次'))
    expect(await screen.findByTestId('cancel-result')).toHaveTextContent('2 位孩子的免费次数已退回')
    expect(callsTo('admin.cancelSession')).toEqual([{ sessionId: 'sx', reason: '天气原因' }])
  })

  test('week tabs: another week loads its sessions; while a cancellation is in flight a tab tap is ignored', async () => {
    const s = givenSession({ id: 'sx', date: dayFromToday(3), booked: 0, remaining: 40 })
    const answer = deferred<never>()
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'booking.listSessions': { sessions: [s] },
      'admin.cancelSession': () => answer.promise,
    })
    render(<AdminSessions />)
    await screen.findByText('取消场次')
    const asked = () => callsTo('booking.listSessions').length
    const before = asked()
    fireEvent.click(screen.getByText('下周'))
    await waitFor(() => expect(asked()).toBe(before + 1))
    expect(screen.getByText('下周').closest('[role="tab"]')).toHaveAttribute('aria-selected', 'true')
    fireEvent.click(screen.getByText('本周'))
    await waitFor(() => expect(asked()).toBe(before + 2))

    fireEvent.click(await screen.findByText('取消场次'))
    fireEvent.click(within(screen.getByTestId('confirm-sheet')).getByText('天气原因'))
    fireEvent.click(within(screen.getByTestId('confirm-sheet')).getByText('确认取消场次'))
    await waitFor(() => expect(callsTo('admin.cancelSession')).toHaveLength(1))
    fireEvent.click(screen.getByText('第三周'))
    expect(screen.getByText('本周').closest('[role="tab"]')).toHaveAttribute('aria-selected', 'true')
    expect(asked()).toBe(before + 2)
    await act(async () => answer.reject(new Error('x')))
  })

  test('an interrupted cancellation is shown with a way to finish it', async () => {
    const s = givenSession({
      id: 'sy',
      date: dayFromToday(2),
      status: 'cancelled',
      cancelReason: '停电',
      booked: 185,
      waitlisted: 3,
      cancellation: { status: 'running', refunded: 115 },
    })
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'booking.listSessions': { sessions: [s] },
      'admin.cancelSession': () => ({
        session: { ...s, booked: 0, waitlisted: 0, cancellation: { status: 'done', refunded: 300 } },
        refunded: 300,
      }),
    })
    render(<AdminSessions />)
    const notice = await screen.findByTestId('cancel-unfinished')
    expect(notice).toHaveTextContent('还有 188 位孩子的预约未退回')
    fireEvent.click(within(notice).getByText('继续完成取消'))
    expect(await screen.findByTestId('cancel-result')).toHaveTextContent('300 位孩子的免费次数已退回')
    expect(callsTo('admin.cancelSession')).toEqual([{ sessionId: 'sy', reason: '停电' }])
  })

  test('a finished cancellation offers nothing more', async () => {
    const s = givenSession({
      id: 'sz',
      date: dayFromToday(2),
      status: 'cancelled',
      cancelReason: '停电',
      cancellation: { status: 'done', refunded: 3 },
    })
    mockApi({ 'admin.listCommunities': { communities: [givenCommunity()] }, 'booking.listSessions': { sessions: [s] } })
    render(<AdminSessions />)
    expect(await screen.findByText('取消原因：停电')).toBeInTheDocument()
    expect(screen.queryByTestId('cancel-unfinished')).not.toBeInTheDocument()
    expect(screen.queryByText('取消场次')).not.toBeInTheDocument()
  })
})

describe('admin sessions: service kinds', () => {
  test("each session names its kind, title and host, so a festival activity is not mistaken for that day's care", async () => {
    const day = dayFromToday(3)
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'booking.listSessions': {
        sessions: [
          givenSession({ id: 'c', date: day, start: '09:00', kind: 'temporary_care' }),
          givenSession({ id: 'f', date: day, start: '14:00', kind: 'festival_activity', title: '中秋手绘月亮', host: '社区志愿者 陈老师' }),
        ],
      },
    })
    render(<AdminSessions />)
    const festival = await screen.findByTestId(`admin-session-${day}-14:00`)
    expect(within(festival).getByTestId('session-kind')).toHaveTextContent('节日活动全家参加 中秋手绘月亮主讲/主办：社区志愿者 陈老师')
    expect(within(screen.getByTestId(`admin-session-${day}-09:00`)).getByTestId('session-kind')).toHaveTextContent(/^临时托$/)
  })
})
