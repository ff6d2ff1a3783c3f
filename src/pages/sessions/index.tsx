import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { Booking, ServiceKind, Session } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { Btn } from '../../components/Btn'
import { Page } from '../../components/Page'
import { Empty, PageState } from '../../components/States'
import { useAction, usePageData } from '../../hooks/useAsync'
import { childAgeLine } from '../../lib/eligibility'
import { isFamilyKind, KIND_TEXT, kindOf, QUOTA_TEXT, quotaOf, SERVICE_KINDS } from '../../lib/kinds'
import { goHome } from '../../lib/nav'
import { addDays, formatMonthDay, sessionStartMs, shanghaiToday, weekStart } from '../../lib/time'
import { BookingSheet } from './BookingSheet'
import { SessionCard } from './SessionCard'
import { useBooking } from './useBooking'

const WEEK_LABELS = ['本周', '下周', '下下周']

function weekRange(i: number, today: string) {
  const from = addDays(weekStart(today), 7 * i)
  return { from, to: addDays(from, 6) }
}

/** Sessions by week; choose a child; what is open for that child before the tap; book through a confirmation sheet. */
export default function Sessions() {
  const today = shanghaiToday()
  const [week, setWeek] = useState(0)
  const [childId, setChildId] = useState('')
  const [kind, setKind] = useState<ServiceKind | ''>('')
  const action = useAction()
  const { busy } = action

  const { from, to } = weekRange(week, today)
  const page = usePageData(async () => {
    const [profile, list, mine] = await Promise.all([
      call('user', 'profile'),
      call('booking', 'listSessions', { from, to, ...(kind ? { kind } : {}) }),
      call('booking', 'mine', {}),
    ])
    return { profile, sessions: list.sessions, policy: list.policy ?? profile.policy, bookings: mine.bookings }
  }, [week, kind])
  const booking = useBooking(action, page.reload)

  if (!page.data)
    return (
      <Page>
        <PageState page={page} />
      </Page>
    )

  const children = page.data.profile.children
  const selected = children.find((c) => c.id === childId) || children[0]
  const quota = selected ? booking.quotas[selected.id] || selected.quota : undefined

  if (!page.data.profile.guardian || !selected) {
    return (
      <Page>
        <Empty text='请先扫描社区宝宝屋的二维码，登记家庭和孩子信息后再预约。'>
          <Btn className='btn btn--primary' onClick={goHome}>
            回到首页
          </Btn>
        </Empty>
      </Page>
    )
  }

  /** The selected child's live booking of a session; for a family event, the family's (made through any child). */
  const liveBookingOf = (s: Session): Booking | undefined =>
    page.data?.bookings.find(
      (b) =>
        b.sessionId === s.id &&
        (b.childId === selected.id || isFamilyKind(kindOf(s))) &&
        ['confirmed', 'waitlisted', 'checked_in', 'checked_out'].includes(b.status),
    )
  const sessions = [...page.data.sessions].sort((a, b) => sessionStartMs(a) - sessionStartMs(b))
  const now = Date.now()
  const policy = page.data.policy
  const ageLine = childAgeLine(selected, today, policy)
  const sites = page.data.profile.sites || []

  return (
    <Page>
      <Text className='t-title'>为哪个孩子预约</Text>
      <View className='chips' role='radiogroup'>
        {children.map((c) => (
          <View
            key={c.id}
            className={`chip${selected.id === c.id ? ' chip--on' : ''}`}
            role='radio'
            aria-checked={selected.id === c.id}
            onClick={() => {
              setChildId(c.id)
              booking.clearCards()
            }}
          >
            <Text>{c.name}</Text>
          </View>
        ))}
      </View>
      {ageLine ? (
        <Text className='t-body warn' data-testid='age-line'>
          {selected.name}：{ageLine}
        </Text>
      ) : (
        quota && (
          <Text className='t-body' data-testid='quota-line'>
            {selected.name} {quota.year} 年还可免费托育 <Text className='t-big warn'>{quota.remaining}</Text> 次
          </Text>
        )
      )}
      {(selected.quotas || [])
        .filter((q) => q.kind !== 'temporary_care')
        .map((q) => (
          <Text key={q.kind} className='t-body' data-testid={`quota-line-${q.kind}`}>
            {selected.name} {q.year} 年还可{QUOTA_TEXT[q.kind]} <Text className='t-big warn'>{q.remaining}</Text> 次
          </Text>
        ))}

      <View className='chips section' role='radiogroup' aria-label='服务类型'>
        {[{ value: '' as const, label: '全部' }, ...SERVICE_KINDS.map((k) => ({ value: k, label: KIND_TEXT[k] }))].map((k) => (
          <View
            key={k.value || 'all'}
            className={`chip${kind === k.value ? ' chip--on' : ''}`}
            role='radio'
            aria-checked={kind === k.value}
            data-testid={`kind-${k.value || 'all'}`}
            onClick={() => {
              if (busy === null) {
                setKind(k.value)
                booking.clearCards()
              }
            }}
          >
            <Text>{k.label}</Text>
          </View>
        ))}
      </View>

      <View className='tabs section' role='tablist'>
        {WEEK_LABELS.map((label, i) => (
          <View
            key={label}
            className={`tab${week === i ? ' tab--on' : ''}`}
            role='tab'
            aria-selected={week === i}
            onClick={() => {
              if (busy === null) {
                setWeek(i)
                booking.clearCards()
              }
            }}
          >
            <Text>{label}</Text>
          </View>
        ))}
      </View>
      <Text className='t-small muted'>
        {formatMonthDay(from)} – {formatMonthDay(to)}
      </Text>
      {page.loading && <Text className='t-small muted'>正在刷新…</Text>}

      {sessions.length === 0 && <Empty text={kind ? `这一周暂时没有${KIND_TEXT[kind]}场次` : '这一周暂时没有可预约的场次'} />}
      {sessions.map((s) => (
        <SessionCard
          key={s.id}
          session={s}
          site={sites.find((x) => x.id === s.siteId)}
          child={selected}
          mine={liveBookingOf(s)}
          card={booking.cards[s.id] || {}}
          busy={busy}
          policy={policy}
          nowMs={now}
          onBook={(waitlist) => booking.ask(s, selected, waitlist)}
          onRetry={(waitlist) => booking.retry(s, selected, waitlist)}
        />
      ))}

      {booking.asking && (
        <BookingSheet
          session={booking.asking.session}
          child={booking.asking.child}
          waitlist={booking.asking.waitlist}
          quota={
            kindOf(booking.asking.session) === 'temporary_care'
              ? booking.quotas[booking.asking.child.id] || booking.asking.child.quota
              : (quotaOf(booking.asking.child, kindOf(booking.asking.session)) ?? undefined)
          }
          site={sites.find((x) => x.id === booking.asking!.session.siteId)}
          policy={policy}
          nowMs={now}
          onConfirm={booking.confirm}
          onClose={booking.cancelAsk}
        />
      )}
    </Page>
  )
}
