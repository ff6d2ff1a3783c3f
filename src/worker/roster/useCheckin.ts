import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { RosterEntry } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import type { useAction } from '../../hooks/useAsync'
import { kindAndTitle } from '../../lib/kinds'
import { formatDay } from '../../lib/time'
import type { HealthInput } from '../components/HealthSheet'
import { pickupChoices } from '../components/pickups'
import { matchCode } from '../offline/roster-cache'
import type { useOffline } from '../offline/useOffline'

/**
 * The door: a code (typed 6 digits, or the scanned QR) is looked up first — the worker sees the child's
 * card before typing anything, and a wrong code fails at once; then the health check; then check-in.
 * Offline (or when a request finds no network) the same steps run against the roster saved on the phone
 * and each check-in / check-out is queued with the phone's time (see ../offline).
 */
export function useCheckin(
  sessionId: string,
  action: ReturnType<typeof useAction>,
  reload: () => Promise<void>,
  net: ReturnType<typeof useOffline>,
  savedRoster: () => RosterEntry[],
) {
  const { run } = action
  const [entry, setEntry] = useState<RosterEntry | null>(null)
  const [fever, setFever] = useState<number | null>(null)
  const [sheetError, setSheetError] = useState<ApiError | null>(null)
  const [failure, setFailure] = useState<ApiError | null>(null)

  const open = (e: RosterEntry) => {
    setFailure(null)
    setSheetError(null)
    setEntry(e)
  }

  /** The code against the roster on the phone. */
  const lookupSaved = (code: string) => {
    const hit = matchCode(savedRoster(), code)
    if (!hit) {
      setFailure(new ApiError('INVALID_CODE', '离线名单里没有这个签到码，请核对后重新输入'))
      return false
    }
    open(hit)
    return true
  }

  /** A step of a booking with queued steps goes into the queue too, so they reach the server in order. */
  const queueFirst = (bookingId: string) => net.isOffline() || net.hasPending(bookingId)
  const isNetwork = (e: unknown) => toApiError(e).code === 'NETWORK'

  const lookup = (raw: string) =>
    run('lookup', async () => {
      const code = raw.trim()
      setFailure(null)
      if (!code) {
        setFailure(new ApiError('INVALID_CODE', '请输入家长出示的 6 位签到码'))
        return false
      }
      if (net.isOffline()) return lookupSaved(code)
      try {
        const res = await call('checkin', 'lookup', /^\d{6}$/.test(code) ? { code, sessionId } : { code })
        if (res.session && res.session.id !== sessionId) {
          // a scanned QR of the family's booking in another session (e.g. its guidance visit, not this care session)
          const o = res.session
          const what = kindAndTitle(o)
          setFailure(new ApiError('INVALID_CODE', `这是另一场的签到码：${formatDay(o.date)} ${o.start} ${what}。请在那一场的名单里签到`))
          return false
        }
        setFever(res.feverCelsius)
        const saved = savedRoster().find((r) => r.bookingId === res.entry.bookingId)
        open(saved && saved.status !== res.entry.status ? saved : res.entry)
        return true
      } catch (e) {
        if (isNetwork(e)) {
          net.markOffline()
          return lookupSaved(code)
        }
        setFailure(toApiError(e))
        return false
      }
    })

  const queueCheckIn = (e: RosterEntry, health: HealthInput) => {
    net.record({
      type: 'checkIn',
      bookingId: e.bookingId,
      sessionId,
      childName: e.child.name,
      ...(Object.keys(health).length ? { health } : {}),
    })
    setEntry(null)
    Taro.showToast({ title: `${e.child.name}已签到（待同步）`, icon: 'none' })
  }

  const checkIn = (health: HealthInput) =>
    run('checkin', async () => {
      if (!entry) return
      setSheetError(null)
      if (queueFirst(entry.bookingId)) return queueCheckIn(entry, health)
      try {
        await call('checkin', 'checkIn', { bookingId: entry.bookingId, ...(Object.keys(health).length ? { health } : {}) })
        setEntry(null)
        Taro.showToast({ title: `${entry.child.name}已签到`, icon: 'success' })
        await reload()
      } catch (e) {
        if (isNetwork(e)) {
          net.markOffline()
          return queueCheckIn(entry, health)
        }
        setSheetError(toApiError(e))
      }
    })

  const checkOut = (e: RosterEntry) =>
    run(`out:${e.bookingId}`, async () => {
      setFailure(null)
      const choices = pickupChoices(e).slice(0, 6)
      let index: number
      try {
        index = (await Taro.showActionSheet({ itemList: choices.map((c) => c.label) })).tapIndex
      } catch (err) {
        return // cancelled
      }
      const pickup = choices[index]
      if (!pickup) return
      const queue = () => {
        net.record({ type: 'checkOut', bookingId: e.bookingId, sessionId, childName: e.child.name, pickupName: pickup.name })
        Taro.showToast({ title: `已交给${pickup.name}（待同步）`, icon: 'none' })
      }
      if (queueFirst(e.bookingId)) return queue()
      try {
        await call('checkin', 'checkOut', { bookingId: e.bookingId, pickupName: pickup.name })
        Taro.showToast({ title: `已交给${pickup.name}`, icon: 'success' })
        await reload()
      } catch (err) {
        if (isNetwork(err)) {
          net.markOffline()
          return queue()
        }
        setFailure(toApiError(err))
      }
    })

  return {
    entry,
    sheetError,
    failure,
    lookup,
    open,
    checkIn,
    checkOut,
    close: () => setEntry(null),
    /** The server's threshold (from the roster or the lookup). */
    feverFrom: (rosterValue?: number) => fever ?? rosterValue ?? null,
  }
}
