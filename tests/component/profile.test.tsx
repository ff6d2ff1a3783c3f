import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Home from '@/pages/index/index'
import Profile from '@/pages/profile/index'
import { storage } from './taro-mock'
import { callsTo, givenBooking, givenChild, givenProfile, givenSession, mockApi, pick, startsIn, taro, type } from './support'

describe('large-font mode', () => {
  test('the toggle is persisted and applies to every mounted page', async () => {
    mockApi({ 'user.profile': givenProfile(), 'booking.mine': { bookings: [] } })
    const { container } = render(
      <>
        <Profile />
        <Home />
      </>,
    )
    await screen.findByText('王奶奶（奶奶）')
    const pages = () => Array.from(container.querySelectorAll('.page'))
    expect(pages().every((p) => !p.classList.contains('page--large'))).toBe(true)
    fireEvent.click(screen.getByRole('switch', { name: '大字模式' }))
    expect(storage.get('bh.largeFont')).toBe('1')
    expect(pages().every((p) => p.classList.contains('page--large'))).toBe(true)
    fireEvent.click(screen.getByText('标准字'))
    expect(storage.get('bh.largeFont')).toBe('0')
    expect(pages().some((p) => p.classList.contains('page--large'))).toBe(false)
  })

  test('a page opened later starts in the persisted mode', async () => {
    storage.set('bh.largeFont', '1')
    mockApi({ 'user.profile': givenProfile(), 'booking.mine': { bookings: [] } })
    const { container } = render(<Home />)
    await screen.findByText('孩子的免费次数')
    expect(container.querySelector('.page')).toHaveClass('page--large')
  })
})

describe('profile', () => {
  test('adds an authorised pickup with inline validation', async () => {
    const child = givenChild({ id: 'k1', name: '小明', pickups: [{ name: '王爷爷', relation: '爷爷' }] })
    mockApi({
      'user.profile': givenProfile({ children: [child] }),
      'user.updateChild': ({ pickups }) => ({ child: { ...child, pickups } }),
    })
    render(<Profile />)
    const card = await screen.findByTestId('child-k1')
    expect(within(card).getByText('王爷爷（爷爷）')).toBeInTheDocument()
    fireEvent.click(within(card).getByText('添加接送人'))
    fireEvent.click(within(card).getByText('保存'))
    expect(screen.getByText('请填写接送人姓名')).toBeInTheDocument()
    expect(screen.getByText('请选择与孩子的关系')).toBeInTheDocument()
    type('接送人姓名', '李外婆')
    pick('与孩子的关系', '外婆')
    type('手机号（选填）', '123')
    expect(screen.getByText('请填写 11 位手机号，以 13～19 开头')).toBeInTheDocument()
    type('手机号（选填）', '')
    fireEvent.click(within(card).getByText('保存'))
    await waitFor(() =>
      expect(callsTo('user.updateChild')).toEqual([
        {
          childId: 'k1',
          pickups: [
            { name: '王爷爷', relation: '爷爷' },
            { name: '李外婆', relation: '外婆' },
          ],
        },
      ]),
    )
    expect(await within(card).findByText('李外婆（外婆）')).toBeInTheDocument()
  })

  test('deleting the account needs two confirmations', async () => {
    mockApi({ 'user.profile': givenProfile(), 'user.deleteAccount': { deleted: true } })
    render(<Profile />)
    // first confirmation accepted, second declined → nothing sent
    taro.showModal.mockResolvedValueOnce({ confirm: true, cancel: false }).mockResolvedValueOnce({ confirm: false, cancel: true })
    fireEvent.click(await screen.findByText('注销账号并删除个人信息'))
    await waitFor(() => expect(taro.showModal).toHaveBeenCalledTimes(2))
    expect(taro.showModal.mock.calls[0][0].content).toContain('删除您和孩子的全部个人信息')
    expect(callsTo('user.deleteAccount')).toHaveLength(0)

    await waitFor(() => expect(screen.getByText('注销账号并删除个人信息').closest('button')).toBeEnabled())
    fireEvent.click(screen.getByText('注销账号并删除个人信息'))
    await waitFor(() => expect(callsTo('user.deleteAccount')).toHaveLength(1))
    expect(taro.showModal).toHaveBeenCalledTimes(4)
    await waitFor(() => expect(taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' }))
  })

  test('adds a child only with the guardian consent ticked', async () => {
    mockApi({
      'user.profile': givenProfile(),
      'user.addChild': ({ child }) => ({ child: { id: 'k2', ...child, communityId: 'c1', pickups: [] } }),
    })
    render(<Profile />)
    fireEvent.click(await screen.findByText('再登记一个孩子'))
    type('孩子姓名', '小红')
    fireEvent.click(screen.getByText('女孩'))
    pick('出生日期', '2025-02-02')
    fireEvent.click(screen.getByText('提交'))
    expect(screen.getByText('请先勾选同意')).toBeInTheDocument()
    expect(callsTo('user.addChild')).toHaveLength(0)
    fireEvent.click(screen.getByRole('checkbox'))
    fireEvent.click(screen.getByText('提交'))
    await waitFor(() => expect(callsTo('user.addChild')).toEqual([{ child: { name: '小红', gender: 'F', birthDate: '2025-02-02' } }]))
  })
})

describe('home', () => {
  test("each child's remaining free sessions; a worker's home leads with today's sessions", async () => {
    mockApi({
      'user.profile': givenProfile({
        children: [
          givenChild({ id: 'k1', name: '小明' }),
          givenChild({ id: 'k2', name: '小红', quota: { year: 2026, used: 12, limit: 12, remaining: 0 } }),
        ],
        roles: [{ role: 'worker', communityId: 'c1' }],
      }),
      'booking.mine': { bookings: [] },
      'checkin.sessions': { sessions: [givenSession({ id: 's9', start: '09:00', end: '11:00', booked: 12, capacity: 40 })] },
    })
    render(<Home />)
    expect(await screen.findByTestId('quota-k1')).toHaveTextContent('10')
    expect(screen.getByTestId('quota-k2')).toHaveTextContent('0')
    expect(screen.getByText('上海市奉贤区 · 奉浦社区')).toBeInTheDocument()
    const today = screen.getByTestId('staff-today')
    expect(today).toHaveTextContent('今天的场次')
    expect(today).toHaveTextContent('奉浦宝宝屋 · 已约 12 / 40 人')
    // today's sessions come before the family's part of the page
    expect(today.compareDocumentPosition(screen.getByTestId('child-k1')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    fireEvent.click(within(today).getByText('09:00 – 11:00'))
    expect(taro.navigateTo).toHaveBeenCalledWith({ url: '/worker/roster/index?sessionId=s9' })
    expect(screen.getAllByText('签到工作台').length).toBeGreaterThan(0)
    expect(screen.queryByText('社区管理')).not.toBeInTheDocument()
  })

  test('staff without a family get today\'s sessions, not the parents\' "scan the QR" card', async () => {
    mockApi({
      'user.profile': givenProfile({ guardian: null, roles: [{ role: 'admin', communityId: 'c1' }] }),
      'checkin.sessions': { sessions: [] },
    })
    render(<Home />)
    expect(await screen.findByText('今天没有场次')).toBeInTheDocument()
    expect(screen.queryByText('欢迎使用宝宝屋')).not.toBeInTheDocument()
    expect(screen.getByText('社区管理')).toBeInTheDocument()
    expect(callsTo('booking.mine')).toHaveLength(0)
  })

  test('a family that has not registered is asked to scan the community QR', async () => {
    mockApi({ 'user.profile': givenProfile({ guardian: null }) })
    render(<Home />)
    expect(await screen.findByText('欢迎使用宝宝屋')).toBeInTheDocument()
    expect(callsTo('checkin.sessions')).toHaveLength(0)
  })

  test('a child out of the age window says so instead of "今年还剩 N 次"', async () => {
    mockApi({
      'user.profile': givenProfile({
        children: [
          givenChild({ id: 'k1', name: '大宝', ageWindow: { from: '2020-01-01', until: '2022-01-01' } }),
          givenChild({ id: 'k2', name: '小宝', ageWindow: { from: '2099-03-03', until: '2101-03-03' } }),
        ],
      }),
      'booking.mine': { bookings: [] },
    })
    render(<Home />)
    expect(await screen.findByTestId('age-k1')).toHaveTextContent('不在可预约年龄：临时托面向满 12 个月、不满 36 个月的孩子')
    expect(screen.queryByTestId('quota-k1')).not.toBeInTheDocument()
    expect(screen.getByTestId('age-k2')).toHaveTextContent('2099年3月3日起可以预约临时托')
  })

  test('the site: address opens a map, the phone number calls, hours, what to bring and the notice are shown', async () => {
    mockApi({
      'user.profile': givenProfile({
        sites: [
          {
            id: 'site1',
            communityId: 'c1',
            name: '奉浦宝宝屋',
            address: '奉浦大道 88 号 2 楼',
            capacity: 40,
            tel: '021-57101234',
            hours: '周一至周五 8:30–17:00',
            bring: '换洗衣物、水杯',
            notice: '本周五消毒停开',
          },
        ],
      }),
      'booking.mine': { bookings: [] },
    })
    const open = jest.spyOn(window, 'open').mockImplementation(() => null)
    render(<Home />)
    const site = await screen.findByTestId('site-site1')
    expect(site).toHaveTextContent('开放时间：周一至周五 8:30–17:00')
    expect(site).toHaveTextContent('请带上：换洗衣物、水杯')
    expect(within(site).getByTestId('site-notice')).toHaveTextContent('本周五消毒停开')
    fireEvent.click(within(site).getByText('奉浦大道 88 号 2 楼'))
    expect(open).toHaveBeenCalledWith(expect.stringContaining(encodeURIComponent('奉浦大道 88 号 2 楼')), '_blank', 'noopener')
    fireEvent.click(within(site).getByText('021-57101234'))
    expect(taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '021-57101234' })
    open.mockRestore()
  })
})

describe('home: upcoming', () => {
  test('lists upcoming bookings and a child checked in right now, not past or cancelled ones', async () => {
    const HOUR = 3600_000
    mockApi({
      'user.profile': givenProfile(),
      'booking.mine': {
        bookings: [
          givenBooking({ id: 'b1', status: 'confirmed', session: givenSession(startsIn(48 * HOUR)) }),
          givenBooking({ id: 'b2', status: 'checked_in', session: givenSession(startsIn(-HOUR / 2)) }),
          givenBooking({ id: 'b3', status: 'cancelled', session: givenSession(startsIn(72 * HOUR)) }),
          givenBooking({ id: 'b4', status: 'checked_out', session: givenSession(startsIn(-48 * HOUR)) }),
        ],
      },
    })
    render(<Home />)
    expect(await screen.findByText('已签到')).toBeInTheDocument()
    expect(screen.getByText('已预约')).toBeInTheDocument()
    expect(screen.queryByText('已取消')).not.toBeInTheDocument()
    expect(screen.queryByText('已离园')).not.toBeInTheDocument()
  })
})

describe('staff onboarding entry', () => {
  test('someone with no role yet can open the invite-code page from 我的', async () => {
    mockApi({ 'user.profile': givenProfile({ guardian: null, children: [], roles: [] }) })
    render(<Profile />)
    fireEvent.click(await screen.findByText('社区工作人员？输入邀请码加入'))
    expect(taro.navigateTo).toHaveBeenCalledWith({ url: '/admin/join/index' })
  })
})

describe('birth date correction', () => {
  test('before the first booking the guardian can correct it; after, the button is gone', async () => {
    mockApi({
      'user.profile': givenProfile({
        children: [
          givenChild({ id: 'k1', name: '小明', birthDate: '2020-05-05', hasBookings: false }),
          givenChild({ id: 'k2', name: '小红', hasBookings: true }),
        ],
      }),
      'user.updateChild': (p) => ({ child: { ...givenChild({ id: p.childId }), birthDate: p.birthDate ?? '' } }),
    })
    render(<Profile />)
    const ming = await screen.findByTestId('child-k1')
    expect(within(screen.getByTestId('child-k2')).queryByText('出生日期填错了？修改')).not.toBeInTheDocument()
    fireEvent.click(within(ming).getByText('出生日期填错了？修改'))
    pick('正确的出生日期', '2025-05-05')
    fireEvent.click(within(ming).getByText('保存'))
    await waitFor(() => expect(callsTo('user.updateChild')).toEqual([{ childId: 'k1', birthDate: '2025-05-05' }]))
    expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '出生日期已更正' }))
  })
})
