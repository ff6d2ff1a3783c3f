import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Booking, ChildWithQuota, Policy, Session } from '../../../cloudfunctions/shared/contract'
import { Icon, type IconName } from '../../components/Icon'
import { Empty } from '../../components/States'
import { Tappable } from '../../components/Tappable'
import { childAgeLine } from '../../lib/eligibility'
import { KIND_TEXT, kindAndTitle, kindOf } from '../../lib/kinds'
import { STATUS_TEXT } from '../../lib/labels'
import { go, ROUTES, withQuery } from '../../lib/nav'
import { formatDay } from '../../lib/time'

/** Scan the community QR from inside the mini-program (weapp), then open its register page. */
export async function scanToRegister() {
  try {
    const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'wxCode'] as Array<keyof Taro.scanCode.ScanType> })
    const path = (res as { path?: string }).path
    if (path) {
      go(`/${path.replace(/^\//, '')}`)
      return
    }
    const m = /[?&]scene=([^&#]+)/.exec(res.result || '')
    if (m) go(`${ROUTES.register}?scene=${m[1]}`)
    else Taro.showToast({ title: '这不是宝宝屋的登记码', icon: 'none' })
  } catch (e) {
    // cancelled
  }
}

/** A large square entry with an icon (我的预约, 签到工作台, …). */
export function Entry({ icon, label, url }: { icon: IconName; label: string; url: string }) {
  return (
    <Tappable className='tile' label={label} onTap={() => go(url)}>
      <View className='tile__icon'>
        <Icon name={icon} className='icon icon--lg' />
      </View>
      <Text className='tile__label'>{label}</Text>
    </Tappable>
  )
}

/** One kind's free sessions: its name, the number left (large; grey while it cannot be used yet) and the detail. */
function QuotaRow({
  id,
  label,
  remaining,
  later,
  numberId,
  detail,
}: {
  id: string
  label: string
  remaining: number
  later?: boolean
  numberId?: string
  detail: string
}) {
  return (
    <View className='kind-quota' data-testid={id}>
      <View className='row'>
        <Text className='t-body field__label'>{label}</Text>
        <View className='quota'>
          <Text className={`quota__num${later ? ' quota__num--later' : ''}`} data-testid={numberId}>
            {remaining}
          </Text>
          <Text className='t-body'>次</Text>
        </View>
      </View>
      <Text className='t-small muted'>{detail}</Text>
    </View>
  )
}

/**
 * A child: each kind's free sessions left this year, every kind in the same row shape (name, number,
 * detail), and above them why care cannot be booked yet / any more.
 */
export function ChildQuota({ child: c, today, policy }: { child: ChildWithQuota; today: string; policy?: Policy }) {
  const ageLine = childAgeLine(c, today, policy)
  return (
    <View className='card' data-testid={`child-${c.id}`}>
      <Text className='t-title'>{c.name}</Text>
      {ageLine && (
        <Text className='t-body warn' data-testid={`age-${c.id}`}>
          {ageLine}
        </Text>
      )}
      <QuotaRow
        id={`quota-${c.id}-temporary_care`}
        label={KIND_TEXT.temporary_care}
        remaining={c.quota.remaining}
        later={!!ageLine}
        numberId={ageLine ? undefined : `quota-${c.id}`}
        detail={
          ageLine
            ? `${c.quota.year} 年还可免费托育 ${c.quota.remaining} 次，到可预约的年龄后使用`
            : `${c.quota.year} 年还可免费托育 ${c.quota.remaining} 次（共 ${c.quota.limit} 次，已用 ${c.quota.used} 次）`
        }
      />
      {(c.quotas || [])
        .filter((q) => q.kind !== 'temporary_care')
        .map((q) => (
          <QuotaRow
            key={q.kind}
            id={`quota-${c.id}-${q.kind}`}
            label={KIND_TEXT[q.kind]}
            remaining={q.remaining}
            detail={`${q.year} 年还可免费参加 ${q.remaining} 次（共 ${q.limit} 次，已用 ${q.used} 次）`}
          />
        ))}
    </View>
  )
}

/** The family's next bookings (tap → 我的预约 with the check-in code). */
export function UpcomingList({ bookings }: { bookings: Booking[] }) {
  return (
    <>
      {bookings.map((b) => (
        <Tappable className='card' key={b.id} onTap={() => go(ROUTES.bookings)}>
          <View className='row'>
            <Text className='t-body'>{b.session ? `${formatDay(b.session.date)} ${b.session.start}` : '场次'}</Text>
            <Text className={`badge badge--${b.status}`}>{STATUS_TEXT[b.status]}</Text>
          </View>
          {b.session && kindOf(b.session) !== 'temporary_care' && (
            <Text className='t-body' data-testid='upcoming-kind'>
              {kindAndTitle(b.session)}
            </Text>
          )}
          <Text className='t-small muted'>
            {b.childName || ''}
            {b.session?.siteName ? ` · ${b.session.siteName}` : ''}
          </Text>
        </Tappable>
      ))}
    </>
  )
}

/** For staff, the home leads with today's sessions at their community. */
export function TodayForStaff({ sessions }: { sessions: Session[] }) {
  return (
    <View className='section' data-testid='staff-today'>
      <View className='section__head'>
        <Text className='t-title'>今天的场次</Text>
        <Text className='t-body link' onClick={() => go(ROUTES.workerSessions)}>
          签到工作台
        </Text>
      </View>
      {sessions.length === 0 && <Empty text='今天没有场次' />}
      {sessions.map((s) => (
        <Tappable className='card' key={s.id} onTap={() => go(withQuery(ROUTES.workerRoster, { sessionId: s.id }))}>
          <View className='row'>
            <Text className='t-title'>
              {s.start} – {s.end}
            </Text>
            <Icon name='chevron' colour='#6B7280' />
          </View>
          {kindOf(s) !== 'temporary_care' && (
            <Text className='t-body' data-testid={`today-kind-${s.id}`}>
              {kindAndTitle(s)}
            </Text>
          )}
          <Text className='t-body'>
            {s.siteName} · 已约 {s.booked} / {s.capacity} 人{s.waitlisted ? ` · 候补 ${s.waitlisted}` : ''}
          </Text>
        </Tappable>
      ))}
    </View>
  )
}
