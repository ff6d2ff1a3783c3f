import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Schedule from '@/admin/schedule/index'
import { callsTo, givenCommunity, mockApi, NETWORK_DOWN, refuse, type Handlers } from '../support'

const site = { id: 'site1', communityId: 'c1', name: '奉浦宝宝屋', address: '奉浦街道 1 号', capacity: 40 }

function given(extra: Handlers = {}, sites = [site]) {
  mockApi({
    'admin.listCommunities': { communities: [givenCommunity()] },
    'admin.listSites': { sites },
    ...extra,
  })
}

const plan = (p: Record<string, any>) => ({
  sessions: p.dryRun ? [] : [{ id: 'x' }],
  dates: ['2026-10-08', '2026-10-09', '2026-10-10'],
  skipped: [
    { date: '2026-10-06', reason: '国庆节放假' },
    { date: '2026-10-07', reason: '国庆节放假' },
  ],
  makeupWorkdays: ['2026-10-10'],
  created: p.dryRun ? 0 : 3,
  existing: 0,
  unknownYears: [],
})

describe('admin schedule generation', () => {
  test('loading, then the form for the first site; no sites → a way to add one', async () => {
    given({}, [])
    render(<Schedule />)
    expect(screen.getByText('正在加载…')).toBeInTheDocument()
    expect(await screen.findByText('还没有场地。请先添加场地，再排班。')).toBeInTheDocument()
    expect(screen.getByText('去添加场地')).toBeInTheDocument()
  })

  test('preview first (dry run with the chosen rule), showing skipped holidays and the make-up Saturday; then create', async () => {
    given({ 'admin.generateSchedule': plan })
    render(<Schedule />)
    expect(await screen.findByText('每周哪几天')).toBeInTheDocument()
    fireEvent.click(screen.getByTestId('weekday-3')) // drop Wednesday
    fireEvent.click(screen.getByText('按国家工作日安排：调休上班的周六、周日也开放'))
    fireEvent.click(screen.getByText('预览排班'))
    expect(await screen.findByText('将生成 3 个场次')).toBeInTheDocument()
    const [preview] = callsTo('admin.generateSchedule')
    expect(preview).toMatchObject({
      siteId: 'site1',
      weekdays: [1, 2, 4, 5],
      start: '09:00',
      end: '11:00',
      followWorkdays: true,
      skipHolidays: true,
      dryRun: true,
    })
    expect(preview.from < preview.to).toBe(true)
    expect(screen.getByText('调休上班')).toBeInTheDocument()
    expect(screen.getAllByText(/国庆节放假/)).toHaveLength(2)
    expect(callsTo('admin.generateSchedule')).toHaveLength(1) // nothing written yet

    fireEvent.click(screen.getByText('确认生成 3 个场次'))
    expect(await screen.findByText('已生成 3 个场次，跳过节假日 2 天。')).toBeInTheDocument()
    expect(callsTo('admin.generateSchedule')[1]).toMatchObject({ dryRun: false, weekdays: [1, 2, 4, 5] })
  })

  test('changing the rule after a preview asks for a new preview', async () => {
    given({ 'admin.generateSchedule': plan })
    render(<Schedule />)
    fireEvent.click(await screen.findByText('预览排班'))
    expect(await screen.findByText('确认生成 3 个场次')).toBeInTheDocument()
    fireEvent.click(screen.getByTestId('weekday-6'))
    expect(screen.queryByText('确认生成 3 个场次')).not.toBeInTheDocument()
  })

  test('checks the form in place and shows a refusal in Chinese', async () => {
    given({ 'admin.generateSchedule': () => refuse('INVALID_ARGUMENT', '一次最多安排 92 天', 400) })
    render(<Schedule />)
    await screen.findByText('每周哪几天')
    for (const d of [1, 2, 3, 4, 5]) fireEvent.click(screen.getByTestId(`weekday-${d}`))
    fireEvent.click(screen.getByText('预览排班'))
    expect(screen.getByText('请至少选择一天')).toBeInTheDocument()
    expect(callsTo('admin.generateSchedule')).toHaveLength(0)
    fireEvent.click(screen.getByTestId('weekday-2'))
    fireEvent.click(screen.getByText('预览排班'))
    expect(await screen.findByText('一次最多安排 92 天')).toBeInTheDocument()
  })

  test('a failed load shows the error and recovers on retry', async () => {
    mockApi({ 'admin.listCommunities': () => NETWORK_DOWN })
    render(<Schedule />)
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument()
    given()
    fireEvent.click(screen.getByText('重试'))
    await waitFor(() => expect(screen.getByText('每周哪几天')).toBeInTheDocument())
  })
})
