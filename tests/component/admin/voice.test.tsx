import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Suggestions from '@/admin/suggestions/index'
import Ratings from '@/admin/ratings/index'
import Grades from '@/admin/grades/index'
import Stats from '@/admin/stats/index'
import { callsTo, dayFromToday, givenCommunity, givenProfile, givenSite, mockApi, refuse, type } from '../support'

const open = {
  id: 'sg1',
  communityId: 'c1',
  category: 'site' as const,
  text: '希望加装饮水机',
  status: 'open' as const,
  createdAt: '2026-11-20T01:00:00.000Z',
  siteId: 'site1',
  siteName: '奉浦宝宝屋',
  family: { guardianName: '王**', phoneMasked: '138****8000' },
}

describe("admin: residents' suggestions", () => {
  test('open ones show the family masked; an empty reply is caught; a reply is sent and the list reloads', async () => {
    let replied = false
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'admin.suggestions': ({ status }) => ({ suggestions: (status === 'open') !== replied ? [open] : [] }),
      'admin.replySuggestion': ({ reply }) => {
        replied = true
        return { suggestion: { ...open, status: 'replied', reply } }
      },
    })
    render(<Suggestions />)
    const card = await screen.findByTestId('admin-suggestion-sg1')
    expect(card).toHaveTextContent('王** · 138****8000')
    expect(card).toHaveTextContent('场地环境 · 奉浦宝宝屋')
    fireEvent.click(within(card).getByText('回复'))
    expect(await within(card).findByText('请先写回复内容')).toBeInTheDocument()
    expect(callsTo('admin.replySuggestion')).toHaveLength(0)
    fireEvent.change(within(card).getByLabelText('回复内容'), { target: { value: '下周安装' } })
    fireEvent.click(within(card).getByText('回复'))
    await waitFor(() => expect(screen.getByText('没有待回复的建议')).toBeInTheDocument())
    expect(callsTo('admin.replySuggestion')).toEqual([{ suggestionId: 'sg1', reply: '下周安装' }])
    expect(callsTo('admin.suggestions').map((p) => p.status)).toEqual(['open', 'open'])
  })

  test('a deleted family shows as 家庭已注销; a reply refused by the server is shown in Chinese', async () => {
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'admin.suggestions': { suggestions: [{ ...open, family: null }] },
      'admin.replySuggestion': () => refuse('CONFLICT', '这条建议已经回复过了'),
    })
    render(<Suggestions />)
    const card = await screen.findByTestId('admin-suggestion-sg1')
    expect(card).toHaveTextContent('家庭已注销')
    fireEvent.change(within(card).getByLabelText('回复内容'), { target: { value: '好的' } })
    fireEvent.click(within(card).getByText('回复'))
    expect(await within(card).findByText('这条建议已经回复过了')).toBeInTheDocument()
  })
})

describe('admin: ratings per site', () => {
  test('average, count and tag counts per site; comments without names', async () => {
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'booking.sites': {
        sites: [
          { ...givenSite(), grade: 'A', inspectedAt: '2026-02-20', rating: { average: 4.3, count: 3 } },
          { ...givenSite({ id: 'site2', name: '二号宝宝屋' }), rating: { average: null, count: 0 } },
        ],
      },
      'admin.ratings': {
        ratings: [
          {
            bookingId: 'b1',
            stars: 5,
            tags: ['老师耐心'],
            comment: '很好',
            createdAt: '2026-11-20T01:00:00.000Z',
            siteId: 'site1',
            sessionDate: '2026-11-19',
          },
          {
            bookingId: 'b2',
            stars: 4,
            tags: ['老师耐心', '环境干净'],
            comment: '',
            createdAt: '2026-11-20T02:00:00.000Z',
            siteId: 'site1',
            sessionDate: '2026-11-19',
          },
          {
            bookingId: 'b3',
            stars: 4,
            tags: [],
            comment: '',
            createdAt: '2026-11-20T03:00:00.000Z',
            siteId: 'site1',
            sessionDate: '2026-11-19',
          },
        ],
      },
    })
    render(<Ratings />)
    const one = await screen.findByTestId('ratings-site-site1')
    expect(within(one).getByTestId('ratings-summary')).toHaveTextContent('平均 4.3 星 · 3 条评价')
    expect(one).toHaveTextContent('老师耐心 2 · 环境干净 1')
    expect(within(one).getAllByTestId('rating-item')).toHaveLength(3)
    expect(one).toHaveTextContent('很好')
    expect(within(screen.getByTestId('ratings-site-site2')).getByTestId('ratings-summary')).toHaveTextContent('还没有评价')
  })
})

describe('district admin: site grades', () => {
  test('a community admin is told only the district grades', async () => {
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'user.profile': givenProfile({ guardian: null, roles: [{ role: 'admin', communityId: 'c1' }] }),
      'admin.listSites': { sites: [givenSite()] },
    })
    render(<Grades />)
    expect(await screen.findByText(/只有区级管理员可以修改/)).toBeInTheDocument()
    expect(screen.queryByText('保存评级')).not.toBeInTheDocument()
  })

  test('the district admin chooses a grade and the inspection date and saves', async () => {
    let site = givenSite()
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'user.profile': givenProfile({ guardian: null, roles: [{ role: 'district_admin', communityId: null }] }),
      'admin.listSites': () => ({ sites: [site] }),
      'admin.setSiteGrade': ({ grade, inspectedAt }) => {
        site = { ...site, grade, inspectedAt }
        return { site }
      },
    })
    render(<Grades />)
    const card = await screen.findByTestId('grade-site-site1')
    expect(card).toHaveTextContent('尚未评级')
    fireEvent.click(within(card).getByText('保存评级'))
    expect(await within(card).findByText('请选择评级并填写检查日期')).toBeInTheDocument()
    fireEvent.click(within(card).getByText('良好'))
    type('检查日期', dayFromToday(1))
    fireEvent.click(within(card).getByText('保存评级'))
    expect(await within(card).findByText(/且不晚于今天/)).toBeInTheDocument()
    expect(callsTo('admin.setSiteGrade')).toHaveLength(0)
    type('检查日期', dayFromToday(-3))
    fireEvent.click(within(card).getByText('保存评级'))
    await waitFor(() =>
      expect(within(screen.getByTestId('grade-site-site1')).getByTestId('grade-badge')).toHaveTextContent('区级评定 良好'),
    )
    expect(callsTo('admin.setSiteGrade')).toEqual([{ siteId: 'site1', grade: 'B', inspectedAt: dayFromToday(-3) }])
  })
})

describe("admin: statistics of residents' voice", () => {
  test('suggestions received / replied with the median time to reply, and ratings per site', async () => {
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'admin.stats': {
        stats: {
          sessions: 4,
          bookings: 30,
          attended: 25,
          noShows: 2,
          utilisation: 0.8,
          suggestions: { received: 3, replied: 2, medianReplyHours: 4 },
          ratings: [
            { siteId: 'site1', siteName: '奉浦宝宝屋', average: 4.3, count: 3 },
            { siteId: 'site2', siteName: '二号宝宝屋', average: null, count: 1 },
          ],
        },
      },
    })
    render(<Stats />)
    expect(await screen.findByTestId('suggestion-stats')).toHaveTextContent('收到建议 3 条 · 已回复 2 条 · 回复用时中位数 4 小时')
    expect(screen.getByTestId('rating-stats-site1')).toHaveTextContent('奉浦宝宝屋：3 条评价，平均 4.3 星')
    expect(screen.getByTestId('rating-stats-site2')).toHaveTextContent('二号宝宝屋：1 条评价（满 3 条后计算平均分）')
  })
})
