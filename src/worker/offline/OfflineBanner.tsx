import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'

/**
 * "离线 · N 条待同步" while offline, "N 条待同步" once back online, with 立即同步 whenever something is queued
 * (it also tries while the phone believes it is offline: one bar of signal may be enough); nothing otherwise.
 */
export function OfflineBanner({
  offline,
  pending,
  syncing,
  savedAt,
  issues,
  onSync,
  onIssues,
}: {
  offline: boolean
  pending: number
  syncing: boolean
  savedAt?: string | null
  issues: number
  onSync: () => void
  onIssues: () => void
}) {
  if (!offline && pending === 0 && issues === 0) return null
  return (
    <View className={`notice ${offline ? 'notice--warn' : 'notice--ok'}`} role='status' data-testid='offline-banner'>
      {offline ? (
        <Text className='t-title notice__title'>离线 · {pending} 条待同步</Text>
      ) : pending > 0 ? (
        <Text className='t-title'>{pending} 条待同步</Text>
      ) : null}
      {offline && (
        <Text className='t-small'>
          没有网络也可以签到、离园：记录先存在手机上，有网络后自动上传{savedAt ? `。名单为 ${savedAt} 保存的副本` : ''}
        </Text>
      )}
      {pending > 0 && (
        // the label stays put while syncing: Taro H5's button inserts its spinner before a label React replaced
        <Btn className='btn btn--primary' disabled={syncing} onClick={onSync}>
          立即同步
        </Btn>
      )}
      {syncing && <Text className='t-small'>正在同步…</Text>}
      {issues > 0 && (
        <Btn className='btn' onClick={onIssues}>
          有 {issues} 条同步结果需要处理
        </Btn>
      )}
    </View>
  )
}
