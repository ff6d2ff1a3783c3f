import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import type { Booking, Session } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { toApiError } from '../../api/errors'
import { useAction, usePageData } from '../../hooks/useAsync'
import { byStartDesc } from '../../lib/bookings'
import { cancelPrompt } from '../../lib/cancel'
import { isFamilyKind, kindOf, kindPolicy } from '../../lib/kinds'
import { addDays, sessionEndMs, shanghaiToday } from '../../lib/time'

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

/** Still to come (soonest first): confirmed, waitlisted or checked in to a session that has not ended. */
export function splitBookings(all: Booking[], now: number) {
  const active = all.filter((b) => ACTIVE.includes(b.status) && (!b.session || sessionEndMs(b.session) > now)).reverse()
  const history = all.filter((b) => !active.includes(b))
  return { active, history }
}

/**
 * 我的预约: the family's bookings (reloaded on show and on pull-down), cancelling with the consequence
 * stated first, and the booking being rated.
 */
export function useBookings() {
  const page = usePageData(loadBookings)
  const { busy, run } = useAction()
  const [rating, setRating] = useState<Booking | null>(null)
  usePullDownRefresh(async () => {
    await page.reload()
    Taro.stopPullDownRefresh()
  })

  const cancel = (b: Booking) =>
    run(`cancel:${b.id}`, async () => {
      const policy = page.data?.policy
      const kind = b.kind ?? (b.session ? kindOf(b.session) : 'temporary_care')
      const kp = kindPolicy(policy, kind)
      const hasQuota = kp ? kp.yearlyFree !== null : !isFamilyKind(kind)
      const prompt = cancelPrompt(b, b.session, policy?.freeCancelHoursBefore, Date.now(), hasQuota)
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
        const title =
          b.status === 'waitlisted' ? '已取消候补' : res.quota === null ? '已取消' : res.refunded ? '已取消，次数已退回' : '已取消，扣除1次'
        Taro.showToast({ title, icon: 'none', duration: 2500 })
        await page.reload()
      } catch (e) {
        const err = toApiError(e)
        Taro.showModal({ title: '取消没有成功', content: err.message, showCancel: false, confirmText: '知道了' })
      }
    })

  /** The rating just given shows on its card at once. */
  const rated = (bookingId: string, r: NonNullable<Booking['rating']>) => {
    page.setData((d) => ({ ...d!, bookings: d!.bookings.map((x) => (x.id === bookingId ? { ...x, rating: r } : x)) }))
    setRating(null)
    Taro.showToast({ title: '感谢您的评价', icon: 'success' })
  }

  return { page, busy, cancel, rating, setRating, rated }
}
