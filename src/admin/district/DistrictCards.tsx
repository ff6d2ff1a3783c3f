import { Text, View } from '@tarojs/components'
import type { Data, DistrictRow } from '../../../cloudfunctions/shared/contract'
import { Btn } from '../../components/Btn'
import { SelectField } from '../../components/Choice'
import { TextField } from '../../components/Field'

export type Result = Data<'admin', 'districtStats'>
export type SortKey = 'attended' | 'sessions' | 'utilisation' | 'guidanceCoverage' | 'name'

const SORTS: Array<{ key: SortKey; label: string }> = [
  { key: 'attended', label: '人次' },
  { key: 'sessions', label: '场次' },
  { key: 'utilisation', label: '到场率' },
  { key: 'guidanceCoverage', label: '覆盖率' },
  { key: 'name', label: '名称' },
]

export const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`)

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
export function MonthTrend({ months }: { months: Result['months'] }) {
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
export function CoverageBars({ rows }: { rows: DistrictRow[] }) {
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

/** Every community with its figures, sortable (tap the key again to reverse), a tap drills in; the totals last. */
export function CommunityTable({
  rows,
  totals,
  sort,
  onSort,
  onOpen,
}: {
  rows: DistrictRow[]
  totals: DistrictRow
  sort: { key: SortKey; desc: boolean }
  onSort: (sort: { key: SortKey; desc: boolean }) => void
  onOpen: (row: DistrictRow) => void
}) {
  return (
    <View className='card section'>
      <Text className='t-title'>各社区（点一下看详细统计）</Text>
      <View className='chips' data-testid='district-sort'>
        {SORTS.map((s) => {
          const on = sort.key === s.key
          return (
            <View
              key={s.key}
              className={`chip${on ? ' chip--on' : ''}`}
              onClick={() => onSort(on ? { key: s.key, desc: !sort.desc } : { key: s.key, desc: s.key !== 'name' })}
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
        <View key={r.communityId!} className='district-row' data-testid='district-row' onClick={() => onOpen(r)}>
          <View className='row'>
            <Text className='t-body district-row__name'>{r.name}</Text>
            <Text className='t-small muted'>{r.district} ›</Text>
          </View>
          <RowFigures r={r} />
        </View>
      ))}
      <View className='district-row district-row--total' data-testid='district-total-row'>
        <Text className='t-body district-row__name'>合计</Text>
        <RowFigures r={totals} />
      </View>
    </View>
  )
}

export interface ResidentDraft {
  name: string
  count: string
  error?: string
}

/** The resident 0–3 count of one community for the range's year (a total from the health office, no names). */
export function ResidentForm({
  year,
  names,
  draft,
  onChange,
  busy,
  onSave,
}: {
  year: number
  names: string[]
  draft: ResidentDraft
  onChange: (d: ResidentDraft) => void
  busy: string | null
  onSave: () => void
}) {
  return (
    <View className='card section'>
      <Text className='t-title'>填写常住 0–3 岁儿童数（{year} 年）</Text>
      <Text className='t-small muted'>来自卫健部门的人数，只填总数，不含个人信息。</Text>
      <SelectField label='社区' options={names} value={draft.name} onChange={(name) => onChange({ ...draft, name, error: undefined })} />
      <TextField
        label='常住 0–3 岁儿童数'
        type='number'
        value={draft.count}
        placeholder='例如：420'
        maxlength={7}
        error={draft.error}
        onChange={(count) => onChange({ ...draft, count, error: undefined })}
      />
      <Btn className='btn' loading={busy === 'resident'} disabled={busy !== null} onClick={onSave}>
        保存人数
      </Btn>
    </View>
  )
}
