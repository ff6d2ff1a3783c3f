import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { Booking, Quota, Session } from '../../../cloudfunctions/shared/contract'
import { call, newRequestId } from '../../api/gateway'
import { askSubscriptions } from '../../utils/reminder'
import { ApiError, toApiError } from '../../api/errors'
import { Page } from '../../components/Page'
import { Empty, ErrorBlock, Loading, Notice } from '../../components/States'
import { useAction, useAsync } from '../../hooks/useAsync'
import { STATUS_TEXT } from '../../lib/labels'
import { go, goHome, ROUTES } from '../../lib/nav'
import { addDays, formatDay, formatMonthDay, sessionStartMs, shanghaiToday, weekStart } from '../../lib/time'

const WEEK_LABELS = ['本周', '下周', '下下周']

interface CardState {
  error?: ApiError
  waitlist?: boolean
  success?: Booking
}

function weekRange(i: number, today: string) {
  const from = addDays(weekStart(today), 7 * i)
  return { from, to: addDays(from, 6) }
}

/** Sessions by week; choose a child; book, or join the waitlist when full. */
export default function Sessions() {
  const today = shanghaiToday()
  const [week, setWeek] = useState(0)
  const [childId, setChildId] = useState('')
  const [cards, setCards] = useState<Record<string, CardState>>({})
  const [quotas, setQuotas] = useState<Record<string, Quota>>({})
  /** intent (session + child + waitlist) → requestId: fresh per intent, reused when that intent is retried. */
  const requestIds = useRef(new Map<string, string>())
  const { busy, run } = useAction()

  const { from, to } = weekRange(week, today)
  const page = useAsync(async () => {
    const [profile, list, mine] = await Promise.all([
      call('user', 'profile'),
      call('booking', 'listSessions', { from, to }),
      call('booking', 'mine', {}),
    ])
    return { profile, sessions: list.sessions, bookings: mine.bookings }
  })

  useDidShow(() => {
    page.reload()
  })
  const firstWeek = useRef(true)
  useEffect(() => {
    if (firstWeek.current) {
      firstWeek.current = false
      return
    }
    page.reload()
  }, [week])

  const children = page.data?.profile.children || []
  const selected = children.find((c) => c.id === childId) || children[0]
  const quota = selected ? quotas[selected.id] || selected.quota : undefined

  const liveBookingOf = (sessionId: string): Booking | undefined =>
    page.data?.bookings.find(
      (b) => b.sessionId === sessionId && b.childId === selected?.id && ['confirmed', 'waitlisted', 'checked_in', 'checked_out'].includes(b.status),
    )

  const book = (s: Session, waitlist: boolean) => {
    if (!selected) return
    const child = selected
    const intent = `${s.id}|${child.id}|${waitlist ? 'waitlist' : 'book'}`
    let requestId = requestIds.current.get(intent)
    if (!requestId) {
      requestId = newRequestId()
      requestIds.current.set(intent, requestId)
    }
    const rid = requestId
    return run(`book:${s.id}`, async () => {
      // first, still inside the tap: which notices the parent wants (weapp asks WeChat; see src/utils/reminder.ts)
      const templates = await askSubscriptions()
      const subscribe = templates.includes('reminder')
      setCards((c) => ({ ...c, [s.id]: {} }))
      try {
        const res = await call('booking', 'book', {
          sessionId: s.id, childId: child.id, requestId: rid, ...(waitlist ? { waitlist: true } : {}), ...(subscribe ? { subscribe: true } : {}),
          ...(templates.length ? { templates } : {}),
        })
        requestIds.current.delete(intent)
        setQuotas((q) => ({ ...q, [child.id]: res.quota }))
        setCards((c) => ({ ...c, [s.id]: { success: res.booking } }))
        Taro.showToast({ title: res.booking.status === 'waitlisted' ? '已加入候补' : '预约成功', icon: 'success' })
        page.reload()
      } catch (e) {
        setCards((c) => ({ ...c, [s.id]: { error: toApiError(e), waitlist } }))
      }
    })
  }

  if (!page.data) {
    return (
      <Page>
        {page.loading && <Loading />}
        {page.error && <ErrorBlock error={page.error} onRetry={page.reload} />}
      </Page>
    )
  }

  if (!page.data.profile.guardian || children.length === 0) {
    return (
      <Page>
        <Empty text='请先扫描社区宝宝屋的二维码，登记家庭和孩子信息后再预约。'>
          <Btn className='btn btn--primary' onClick={goHome}>回到首页</Btn>
        </Empty>
      </Page>
    )
  }

  const sessions = [...page.data.sessions].sort((a, b) => sessionStartMs(a) - sessionStartMs(b))
  const now = Date.now()

  return (
    <Page>
      <Text className='t-title'>为哪个孩子预约</Text>
      <View className='chips' role='radiogroup'>
        {children.map((c) => (
          <View key={c.id} className={`chip${selected?.id === c.id ? ' chip--on' : ''}`} role='radio' aria-checked={selected?.id === c.id}
            onClick={() => { setChildId(c.id); setCards({}) }}>
            <Text>{c.name}</Text>
          </View>
        ))}
      </View>
      {quota && (
        <Text className='t-body' data-testid='quota-line'>
          {selected?.name} {quota.year} 年还可免费托育 <Text className='t-big warn'>{quota.remaining}</Text> 次
        </Text>
      )}

      <View className='tabs section' role='tablist'>
        {WEEK_LABELS.map((label, i) => (
          <View key={label} className={`tab${week === i ? ' tab--on' : ''}`} role='tab' aria-selected={week === i}
            onClick={() => { if (busy === null) { setWeek(i); setCards({}) } }}>
            <Text>{label}</Text>
          </View>
        ))}
      </View>
      <Text className='t-small muted'>{formatMonthDay(from)} – {formatMonthDay(to)}</Text>
      {page.loading && <Text className='t-small muted'>正在刷新…</Text>}

      {sessions.length === 0 && <Empty text='这一周暂时没有可预约的场次' />}
      {sessions.map((s) => {
        const mine = liveBookingOf(s.id)
        const card = cards[s.id] || {}
        const started = sessionStartMs(s) <= now
        const full = s.remaining <= 0
        return (
          <View className='card' key={s.id} data-testid={`session-${s.id}`}>
            <View className='row'>
              <Text className='t-title'>{formatDay(s.date)}</Text>
              {s.status === 'cancelled' ? (
                <Text className='badge badge--full'>已取消</Text>
              ) : started ? (
                <Text className='badge badge--past'>已开始</Text>
              ) : full ? (
                <Text className='badge badge--full'>已约满</Text>
              ) : (
                <Text className='badge badge--open'>可预约</Text>
              )}
            </View>
            <Text className='t-body'>{s.start} – {s.end}{s.siteName ? ` · ${s.siteName}` : ''}</Text>
            <Text className='t-body'>
              {s.status === 'cancelled'
                ? `场次已取消${s.cancelReason ? `：${s.cancelReason}` : ''}`
                : full
                  ? `名额已满${s.waitlisted ? `，${s.waitlisted} 人候补` : ''}`
                  : `剩余 ${s.remaining} 个名额（共 ${s.capacity} 个）`}
            </Text>

            {mine ? (
              <View className='row'>
                <Text className={`badge badge--${mine.status}`}>{selected?.name} {STATUS_TEXT[mine.status]}</Text>
                <Text className='t-body link' onClick={() => go(ROUTES.bookings)}>查看签到码</Text>
              </View>
            ) : s.status === 'cancelled' || started ? null : (
              <Btn className={`btn${full ? '' : ' btn--primary'}`} disabled={busy !== null} loading={busy === `book:${s.id}`}
                onClick={() => book(s, full)}>
                {busy === `book:${s.id}` ? '正在提交…' : full ? '加入候补' : `为${selected?.name}预约`}
              </Btn>
            )}

            {card.success && (
              <View className='notice notice--ok' role='status'>
                <Text className='t-body ok'>{card.success.status === 'waitlisted' ? '已加入候补，有空位时会自动补上并通知您' : '预约成功！到场时请出示签到码'}</Text>
              </View>
            )}
            {card.error && (
              <Notice error={card.error}>
                {card.error.retryable && (
                  <Btn className='btn' disabled={busy !== null} onClick={() => book(s, !!card.waitlist)}>重试</Btn>
                )}
                {card.error.code === 'SESSION_FULL' && !card.waitlist && (
                  <Btn className='btn' disabled={busy !== null} onClick={() => book(s, true)}>加入候补</Btn>
                )}
              </Notice>
            )}
          </View>
        )
      })}
    </Page>
  )
}
