/**
 * Service kinds as families see them: the kind filter and label, title and host on each session,
 * 全家参加 on family events, the confirmation sheet naming the quota the booking uses (or none), the
 * cancellation prompt, and each child's remaining sessions per kind on home and profile.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Bookings from '@/pages/bookings/index'
import Home from '@/pages/index/index'
import Profile from '@/pages/profile/index'
import Sessions from '@/pages/sessions/index'
import type { ChildWithQuota } from '../../cloudfunctions/shared/contract'
import {
  callsTo,
  dayFromToday,
  givenBooking,
  givenChild,
  givenPolicy,
  givenProfile,
  givenSession,
  mockApi,
  startsIn,
  taro,
} from './support'

const HOUR = 3600_000
const YEAR = Number(dayFromToday(0).slice(0, 4))
const policy = givenPolicy({
  kinds: {
    temporary_care: { yearlyFree: 12, minAgeMonths: 12, maxAgeMonths: 36 },
    parenting_guidance: { yearlyFree: 12, minAgeMonths: 0, maxAgeMonths: 36 },
    parent_class: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 72 },
    festival_activity: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 72 },
  },
})
/** A 10-month-old: too young for temporary care, welcome at guidance and family events. */
const baby: ChildWithQuota = givenChild({
  id: 'k1',
  name: '小月',
  birthDate: dayFromToday(-300),
  ageWindow: { from: dayFromToday(65), until: dayFromToday(2 * 365) },
  quota: { year: YEAR, used: 0, limit: 12, remaining: 12 },
  quotas: [
    { kind: 'temporary_care', year: YEAR, used: 0, limit: 12, remaining: 12 },
    { kind: 'parenting_guidance', year: YEAR, used: 3, limit: 12, remaining: 9 },
  ],
})

const open = { opensAt: new Date(Date.now() - HOUR).toISOString(), closesAt: new Date(Date.now() + 40 * HOUR).toISOString() }
const care = givenSession({ id: 'care', kind: 'temporary_care', ...open })
const guidance = givenSession({
  id: 'guide',
  kind: 'parenting_guidance',
  title: '科学育儿指导：辅食添加',
  host: '区早教中心 王老师',
  ...open,
  freeCancelUntil: new Date(Date.now() + 30 * HOUR).toISOString(),
})
const festival = givenSession({
  id: 'moon',
  kind: 'festival_activity',
  title: '中秋手绘月亮',
  host: '社区志愿者 陈老师',
  description: '和孩子一起画月亮、做灯笼',
  ...open,
  freeCancelUntil: new Date(Date.now() + 30 * HOUR).toISOString(),
})

function givenWeek(extra: Record<string, unknown> = {}) {
  mockApi({
    'user.profile': givenProfile({ children: [baby], policy }),
    'booking.listSessions': ({ kind }: { kind?: string }) => ({
      sessions: [care, guidance, festival].filter((s) => !kind || s.kind === kind),
      policy,
    }),
    'booking.mine': { bookings: [] },
    ...extra,
  })
}

describe('sessions page: kinds', () => {
  test('each card names its kind, title and host; family events say 全家参加; care is closed to a 10-month-old', async () => {
    givenWeek()
    render(<Sessions />)
    const g = await screen.findByTestId('session-guide')
    expect(within(g).getByTestId('kind')).toHaveTextContent('科学育儿指导')
    // the kind badge already says 科学育儿指导; the title typed as '科学育儿指导：辅食添加' is not repeated
    expect(within(g).getByTestId('session-title').textContent).toBe('辅食添加')
    expect(g).toHaveTextContent('主讲/主办：区早教中心 王老师')
    expect(within(g).queryByTestId('family')).not.toBeInTheDocument()
    expect(within(g).getByText('为小月预约')).toBeInTheDocument()

    const f = screen.getByTestId('session-moon')
    expect(within(f).getByTestId('kind')).toHaveTextContent('节日活动')
    expect(within(f).getByTestId('family')).toHaveTextContent('全家参加')
    expect(f).toHaveTextContent('和孩子一起画月亮、做灯笼')
    expect(within(f).getByText('全家报名（小月）')).toBeInTheDocument()

    const c = screen.getByTestId('session-care')
    expect(within(c).getByTestId('kind')).toHaveTextContent('临时托')
    expect(within(c).getByTestId('availability')).toHaveTextContent('不在可预约年龄')
    expect(within(c).queryByText('为小月预约')).not.toBeInTheDocument()
    // the guidance quota is stated above the list, next to the care age line
    expect(screen.getByTestId('quota-line-parenting_guidance')).toHaveTextContent(`小月 ${YEAR} 年还可免费参加科学育儿指导 9 次`)
  })

  test('the kind filter asks the server for that kind only and says when the week has none', async () => {
    givenWeek()
    render(<Sessions />)
    await screen.findByTestId('session-guide')
    expect(callsTo('booking.listSessions')[0].kind).toBeUndefined()
    fireEvent.click(screen.getByTestId('kind-festival_activity'))
    await waitFor(() => expect(screen.queryByTestId('session-guide')).not.toBeInTheDocument())
    expect(callsTo('booking.listSessions').at(-1)?.kind).toBe('festival_activity')
    expect(screen.getByTestId('session-moon')).toBeInTheDocument()
    expect(screen.getByTestId('kind-festival_activity')).toHaveAttribute('aria-checked', 'true')
    fireEvent.click(screen.getByTestId('kind-parent_class'))
    expect(await screen.findByText('这一周暂时没有家长课堂场次')).toBeInTheDocument()
    fireEvent.click(screen.getByTestId('kind-all'))
    expect(await screen.findByTestId('session-care')).toBeInTheDocument()
    expect(callsTo('booking.listSessions').at(-1)?.kind).toBeUndefined()
  })

  test('the sheet for guidance names the guidance quota and what is left after booking', async () => {
    givenWeek()
    render(<Sessions />)
    fireEvent.click(within(await screen.findByTestId('session-guide')).getByText('为小月预约'))
    const sheet = screen.getByRole('dialog', { name: '确认预约' })
    expect(sheet).toHaveTextContent('类型：科学育儿指导 · 科学育儿指导：辅食添加')
    expect(sheet).toHaveTextContent('孩子：小月')
    expect(within(sheet).getByTestId('sheet-quota')).toHaveTextContent(
      `将使用 1 次科学育儿指导免费次数（${YEAR} 年还剩 9 次，预约后剩 8 次）`,
    )
    expect(within(sheet).getByTestId('sheet-cancel-rule')).toHaveTextContent('前取消，次数退回；之后取消扣 1 次')
  })

  test('the sheet for a festival activity: the whole family, no quota used, nothing deducted on cancelling; it books through the child', async () => {
    givenWeek({
      'booking.book': (p: Record<string, any>) => ({
        booking: givenBooking({ sessionId: p.sessionId, childId: p.childId, kind: 'festival_activity' }),
        quota: null,
      }),
    })
    render(<Sessions />)
    fireEvent.click(within(await screen.findByTestId('session-moon')).getByText('全家报名（小月）'))
    const sheet = screen.getByRole('dialog', { name: '确认预约' })
    expect(sheet).toHaveTextContent('类型：节日活动 · 中秋手绘月亮')
    expect(sheet).toHaveTextContent('全家参加（以小月的名义报名）')
    expect(within(sheet).getByTestId('sheet-quota')).toHaveTextContent('不占用免费次数。')
    expect(within(sheet).getByTestId('sheet-cancel-rule')).toHaveTextContent('开始前都可以取消')
    expect(sheet).not.toHaveTextContent('扣 1 次')
    fireEvent.click(within(sheet).getByText('确认预约'))
    await waitFor(() => expect(callsTo('booking.book')).toHaveLength(1))
    expect(callsTo('booking.book')[0]).toMatchObject({ sessionId: 'moon', childId: 'k1' })
  })
})

describe('sessions page: a family event is booked once for the family', () => {
  test("after 小月's family booked the activity, her brother's view shows the family's place, not a second 全家报名", async () => {
    const brother = givenChild({ id: 'k2', name: '小明' })
    mockApi({
      'user.profile': givenProfile({ children: [baby, brother], policy }),
      'booking.listSessions': { sessions: [guidance, festival], policy },
      'booking.mine': {
        bookings: [
          givenBooking({ id: 'b1', sessionId: 'moon', childId: 'k1', childName: '小月', kind: 'festival_activity' }),
          givenBooking({ id: 'b2', sessionId: 'guide', childId: 'k1', childName: '小月', kind: 'parenting_guidance' }),
        ],
      },
    })
    render(<Sessions />)
    await screen.findByTestId('session-moon')
    fireEvent.click(screen.getByText('小明'))
    const f = screen.getByTestId('session-moon')
    await waitFor(() => expect(within(f).getByTestId('mine')).toHaveTextContent('全家已预约（小月）'))
    expect(within(f).queryByText('全家报名（小明）')).not.toBeInTheDocument()
    // the card says what the family has, not also '可预约' beside it
    expect(within(f).queryByTestId('availability')).not.toBeInTheDocument()
    expect(f).not.toHaveTextContent('可预约')
    // guidance is per child: 小月's booking does not stand for her brother
    const g = screen.getByTestId('session-guide')
    expect(within(g).queryByTestId('mine')).not.toBeInTheDocument()
    expect(within(g).getByText('为小明预约')).toBeInTheDocument()
  })
})

describe('home and profile: remaining sessions per kind', () => {
  test("home shows the care quota (for later) and the guidance quota of a baby, and the upcoming activity's title", async () => {
    mockApi({
      'user.profile': givenProfile({ children: [baby], policy }),
      'booking.mine': {
        bookings: [givenBooking({ id: 'b1', kind: 'festival_activity', sessionId: 'moon', childId: 'k1', session: festival })],
      },
    })
    render(<Home />)
    const careRow = await screen.findByTestId('quota-k1-temporary_care')
    expect(careRow).toHaveTextContent('临时托')
    expect(careRow).toHaveTextContent(`${YEAR} 年还可免费托育 12 次，到可预约的年龄后使用`)
    const guidanceRow = screen.getByTestId('quota-k1-parenting_guidance')
    expect(guidanceRow).toHaveTextContent('科学育儿指导')
    expect(guidanceRow).toHaveTextContent(`${YEAR} 年还可免费参加 9 次（共 12 次，已用 3 次）`)
    // every kind's row has the same shape: its name and the number left; care's is grey until the child is of age
    expect(within(careRow).getByText('12')).toHaveClass('quota__num--later')
    expect(within(guidanceRow).getByText('9')).toHaveClass('quota__num')
    expect(within(guidanceRow).getByText('9')).not.toHaveClass('quota__num--later')
    // kinds without a quota have no row
    expect(screen.queryByTestId('quota-k1-festival_activity')).not.toBeInTheDocument()
    expect(screen.getByTestId('upcoming-kind')).toHaveTextContent('节日活动 · 中秋手绘月亮')
  })

  test("a worker's home names today's activity by kind and title", async () => {
    mockApi({
      'user.profile': givenProfile({ guardian: null, roles: [{ role: 'worker', communityId: 'c1' }] }),
      'checkin.sessions': {
        sessions: [
          { ...festival, id: 't1' },
          { ...care, id: 't2' },
        ],
      },
    })
    render(<Home />)
    expect(await screen.findByTestId('today-kind-t1')).toHaveTextContent('节日活动 · 中秋手绘月亮')
    expect(screen.queryByTestId('today-kind-t2')).not.toBeInTheDocument()
  })

  test("home's upcoming guidance does not repeat its kind when the title starts with it", async () => {
    mockApi({
      'user.profile': givenProfile({ children: [baby], policy }),
      'booking.mine': {
        bookings: [givenBooking({ id: 'b2', kind: 'parenting_guidance', sessionId: 'guide', childId: 'k1', session: guidance })],
      },
    })
    render(<Home />)
    expect((await screen.findByTestId('upcoming-kind')).textContent).toBe('科学育儿指导 · 辅食添加')
  })

  test('profile lists the guidance quota beside the care quota', async () => {
    const older = givenChild({
      id: 'k2',
      name: '小明',
      quotas: [
        { kind: 'temporary_care', year: YEAR, used: 2, limit: 12, remaining: 10 },
        { kind: 'parenting_guidance', year: YEAR, used: 1, limit: 12, remaining: 11 },
      ],
    })
    mockApi({ 'user.profile': givenProfile({ children: [older], policy }) })
    render(<Profile />)
    expect(await screen.findByText(/临时托今年还剩 10 次/)).toBeInTheDocument()
    expect(screen.getByTestId('profile-quota-parenting_guidance')).toHaveTextContent('科学育儿指导今年还剩 11 次')
  })
})

describe('my bookings: kinds', () => {
  const cancelled = (bookingId: string) => ({
    booking: givenBooking({ id: bookingId, status: 'late_cancelled', kind: 'festival_activity' }),
    refunded: false,
    quota: null,
  })

  test('a festival booking shows its kind and title; cancelling it late says no quota is touched, and the toast deducts nothing', async () => {
    mockApi({
      'user.profile': givenProfile({ children: [baby], policy }),
      'booking.mine': {
        bookings: [givenBooking({ id: 'b1', kind: 'festival_activity', session: { ...festival, ...startsIn(5 * HOUR) } })],
      },
      'booking.cancel': ({ bookingId }: { bookingId: string }) => cancelled(bookingId),
    })
    render(<Bookings />)
    const card = await screen.findByTestId('booking-b1')
    expect(within(card).getByTestId('booking-kind')).toHaveTextContent('节日活动 · 中秋手绘月亮 · 全家参加')
    fireEvent.click(within(card).getByText('取消预约'))
    await waitFor(() => expect(callsTo('booking.cancel')).toEqual([{ bookingId: 'b1' }]))
    const modal = taro.showModal.mock.calls[0][0]
    expect(modal.title).toBe('确认取消报名？')
    expect(modal.content).toContain('节日活动「中秋手绘月亮」')
    expect(modal.content).toContain('不占用免费次数，取消不扣次数')
    await waitFor(() => expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消' })))
  })

  test('cancelling guidance late names the guidance quota it deducts', async () => {
    mockApi({
      'user.profile': givenProfile({ children: [baby], policy }),
      'booking.mine': {
        bookings: [givenBooking({ id: 'b2', kind: 'parenting_guidance', session: { ...guidance, ...startsIn(5 * HOUR) } })],
      },
      'booking.cancel': {
        booking: givenBooking({ id: 'b2', status: 'late_cancelled', kind: 'parenting_guidance' }),
        refunded: false,
        quota: { year: YEAR, used: 4, limit: 12, remaining: 8 },
      },
    })
    render(<Bookings />)
    fireEvent.click(await screen.findByText('取消预约'))
    await waitFor(() => expect(callsTo('booking.cancel')).toHaveLength(1))
    const modal = taro.showModal.mock.calls[0][0]
    expect(modal.title).toBe('迟取消会扣次数')
    expect(modal.content).toContain('现在取消会扣除 1 次科学育儿指导免费次数')
    await waitFor(() => expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消，扣除1次' })))
  })
})
