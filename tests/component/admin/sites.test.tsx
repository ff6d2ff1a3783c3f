import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Sites from '@/admin/sites/index'
import { callsTo, givenCommunity, givenSite, mockApi, refuse, taro, type } from '../support'

describe('admin sites: what parents see of a site', () => {
  test('phone, hours, what to bring and a notice are edited in place, checked in Chinese, saved and confirmed', async () => {
    let site = givenSite({ tel: '021-5710 1234', hours: '周一至周五 8:30–17:00' })
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'admin.listSites': () => ({ sites: [site] }),
      'admin.updateSite': ({ siteId, ...fields }) => {
        site = { ...site, ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v || undefined])) }
        return { site }
      },
    })
    render(<Sites />)
    const info = await screen.findByTestId('site-info-site1')
    expect(info).toHaveTextContent('电话：021-5710 1234')
    expect(info).toHaveTextContent('请带上：未填写')
    fireEvent.click(within(info).getByText('修改电话、开放时间和通知'))

    const form = screen.getByTestId('site-form-site1')
    expect(within(form).getByLabelText('开放时间')).toHaveValue('周一至周五 8:30–17:00')
    type('联系电话', '电话号码')
    type('请带上', '换洗衣物、水杯')
    type('通知', '12月5日停电，暂停开放')
    fireEvent.click(within(form).getByText('保存'))
    expect(screen.getByText('电话只能填数字、空格、+ 和 -（5–20 位），例如 021-5710 1234')).toBeInTheDocument()
    expect(callsTo('admin.updateSite')).toHaveLength(0)

    type('联系电话', ' 021-5710 9999 ')
    type('开放时间', '') // cleared: parents no longer see it
    fireEvent.click(within(form).getByText('保存'))
    await waitFor(() =>
      expect(callsTo('admin.updateSite')).toEqual([
        { siteId: 'site1', tel: '021-5710 9999', hours: '', bring: '换洗衣物、水杯', notice: '12月5日停电，暂停开放' },
      ]),
    )
    expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存', icon: 'success' }))
    const after = await screen.findByTestId('site-info-site1')
    await waitFor(() => expect(after).toHaveTextContent('通知：12月5日停电，暂停开放'))
    expect(after).toHaveTextContent('开放时间：未填写')
    expect(screen.queryByTestId('site-form-site1')).not.toBeInTheDocument()
  })

  test('a refusal is shown in the form in Chinese and what was typed stays; 取消 leaves the site unchanged', async () => {
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'admin.listSites': { sites: [givenSite()] },
      'admin.updateSite': () => refuse('FORBIDDEN', '只有本社区的管理员可以修改场地', 403),
    })
    render(<Sites />)
    fireEvent.click(await screen.findByText('修改电话、开放时间和通知'))
    type('通知', '今天下午闭园')
    fireEvent.click(screen.getByText('保存'))
    expect(await screen.findByText('只有本社区的管理员可以修改场地')).toBeInTheDocument()
    expect(screen.getByLabelText('通知')).toHaveValue('今天下午闭园')
    expect(taro.showToast).not.toHaveBeenCalled()
    fireEvent.click(screen.getByText('取消'))
    expect(screen.getByTestId('site-info-site1')).toHaveTextContent('通知：无')
  })
})
