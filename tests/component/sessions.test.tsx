import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Sessions from '@/pages/sessions/index'
import {
  callsTo,
  dayFromToday,
  deferred,
  givenBooking,
  givenChild,
  givenProfile,
  givenSession,
  mockApi,
  NETWORK_DOWN,
  refuse,
  startsIn,
  type Handlers,
} from './support'

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

/** Tap the session's button, then 确认 in the confirmation sheet. */
async function bookVia(text: string, scope: HTMLElement | typeof screen = screen) {
  fireEvent.click(await (scope as typeof screen).findByText(text))
  const sheet = await screen.findByRole('dialog', { name: '确认预约' })
  fireEvent.click(within(sheet).getByText(/^确认(预约|候补)$/))
}

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
    mockApi({
      'user.profile': givenProfile({ guardian: null }),
      'booking.listSessions': { sessions: [] },
      'booking.mine': { bookings: [] },
    })
    render(<Sessions />)
    expect(await screen.findByText('请先扫描社区宝宝屋的二维码，登记家庭和孩子信息后再预约。')).toBeInTheDocument()
  })
})

describe('sessions: booking', () => {
  test('books the chosen child with a request id', async () => {
    givenSessions(undefined, { 'booking.book': booked })
    render(<Sessions />)
    await bookVia('为小明预约')
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
    fireEvent.click(within(screen.getByRole('dialog')).getByText('确认预约'))
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
    await bookVia('为小明预约')
    expect(await screen.findByText('网络不太好')).toBeInTheDocument()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('人太多了，系统繁忙')).toBeInTheDocument()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('预约成功！到场时请出示签到码')).toBeInTheDocument()
    const ids = callsTo('booking.book').map((c) => c.requestId)
    expect(ids).toHaveLength(3)
    expect(new Set(ids).size).toBe(1)
  })

  test('after a refusal (a definitive answer) the next tap books with a fresh requestId', async () => {
    let attempt = 0
    givenSessions([givenSession({ id: 's1' })], {
      'booking.book': (p) => (++attempt === 1 ? refuse('BOOKING_LIMIT', '同时最多保留 4 个待参加的预约') : booked(p)),
    })
    render(<Sessions />)
    await bookVia('为小明预约')
    await waitFor(() => expect(callsTo('booking.book')).toHaveLength(1))
    await bookVia('为小明预约')
    expect(await screen.findByText('预约成功！到场时请出示签到码')).toBeInTheDocument()
    const [a, b] = callsTo('booking.book').map((c) => c.requestId)
    expect(a).not.toBe(b)
  })

  test('after a success the same session and child is a new intent with a fresh requestId', async () => {
    givenSessions([givenSession({ id: 's1' })], { 'booking.book': booked, 'booking.mine': { bookings: [] } })
    render(<Sessions />)
    await bookVia('为小明预约')
    await screen.findByText('预约成功！到场时请出示签到码')
    await bookVia('为小明预约')
    await waitFor(() => expect(callsTo('booking.book')).toHaveLength(2))
    const [a, b] = callsTo('booking.book').map((c) => c.requestId)
    expect(a).not.toBe(b)
  })

  test('a full session offers the waitlist, which books with waitlist: true', async () => {
    givenSessions([givenSession({ id: 's1', remaining: 0 })], { 'booking.book': booked })
    render(<Sessions />)
    await bookVia('加入候补')
    expect(await screen.findByText('已加入候补，有空位时会自动补上并通知您')).toBeInTheDocument()
    expect(callsTo('booking.book')[0]).toMatchObject({ sessionId: 's1', waitlist: true })
  })

  test('SESSION_FULL (someone was faster) offers to join the waitlist with a fresh requestId', async () => {
    givenSessions([givenSession({ id: 's1', remaining: 1 })], {
      'booking.book': (p) => (p.waitlist ? booked(p) : refuse('SESSION_FULL', '该场次已约满')),
    })
    render(<Sessions />)
    await bookVia('为小明预约')
    expect(await screen.findByText('这一场已经约满了')).toBeInTheDocument()
    await bookVia('加入候补', within(screen.getByRole('alert')) as unknown as typeof screen)
    expect(await screen.findByText('已加入候补，有空位时会自动补上并通知您')).toBeInTheDocument()
    const [full, waitlist] = callsTo('booking.book')
    expect(waitlist.waitlist).toBe(true)
    expect(waitlist.requestId).not.toBe(full.requestId)
  })

  test('a booked session shows its status instead of the button', async () => {
    givenSessions([givenSession({ id: 's1' })], {
      'booking.mine': { bookings: [givenBooking({ sessionId: 's1', childId: 'k1', status: 'waitlisted' })] },
    })
    render(<Sessions />)
    expect(await screen.findByText('小明 候补中')).toBeInTheDocument()
    expect(screen.queryByText('为小明预约')).not.toBeInTheDocument()
  })
})

describe('sessions: clear Chinese refusals', () => {
  test.each([
    ['QUOTA_EXHAUSTED', '今年的免费次数已用完', '新的一年会重新计算'],
    ['NOT_ELIGIBLE', '孩子暂不符合参加条件', '按场次当天的月龄计算'],
    ['SESSION_FULL', '这一场已经约满了', '可以加入候补'],
    ['BOOKING_CLOSED', '这一场现在不能预约', '临近开始时截止'],
    ['ALREADY_BOOKED', '已经预约过了', '同一时间的另一场'],
    ['BOOKING_LIMIT', '待参加的预约太多了', '参加或取消后可以再约'],
    ['SUSPENDED', '暂时不能预约', '到期自动恢复'],
    ['CONFLICT', '请求有冲突', '重新选择'],
  ])('%s → %s', async (code, title, hint) => {
    givenSessions([givenSession({ id: 's1' })], { 'booking.book': () => refuse(code, `服务器的中文说明（${code}）`) })
    render(<Sessions />)
    await bookVia('为小明预约')
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent(title)
    expect(alert).toHaveTextContent(`服务器的中文说明（${code}）`)
    expect(alert).toHaveTextContent(hint)
    expect(within(alert).queryByText('重试')).not.toBeInTheDocument() // a refusal is not a transport failure
  })
})

describe('sessions: before the tap', () => {
  const iso = (ms: number) => new Date(Date.now() + ms).toISOString()
  const HOUR = 3600_000

  test('a child too old sees 不在可预约年龄 on every session and a grey button that still says why', async () => {
    const old = givenChild({
      id: 'k1',
      name: '小明',
      birthDate: dayFromToday(-5 * 365),
      ageWindow: { from: dayFromToday(-4 * 365), until: dayFromToday(-2 * 365) },
    })
    mockApi({
      'user.profile': givenProfile({ children: [old] }),
      'booking.listSessions': { sessions: [givenSession({ id: 's1' })] },
      'booking.mine': { bookings: [] },
    })
    render(<Sessions />)
    const card = await screen.findByTestId('session-s1')
    expect(within(card).getByTestId('availability')).toHaveTextContent('不在可预约年龄')
    expect(within(card).getByTestId('availability-note')).toHaveTextContent('这一场面向满 12 个月、不满 36 个月的孩子')
    const button = within(card).getByRole('button')
    expect(button).toBeDisabled()
    expect(button).toHaveTextContent('不在可预约年龄')
    expect(button).toHaveClass('btn--disabled')
    expect(screen.getByTestId('age-line')).toHaveTextContent('不在可预约年龄')
    expect(screen.queryByTestId('quota-line')).not.toBeInTheDocument()
    fireEvent.click(button)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  test('a session not yet open shows when it opens and a grey button', async () => {
    const opensAt = '2030-12-03T01:00:00.000Z' // 12月3日 09:00 in Shanghai
    givenSessions([givenSession({ id: 's1', date: '2030-12-17', opensAt, closesAt: '2030-12-17T00:00:00.000Z' })])
    render(<Sessions />)
    const card = await screen.findByTestId('session-s1')
    expect(within(card).getByTestId('availability')).toHaveTextContent('未开放')
    expect(within(card).getByTestId('availability-note')).toHaveTextContent('12月3日 09:00 开放预约')
    expect(within(card).getByRole('button')).toBeDisabled()
    expect(screen.queryByText('可预约')).not.toBeInTheDocument()
  })

  test('the confirmation sheet: child, date and time, site and address, the exact cancellation deadline, the quota used', async () => {
    const s = givenSession({
      id: 's1',
      date: '2030-12-17',
      start: '09:00',
      end: '11:00',
      opensAt: iso(-HOUR),
      closesAt: iso(100 * HOUR),
      freeCancelUntil: '2030-12-16T01:00:00.000Z',
    })
    givenSessions([s], { 'booking.book': booked })
    render(<Sessions />)
    fireEvent.click(await screen.findByText('为小明预约'))
    const sheet = screen.getByRole('dialog', { name: '确认预约' })
    expect(sheet).toHaveTextContent('孩子：小明')
    expect(sheet).toHaveTextContent('12月17日 周二 09:00 – 11:00')
    expect(sheet).toHaveTextContent('奉浦宝宝屋（奉浦大道 88 号 2 楼）')
    expect(within(sheet).getByTestId('sheet-cancel-rule')).toHaveTextContent('12月16日 09:00 前取消，次数退回；之后取消扣 1 次')
    expect(within(sheet).getByTestId('sheet-quota')).toHaveTextContent(
      '将使用 1 次免费次数（2026 年还剩 10 次，预约后剩 9 次）'.replace('2026', String(child.quota.year)),
    )
    expect(callsTo('booking.book')).toHaveLength(0)
    fireEvent.click(within(sheet).getByText('再想想'))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(callsTo('booking.book')).toHaveLength(0)
  })

  test('inside the free-cancellation limit the sheet warns before booking', async () => {
    givenSessions([
      givenSession({ id: 's1', ...startsIn(10 * HOUR), opensAt: iso(-HOUR), closesAt: iso(9 * HOUR), freeCancelUntil: iso(-14 * HOUR) }),
    ])
    render(<Sessions />)
    fireEvent.click(await screen.findByText('为小明预约'))
    const rule = within(screen.getByRole('dialog')).getByTestId('sheet-cancel-rule')
    expect(rule).toHaveTextContent('注意：距开始已不足 24 小时')
    expect(rule).toHaveTextContent('预约后如果取消，会扣除 1 次免费次数')
  })

  test('a waitlisted booking links to its place in the queue, not to a check-in code', async () => {
    givenSessions([givenSession({ id: 's1' })], {
      'booking.mine': { bookings: [givenBooking({ sessionId: 's1', childId: 'k1', status: 'waitlisted' })] },
    })
    render(<Sessions />)
    await screen.findByText('小明 候补中')
    expect(screen.queryByText('查看签到码')).not.toBeInTheDocument()
    expect(screen.getByText('查看候补')).toBeInTheDocument()
  })
})
