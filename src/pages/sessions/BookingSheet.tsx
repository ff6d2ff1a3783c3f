import { Text, View } from '@tarojs/components'
import type { ChildWithQuota, Policy, Quota, Session, Site } from '../../../cloudfunctions/shared/contract'
import { Btn } from '../../components/Btn'
import { formatInstant } from '../../lib/eligibility'
import { isFamilyKind, KIND_TEXT, kindOf } from '../../lib/kinds'
import { useHideTabBar } from '../../lib/tabBar'
import { formatDay } from '../../lib/time'

/**
 * Before booking: who, when, where, the cancellation rule with its exact deadline, and what it costs.
 * Nothing is sent until 确认预约.
 */
export function BookingSheet({
  session: s,
  child,
  quota,
  site,
  policy,
  waitlist,
  nowMs,
  onConfirm,
  onClose,
}: {
  session: Session
  child: ChildWithQuota
  quota?: Quota
  site?: Site
  policy?: Policy
  waitlist: boolean
  nowMs: number
  onConfirm: () => void
  onClose: () => void
}) {
  // the sheet sits where the tab bar is: hide the bar while it is open (a failure changes nothing)
  useHideTabBar()
  const freeUntil = s.freeCancelUntil ? Date.parse(s.freeCancelUntil) : undefined
  const lateAlready = freeUntil !== undefined && freeUntil <= nowMs
  const hours = policy?.freeCancelHoursBefore
  const kind = kindOf(s)
  // a kind without a quota counter (family activities, parent classes): nothing is used, nothing refunded
  const noQuota = kind !== 'temporary_care' && !quota
  const quotaName = kind === 'temporary_care' ? '免费次数' : `${KIND_TEXT[kind]}免费次数`
  return (
    <View className='overlay' catchMove>
      <View className='sheet' role='dialog' aria-label='确认预约'>
        <Text className='t-title'>{waitlist ? '请核对候补信息' : '请核对预约信息'}</Text>
        <View className='facts'>
          <Text className='t-body'>
            类型：{KIND_TEXT[kind]}
            {s.title ? ` · ${s.title}` : ''}
          </Text>
          <Text className='t-body'>{isFamilyKind(kind) ? `全家参加（以${child.name}的名义报名）` : `孩子：${child.name}`}</Text>
          <Text className='t-body'>
            时间：{formatDay(s.date)} {s.start} – {s.end}
          </Text>
          <Text className='t-body'>
            地点：{s.siteName || site?.name || '宝宝屋'}
            {site?.address ? `（${site.address}）` : ''}
          </Text>
        </View>
        {noQuota ? (
          <Text className='t-body' data-testid='sheet-quota'>
            不占用免费次数。
          </Text>
        ) : waitlist ? (
          <Text className='t-body' data-testid='sheet-quota'>
            候补不占用{quotaName}；补上后才使用 1 次，并通知您。
          </Text>
        ) : (
          <Text className='t-body' data-testid='sheet-quota'>
            将使用 1 次{quotaName}
            {quota ? `（${quota.year} 年还剩 ${quota.remaining} 次，预约后剩 ${Math.max(0, quota.remaining - 1)} 次）` : ''}
          </Text>
        )}
        {!waitlist &&
          freeUntil !== undefined &&
          (noQuota ? (
            <Text className='t-body' data-testid='sheet-cancel-rule'>
              开始前都可以取消；来不了请尽早取消，把名额让给别人。
            </Text>
          ) : lateAlready ? (
            <View className='notice notice--warn' role='alert' data-testid='sheet-cancel-rule'>
              <Text className='t-body notice__title'>注意：距开始已不足 {hours ?? ''} 小时</Text>
              <Text className='t-small'>预约后如果取消，会扣除 1 次{quotaName}。</Text>
            </View>
          ) : (
            <Text className='t-body' data-testid='sheet-cancel-rule'>
              {formatInstant(s.freeCancelUntil!)} 前取消，次数退回；之后取消扣 1 次。
            </Text>
          ))}
        <View className='btn-row'>
          <Btn className='btn' onClick={onClose}>
            再想想
          </Btn>
          <Btn className='btn btn--primary' onClick={onConfirm}>
            {waitlist ? '确认候补' : '确认预约'}
          </Btn>
        </View>
      </View>
    </View>
  )
}
