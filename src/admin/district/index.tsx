import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { Data, DistrictRow } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { SelectField } from '../../components/Choice'
import { TextField } from '../../components/Field'
import { Page } from '../../components/Page'
import { Empty, Notice, PendingPage, Refreshing } from '../../components/States'
import { useAction, usePageData } from '../../hooks/useAsync'
import { go } from '../../lib/nav'
import { rememberCommunity } from '../lib/community'
import { monthRange, yearRange, type Range } from '../lib/dates'
import { ADMIN_ROUTES } from '../lib/routes'
import { saveCsv } from '../lib/save'
import { Kpi, RangePicker } from '../components/Figures'
import '../admin.css'

type Result = Data<'admin', 'districtStats'>
type SortKey = 'attended' | 'sessions' | 'utilisation' | 'guidanceCoverage' | 'name'

const PRESETS: Array<() => Range> = [() => monthRange(0), () => monthRange(-1), () => yearRange()]
const SORTS: Array<{ key: SortKey; label: string }> = [
  { key: 'attended', label: '人次' },
  { key: 'sessions', label: '场次' },
  { key: 'utilisation', label: '到场率' },
  { key: 'guidanceCoverage', label: '覆盖率' },
  { key: 'name', label: '名称' },
]

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`)

/** Rows sorted by one key; unknown values (null) always last; the name breaks ties. */
export function sortRows(rows: DistrictRow[], key: SortKey, desc: boolean): DistrictRow[] {
  const dir = desc ? -1 : 1
  return [...rows].sort((a, b) => {
    if (key === 'name') return dir * a.name.localeCompare(b.name, 'zh-CN')
    const x = a[key]
    const y = b[key]
    if (x === null && y === null) return a.name.localeCompare(b.name, 'zh-CN')
    if (x === null) return 1
    if (y === null) return -1
    return x === y ? a.name.localeCompare(b.name, 'zh-CN') : dir * (x - y)
  })
}

/** Monthly 人次 as plain bars (the same views on weapp and H5, no chart library). */
function MonthTrend({ months }: { months: Result['months'] }) {
  const max = Math.max(1, ...months.map((m) => m.attended))
  return (
    <View className='bars' data-testid='month-trend'>
      {months.map((m) => (
        <View className='bar' key={m.month}>
          <Text className='bar__label'>{Number(m.month.slice(5))} 月</Text>
          <View className='bar__track'>
            <View className='bar__fill bar__fill--attended' style={{ width: `${(m.attended / max) * 100}%` }} />
          </View>
          <Text className='bar__value'>{m.attended} 人次</Text>
        </View>
      ))}
    </View>
  )
}

/** Guidance coverage per community: the track is 100 %; communities without a resident number say so. */
function CoverageBars({ rows }: { rows: DistrictRow[] }) {
  return (
    <View className='bars' data-testid='coverage-bars'>
      {rows.map((r) => (
        <View className='bar' key={r.communityId ?? 'total'}>
          <Text className='bar__label district-bar__label'>{r.name}</Text>
          <View className='bar__track'>
            {r.guidanceCoverage !== null && (
              <View className='bar__fill bar__fill--attended' style={{ width: `${Math.min(1, r.guidanceCoverage) * 100}%` }} />
            )}
          </View>
          <Text className='bar__value'>{r.guidanceCoverage === null ? '未填人数' : pct(r.guidanceCoverage)}</Text>
        </View>
      ))}
    </View>
  )
}

function RowFigures({ r }: { r: DistrictRow }) {
  const cells: Array<[string, string | number]> = [
    ['场地', r.sites],
    ['场次', r.sessions],
    ['预约', r.bookings],
    ['人次', r.attended],
    ['到场率', pct(r.utilisation)],
    ['未到', r.noShows],
    ['登记儿童', r.registeredChildren],
    ['常住0–3岁', r.residentChildren ?? '未填'],
    ['指导覆盖率', pct(r.guidanceCoverage)],
  ]
  return (
    <View className='district-cells'>
      {cells.map(([label, value]) => (
        <View className='district-cell' key={label}>
          <Text className='district-cell__value'>{value}</Text>
          <Text className='district-cell__label'>{label}</Text>
        </View>
      ))}
    </View>
  )
}

/** The district dashboard: totals and one row per community for a range, pictures, CSV, resident numbers. */
export default function DistrictPage() {
  const [range, setRange] = useState<Range>(() => monthRange(0))
  const [district, setDistrict] = useState('')
  const [districts, setDistricts] = useState<string[]>([])
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'attended', desc: true })
  const page = usePageData(async () => {
    const data = await call('admin', 'districtStats', { from: range.from, to: range.to, ...(district ? { district } : {}) })
    if (!district) setDistricts([...new Set(data.communities.map((r) => r.district))].sort())
    return data
  }, [range.from, range.to, district])
  const { busy, run } = useAction()
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [resident, setResident] = useState<{ name: string; count: string; error?: string }>({ name: '', count: '' })

  if (!page.data) return <PendingPage page={page} loadingText='正在汇总各社区数据…' />
  const data = page.data
  const t = data.totals
  const rows = sortRows(data.communities, sort.key, sort.desc)
  const year = Number(range.from.slice(0, 4))

  const exportCsv = () =>
    run('export', async () => {
      setFailure(null)
      try {
        const { filename, csv } = await call('admin', 'exportDistrictCsv', {
          from: range.from,
          to: range.to,
          ...(district ? { district } : {}),
        })
        Taro.showToast({ title: await saveCsv(filename, csv), icon: 'none' })
      } catch (e) {
        setFailure(toApiError(e))
      }
    })

  const saveResident = () => {
    const row = data.communities.find((r) => r.name === resident.name)
    const count = Number(resident.count)
    if (!row) return setResident({ ...resident, error: '请选择社区' })
    if (!/^\d{1,7}$/.test(resident.count.trim()) || !Number.isInteger(count))
      return setResident({ ...resident, error: '请填写 0 或正整数' })
    return run('resident', async () => {
      setFailure(null)
      try {
        await call('admin', 'setResidentChildren', { communityId: row.communityId!, year, count })
        setResident({ name: '', count: '' })
        Taro.showToast({ title: '已保存', icon: 'success' })
        page.reload()
      } catch (e) {
        setFailure(toApiError(e))
      }
    })
  }

  const drill = (r: DistrictRow) => {
    if (!r.communityId) return
    rememberCommunity(r.communityId)
    go(ADMIN_ROUTES.stats)
  }

  return (
    <Page>
      <Text className='t-hero'>区级总览</Text>
      <RangePicker presets={PRESETS} range={range} onChange={setRange} />
      {districts.length > 1 && (
        <View className='chips'>
          {['', ...districts].map((d) => (
            <View key={d || 'all'} className={`chip${district === d ? ' chip--on' : ''}`} onClick={() => setDistrict(d)}>
              <Text>{d || '全部区'}</Text>
            </View>
          ))}
        </View>
      )}
      <Refreshing page={page} />
      {page.error && <Notice error={page.error} />}

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
        到场率 = 已结束场次的实到人次 ÷ 这些场次的名额；覆盖率 = 接受过科学育儿指导的孩子 ÷ 常住 0–3 岁儿童（{year} 年，未填的社区不计入）。
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
            <CoverageBars rows={rows} />
          </View>

          <View className='card section'>
            <Text className='t-title'>各社区（点一下看详细统计）</Text>
            <View className='chips' data-testid='district-sort'>
              {SORTS.map((s) => {
                const on = sort.key === s.key
                return (
                  <View
                    key={s.key}
                    className={`chip${on ? ' chip--on' : ''}`}
                    onClick={() => setSort(on ? { key: s.key, desc: !sort.desc } : { key: s.key, desc: s.key !== 'name' })}
                  >
                    <Text>
                      {s.label}
                      {on ? (sort.desc ? ' ↓' : ' ↑') : ''}
                    </Text>
                  </View>
                )
              })}
            </View>
            {rows.map((r) => (
              <View key={r.communityId!} className='district-row' data-testid='district-row' onClick={() => drill(r)}>
                <View className='row'>
                  <Text className='t-body district-row__name'>{r.name}</Text>
                  <Text className='t-small muted'>{r.district} ›</Text>
                </View>
                <RowFigures r={r} />
              </View>
            ))}
            <View className='district-row district-row--total' data-testid='district-total-row'>
              <Text className='t-body district-row__name'>合计</Text>
              <RowFigures r={t} />
            </View>
          </View>

          <View className='card section'>
            <Text className='t-title'>填写常住 0–3 岁儿童数（{year} 年）</Text>
            <Text className='t-small muted'>来自卫健部门的人数，只填总数，不含个人信息。</Text>
            <SelectField
              label='社区'
              options={data.communities.map((r) => r.name)}
              value={resident.name}
              onChange={(name) => setResident({ ...resident, name, error: undefined })}
            />
            <TextField
              label='常住 0–3 岁儿童数'
              type='number'
              value={resident.count}
              placeholder='例如：420'
              maxlength={7}
              error={resident.error}
              onChange={(count) => setResident({ ...resident, count, error: undefined })}
            />
            <Btn className='btn' loading={busy === 'resident'} disabled={busy !== null} onClick={saveResident}>
              保存人数
            </Btn>
          </View>
        </>
      )}

      {failure && <Notice error={failure} />}
      <Btn className='btn btn--primary' loading={busy === 'export'} disabled={busy !== null} onClick={exportCsv}>
        导出区级表格（CSV）
      </Btn>
      <Btn className='btn' onClick={() => go(ADMIN_ROUTES.holidays)}>
        节假日设置
      </Btn>
    </Page>
  )
}
