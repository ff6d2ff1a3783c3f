import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { Page } from '../../components/Page'
import { Empty, Notice, PendingPage, Refreshing } from '../../components/States'
import { go } from '../../lib/nav'
import { monthRange, yearRange, type Range } from '../lib/dates'
import { ADMIN_ROUTES } from '../lib/routes'
import { Kpi, RangePicker } from '../components/Figures'
import { CommunityTable, CoverageBars, MonthTrend, pct, ResidentForm } from './DistrictCards'
import { useDistrict } from './useDistrict'
import '../admin.css'

const PRESETS: Array<() => Range> = [() => monthRange(0), () => monthRange(-1), () => yearRange()]

/** The district dashboard: totals and one row per community for a range, pictures, CSV, resident numbers. */
export default function DistrictPage() {
  const d = useDistrict()
  const { page, busy } = d
  if (!page.data) return <PendingPage page={page} loadingText='正在汇总各社区数据…' />
  const data = page.data
  const t = data.totals

  return (
    <Page>
      <Text className='t-hero'>区级总览</Text>
      <RangePicker presets={PRESETS} range={d.range} onChange={d.setRange} />
      {d.districts.length > 1 && (
        <View className='chips'>
          {['', ...d.districts].map((x) => (
            <View key={x || 'all'} className={`chip${d.district === x ? ' chip--on' : ''}`} onClick={() => d.setDistrict(x)}>
              <Text>{x || '全部区'}</Text>
            </View>
          ))}
        </View>
      )}
      <Refreshing page={page} />

      <View className='kpis section' data-testid='district-totals'>
        <Kpi label='社区' value={data.communities.length} testid='total-communities' />
        <Kpi label='实到人次' value={t.attended} testid='total-attended' />
        <Kpi label='开展场次' value={t.sessions} testid='total-sessions' />
        <Kpi label='到场率' value={pct(t.utilisation)} />
        <Kpi label='预约人次' value={t.bookings} />
        <Kpi label='未到人次' value={t.noShows} />
        <Kpi label='登记儿童' value={t.registeredChildren} />
        <Kpi label='指导覆盖率' value={pct(t.guidanceCoverage)} />
      </View>
      <Text className='t-small muted'>
        到场率 = 已结束场次的实到人次 ÷ 这些场次的名额；覆盖率 = 接受过科学育儿指导的孩子 ÷ 常住 0–3 岁儿童（{d.year}{' '}
        年，未填的社区不计入）。
      </Text>

      {data.communities.length === 0 ? (
        <Empty text='还没有社区。请在管理首页新建社区。' />
      ) : (
        <>
          <View className='card section'>
            <Text className='t-title'>每月服务人次</Text>
            <MonthTrend months={data.months} />
          </View>
          <View className='card section'>
            <Text className='t-title'>科学育儿指导覆盖率</Text>
            <CoverageBars rows={d.rows} />
          </View>
          <CommunityTable rows={d.rows} totals={t} sort={d.sort} onSort={d.setSort} onOpen={d.drill} />
          <ResidentForm
            year={d.year}
            names={data.communities.map((r) => r.name)}
            draft={d.resident}
            onChange={d.setResident}
            busy={busy}
            onSave={d.saveResident}
          />
        </>
      )}

      {d.failure && <Notice error={d.failure} />}
      <Btn className='btn btn--primary' loading={busy === 'export'} disabled={busy !== null} onClick={d.exportCsv}>
        导出区级表格（CSV）
      </Btn>
      <Btn className='btn' onClick={() => go(ADMIN_ROUTES.holidays)}>
        节假日设置
      </Btn>
    </Page>
  )
}
