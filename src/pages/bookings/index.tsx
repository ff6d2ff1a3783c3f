import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import type { Booking, Session } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { toApiError } from '../../api/errors'
import { Page } from '../../components/Page'
import { QrCode } from '../../components/QrCode'
import { RatingSheet } from '../../components/RatingSheet'
import { Empty, ErrorBlock, Loading } from '../../components/States'
import { useAction, useAsync } from '../../hooks/useAsync'
import { byStartDesc } from '../../lib/bookings'
import { cancelPrompt } from '../../lib/cancel'
import { STATUS_TEXT } from '../../lib/labels'
import { go, ROUTES, withQuery } from '../../lib/nav'
import { starsText } from '../../lib/voice'
import { addDays, formatDay, sessionEndMs, sessionStartMs, shanghaiToday } from '../../lib/time'

async function loadBookings() {
  const [mine, profile] = await Promise.all([call('booking', 'mine', {}), call('user', 'profile')])
  const sessions = new Map<string, Session>()
  if (mine.bookings.some((b) => !b.session)) {
    const today = shanghaiToday()
    const list = await call('booking', 'listSessions', { from: addDays(today, -60), to: addDays(today, 14) })
    list.sessions.forEach((s) => sessions.set(s.id, s))
  }
  const names = new Map(profile.children.map((c) => [c.id, c.name]))
  const bookings = mine.bookings.map((b) => ({
    ...b,
    session: b.session || sessions.get(b.sessionId),
    childName: b.childName || names.get(b.childId) || '',
  }))
  return { bookings: byStartDesc(bookings), registered: !!profile.guardian, policy: profile.policy }
}

const ACTIVE = ['confirmed', 'waitlisted', 'checked_in']

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

/** My bookings: status, cancel (consequence stated first), and the check-in code as a QR code. */
export default function Bookings() {
  const page = useAsync(loadBookings)
  const { busy, run } = useAction()
  const [rating, setRating] = useState<Booking | null>(null)
  useDidShow(() => {
    page.reload()
  })
  usePullDownRefresh(async () => {
    await page.reload()
    Taro.stopPullDownRefresh()
  })

  const cancel = (b: Booking) =>
    run(`cancel:${b.id}`, async () => {
      const prompt = cancelPrompt(b, b.session, page.data?.policy?.freeCancelHoursBefore)
      const answer = await Taro.showModal({
        title: prompt.title,
        content: prompt.content,
        confirmText: '确认取消',
        cancelText: '再想想',
        confirmColor: '#B91C1C',
      })
      if (!answer.confirm) return
      try {
        const res = await call('booking', 'cancel', { bookingId: b.id })
        const title = b.status === 'waitlisted' ? '已取消候补' : res.refunded ? '已取消，次数已退回' : '已取消，扣除1次'
        Taro.showToast({ title, icon: 'none', duration: 2500 })
        await page.reload()
      } catch (e) {
        const err = toApiError(e)
        Taro.showModal({ title: '取消没有成功', content: err.message, showCancel: false, confirmText: '知道了' })
      }
    })

  if (!page.data) {
    return (
      <Page>
        {page.loading && <Loading />}
        {page.error && <ErrorBlock error={page.error} onRetry={page.reload} />}
      </Page>
    )
  }

  const now = Date.now()
  const all = page.data.bookings
  const active = all.filter((b) => ACTIVE.includes(b.status) && (!b.session || sessionEndMs(b.session) > now)).reverse()
  const history = all.filter((b) => !active.includes(b))

  /** A visit that happened: picked up, or checked in to a session that has ended. */
  const finished = (b: Booking) =>
    b.status === 'checked_out' || (b.status === 'checked_in' && !!b.session && sessionEndMs(b.session) <= now)

  const renderBooking = (b: Booking, withCode: boolean) => {
    const s = b.session
    const notStarted = !s || sessionStartMs(s) > now
    return (
      <View className='card' key={b.id} data-testid={`booking-${b.id}`}>
        <View className='row'>
          <Text className='t-title'>{s ? formatDay(s.date) : '场次'}</Text>
          <Text className={`badge badge--${b.status}`} data-testid='booking-status'>
            {STATUS_TEXT[b.status]}
          </Text>
        </View>
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
        {finished(b) && (
          <View className='row'>
            {!b.rating && b.rateUntil && Date.parse(b.rateUntil) >= now && (
              <Btn className='btn btn--primary btn--small' disabled={busy !== null} onClick={() => setRating(b)}>
                评价这次服务
              </Btn>
            )}
            <Btn className='btn btn--small' onClick={() => go(withQuery(ROUTES.suggest, { siteId: s?.siteId, from: 'visit' }))}>
              提建议
            </Btn>
          </View>
        )}
        {(b.status === 'confirmed' || b.status === 'waitlisted') && notStarted && (
          <Btn className='btn btn--danger' disabled={busy !== null} loading={busy === `cancel:${b.id}`} onClick={() => cancel(b)}>
            {b.status === 'waitlisted' ? '取消候补' : '取消预约'}
          </Btn>
        )}
      </View>
    )
  }

  return (
    <Page>
      {page.loading && <Text className='t-small muted'>正在刷新…</Text>}
      <Text className='t-title'>待参加</Text>
      {active.length === 0 ? (
        <Empty text='暂时没有待参加的预约'>
          {page.data.registered && (
            <Btn className='btn btn--primary' onClick={() => go(ROUTES.sessions)}>
              去预约托育
            </Btn>
          )}
        </Empty>
      ) : (
        active.map((b) => renderBooking(b, true))
      )}
      {history.length > 0 && (
        <View className='section'>
          <Text className='t-title'>历史记录</Text>
          {history.map((b) => renderBooking(b, false))}
        </View>
      )}
      {rating && (
        <RatingSheet
          booking={rating}
          title={`${rating.childName || ''} ${rating.session ? `${formatDay(rating.session.date)} ${rating.session.siteName || ''}` : ''}`.trim()}
          onClose={() => setRating(null)}
          onDone={(r) => {
            page.setData((d) => (d ? { ...d, bookings: d.bookings.map((x) => (x.id === rating.id ? { ...x, rating: r } : x)) } : d!))
            setRating(null)
            Taro.showToast({ title: '感谢您的评价', icon: 'success' })
          }}
        />
      )}
    </Page>
  )
}
