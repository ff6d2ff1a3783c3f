import { Text, View } from '@tarojs/components'
import { DateField } from '../../components/Choice'
import type { Range } from '../lib/dates'

/** One headline figure of a statistics page: the number large, its name below. */
export function Kpi({ label, value, testid }: { label: string; value: string | number; testid?: string }) {
  return (
    <View className='kpi' data-testid={testid}>
      <Text className='kpi__value'>{value}</Text>
      <Text className='kpi__label'>{label}</Text>
    </View>
  )
}

/**
 * The date range a statistics page covers: one-tap presets (the chosen one lit), then 从 / 到 to set it by
 * hand (moving 从 past 到 moves 到 along).
 */
export function RangePicker({ presets, range, onChange }: { presets: Array<() => Range>; range: Range; onChange: (r: Range) => void }) {
  return (
    <>
      <View className='chips'>
        {presets.map((p) => {
          const r = p()
          const on = r.from === range.from && r.to === range.to
          return (
            <View key={r.label} className={`chip${on ? ' chip--on' : ''}`} data-testid={`range-${r.label}`} onClick={() => onChange(r)}>
              <Text>{r.label}</Text>
            </View>
          )
        })}
      </View>
      <DateField label='从' value={range.from} onChange={(v) => onChange({ from: v, to: v > range.to ? v : range.to, label: '自定义' })} />
      <DateField label='到' value={range.to} start={range.from} onChange={(v) => onChange({ ...range, to: v, label: '自定义' })} />
    </>
  )
}
