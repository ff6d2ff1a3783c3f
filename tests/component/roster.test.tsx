import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Roster from '@/worker/roster/index'
import WorkerSessions from '@/worker/sessions/index'
import { router } from './taro-mock'
import { callsTo, deferred, givenRosterEntry, givenSession, mockApi, refuse, startsIn, taro, type } from './support'

const HOUR = 3600_000

function givenRoster(
  roster: ReturnType<typeof givenRosterEntry>[],
  extra: Record<string, unknown> = {},
  session = givenSession({ id: 's1', ...startsIn(-HOUR / 2) }),
) {
  router.params = { sessionId: 's1' }
  let current = roster
  mockApi({
    'checkin.roster': () => ({ roster: current, session, feverCelsius: 37.3 }),
    'checkin.lookup': (p: { code: string; sessionId?: string }) => {
      const entry = current.find(
        (r) => p.code === `${r.bookingId}.SIG` || (p.sessionId === 's1' && p.code === `00000${r.bookingId.slice(1)}`),
      )
      if (!entry) return refuse('INVALID_CODE', '这一场没有这个签到码，请核对后重新输入')
      return { entry, session, feverCelsius: 37.3 }
    },
    'checkin.checkIn': (p: { code?: string; bookingId?: string }) => {
      const entry = current.find((r) => r.bookingId === p.bookingId || p.code === `${r.bookingId}.SIG`)
      if (!entry) return refuse('INVALID_CODE', '签到码无效')
      current = current.map((r) => (r === entry ? { ...r, status: 'checked_in' } : r))
      return { booking: { id: entry.bookingId, status: 'checked_in', childName: entry.child.name } }
    },
    'checkin.checkOut': (p: { bookingId: string }) => {
      current = current.map((r) => (r.bookingId === p.bookingId ? { ...r, status: 'checked_out' } : r))
      return { booking: { id: p.bookingId, status: 'checked_out' } }
    },
    ...extra,
  })
}

const ming = () =>
  givenRosterEntry({
    bookingId: 'b1',
    child: { id: 'k1', name: '小明', ageMonths: 20 },
    guardian: { name: '王奶奶', phoneMasked: '138****8000' },
  })
const hong = () =>
  givenRosterEntry({
    bookingId: 'b2',
    child: { id: 'k2', name: '小红', ageMonths: 30 },
    guardian: { name: '李妈妈', phoneMasked: '139****1234' },
    status: 'checked_in',
  })
const gang = () => givenRosterEntry({ bookingId: 'b3', child: { id: 'k3', name: '小刚', ageMonths: 14 }, status: 'no_show' })

describe('worker: sessions', () => {
  test("today's sessions (the server's today), empty and error states", async () => {
    mockApi({ 'checkin.sessions': { sessions: [givenSession({ id: 's1', booked: 12, capacity: 40 })] } })
    const { unmount } = render(<WorkerSessions />)
    expect(await screen.findByText('已约 12 / 40 人')).toBeInTheDocument()
    expect(callsTo('checkin.sessions')).toEqual([{}])
    unmount()
    mockApi({ 'checkin.sessions': () => refuse('FORBIDDEN', '只有社区工作人员可以查看', 403) })
    render(<WorkerSessions />)
    expect(await screen.findByText('只有社区工作人员可以查看')).toBeInTheDocument()
    expect(screen.getByText('重试')).toBeInTheDocument()
  })
})

describe('worker: roster', () => {
  test('counts by status and search by child, guardian or phone tail', async () => {
    givenRoster([ming(), hong(), gang()])
    render(<Roster />)
    const counts = await screen.findByTestId('counts')
    expect(counts).toHaveTextContent('待签到 1')
    expect(counts).toHaveTextContent('在园 1')
    expect(counts).toHaveTextContent('未到 1')
    type('搜索', '小红')
    expect(screen.queryByTestId('roster-b1')).not.toBeInTheDocument()
    expect(screen.getByTestId('roster-b2')).toBeInTheDocument()
    type('搜索', '8000')
    expect(screen.getByTestId('roster-b1')).toBeInTheDocument()
    expect(screen.queryByTestId('roster-b2')).not.toBeInTheDocument()
    type('搜索', '没有这个人')
    expect(screen.getByText('没有符合条件的孩子')).toBeInTheDocument()
  })

  test('the 6-digit code shows the child card first, then the health check', async () => {
    const entry = { ...ming(), pickups: [{ name: '张外婆', relation: '外婆' }], guardians: [{ name: '王奶奶', relation: '奶奶' }] }
    givenRoster([entry])
    render(<Roster />)
    await screen.findByTestId('roster-b1')
    type('签到码', '000001')
    fireEvent.click(screen.getByText('查找孩子'))
    const sheet = await screen.findByRole('dialog', { name: '入园健康检查' })
    expect(callsTo('checkin.lookup')).toEqual([{ code: '000001', sessionId: 's1' }])
    const card = within(sheet).getByTestId('child-card')
    expect(card).toHaveTextContent('小明')
    expect(card).toHaveTextContent('1岁8个月')
    expect(card).toHaveTextContent('已预约')
    expect(card).toHaveTextContent('王奶奶（奶奶）、张外婆（外婆）')
    expect(callsTo('checkin.checkIn')).toHaveLength(0)
    type('体温（℃）', '50')
    fireEvent.click(within(sheet).getByText('确认签到'))
    expect(within(sheet).getByText('请填写 34～43 之间的体温，例如 36.5')).toBeInTheDocument()
    expect(callsTo('checkin.checkIn')).toHaveLength(0)
    type('体温（℃）', '36.6')
    type('情况备注', '精神好')
    fireEvent.click(within(sheet).getByText('确认签到'))
    await waitFor(() => expect(callsTo('checkin.checkIn')).toEqual([{ bookingId: 'b1', health: { temperature: 36.6, notes: '精神好' } }]))
    await waitFor(() => expect(within(screen.getByTestId('roster-b1')).getByText('已签到')).toBeInTheDocument())
    expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '小明已签到' }))
  })

  test('a wrong code fails before anything is typed, and the error is shown once', async () => {
    givenRoster([ming()])
    render(<Roster />)
    await screen.findByTestId('roster-b1')
    type('签到码', '123456')
    fireEvent.click(screen.getByText('查找孩子'))
    const alerts = await screen.findAllByRole('alert')
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toHaveTextContent('签到码无效')
    expect(alerts[0]).toHaveTextContent('这一场没有这个签到码')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.queryByLabelText('体温（℃）')).not.toBeInTheDocument()
  })

  test('fever: refused by default; admitting anyway needs a reason, which is sent', async () => {
    givenRoster([ming()])
    render(<Roster />)
    fireEvent.click(within(await screen.findByTestId('roster-b1')).getByText('签到'))
    const sheet = screen.getByRole('dialog')
    type('体温（℃）', '38.6')
    expect(within(sheet).getByTestId('fever')).toHaveTextContent('体温 38.6℃，达到 37.3℃，按规定今天不能入托')
    expect(within(sheet).queryByText('确认签到')).not.toBeInTheDocument()
    // the highlighted button sends the child home
    const home = within(sheet).getByText('不入托，请家长带回')
    expect(home.closest('button')).toHaveClass('btn--primary')
    fireEvent.click(within(sheet).getByText('仍要入托…'))
    const admit = within(sheet).getByText('记录原因并入托')
    expect(admit.closest('button')).toBeDisabled()
    fireEvent.click(admit)
    expect(callsTo('checkin.checkIn')).toHaveLength(0)
    type('仍要入托的原因（必填，会记录）', '家长出示医院证明')
    fireEvent.click(within(sheet).getByText('记录原因并入托'))
    await waitFor(() =>
      expect(callsTo('checkin.checkIn')).toEqual([
        { bookingId: 'b1', health: { temperature: 38.6, feverOverrideReason: '家长出示医院证明' } },
      ]),
    )
  })

  test('fever: the default sends the child home without checking in', async () => {
    givenRoster([ming()])
    render(<Roster />)
    fireEvent.click(within(await screen.findByTestId('roster-b1')).getByText('签到'))
    type('体温（℃）', '37.3')
    fireEvent.click(screen.getByText('不入托，请家长带回'))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(callsTo('checkin.checkIn')).toHaveLength(0)
  })

  test('a wrong code is refused in Chinese inside the sheet; the confirm button is disabled while in flight', async () => {
    const answer = deferred<unknown>()
    givenRoster([ming()], { 'checkin.checkIn': () => answer.promise })
    render(<Roster />)
    await screen.findByTestId('roster-b1')
    fireEvent.click(within(screen.getByTestId('roster-b1')).getByText('签到'))
    const sheet = screen.getByRole('dialog')
    fireEvent.click(within(sheet).getByText('确认签到'))
    const busy = await within(sheet).findByText('正在签到…')
    expect(busy.closest('button')).toBeDisabled()
    expect(callsTo('checkin.checkIn')).toEqual([{ bookingId: 'b1' }])
    await act(async () => answer.resolve(undefined))
  })

  test('CHECKIN_CLOSED and INVALID_CODE are explained', async () => {
    givenRoster([ming()], { 'checkin.checkIn': () => refuse('CHECKIN_CLOSED', '当前不在签到时间内') })
    render(<Roster />)
    await screen.findByTestId('roster-b1')
    fireEvent.click(within(screen.getByTestId('roster-b1')).getByText('签到'))
    fireEvent.click(within(screen.getByRole('dialog')).getByText('确认签到'))
    const alert = await within(screen.getByRole('dialog')).findByRole('alert')
    expect(alert).toHaveTextContent('现在不能签到')
    expect(alert).toHaveTextContent('签到从场次开始前一段时间开放，到场次结束为止')
  })

  test('weapp: check in by scanning the parent QR code', async () => {
    const env = process.env.TARO_ENV
    process.env.TARO_ENV = 'weapp'
    try {
      givenRoster([ming()])
      taro.scanCode.mockResolvedValueOnce({ result: 'b1.SIG' })
      render(<Roster />)
      await screen.findByTestId('roster-b1')
      fireEvent.click(screen.getByText('扫码签到'))
      const sheet = await screen.findByRole('dialog')
      expect(within(sheet).getByTestId('child-card')).toHaveTextContent('小明')
      expect(callsTo('checkin.lookup')).toEqual([{ code: 'b1.SIG' }])
    } finally {
      process.env.TARO_ENV = env
    }
  })

  test('check-out offers only authorised people (guardians and pickups) and sends the chosen one', async () => {
    const entry = {
      ...hong(),
      guardians: [
        { name: '李妈妈', relation: '妈妈' },
        { name: '李爸爸', relation: '爸爸' },
      ],
      pickups: [{ name: '张外婆', relation: '外婆' }],
    }
    givenRoster([entry])
    taro.showActionSheet.mockResolvedValueOnce({ tapIndex: 2 })
    render(<Roster />)
    fireEvent.click(await screen.findByText('离园（选择接送人）'))
    await waitFor(() => expect(callsTo('checkin.checkOut')).toEqual([{ bookingId: 'b2', pickupName: '张外婆' }]))
    expect(taro.showActionSheet).toHaveBeenCalledWith({ itemList: ['李妈妈（妈妈）', '李爸爸（爸爸）', '张外婆（外婆）'] })
    await waitFor(() => expect(within(screen.getByTestId('roster-b2')).getByText('已离园')).toBeInTheDocument())
  })

  test('dismissing the pickup choice sends nothing', async () => {
    givenRoster([hong()])
    taro.showActionSheet.mockRejectedValueOnce({ errMsg: 'showActionSheet:fail cancel' })
    render(<Roster />)
    fireEvent.click(await screen.findByText('离园（选择接送人）'))
    await waitFor(() => expect(taro.showActionSheet).toHaveBeenCalled())
    expect(callsTo('checkin.checkOut')).toHaveLength(0)
  })

  test('near the end of a session, the children still inside are listed', async () => {
    givenRoster([ming(), hong()], {}, givenSession({ id: 's1', ...startsIn(-100 * 60_000, 120) })) // ends in 20 min
    render(<Roster />)
    const inside = await screen.findByTestId('still-inside')
    expect(inside).toHaveTextContent('仍在园内 1 人')
    expect(within(inside).getByText('小红')).toBeInTheDocument()
  })

  test('early in a session there is no still-inside banner', async () => {
    givenRoster([ming(), hong()], {}, givenSession({ id: 's1', ...startsIn(-10 * 60_000, 120) }))
    render(<Roster />)
    await screen.findByTestId('counts')
    expect(screen.queryByTestId('still-inside')).not.toBeInTheDocument()
  })

  test('an empty roster says so', async () => {
    givenRoster([])
    render(<Roster />)
    expect(await screen.findByText('这一场还没有孩子预约')).toBeInTheDocument()
  })
})
