import { fireEvent, render, screen } from '@testing-library/react'
import AdminHome from '@/admin/index/index'
import { givenCommunity, givenProfile, mockApi, NETWORK_DOWN } from '../support'

describe('admin home: loading, error and retry', () => {
  test('the skeleton first, then the error with 重试; retrying shows the community and the sections', async () => {
    mockApi({
      'user.profile': givenProfile({ roles: [{ role: 'admin', communityId: 'c1' }] }),
      'admin.listCommunities': () => NETWORK_DOWN,
    })
    render(<AdminHome />)
    expect(screen.getByRole('status')).toHaveAttribute('aria-label', '正在加载…')
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument()
    expect(screen.queryByTestId('menu-schedule')).not.toBeInTheDocument()
    mockApi({
      'user.profile': givenProfile({ roles: [{ role: 'admin', communityId: 'c1' }] }),
      'admin.listCommunities': { communities: [givenCommunity()] },
    })
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByTestId('menu-schedule')).toBeInTheDocument()
    expect(screen.getByTestId('admin-community')).toHaveTextContent('奉浦')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  test('a family member without an admin role is pointed to the invitation code instead', async () => {
    mockApi({ 'user.profile': givenProfile() })
    render(<AdminHome />)
    expect(await screen.findByText('我有邀请码')).toBeInTheDocument()
    expect(screen.queryByTestId('menu-schedule')).not.toBeInTheDocument()
  })
})
