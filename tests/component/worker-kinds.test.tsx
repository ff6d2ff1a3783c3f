/**
 * The worker's door is the same for every service kind: the day's list and the roster name the kind,
 * title and host (全家参加 for family events); code → child card → health check → check-in, and
 * check-out, run alike; a QR of the family's booking in another session is not checked in here.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { ServiceKind, Session } from '../../cloudfunctions/shared/contract'
import Roster from '@/worker/roster/index'
import WorkerSessions from '@/worker/sessions/index'
import { router } from './taro-mock'
import { callsTo, givenRosterEntry, givenSession, mockApi, refuse, startsIn, taro, type } from './support'

const HOUR = 3600_000

const SESSIONS: Record<ServiceKind, Partial<Session>> = {
  temporary_care: {},
  parenting_guidance: { title: '科学育儿指导：辅食添加', host: '区早教中心 王老师' },
  parent_class: { title: '家长课堂：如何陪孩子读绘本', host: '区妇幼保健院' },
  festival_activity: { title: '中秋手绘月亮' },
}
const LABEL: Record<ServiceKind, string> = {
  temporary_care: '临时托',
  parenting_guidance: '科学育儿指导',
  parent_class: '家长课堂',
  festival_activity: '节日活动',
}

function givenDoor(session: Session, other?: Session) {
  router.params = { sessionId: session.id }
  let roster = [
    givenRosterEntry({
      bookingId: 'b1',
      child: { id: 'k1', name: '小月', ageMonths: 10 },
      guardian: { name: '陈妈妈', phoneMasked: '138****8456' },
      guardians: [{ name: '陈妈妈', relation: '妈妈' }],
    }),
  ]
  mockApi({
    'checkin.roster': () => ({ roster, session, feverCelsius: 37.3 }),
    'checkin.lookup': (p: { code: string }) => {
      if (p.code === 'b9.SIG' && other) return { entry: { ...roster[0], bookingId: 'b9' }, session: other, feverCelsius: 37.3 }
      if (p.code !== '000001' && p.code !== 'b1.SIG') return refuse('INVALID_CODE', '这一场没有这个签到码，请核对后重新输入')
      return { entry: roster[0], session, feverCelsius: 37.3 }
    },
    'checkin.checkIn': (p: { bookingId?: string }) => {
      roster = roster.map((r) => (r.bookingId === p.bookingId ? { ...r, status: 'checked_in' } : r))
      return { booking: { id: p.bookingId, status: 'checked_in' } }
    },
    'checkin.checkOut': (p: { bookingId: string }) => {
      roster = roster.map((r) => (r.bookingId === p.bookingId ? { ...r, status: 'checked_out' } : r))
      return { booking: { id: p.bookingId, status: 'checked_out' } }
    },
  })
}

describe('worker: every kind at the door', () => {
  test("the day's list names each session's kind, title and host; family events say 全家参加", async () => {
    const kinds = Object.keys(SESSIONS) as ServiceKind[]
    mockApi({
      'checkin.sessions': {
        sessions: kinds.map((kind, i) => givenSession({ id: `s-${kind}`, kind, start: `1${i}:00`, ...SESSIONS[kind] })),
      },
    })
    render(<WorkerSessions />)
    const card = (kind: ServiceKind) => within(screen.getByTestId(`worker-session-s-${kind}`)).getByTestId('session-kind')
    await screen.findByTestId('worker-session-s-festival_activity')
    expect(card('temporary_care')).toHaveTextContent(/^临时托$/)
    expect(card('parenting_guidance')).toHaveTextContent(/^科学育儿指导 辅食添加主讲\/主办：区早教中心 王老师$/)
    expect(card('parent_class')).toHaveTextContent(/^家长课堂全家参加 如何陪孩子读绘本主讲\/主办：区妇幼保健院$/)
    expect(card('festival_activity')).toHaveTextContent('节日活动全家参加 中秋手绘月亮')
  })

  test.each(Object.keys(SESSIONS) as ServiceKind[])(
    '%s: the roster names the kind; code → child card → check-in, then check-out, as for care',
    async (kind) => {
      const session = givenSession({ id: `s-${kind}`, kind, ...startsIn(-HOUR / 2), ...SESSIONS[kind] })
      givenDoor(session)
      render(<Roster />)
      await screen.findByTestId('roster-b1')
      const head = screen.getByTestId('session-kind')
      expect(head).toHaveTextContent(LABEL[kind])
      // a title that starts with its kind's name is shown without repeating it
      if (SESSIONS[kind].title) expect(head).toHaveTextContent(SESSIONS[kind].title!.replace(/^.*：/, ''))
      type('签到码', '000001')
      fireEvent.click(screen.getByText('查找孩子'))
      const sheet = await screen.findByRole('dialog', { name: '入园健康检查' })
      expect(within(sheet).getByTestId('child-card')).toHaveTextContent('小月')
      type('体温（℃）', '36.5')
      fireEvent.click(within(sheet).getByText('确认签到'))
      await waitFor(() => expect(callsTo('checkin.checkIn')).toEqual([{ bookingId: 'b1', health: { temperature: 36.5 } }]))
      await waitFor(() => expect(within(screen.getByTestId('roster-b1')).getByText('已签到')).toBeInTheDocument())
      taro.showActionSheet.mockResolvedValueOnce({ tapIndex: 0 })
      fireEvent.click(within(screen.getByTestId('roster-b1')).getByText('离园（选择接送人）'))
      await waitFor(() => expect(callsTo('checkin.checkOut')).toEqual([{ bookingId: 'b1', pickupName: '陈妈妈' }]))
    },
  )

  test("a scanned QR of the family's booking in another session is refused here, naming that session; nothing is checked in", async () => {
    const env = process.env.TARO_ENV
    process.env.TARO_ENV = 'weapp'
    try {
      const care = givenSession({ id: 's-care', kind: 'temporary_care', ...startsIn(-HOUR / 2) })
      const guidance = givenSession({ id: 's-guide', kind: 'parenting_guidance', title: '辅食添加', date: '2026-12-09', start: '14:00' })
      givenDoor(care, guidance)
      taro.scanCode.mockResolvedValueOnce({ result: 'b9.SIG' })
      render(<Roster />)
      await screen.findByTestId('roster-b1')
      fireEvent.click(screen.getByText('扫码签到'))
      expect(
        await screen.findByText('这是另一场的签到码：12月9日 周三 14:00 科学育儿指导 · 辅食添加。请在那一场的名单里签到'),
      ).toBeInTheDocument()
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
      expect(callsTo('checkin.checkIn')).toHaveLength(0)
    } finally {
      process.env.TARO_ENV = env
    }
  })
})
