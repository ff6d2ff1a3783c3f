import { Picker, Text, View } from '@tarojs/components'
import { Field } from './Field'

/** A big tappable check row (works the same on weapp and H5). */
export function CheckRow({ checked, onChange, children }: { checked: boolean; onChange: (v: boolean) => void; children: React.ReactNode }) {
  return (
    <View className={`check${checked ? ' check--on' : ''}`} role='checkbox' aria-checked={checked} onClick={() => onChange(!checked)}>
      <Text className='check__box'>{checked ? '✓' : ''}</Text>
      <View className='check__label t-body'>{children}</View>
    </View>
  )
}

/** Segmented choice, e.g. gender. */
export function Segments<T extends string>({
  options,
  value,
  onChange,
}: {
  options: Array<{ value: T; label: string }>
  value: T | ''
  onChange: (v: T) => void
}) {
  return (
    <View className='segments' role='radiogroup'>
      {options.map((o) => (
        <View
          key={o.value}
          className={`segment${value === o.value ? ' segment--on' : ''}`}
          role='radio'
          aria-checked={value === o.value}
          onClick={() => onChange(o.value)}
        >
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  )
}

/**
 * A row of tabs; while `disabled` (an action in flight) taps are ignored. With `wrap`, tabs that do not fit
 * one row move to the next (in 大字 three to a line) instead of being squeezed edge to edge.
 */
export function Tabs<T extends string | number>({
  options,
  value,
  onChange,
  disabled,
  wrap,
  className = 'tabs',
}: {
  options: ReadonlyArray<{ value: T; label: string }>
  value: T
  onChange: (v: T) => void
  disabled?: boolean
  wrap?: boolean
  className?: string
}) {
  return (
    <View className={`${className}${wrap ? ' tabs--wrap' : ''}`} role='tablist'>
      {options.map((o) => (
        <View
          key={String(o.value)}
          className={`tab${value === o.value ? ' tab--on' : ''}`}
          role='tab'
          aria-selected={value === o.value}
          onClick={() => {
            if (!disabled) onChange(o.value)
          }}
        >
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  )
}

/** A selector picker (native) showing the chosen label. */
export function SelectField({
  label,
  error,
  options,
  value,
  placeholder = '请选择',
  onChange,
}: {
  label: string
  error?: string
  options: string[]
  value: string
  placeholder?: string
  onChange: (v: string) => void
}) {
  const idx = Math.max(0, options.indexOf(value))
  return (
    <Field label={label} error={error}>
      <Picker mode='selector' range={options} value={idx} onChange={(e) => onChange(options[Number(e.detail.value)])}>
        <View className={`picker${value ? '' : ' picker--empty'}`} aria-label={label}>
          <Text>{value || placeholder}</Text>
        </View>
      </Picker>
    </Field>
  )
}

/** A date picker (native, mode date) showing the chosen day. */
export function DateField({
  label,
  error,
  value,
  start,
  end,
  initial,
  placeholder = '请选择日期',
  onChange,
}: {
  label: string
  error?: string
  value: string
  start?: string
  end?: string
  initial?: string
  placeholder?: string
  onChange: (v: string) => void
}) {
  return (
    <Field label={label} error={error}>
      <Picker mode='date' value={value || initial || end || ''} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
        <View className={`picker${value ? '' : ' picker--empty'}`} aria-label={label}>
          <Text>{value ? formatYmd(value) : placeholder}</Text>
        </View>
      </Picker>
    </Field>
  )
}

function formatYmd(v: string): string {
  const [y, m, d] = v.split('-').map(Number)
  return `${y}年${m}月${d}日`
}
