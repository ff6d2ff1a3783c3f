/**
 * The roster without signal: the copy saved while online, the code matched on the phone, check-in with the
 * same health check (fever refused unless a reason), queued with the phone's time and shown as 待同步, then
 * synced on demand with the result sheet listing what needs the worker.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Roster from '@/worker/roster/index'
import { router, storage } from './taro-mock'
import { callsTo, givenRosterEntry, givenSession, mockApi, NETWORK_DOWN, startsIn, taro, type } from './support'

const HOUR = 3600_000

test('offline: the saved roster, a code matched on the phone, a queued check-in shown as 待同步, then a sync with its result', async () => {
  router.params = { sessionId: 's1' }
  const session = givenSession({ id: 's1', ...startsIn(-HOUR / 2) })
  const ming = givenRosterEntry({ bookingId: 'b1', shortCode: '428615', child: { id: 'k1', name: '小明', ageMonths: 20 } })
  const hong = givenRosterEntry({ bookingId: 'b2', shortCode: '100200', child: { id: 'k2', name: '小红', ageMonths: 30 } })
  let online = true
  const sync = jest.fn((p: { actions: Array<{ id: string; bookingId: string }> }) => ({
    results: p.actions.map((a) =>
      a.bookingId === 'b2'
        ? { id: a.id, ok: false, error: { code: 'CONFLICT', message: '该预约已取消' } }
        : { id: a.id, ok: true, booking: { id: a.bookingId, status: 'checked_in' } },
    ),
  }))
  mockApi({
    'checkin.roster': () => (online ? { roster: [ming, hong], session, feverCelsius: 37.3 } : NETWORK_DOWN),
    'checkin.lookup': () => NETWORK_DOWN,
    'checkin.checkIn': () => NETWORK_DOWN,
    'checkin.sync': sync as never,
  })
  const view = render(<Roster />)
  await screen.findByTestId('roster-b1')
  view.unmount()

  // the phone lost its signal; the page opens again from the saved copy
  online = false
  render(<Roster />)
  await screen.findByTestId('roster-b1')
  type('签到码', '428615')
  fireEvent.click(screen.getByText('查找孩子'))
  const sheet = await screen.findByRole('dialog', { name: '入园健康检查' })
  expect(within(sheet).getByTestId('child-card')).toHaveTextContent('小明')
  type('体温（℃）', '37.8')
  expect(within(sheet).getByTestId('fever')).toBeInTheDocument() // the same fever rule offline
  type('体温（℃）', '36.6')
  fireEvent.click(within(sheet).getByText('确认签到'))
  await waitFor(() => expect(within(screen.getByTestId('roster-b1')).getByTestId('pending')).toHaveTextContent('待同步'))
  expect(within(screen.getByTestId('roster-b1')).getByText('已签到')).toBeInTheDocument()
  expect(screen.getByTestId('offline-banner')).toHaveTextContent('离线 · 1 条待同步')
  // a tap on the card of another child queues a second one
  fireEvent.click(within(screen.getByTestId('roster-b2')).getByText('签到'))
  fireEvent.click(within(await screen.findByRole('dialog', { name: '入园健康检查' })).getByText('确认签到'))
  await waitFor(() => expect(screen.getByTestId('offline-banner')).toHaveTextContent('离线 · 2 条待同步'))
  const queued = JSON.parse(JSON.stringify(storage.get('bh.offline.queue')))
  expect(queued.map((a: { bookingId: string; type: string }) => [a.bookingId, a.type])).toEqual([
    ['b1', 'checkIn'],
    ['b2', 'checkIn'],
  ])
  expect(queued[0].health).toEqual({ temperature: 36.6 })
  expect(Math.abs(Date.parse(queued[0].at) - Date.now())).toBeLessThan(60_000) // the phone's time
  expect(callsTo('checkin.sync')).toHaveLength(0)

  // signal back: 立即同步
  online = true
  mockApi({
    'checkin.roster': () => ({
      roster: [
        { ...ming, status: 'checked_in' },
        { ...hong, status: 'late_cancelled' },
      ],
      session,
      feverCelsius: 37.3,
    }),
    'checkin.sync': sync as never,
  })
  const listeners = taro.onNetworkStatusChange.mock.calls.map((c: unknown[]) => c[0] as (r: { isConnected: boolean }) => void)
  await act(async () => {
    listeners[listeners.length - 1]({ isConnected: true })
  })
  const result = await screen.findByRole('dialog', { name: '同步结果' })
  expect(sync).toHaveBeenCalledTimes(1)
  expect(callsTo('checkin.sync')[0].actions.map((a: { id: string }) => a.id)).toEqual(queued.map((a: { id: string }) => a.id))
  expect(within(result).getByTestId('sync-applied')).toHaveTextContent('已上传 1 条记录')
  expect(within(result).getByTestId('sync-issue-conflict')).toHaveTextContent('小红 · 签到')
  expect(within(result).getByTestId('sync-issue-conflict')).toHaveTextContent('该预约已取消')
  fireEvent.click(within(result).getByText('已处理，全部清除'))
  await waitFor(() => expect(screen.queryByTestId('offline-banner')).toBeNull())
  expect(storage.get('bh.offline.queue')).toEqual([])
})
