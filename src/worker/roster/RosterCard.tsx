import { Text, View } from '@tarojs/components'
import type { ShownEntry } from '../offline/roster-cache'
import { Btn } from '../../components/Btn'
import { STATUS_TEXT } from '../../lib/labels'
import { ageText } from '../../lib/time'

/** One child of the roster with the action its status allows. */
export function RosterCard({
  entry: r,
  busy,
  onCheckIn,
  onCheckOut,
}: {
  entry: ShownEntry
  busy: string | null
  onCheckIn: () => void
  onCheckOut: () => void
}) {
  return (
    <View className='card' data-testid={`roster-${r.bookingId}`}>
      <View className='row'>
        <Text className='t-title'>{r.child.name}</Text>
        <View className='row'>
          <Text className={`badge badge--${r.status}`}>{STATUS_TEXT[r.status]}</Text>
          {r.pending && (
            <Text className='badge badge--pending' data-testid='pending'>
              待同步
            </Text>
          )}
        </View>
      </View>
      <Text className='t-body'>
        {ageText(r.child.ageMonths)} · 家长 {r.guardian.name} {r.guardian.phoneMasked}
      </Text>
      {r.status === 'confirmed' && (
        <Btn className='btn btn--primary' disabled={busy !== null} onClick={onCheckIn}>
          签到
        </Btn>
      )}
      {r.status === 'checked_in' && (
        <Btn className='btn' disabled={busy !== null} loading={busy === `out:${r.bookingId}`} onClick={onCheckOut}>
          离园（选择接送人）
        </Btn>
      )}
    </View>
  )
}
