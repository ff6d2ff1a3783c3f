import { Text, View } from '@tarojs/components'
import type { Booking, ChildWithQuota, Policy, Session, Site } from '../../../cloudfunctions/shared/contract'
import { Btn } from '../../components/Btn'
import { GradeBadge } from '../../components/GradeBadge'
import { Notice } from '../../components/States'
import { availability } from '../../lib/eligibility'
import { isFamilyKind, KIND_TEXT, kindOf, titleAfterKind } from '../../lib/kinds'
import { STATUS_TEXT } from '../../lib/labels'
import { go, ROUTES } from '../../lib/nav'
import { formatDay } from '../../lib/time'
import type { CardState } from './useBooking'

const BADGE: Record<string, string> = {
  cancelled: 'badge--full',
  started: 'badge--past',
  closed: 'badge--past',
  not_open: 'badge--past',
  age: 'badge--past',
  full: 'badge--full',
  open: 'badge--open',
}

/** One session for the chosen child: availability before the tap, the book/waitlist button, the outcome. */
export function SessionCard({
  session: s,
  site,
  child,
  mine,
  card,
  busy,
  policy,
  nowMs,
  onBook,
  onRetry,
}: {
  session: Session
  site?: Site
  child: ChildWithQuota
  mine?: Booking
  card: CardState
  busy: string | null
  policy?: Policy
  nowMs: number
  onBook: (waitlist: boolean) => void
  onRetry: (waitlist: boolean) => void
}) {
  const a = availability(s, child, nowMs, policy)
  const bookable = a.kind === 'open' || a.kind === 'full'
  const full = s.remaining <= 0
  const kind = kindOf(s)
  const family = isFamilyKind(kind)
  return (
    <View className='card' data-testid={`session-${s.id}`} data-kind={kind}>
      <View className='row'>
        <Text className={`badge kind kind--${kind}`} data-testid='kind'>
          {KIND_TEXT[kind]}
        </Text>
        {family && (
          <Text className='badge badge--open' data-testid='family'>
            全家参加
          </Text>
        )}
      </View>
      {s.title && (
        <Text className='t-title' data-testid='session-title'>
          {titleAfterKind(s)}
        </Text>
      )}
      <View className='row'>
        <Text className='t-title'>{formatDay(s.date)}</Text>
        {!mine && (
          <Text className={`badge ${BADGE[a.kind]}`} data-testid='availability'>
            {a.label}
          </Text>
        )}
      </View>
      <Text className='t-body'>
        {s.start} – {s.end}
        {s.siteName ? ` · ${s.siteName}` : ''}
      </Text>
      {site?.grade && <GradeBadge grade={site.grade} inspectedAt={site.inspectedAt} />}
      {s.host && <Text className='t-body'>主讲/主办：{s.host}</Text>}
      {s.description && <Text className='t-small muted'>{s.description}</Text>}
      {family && <Text className='t-small muted'>全家参加，一家报一个名额，不占免费次数</Text>}
      <Text className='t-body'>
        {s.status === 'cancelled'
          ? `场次已取消${s.cancelReason ? `：${s.cancelReason}` : ''}`
          : full
            ? `名额已满${s.waitlisted ? `，${s.waitlisted} 人候补` : ''}`
            : `剩余 ${s.remaining} 个名额（共 ${s.capacity} 个）`}
      </Text>
      {a.note && !mine && (
        <Text className='t-body warn' data-testid='availability-note'>
          {a.note}
        </Text>
      )}

      {mine ? (
        <View className='row'>
          <Text className={`badge badge--${mine.status}`} data-testid='mine'>
            {family ? `全家${STATUS_TEXT[mine.status]}（${mine.childName || child.name}）` : `${child.name} ${STATUS_TEXT[mine.status]}`}
          </Text>
          {mine.status === 'confirmed' && (
            <Btn className='btn btn--small' onClick={() => go(ROUTES.bookings)}>
              查看签到码
            </Btn>
          )}
          {mine.status === 'waitlisted' && (
            <Btn className='btn btn--small' onClick={() => go(ROUTES.bookings)}>
              查看候补
            </Btn>
          )}
        </View>
      ) : a.kind === 'cancelled' || a.kind === 'started' ? null : (
        <Btn
          className={`btn${bookable && !full ? ' btn--primary' : ''}`}
          disabled={!bookable || busy !== null}
          loading={busy === `book:${s.id}`}
          onClick={() => onBook(full)}
        >
          {busy === `book:${s.id}`
            ? '正在提交…'
            : !bookable
              ? a.label
              : full
                ? '加入候补'
                : family
                  ? `全家报名（${child.name}）`
                  : `为${child.name}预约`}
        </Btn>
      )}

      {card.success && (
        <View className='notice notice--ok' role='status'>
          <Text className='t-body ok'>
            {card.success.status === 'waitlisted' ? '已加入候补，有空位时会自动补上并通知您' : '预约成功！到场时请出示签到码'}
          </Text>
        </View>
      )}
      {card.error && (
        <Notice error={card.error}>
          {card.error.retryable && (
            <Btn className='btn' disabled={busy !== null} onClick={() => onRetry(!!card.waitlist)}>
              重试
            </Btn>
          )}
          {card.error.code === 'SESSION_FULL' && !card.waitlist && (
            <Btn className='btn' disabled={busy !== null} onClick={() => onBook(true)}>
              加入候补
            </Btn>
          )}
        </Notice>
      )}
    </View>
  )
}
