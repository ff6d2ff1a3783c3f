import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { Booking, ChildWithQuota, Quota, Session } from '../../../cloudfunctions/shared/contract'
import { call, newRequestId } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import type { useAction } from '../../hooks/useAsync'
import { askSubscriptions } from '../../lib/reminder'

export interface CardState {
  error?: ApiError
  waitlist?: boolean
  success?: Booking
}

/**
 * Booking from the sessions page: a confirmation sheet first (`ask`), then `confirm` books with a fresh
 * requestId per intent (session + child + waitlist). It is reused only when the answer never came or
 * said "try again" (network, busy, internal); after any definitive answer — success or refusal — the
 * next tap is a new intent with a new requestId.
 */
export function useBooking(action: ReturnType<typeof useAction>, reload: () => Promise<void>) {
  const { run } = action
  const [cards, setCards] = useState<Record<string, CardState>>({})
  const [quotas, setQuotas] = useState<Record<string, Quota>>({})
  const [asking, setAsking] = useState<{ session: Session; child: ChildWithQuota; waitlist: boolean } | null>(null)
  const requestIds = useRef(new Map<string, string>())

  const book = (s: Session, child: ChildWithQuota, waitlist: boolean) => {
    const intent = `${s.id}|${child.id}|${waitlist ? 'waitlist' : 'book'}`
    let requestId = requestIds.current.get(intent)
    if (!requestId) {
      requestId = newRequestId()
      requestIds.current.set(intent, requestId)
    }
    const rid = requestId
    return run(`book:${s.id}`, async () => {
      // first, still inside the tap: which notices the parent wants (weapp asks WeChat; see src/lib/reminder.ts)
      const templates = await askSubscriptions()
      const subscribe = templates.includes('reminder')
      setCards((c) => ({ ...c, [s.id]: {} }))
      try {
        const res = await call('booking', 'book', {
          sessionId: s.id,
          childId: child.id,
          requestId: rid,
          ...(waitlist ? { waitlist: true } : {}),
          ...(subscribe ? { subscribe: true } : {}),
          ...(templates.length ? { templates } : {}),
        })
        requestIds.current.delete(intent)
        if (res.quota && !res.quota.kind) setQuotas((q) => ({ ...q, [child.id]: res.quota as Quota }))
        setCards((c) => ({ ...c, [s.id]: { success: res.booking } }))
        Taro.showToast({ title: res.booking.status === 'waitlisted' ? '已加入候补' : '预约成功', icon: 'success' })
        reload()
      } catch (e) {
        const error = toApiError(e)
        if (!error.retryable) requestIds.current.delete(intent)
        setCards((c) => ({ ...c, [s.id]: { error, waitlist } }))
      }
    })
  }

  return {
    cards,
    quotas,
    asking,
    clearCards: () => setCards({}),
    /** Opens the confirmation sheet. */
    ask: (session: Session, child: ChildWithQuota, waitlist: boolean) => setAsking({ session, child, waitlist }),
    cancelAsk: () => setAsking(null),
    /** 确认预约 in the sheet (a user tap: WeChat's subscription dialog may open from here). */
    confirm: () => {
      if (!asking) return
      setAsking(null)
      return book(asking.session, asking.child, asking.waitlist)
    },
    /** Retry from an error notice, no second sheet: the same requestId after a lost answer, a new one after a refusal. */
    retry: (s: Session, child: ChildWithQuota, waitlist: boolean) => book(s, child, waitlist),
  }
}
