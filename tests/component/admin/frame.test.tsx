import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Ratings from '@/admin/ratings/index'
import Records from '@/admin/records/index'
import { callsTo, givenCommunity, givenSite, mockApi, NETWORK_DOWN } from '../support'

describe('the frame of a community admin page', () => {
  test('loading, then the error with 重试; retrying shows the community bar above the page', async () => {
    mockApi({ 'admin.listCommunities': () => NETWORK_DOWN })
    render(<Ratings />)
    expect(screen.getByRole('status')).toBeInTheDocument()
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument()
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'booking.sites': { sites: [givenSite()] },
      'admin.ratings': { ratings: [] },
    })
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByTestId('admin-community')).toHaveTextContent('上海市奉贤区 · 奉浦社区')
    expect(screen.getByTestId('ratings-summary')).toHaveTextContent('还没有评价')
  })

  test('an admin of no community is told so and led back to the admin home; nothing else is asked', async () => {
    mockApi({ 'admin.listCommunities': { communities: [] } })
    render(<Records />)
    expect(await screen.findByText(/还没有可以管理的社区/)).toBeInTheDocument()
    expect(screen.queryByTestId('admin-community')).not.toBeInTheDocument()
    expect(callsTo('admin.outbox')).toHaveLength(0)
    expect(callsTo('admin.auditLog')).toHaveLength(0)
    fireEvent.click(screen.getByText('回到管理首页'))
    expect(Taro.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/admin/index/index' }))
  })
})
