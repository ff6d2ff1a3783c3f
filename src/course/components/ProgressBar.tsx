import { Text, View } from '@tarojs/components'

/** A thick progress bar with its label, e.g. "已学 45%" — big enough to read at a glance. */
export function ProgressBar({ percent, done, label }: { percent: number; done?: boolean; label?: string }) {
  const pct = Math.max(0, Math.min(100, Math.round(percent)))
  return (
    <View className='pbar' role='progressbar' aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
      <View className='pbar__track'>
        <View className={`pbar__fill${done ? ' pbar__fill--done' : ''}`} style={{ width: `${pct}%` }} />
      </View>
      {label !== undefined && <Text className={`t-small pbar__label${done ? ' ok' : ' muted'}`}>{label}</Text>}
    </View>
  )
}
