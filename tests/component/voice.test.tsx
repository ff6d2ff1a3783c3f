import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Bookings from '@/pages/bookings/index'
import Suggest from '@/voice/suggest/index'
import Sites from '@/voice/sites/index'
import { SessionCard } from '@/pages/sessions/SessionCard'
import { router } from './taro-mock'
import { callsTo, givenBooking, givenChild, givenProfile, givenSession, givenSite, mockApi, refuse, startsIn, taro } from './support'

const HOUR = 3600_000
const later = (ms: number) => new Date(Date.now() + ms).toISOString()

describe('rating a finished visit', () => {
  function givenVisit(over: Record<string, unknown> = {}) {
    const visit = givenBooking({
      id: 'v1',
      status: 'checked_out',
      session: givenSession({ ...startsIn(-5 * HOUR), siteId: 'site1' }),
      rateUntil: later(13 * 24 * HOUR),
      ...over,
    })
    mockApi({
      'booking.mine': { bookings: [visit] },
      'user.profile': givenProfile(),
      'booking.rate': ({ stars, tags, comment }) => ({
        rating: { bookingId: 'v1', stars, tags: tags ?? [], comment: comment ?? '', createdAt: later(0) },
      }),
    })
    return visit
  }

  test('stars, tags and a comment are sent once; the card then shows the rating instead of the button', async () => {
    givenVisit()
    render(<Bookings />)
    const card = await screen.findByTestId('booking-v1')
    fireEvent.click(within(card).getByText('评价这次服务'))
    const sheet = screen.getByTestId('rating-sheet')
    expect(taro.hideTabBar).toHaveBeenCalled() // the sheet sits where the tab bar is
    // no stars yet: nothing is sent, the sheet says what is missing
    fireEvent.click(within(sheet).getByText('提交评价'))
    expect(within(sheet).getByTestId('star-words')).toHaveTextContent('请点星星打分')
    expect(callsTo('booking.rate')).toHaveLength(0)
    fireEvent.click(within(sheet).getByLabelText('4 星'))
    expect(within(sheet).getByTestId('star-words')).toHaveTextContent('满意')
    fireEvent.click(within(sheet).getByText('老师耐心'))
    fireEvent.click(within(sheet).getByText('活动丰富'))
    fireEvent.change(within(sheet).getByLabelText('评价内容'), { target: { value: '  老师很有耐心  ' } })
    fireEvent.click(within(sheet).getByText('提交评价'))
    await waitFor(() => expect(screen.queryByTestId('rating-sheet')).not.toBeInTheDocument())
    expect(taro.showTabBar).toHaveBeenCalled()
    expect(callsTo('booking.rate')).toEqual([{ bookingId: 'v1', stars: 4, tags: ['老师耐心', '活动丰富'], comment: '老师很有耐心' }])
    expect(within(card).getByTestId('my-rating')).toHaveTextContent('★★★★☆ 老师耐心、活动丰富')
    expect(within(card).queryByText('评价这次服务')).not.toBeInTheDocument()
  })

  test('a refusal (already rated, window over) is shown in the sheet in Chinese and the sheet stays open', async () => {
    givenVisit()
    mockApi({
      'booking.mine': {
        bookings: [givenBooking({ id: 'v1', status: 'checked_out', session: givenSession(startsIn(-5 * HOUR)), rateUntil: later(HOUR) })],
      },
      'user.profile': givenProfile(),
      'booking.rate': () => refuse('CONFLICT', '服务结束 14 天后不能再评价'),
    })
    render(<Bookings />)
    fireEvent.click(await screen.findByText('评价这次服务'))
    fireEvent.click(screen.getByLabelText('5 星'))
    fireEvent.click(screen.getByText('提交评价'))
    expect(await within(screen.getByTestId('rating-sheet')).findByText('服务结束 14 天后不能再评价')).toBeInTheDocument()
  })

  test('no rating button once the window has passed, before the visit ends, or for a visit not attended; 提建议 on finished visits', async () => {
    mockApi({
      'booking.mine': {
        bookings: [
          givenBooking({ id: 'old', status: 'checked_out', session: givenSession({ date: '2026-01-06' }), rateUntil: later(-HOUR) }),
          givenBooking({ id: 'now', status: 'checked_in', session: givenSession(startsIn(-HOUR)), rateUntil: later(14 * 24 * HOUR) }),
          givenBooking({ id: 'miss', status: 'no_show', session: givenSession({ date: '2026-01-07' }) }),
          givenBooking({
            id: 'done',
            status: 'checked_out',
            session: givenSession({ date: '2026-01-08' }),
            rating: { stars: 5, tags: [], comment: '', createdAt: later(-HOUR) },
          }),
        ],
      },
      'user.profile': givenProfile(),
    })
    render(<Bookings />)
    await screen.findByTestId('booking-old')
    for (const id of ['old', 'now', 'miss', 'done'])
      expect(within(screen.getByTestId(`booking-${id}`)).queryByText('评价这次服务')).not.toBeInTheDocument()
    expect(within(screen.getByTestId('booking-done')).getByTestId('my-rating')).toHaveTextContent('★★★★★')
    fireEvent.click(within(screen.getByTestId('booking-old')).getByText('提建议'))
    expect(taro.navigateTo).toHaveBeenLastCalledWith({ url: '/voice/suggest/index?siteId=site1&from=visit' })
    expect(within(screen.getByTestId('booking-miss')).queryByText('提建议')).not.toBeInTheDocument()
  })
})

describe('suggestions', () => {
  beforeEach(() => {
    router.params = {}
  })

  test('a finished visit opens the form with its site chosen; too short text is caught before sending; the sent one is listed', async () => {
    router.params = { siteId: 'site1', from: 'visit' }
    mockApi({
      'user.mySuggestions': { suggestions: [] },
      'user.profile': givenProfile({ sites: [givenSite(), givenSite({ id: 'site2', name: '二号宝宝屋' })] }),
      'user.suggest': ({ category, text, siteId }) => ({
        suggestion: { id: 'sg1', category, text, siteId, siteName: '奉浦宝宝屋', status: 'open', createdAt: later(0) },
      }),
    })
    render(<Suggest />)
    await screen.findByText('给社区提建议')
    expect(screen.getByText('奉浦宝宝屋').closest('[role="radio"]')).toHaveAttribute('aria-checked', 'true')
    expect(screen.getByText('还没有提过建议')).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('建议内容'), { target: { value: '太短' } })
    fireEvent.click(screen.getByText('提交建议'))
    expect(screen.getByText('请至少写 5 个字')).toBeInTheDocument()
    expect(callsTo('user.suggest')).toHaveLength(0)
    fireEvent.change(screen.getByLabelText('建议内容'), { target: { value: '希望周末也能开放宝宝屋' } })
    fireEvent.click(screen.getByText('提交建议'))
    expect(await screen.findByTestId('suggestion-sg1')).toHaveTextContent('希望周末也能开放宝宝屋')
    expect(callsTo('user.suggest')).toEqual([{ category: 'service', text: '希望周末也能开放宝宝屋', siteId: 'site1', subscribe: true }])
    expect(screen.getByTestId('suggestion-sg1')).toHaveTextContent('等待回复')
    expect(screen.getByLabelText('建议内容')).toHaveValue('')
  })

  test('replies are shown under the suggestion; the daily limit answers in Chinese and keeps the text', async () => {
    mockApi({
      'user.mySuggestions': {
        suggestions: [
          {
            id: 'sg1',
            category: 'site',
            text: '希望加装饮水机',
            status: 'replied',
            reply: '下周安装',
            repliedAt: later(-HOUR),
            createdAt: later(-5 * HOUR),
          },
        ],
      },
      'user.profile': givenProfile(),
      'user.suggest': () => refuse('RATE_LIMITED', '每天最多提交 5 条建议，请明天再来', 429),
    })
    render(<Suggest />)
    const item = await screen.findByTestId('suggestion-sg1')
    expect(within(item).getByTestId('suggestion-reply')).toHaveTextContent('社区回复：下周安装')
    expect(within(item).getByText('已回复')).toBeInTheDocument()
    fireEvent.click(screen.getByText('其他'))
    fireEvent.change(screen.getByLabelText('建议内容'), { target: { value: '第六条建议的内容' } })
    fireEvent.click(screen.getByText('提交建议'))
    expect(await screen.findByText('每天最多提交 5 条建议，请明天再来')).toBeInTheDocument()
    expect(screen.getByLabelText('建议内容')).toHaveValue('第六条建议的内容')
  })

  test('a category must be chosen; a family not registered is sent home', async () => {
    mockApi({ 'user.mySuggestions': { suggestions: [] }, 'user.profile': givenProfile() })
    const { unmount } = render(<Suggest />)
    fireEvent.change(await screen.findByLabelText('建议内容'), { target: { value: '希望周末也能开放' } })
    fireEvent.click(screen.getByText('提交建议'))
    expect(screen.getByText('请选择建议的类别')).toBeInTheDocument()
    unmount()
    mockApi({ 'user.mySuggestions': { suggestions: [] }, 'user.profile': givenProfile({ guardian: null }) })
    render(<Suggest />)
    expect(await screen.findByText('登记家庭信息后才能提建议。')).toBeInTheDocument()
  })
})

describe('site page and grade badges', () => {
  test('grade with inspection date, the average only from 3 ratings, address, hours and phone', async () => {
    mockApi({
      'booking.sites': {
        sites: [
          {
            id: 'site1',
            communityId: 'c1',
            name: '奉浦宝宝屋',
            address: '奉浦大道 88 号',
            hours: '周一至周五 8:30–17:00',
            tel: '021-5710 1234',
            bring: '换洗衣物、水杯',
            notice: '12月5日停电，暂停开放',
            grade: 'A',
            inspectedAt: '2026-02-20',
            rating: { average: 4.3, count: 3 },
          },
          { id: 'site2', communityId: 'c1', name: '二号宝宝屋', address: '二号路 1 号', rating: { average: null, count: 2 } },
        ],
      },
    })
    render(<Sites />)
    const one = await screen.findByTestId('site-site1')
    expect(within(one).getByTestId('grade-badge')).toHaveTextContent('区级评定 优秀 · 2026年2月20日检查')
    expect(within(one).getByTestId('site-rating')).toHaveTextContent('4.3 分（3 条）')
    // the same card as on the home page: address with its map, phone to call, hours, what to bring, notice
    expect(one).toHaveTextContent('开放时间：周一至周五 8:30–17:00')
    expect(one).toHaveTextContent('请带上：换洗衣物、水杯')
    expect(within(one).getByTestId('site-notice')).toHaveTextContent('12月5日停电，暂停开放')
    expect(within(one).getByText('奉浦大道 88 号')).toBeInTheDocument()
    expect(within(one).getByText('地图')).toBeInTheDocument()
    fireEvent.click(within(one).getByText('拨打'))
    expect(taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '021-5710 1234' })
    expect(within(one).getByText('对这里提建议')).toBeInTheDocument()
    const two = screen.getByTestId('site-site2')
    expect(within(two).queryByTestId('grade-badge')).not.toBeInTheDocument()
    expect(within(two).getByTestId('site-rating')).toHaveTextContent('已有 2 条评价，满 3 条后显示平均分')
  })

  test("a session card shows its site's grade", () => {
    const session = givenSession(startsIn(48 * HOUR))
    render(
      <SessionCard
        session={session}
        site={givenSite({ grade: 'B', inspectedAt: '2026-03-01' })}
        child={givenChild()}
        card={{}}
        busy={null}
        nowMs={Date.now()}
        onBook={() => undefined}
        onRetry={() => undefined}
      />,
    )
    expect(screen.getByTestId('grade-badge')).toHaveTextContent('区级评定 良好 · 2026年3月1日检查')
  })
})
