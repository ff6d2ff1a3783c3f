import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Bookings from '@/pages/bookings/index'
import { callsTo, deferred, givenBooking, givenProfile, givenSession, mockApi, NETWORK_DOWN, refuse, startsIn, taro } from './support'

const HOUR = 3600_000

function givenBookings(bookings: ReturnType<typeof givenBooking>[], extra: Record<string, unknown> = {}) {
  mockApi({
    'booking.mine': { bookings },
    'user.profile': givenProfile(),
    'booking.cancel': ({ bookingId }: { bookingId: string }) => ({
      booking: { ...bookings.find((b) => b.id === bookingId), status: 'cancelled' },
      refunded: true,
      quota: { year: 2026, used: 1, limit: 12, remaining: 11 },
    }),
    ...extra,
  })
}

describe('my bookings', () => {
  test('statuses in Chinese, and the check-in code as a QR image plus the code text', async () => {
    const upcoming = givenSession(startsIn(48 * HOUR))
    const past = givenSession({ date: '2026-01-06' })
    givenBookings([
      givenBooking({ id: 'b1', status: 'confirmed', session: upcoming, checkinCode: 'b1.ABCD1234' }),
      givenBooking({ id: 'b2', status: 'waitlisted', session: givenSession(startsIn(72 * HOUR)) }),
      givenBooking({ id: 'b3', status: 'late_cancelled', session: past }),
      givenBooking({ id: 'b4', status: 'session_cancelled', session: past }),
      givenBooking({ id: 'b5', status: 'checked_out', session: past }),
      givenBooking({ id: 'b6', status: 'no_show', session: past }),
      givenBooking({ id: 'b7', status: 'cancelled', session: past }),
    ])
    render(<Bookings />)
    const card = await screen.findByTestId('booking-b1')
    expect(within(card).getByText('已预约')).toBeInTheDocument()
    expect(within(card).getByTestId('checkin-code')).toHaveTextContent('b1.ABCD1234')
    const img = within(card).getByRole('img') as HTMLImageElement
    expect(img.src).toMatch(/^data:image\/gif;base64,/)
    expect(img).toHaveAttribute('alt', '签到二维码')
    for (const [id, text] of [
      ['b2', '候补中'],
      ['b3', '已取消（迟取消，扣次数）'],
      ['b4', '已取消（场次取消）'],
      ['b5', '已离园'],
      ['b6', '未到'],
      ['b7', '已取消'],
    ]) {
      expect(within(screen.getByTestId(`booking-${id}`)).getByTestId('booking-status')).toHaveTextContent(text)
    }
    expect(within(screen.getByTestId('booking-b2')).queryByTestId('checkin-code')).not.toBeInTheDocument()
  })

  test('the 6-digit code is shown large next to the QR (which keeps the signed code); waitlisted shows its place, no code', async () => {
    givenBookings([
      givenBooking({
        id: 'b1',
        status: 'confirmed',
        session: givenSession(startsIn(48 * HOUR)),
        checkinCode: 'b1.ABCD1234',
        shortCode: '042815',
      }),
      givenBooking({ id: 'b2', status: 'waitlisted', session: givenSession(startsIn(72 * HOUR)), shortCode: '111111', queuePosition: 2 }),
    ])
    render(<Bookings />)
    const card = await screen.findByTestId('booking-b1')
    expect(within(card).getByTestId('checkin-code')).toHaveTextContent('042 815')
    expect(within(card).getByTestId('checkin-code')).toHaveAttribute('aria-label', '签到码 0 4 2 8 1 5')
    const waiting = screen.getByTestId('booking-b2')
    expect(within(waiting).getByTestId('queue-position')).toHaveTextContent('候补第 2 位')
    expect(within(waiting).queryByTestId('checkin-code')).not.toBeInTheDocument()
    expect(within(waiting).queryByText(/查看签到码/)).not.toBeInTheDocument()
  })

  test('checked in shows 已签到', async () => {
    givenBookings([givenBooking({ id: 'b1', status: 'checked_in', session: givenSession(startsIn(-HOUR / 2)) })])
    render(<Bookings />)
    expect(await screen.findByText('已签到')).toBeInTheDocument()
    expect(screen.getByText('孩子已入园，离园时请到宝宝屋接孩子')).toBeInTheDocument()
  })

  test('empty, loading and error states', async () => {
    mockApi({ 'booking.mine': () => NETWORK_DOWN, 'user.profile': givenProfile() })
    const { unmount } = render(<Bookings />)
    expect(screen.getByText('正在加载…')).toBeInTheDocument()
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument()
    givenBookings([])
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('暂时没有待参加的预约')).toBeInTheDocument()
    expect(screen.getByText('去预约托育')).toBeInTheDocument()
    unmount()
  })

  test('a family not yet registered sees the empty state without the way to book', async () => {
    mockApi({ 'booking.mine': { bookings: [] }, 'user.profile': givenProfile({ guardian: null }) })
    render(<Bookings />)
    expect(await screen.findByText('暂时没有待参加的预约')).toBeInTheDocument()
    expect(screen.queryByText('去预约托育')).not.toBeInTheDocument()
  })

  test('to come, soonest first, then the history; after a cancel the list says 正在刷新… and stays on screen', async () => {
    const later = givenBooking({ id: 'later', session: givenSession(startsIn(72 * HOUR)) })
    const sooner = givenBooking({ id: 'sooner', session: givenSession(startsIn(30 * HOUR)) })
    const done = givenBooking({ id: 'done', status: 'checked_out', session: givenSession({ date: '2026-01-06' }) })
    const refresh = deferred<unknown>()
    let asked = 0
    givenBookings([later, sooner, done], {
      'booking.mine': () => (++asked === 1 ? { bookings: [later, sooner, done] } : refresh.promise),
    })
    render(<Bookings />)
    await screen.findByTestId('booking-sooner')
    const ids = screen.getAllByTestId(/^booking-/).map((e) => e.getAttribute('data-testid'))
    expect(ids.filter((id) => id !== 'booking-status')).toEqual(['booking-sooner', 'booking-later', 'booking-done'])
    const history = screen.getByText('历史记录').parentElement!
    expect(within(history).getByTestId('booking-done')).toBeInTheDocument()
    expect(within(history).queryByTestId('booking-sooner')).not.toBeInTheDocument()

    fireEvent.click(within(screen.getByTestId('booking-sooner')).getByText('取消预约'))
    expect(await screen.findByText('正在刷新…')).toBeInTheDocument()
    expect(screen.getByTestId('booking-sooner')).toBeInTheDocument()
    await act(async () => refresh.resolve({ bookings: [later, { ...sooner, status: 'cancelled' }, done] }))
    expect(screen.queryByText('正在刷新…')).not.toBeInTheDocument()
    expect(within(screen.getByText('历史记录').parentElement!).getByTestId('booking-sooner')).toHaveTextContent('已取消')
  })

  test('cancelling ≥ 24 h before: the modal says the session is refunded, BEFORE anything is sent', async () => {
    givenBookings([givenBooking({ id: 'b1', session: givenSession(startsIn(30 * HOUR)) })])
    taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true })
    render(<Bookings />)
    fireEvent.click(await screen.findByText('取消预约'))
    await waitFor(() => expect(taro.showModal).toHaveBeenCalled())
    const modal = taro.showModal.mock.calls[0][0]
    expect(modal.title).toBe('确认取消预约？')
    expect(modal.content).toContain('取消后本次免费次数会退回')
    expect(callsTo('booking.cancel')).toHaveLength(0) // declined: nothing sent
  })

  test('cancelling < 24 h before: the modal warns that the session will be consumed; confirming cancels', async () => {
    givenBookings([givenBooking({ id: 'b1', session: givenSession(startsIn(5 * HOUR)) })], {
      'booking.cancel': {
        booking: givenBooking({ id: 'b1', status: 'late_cancelled' }),
        refunded: false,
        quota: { year: 2026, used: 3, limit: 12, remaining: 9 },
      },
    })
    render(<Bookings />)
    fireEvent.click(await screen.findByText('取消预约'))
    await waitFor(() => expect(callsTo('booking.cancel')).toEqual([{ bookingId: 'b1' }]))
    const modal = taro.showModal.mock.calls[0][0]
    expect(modal.title).toBe('迟取消会扣次数')
    expect(modal.content).toContain('现在取消会扣除 1 次免费次数')
    expect(taro.showModal.mock.invocationCallOrder[0]).toBeLessThan(
      taro.request.mock.invocationCallOrder[taro.request.mock.calls.length - 1],
    )
    await waitFor(() => expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消，扣除1次' })))
  })

  test('leaving the waitlist says it costs nothing', async () => {
    givenBookings([givenBooking({ id: 'b1', status: 'waitlisted', session: givenSession(startsIn(5 * HOUR)) })])
    render(<Bookings />)
    fireEvent.click(await screen.findByText('取消候补'))
    await waitFor(() => expect(taro.showModal).toHaveBeenCalled())
    expect(taro.showModal.mock.calls[0][0].content).toContain('候补不占用免费次数')
  })

  test('the cancel button is disabled while the cancellation is in flight; a refusal is shown in Chinese', async () => {
    const answer = deferred<unknown>()
    givenBookings([givenBooking({ id: 'b1', session: givenSession(startsIn(30 * HOUR)) })], { 'booking.cancel': () => answer.promise })
    render(<Bookings />)
    fireEvent.click(await screen.findByText('取消预约'))
    await waitFor(() => expect(callsTo('booking.cancel')).toHaveLength(1))
    expect(screen.getByText('取消预约').closest('button')).toBeDisabled()
    fireEvent.click(screen.getByText('取消预约'))
    expect(callsTo('booking.cancel')).toHaveLength(1)
    await act(async () => answer.reject(new Error('x')))
  })

  test('a refused cancellation is explained', async () => {
    givenBookings([givenBooking({ id: 'b1', session: givenSession(startsIn(30 * HOUR)) })], {
      'booking.cancel': () => refuse('FORBIDDEN', '只能取消自己家孩子的预约', 403),
    })
    render(<Bookings />)
    fireEvent.click(await screen.findByText('取消预约'))
    await waitFor(() => expect(taro.showModal).toHaveBeenCalledTimes(2))
    expect(taro.showModal.mock.calls[1][0]).toMatchObject({ title: '取消没有成功', content: '只能取消自己家孩子的预约' })
  })
})

describe('past visits', () => {
  test('show check-in and pick-up times, the temperature and who picked the child up', async () => {
    givenBookings([
      givenBooking({
        id: 'b1',
        status: 'checked_out',
        session: givenSession({ date: '2026-01-06' }),
        checkedInAt: '2026-01-06T00:52:00.000Z',
        checkedOutAt: '2026-01-06T03:05:00.000Z',
        health: { temperature: 36.6, notes: '精神好' },
        pickupName: '王奶奶',
      }),
    ])
    render(<Bookings />)
    const visit = within(await screen.findByTestId('booking-b1')).getByTestId('visit')
    expect(visit).toHaveTextContent('入园 08:52 · 体温 36.6℃')
    expect(visit).toHaveTextContent('离园 11:05 · 王奶奶 接走')
    expect(visit).toHaveTextContent('老师记录：精神好')
  })
})
