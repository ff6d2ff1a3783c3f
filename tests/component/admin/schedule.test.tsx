import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Schedule from '@/admin/schedule/index'
import { callsTo, givenCommunity, mockApi, NETWORK_DOWN, pick, refuse, type, type Handlers } from '../support'

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

describe('admin schedule: service kinds', () => {
  test('a festival activity: its kind, title and host go with the preview and the creation; the page says the family comes', async () => {
    given({ 'admin.generateSchedule': plan })
    render(<Schedule />)
    await screen.findByText('每周哪几天')
    expect(screen.getByTestId('kind-temporary_care')).toHaveAttribute('aria-checked', 'true')
    fireEvent.click(screen.getByTestId('kind-festival_activity'))
    expect(screen.getByTestId('kind-festival_activity')).toHaveAttribute('aria-checked', 'true')
    expect(screen.getByText('全家参加：一家报一个名额，不占免费次数。')).toBeInTheDocument()
    type('活动名称（选填）', '中秋手绘月亮')
    type('主讲/主办（选填）', '社区志愿者 陈老师')
    type('活动介绍（选填）', '和孩子一起画月亮')
    fireEvent.click(screen.getByText('预览排班'))
    const preview = await screen.findByTestId('schedule-preview')
    expect(preview).toHaveTextContent('节日活动 · 中秋手绘月亮 · 奉浦宝宝屋')
    expect(callsTo('admin.generateSchedule')[0]).toMatchObject({
      kind: 'festival_activity',
      title: '中秋手绘月亮',
      host: '社区志愿者 陈老师',
      description: '和孩子一起画月亮',
      dryRun: true,
    })
    fireEvent.click(screen.getByText('确认生成 3 个场次'))
    await screen.findByText('已生成 3 个场次，跳过节假日 2 天。')
    expect(callsTo('admin.generateSchedule')[1]).toMatchObject({ kind: 'festival_activity', title: '中秋手绘月亮', dryRun: false })
  })

  test('plain care sends no title or host; switching the kind after a preview asks for a new one', async () => {
    given({ 'admin.generateSchedule': plan })
    render(<Schedule />)
    fireEvent.click(await screen.findByText('预览排班'))
    await screen.findByText('确认生成 3 个场次')
    const [first] = callsTo('admin.generateSchedule')
    expect(first.kind).toBe('temporary_care')
    expect(first).not.toHaveProperty('title')
    expect(first).not.toHaveProperty('host')
    fireEvent.click(screen.getByTestId('kind-parenting_guidance'))
    expect(screen.queryByText('确认生成 3 个场次')).not.toBeInTheDocument()
  })

  test('只开一场: one session on one date with its kind and title through admin.createSessions; a date is required', async () => {
    given({
      'admin.createSessions': (p: Record<string, any>) => ({
        sessions: [
          {
            id: 'n1',
            siteId: 'site1',
            communityId: 'c1',
            date: p.dates[0],
            start: p.start,
            end: p.end,
            capacity: 40,
            booked: 0,
            remaining: 40,
            waitlisted: 0,
            status: 'open',
            kind: p.kind,
            title: p.title,
          },
        ],
      }),
    })
    render(<Schedule />)
    await screen.findByText('每周哪几天')
    fireEvent.click(screen.getByTestId('kind-parent_class'))
    type('活动名称（选填）', '家长课堂：如何陪孩子读绘本')
    fireEvent.click(screen.getByText('创建这一场'))
    // the single session's own mistakes are told inside its card, next to its button
    expect(within(screen.getByTestId('single-session')).getByRole('alert')).toHaveTextContent('请选择日期')
    expect(callsTo('admin.createSessions')).toHaveLength(0)
    pick('日期', '2030-10-12')
    fireEvent.click(screen.getByText('下午 14:00–16:00'))
    fireEvent.click(screen.getByText('创建这一场'))
    await waitFor(() => expect(callsTo('admin.createSessions')).toHaveLength(1))
    expect(callsTo('admin.createSessions')[0]).toEqual({
      siteId: 'site1',
      dates: ['2030-10-12'],
      start: '14:00',
      end: '16:00',
      kind: 'parent_class',
      title: '家长课堂：如何陪孩子读绘本',
    })
    expect(await screen.findByTestId('single-done')).toHaveTextContent('已创建：10月12日 周六 14:00–16:00 家长课堂 · 如何陪孩子读绘本')
  })
})
