import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { HolidayDay } from '../../../cloudfunctions/shared/contract'
import District from '@/admin/district/index'
import Holidays from '@/admin/holidays/index'
import { districtRow, districtStats, NANJING, WAITAN } from '../../support/district-stats'
import { callsTo, givenProfile, mockApi, pick, refuse, type } from '../support'

const names = () => screen.getAllByTestId('district-row').map((r) => within(r).getAllByText(/社区$/)[0].textContent)

describe('district dashboard', () => {
  test('totals, one row per community sorted by 人次, re-sorted by name, tap drills into the community', async () => {
    mockApi({
      'admin.districtStats': districtStats([NANJING, WAITAN]),
    })
    render(<District />)
    expect(await screen.findByTestId('total-attended')).toHaveTextContent('29')
    expect(screen.getByTestId('total-communities')).toHaveTextContent('2')
    expect(names()).toEqual(['外滩社区', '南京东路社区'])
    expect(within(screen.getByTestId('coverage-bars')).getByText('未填人数')).toBeInTheDocument()
    fireEvent.click(within(screen.getByTestId('district-sort')).getByText('名称'))
    expect(names()).toEqual(['南京东路社区', '外滩社区'])
    fireEvent.click(within(screen.getByTestId('district-sort')).getByText('覆盖率'))
    expect(names()).toEqual(['外滩社区', '南京东路社区']) // unknown coverage last
    fireEvent.click(screen.getAllByTestId('district-row')[1])
    expect(Taro.getStorageSync('bh.admin.communityId')).toBe('cB')
    expect(Taro.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/admin/stats/index' }))
  })

  test('resident numbers: validated in place, then saved for the range start year', async () => {
    mockApi({
      'admin.districtStats': { ...districtStats(), months: [] },
      'admin.setResidentChildren': (p) => ({ residentChildren: p }),
    })
    render(<District />)
    await screen.findByTestId('total-attended')
    fireEvent.click(screen.getByText('保存人数'))
    expect(screen.getByText('请选择社区')).toBeInTheDocument()
    pick('社区', '南京东路社区')
    type('常住 0–3 岁儿童数', '12a')
    fireEvent.click(screen.getByText('保存人数'))
    expect(screen.getByText('请填写 0 或正整数')).toBeInTheDocument()
    expect(callsTo('admin.setResidentChildren')).toHaveLength(0)
    type('常住 0–3 岁儿童数', '420')
    fireEvent.click(screen.getByText('保存人数'))
    await screen.findByText('保存人数')
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
    expect(callsTo('admin.setResidentChildren')).toEqual([{ communityId: 'cB', year, count: 420 }])
  })

  test('a community admin is refused: the page says so instead of showing numbers', async () => {
    mockApi({ 'admin.districtStats': () => refuse('FORBIDDEN', '只有区级管理员可以查看或设置区级数据', 403) })
    render(<District />)
    expect(await screen.findByText('只有区级管理员可以查看或设置区级数据')).toBeInTheDocument()
    expect(screen.queryByTestId('total-attended')).toBeNull()
  })

  test('several districts: 全部区 first, choosing one asks for that district only; a refused export is told in place', async () => {
    const fengxian = districtRow({ communityId: 'cF', name: '奉浦社区', district: '奉贤区', attended: 3 })
    mockApi({
      'admin.districtStats': (p: { district?: string }) =>
        p.district === '奉贤区' ? districtStats([fengxian]) : districtStats([WAITAN, NANJING, fengxian]),
      'admin.exportDistrictCsv': () => refuse('FORBIDDEN', '只有区级管理员可以导出区级表格', 403),
    })
    render(<District />)
    await screen.findByTestId('total-attended')
    expect(names()).toEqual(['外滩社区', '南京东路社区', '奉浦社区'])
    fireEvent.click(screen.getByText('奉贤区'))
    await waitFor(() => expect(names()).toEqual(['奉浦社区']))
    expect(callsTo('admin.districtStats').at(-1)).toMatchObject({ district: '奉贤区' })
    expect(screen.getByText('全部区')).toBeInTheDocument() // the choice stays offered
    fireEvent.click(screen.getByText('导出区级表格（CSV）'))
    expect(await screen.findByText('只有区级管理员可以导出区级表格')).toBeInTheDocument()
    expect(callsTo('admin.exportDistrictCsv')).toEqual([expect.objectContaining({ district: '奉贤区' })])
  })
})

describe('holiday calendar', () => {
  const days: HolidayDay[] = [
    { date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'calendar' },
    { date: '2027-03-09', kind: 'holiday', name: '区运动会', source: 'override' },
  ]
  test('district admin: each day shows its source; a bad date is refused in place; removing asks first', async () => {
    mockApi({
      'admin.holidays': { days, calendarKnown: false },
      'user.profile': givenProfile({ guardian: null, children: [], roles: [{ role: 'district_admin', communityId: null }] }),
      'admin.setHoliday': (p) => ({ holiday: { name: '区级假日', ...p } }),
      'admin.removeHoliday': { removed: true },
    })
    render(<Holidays />)
    const override = await screen.findByTestId('holiday-2027-03-09')
    expect(override).toHaveTextContent('来自区级设置')
    expect(screen.getByTestId('holiday-2027-01-01')).toHaveTextContent('来自国家日历')
    expect(within(screen.getByTestId('holiday-2027-01-01')).queryByText('删除')).toBeNull()
    type('日期', '2027-02-30')
    fireEvent.click(screen.getByText('保存'))
    expect(screen.getByText('请按 年-月-日 填写，例如 2027-03-09')).toBeInTheDocument()
    type('日期', '2027-06-08')
    fireEvent.click(screen.getByText('这天上班'))
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(callsTo('admin.holidays')).toHaveLength(2)) // saved, then the year reloaded
    expect(callsTo('admin.setHoliday')).toEqual([{ date: '2027-06-08', kind: 'workday' }])
    fireEvent.click(within(override).getByText('删除'))
    expect(callsTo('admin.removeHoliday')).toHaveLength(0)
    fireEvent.click(within(screen.getByTestId('confirm-sheet')).getByText('确认删除'))
    await waitFor(() => expect(callsTo('admin.holidays')).toHaveLength(3))
    expect(callsTo('admin.removeHoliday')).toEqual([{ date: '2027-03-09' }])
  })

  test('community admin: reads the calendar, no form', async () => {
    mockApi({
      'admin.holidays': { days, calendarKnown: false },
      'user.profile': givenProfile({ guardian: null, children: [], roles: [{ role: 'admin', communityId: 'c1' }] }),
    })
    render(<Holidays />)
    await screen.findByTestId('holiday-2027-03-09')
    expect(screen.queryByTestId('holiday-form')).toBeNull()
    expect(screen.queryByText('删除')).toBeNull()
  })
})
