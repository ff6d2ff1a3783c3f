import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Sessions from '@/pages/sessions/index'
import { callsTo, deferred, givenBooking, givenChild, givenProfile, givenSession, mockApi, NETWORK_DOWN, refuse, type Handlers } from './support'

const child = givenChild({ id: 'k1', name: '小明' })

function givenSessions(sessions = [givenSession({ id: 's1' })], extra: Handlers = {}) {
  mockApi({
    'user.profile': givenProfile({ children: [child] }),
    'booking.listSessions': { sessions },
    'booking.mine': { bookings: [] },
    ...extra,
  })
}

const booked = (p: Record<string, any>) => ({
  booking: givenBooking({ sessionId: p.sessionId, childId: p.childId, status: p.waitlist ? 'waitlisted' : 'confirmed' }),
  quota: { year: 2026, used: 3, limit: 12, remaining: 9 },
})

describe('sessions: loading, empty and error states', () => {
  test('loading, then the week with remaining places', async () => {
    givenSessions([givenSession({ id: 's1', remaining: 7, capacity: 40 }), givenSession({ id: 's2', remaining: 0, waitlisted: 3 })])
    render(<Sessions />)
    expect(screen.getByText('正在加载…')).toBeInTheDocument()
    expect(await screen.findByText('剩余 7 个名额（共 40 个）')).toBeInTheDocument()
    expect(screen.getByText('名额已满，3 人候补')).toBeInTheDocument()
    expect(screen.getByText('加入候补')).toBeInTheDocument()
    expect(screen.getByTestId('quota-line')).toHaveTextContent('小明 2026 年还可免费托育 10 次')
    const [range] = callsTo('booking.listSessions')
    expect(range.from < range.to).toBe(true)
  })

  test('an empty week says so, and another week loads its own range', async () => {
    givenSessions([])
    render(<Sessions />)
    expect(await screen.findByText('这一周暂时没有可预约的场次')).toBeInTheDocument()
    fireEvent.click(screen.getByText('下周'))
    await waitFor(() => expect(callsTo('booking.listSessions')).toHaveLength(2))
    const [thisWeek, nextWeek] = callsTo('booking.listSessions')
    expect(nextWeek.from > thisWeek.to).toBe(true)
  })

  test('a failed load shows the Chinese error and a retry that recovers', async () => {
    mockApi({ 'user.profile': () => NETWORK_DOWN, 'booking.listSessions': { sessions: [] }, 'booking.mine': { bookings: [] } })
    render(<Sessions />)
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument()
    givenSessions()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('为小明预约')).toBeInTheDocument()
  })

  test('a family that has not registered is sent to register first', async () => {
    mockApi({ 'user.profile': givenProfile({ guardian: null }), 'booking.listSessions': { sessions: [] }, 'booking.mine': { bookings: [] } })
    render(<Sessions />)
    expect(await screen.findByText('请先扫描社区宝宝屋的二维码，登记家庭和孩子信息后再预约。')).toBeInTheDocument()
  })
})

describe('sessions: booking', () => {
  test('books the chosen child with a request id', async () => {
    givenSessions(undefined, { 'booking.book': booked })
    render(<Sessions />)
    fireEvent.click(await screen.findByText('为小明预约'))
    expect(await screen.findByText('预约成功！到场时请出示签到码')).toBeInTheDocument()
    const [req] = callsTo('booking.book')
    expect(req).toMatchObject({ sessionId: 's1', childId: 'k1', requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) })
    expect(req.waitlist).toBeUndefined()
  })

  test('the button stays disabled while the booking is in flight (a second tap sends nothing)', async () => {
    const answer = deferred<ReturnType<typeof booked>>()
    givenSessions([givenSession({ id: 's1' }), givenSession({ id: 's2' })], { 'booking.book': () => answer.promise })
    render(<Sessions />)
    const [first] = await screen.findAllByText('为小明预约')
    fireEvent.click(first)
    const busy = await screen.findByText('正在提交…')
    expect(busy.closest('button')).toBeDisabled()
    screen.getAllByText('为小明预约').forEach((b) => expect(b.closest('button')).toBeDisabled())
    fireEvent.click(busy)
    expect(callsTo('booking.book')).toHaveLength(1)
    await act(async () => answer.resolve(booked({ sessionId: 's1', childId: 'k1' })))
    expect(await screen.findByText('预约成功！到场时请出示签到码')).toBeInTheDocument()
  })

  test('a retry after a network failure reuses the same requestId; a new intent gets a fresh one', async () => {
    let attempt = 0
    givenSessions([givenSession({ id: 's1' })], {
      'booking.book': (p) => {
        attempt += 1
        if (attempt === 1) return NETWORK_DOWN
        if (attempt === 2) return refuse('BUSY', '系统繁忙，请稍后重试', 503)
        return booked(p)
      },
    })
    render(<Sessions />)
    fireEvent.click(await screen.findByText('为小明预约'))
    expect(await screen.findByText('网络不太好')).toBeInTheDocument()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('人太多了，系统繁忙')).toBeInTheDocument()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('预约成功！到场时请出示签到码')).toBeInTheDocument()
    const ids = callsTo('booking.book').map((c) => c.requestId)
    expect(ids).toHaveLength(3)
    expect(new Set(ids).size).toBe(1)
  })

  test('after a success the same session and child is a new intent with a fresh requestId', async () => {
    givenSessions([givenSession({ id: 's1' })], { 'booking.book': booked, 'booking.mine': { bookings: [] } })
    render(<Sessions />)
    fireEvent.click(await screen.findByText('为小明预约'))
    await screen.findByText('预约成功！到场时请出示签到码')
    fireEvent.click(screen.getByText('为小明预约'))
    await waitFor(() => expect(callsTo('booking.book')).toHaveLength(2))
    const [a, b] = callsTo('booking.book').map((c) => c.requestId)
    expect(a).not.toBe(b)
  })

  test('a full session offers the waitlist, which books with waitlist: true', async () => {
    givenSessions([givenSession({ id: 's1', remaining: 0 })], { 'booking.book': booked })
    render(<Sessions />)
    fireEvent.click(await screen.findByText('加入候补'))
    expect(await screen.findByText('已加入候补，有空位时会自动补上并通知您')).toBeInTheDocument()
    expect(callsTo('booking.book')[0]).toMatchObject({ sessionId: 's1', waitlist: true })
  })

  test('SESSION_FULL (someone was faster) offers to join the waitlist with a fresh requestId', async () => {
    givenSessions([givenSession({ id: 's1', remaining: 1 })], {
      'booking.book': (p) => (p.waitlist ? booked(p) : refuse('SESSION_FULL', '该场次已约满')),
    })
    render(<Sessions />)
    fireEvent.click(await screen.findByText('为小明预约'))
    expect(await screen.findByText('这一场已经约满了')).toBeInTheDocument()
    fireEvent.click(within(screen.getByRole('alert')).getByText('加入候补'))
    expect(await screen.findByText('已加入候补，有空位时会自动补上并通知您')).toBeInTheDocument()
    const [full, waitlist] = callsTo('booking.book')
    expect(waitlist.waitlist).toBe(true)
    expect(waitlist.requestId).not.toBe(full.requestId)
  })

  test('a booked session shows its status instead of the button', async () => {
    givenSessions([givenSession({ id: 's1' })], { 'booking.mine': { bookings: [givenBooking({ sessionId: 's1', childId: 'k1', status: 'waitlisted' })] } })
    render(<Sessions />)
    expect(await screen.findByText('小明 候补中')).toBeInTheDocument()
    expect(screen.queryByText('为小明预约')).not.toBeInTheDocument()
  })
})

describe('sessions: clear Chinese refusals', () => {
  test.each([
    ['QUOTA_EXHAUSTED', '今年的免费次数已用完', '每个孩子每年有 12 次免费临时托'],
    ['NOT_ELIGIBLE', '孩子暂不符合参加条件', '满 12 个月、不满 36 个月'],
    ['SESSION_FULL', '这一场已经约满了', '可以加入候补'],
    ['BOOKING_CLOSED', '这一场现在不能预约', '开始前 1 小时截止'],
    ['ALREADY_BOOKED', '已经预约过了', '同一时间的另一场'],
    ['BOOKING_LIMIT', '待参加的预约太多了', '最多保留 4 个'],
    ['SUSPENDED', '暂时不能预约', '暂停预约 30 天'],
    ['CONFLICT', '请求有冲突', '重新选择'],
  ])('%s → %s', async (code, title, hint) => {
    givenSessions([givenSession({ id: 's1' })], { 'booking.book': () => refuse(code, `服务器的中文说明（${code}）`) })
    render(<Sessions />)
    fireEvent.click(await screen.findByText('为小明预约'))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent(title)
    expect(alert).toHaveTextContent(`服务器的中文说明（${code}）`)
    expect(alert).toHaveTextContent(hint)
    expect(within(alert).queryByText('重试')).not.toBeInTheDocument() // a refusal is not a transport failure
  })
})
