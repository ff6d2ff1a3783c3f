import { fireEvent, render, screen, within } from '@testing-library/react'
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

describe('admin home: the section tiles', () => {
  const SECTIONS = [
    '区级总览',
    '节假日设置',
    '场地评级',
    '排班生成',
    '场次管理',
    '场地',
    '社区二维码',
    '工作人员',
    '预约规则',
    '统计报表',
    '通知与日志',
    '居民建议',
    '服务评价',
  ]

  test('every tile is a button named by its label, with a line icon above the label and no character drawn as an icon', async () => {
    mockApi({
      'user.profile': givenProfile({ guardian: null, children: [], roles: [{ role: 'district_admin', communityId: null }] }),
      'admin.listCommunities': { communities: [givenCommunity()] },
    })
    render(<AdminHome />)
    await screen.findByTestId('menu-schedule')
    const icons = new Set<string>()
    for (const label of SECTIONS) {
      const tile = screen.getByRole('button', { name: label })
      // the tile's only text is its label: the old one-character circle (区/假/班…) is gone
      expect(tile).toHaveTextContent(new RegExp(`^${label}$`))
      const img = tile.querySelector('img') as HTMLImageElement
      expect(img).not.toBeNull()
      expect(img).toHaveAttribute('aria-hidden', 'true')
      const svg = decodeURIComponent(img.src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''))
      expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 24 24"[^>]*>.*<(path|rect|circle)\b.*<\/svg>$/)
      expect(within(tile).getByText(label)).toHaveClass('tile__label')
      // reachable by keyboard in H5 like the parents' home entries
      expect(tile).toHaveAttribute('tabindex', '0')
      icons.add(img.src)
    }
    // each section has its own icon
    expect(icons.size).toBe(SECTIONS.length)
  })

  test('a community admin sees the community sections only, each with its icon', async () => {
    mockApi({
      'user.profile': givenProfile({ roles: [{ role: 'admin', communityId: 'c1' }] }),
      'admin.listCommunities': { communities: [givenCommunity()] },
    })
    render(<AdminHome />)
    await screen.findByTestId('menu-schedule')
    expect(screen.queryByRole('button', { name: '区级总览' })).not.toBeInTheDocument()
    for (const label of SECTIONS.slice(3)) {
      expect(screen.getByRole('button', { name: label }).querySelector('img')).not.toBeNull()
    }
  })
})
