import { Text, View } from '@tarojs/components'
import type { Booking } from '../../../cloudfunctions/shared/contract'
import { Btn } from '../../components/Btn'
import { QrCode } from '../../components/QrCode'
import { STATUS_TEXT } from '../../lib/labels'
import { go, ROUTES, withQuery } from '../../lib/nav'
import { isFamilyKind, kindAndTitle, kindOf } from '../../lib/kinds'
import { formatDay, sessionEndMs, sessionStartMs } from '../../lib/time'
import { starsText } from '../../lib/voice'

/** 'HH:mm' in Shanghai from an ISO instant. */
function clock(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16)
}

/** What happened at a visit: check-in and pick-up times, temperature at drop-off, who picked the child up. */
function VisitDetails({ booking: b }: { booking: Booking }) {
  return (
    <View className='visit' data-testid='visit'>
      {b.checkedInAt && (
        <Text className='t-body'>
          入园 {clock(b.checkedInAt)}
          {b.health?.temperature !== undefined ? ` · 体温 ${b.health.temperature}℃` : ''}
        </Text>
      )}
      {b.checkedOutAt && (
        <Text className='t-body'>
          离园 {clock(b.checkedOutAt)}
          {b.pickupName ? ` · ${b.pickupName} 接走` : ''}
        </Text>
      )}
      {b.health?.notes && <Text className='t-small muted'>老师记录：{b.health.notes}</Text>}
    </View>
  )
}

/** A visit that happened: picked up, or checked in to a session that has ended. */
const finished = (b: Booking, now: number) =>
  b.status === 'checked_out' || (b.status === 'checked_in' && !!b.session && sessionEndMs(b.session) <= now)

/**
 * One booking: day, child, time and place, its status; the check-in code while it is to come (`withCode`),
 * the waitlist place, the visit's details, rating and suggestion once it happened, cancel before it starts.
 */
export function BookingCard({
  booking: b,
  withCode,
  now,
  busy,
  onCancel,
  onRate,
}: {
  booking: Booking
  withCode: boolean
  now: number
  busy: string | null
  onCancel: () => void
  onRate: () => void
}) {
  const s = b.session
  const notStarted = !s || sessionStartMs(s) > now
  const kind = b.kind ?? (s ? kindOf(s) : 'temporary_care')
  return (
    <View className='card' data-testid={`booking-${b.id}`}>
      <View className='row'>
        <Text className='t-title'>{s ? formatDay(s.date) : '场次'}</Text>
        <Text className={`badge badge--${b.status}`} data-testid='booking-status'>
          {STATUS_TEXT[b.status]}
        </Text>
      </View>
      {kind !== 'temporary_care' && (
        <Text className='t-body' data-testid='booking-kind'>
          {kindAndTitle({ kind, title: s?.title })}
          {isFamilyKind(kind) ? ' · 全家参加' : ''}
        </Text>
      )}
      <Text className='t-body'>
        {b.childName}
        {s ? ` · ${s.start} – ${s.end}` : ''}
        {s?.siteName ? ` · ${s.siteName}` : ''}
      </Text>
      {withCode && b.status === 'confirmed' && b.checkinCode && (
        <QrCode value={b.checkinCode} shortCode={b.shortCode} caption='到宝宝屋时请出示二维码，或把 6 位签到码念给工作人员' />
      )}
      {b.status === 'checked_in' && <Text className='t-body ok'>孩子已入园，离园时请到宝宝屋接孩子</Text>}
      {(b.status === 'checked_in' || b.status === 'checked_out') && <VisitDetails booking={b} />}
      {b.status === 'waitlisted' && (
        <View>
          {b.queuePosition !== undefined && (
            <Text className='t-body' data-testid='queue-position'>
              候补第 {b.queuePosition} 位
            </Text>
          )}
          <Text className='t-small muted'>有空位时会按先后顺序自动补上，并通知您；补上后才会有签到码</Text>
        </View>
      )}
      {b.rating && (
        <Text className='t-body' data-testid='my-rating'>
          我的评价：<Text className='star--on'>{starsText(b.rating.stars)}</Text>
          {b.rating.tags.length ? ` ${b.rating.tags.join('、')}` : ''}
        </Text>
      )}
      {finished(b, now) && (
        <View className='row'>
          {!b.rating && b.rateUntil && Date.parse(b.rateUntil) >= now && (
            <Btn className='btn btn--primary btn--small' disabled={busy !== null} onClick={onRate}>
              评价这次服务
            </Btn>
          )}
          <Btn className='btn btn--small' onClick={() => go(withQuery(ROUTES.suggest, { siteId: s?.siteId, from: 'visit' }))}>
            提建议
          </Btn>
        </View>
      )}
      {(b.status === 'confirmed' || b.status === 'waitlisted') && notStarted && (
        <Btn className='btn btn--danger' disabled={busy !== null} loading={busy === `cancel:${b.id}`} onClick={onCancel}>
          {b.status === 'waitlisted' ? '取消候补' : '取消预约'}
        </Btn>
      )}
    </View>
  )
}
