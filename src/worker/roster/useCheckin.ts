import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { RosterEntry } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import type { useAction } from '../../hooks/useAsync'
import type { HealthInput } from '../components/HealthSheet'
import { pickupChoices } from '../components/pickups'

/**
 * The door: a code (typed 6 digits, or the scanned QR) is looked up first — the worker sees the child's
 * card before typing anything, and a wrong code fails at once; then the health check; then check-in.
 */
export function useCheckin(sessionId: string, action: ReturnType<typeof useAction>, reload: () => Promise<void>) {
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

  const lookup = (raw: string) =>
    run('lookup', async () => {
      const code = raw.trim()
      setFailure(null)
      if (!code) {
        setFailure(new ApiError('INVALID_CODE', '请输入家长出示的 6 位签到码'))
        return false
      }
      try {
        const res = await call('checkin', 'lookup', /^\d{6}$/.test(code) ? { code, sessionId } : { code })
        setFever(res.feverCelsius)
        open(res.entry)
        return true
      } catch (e) {
        setFailure(toApiError(e))
        return false
      }
    })

  const checkIn = (health: HealthInput) =>
    run('checkin', async () => {
      if (!entry) return
      setSheetError(null)
      try {
        await call('checkin', 'checkIn', { bookingId: entry.bookingId, ...(Object.keys(health).length ? { health } : {}) })
        setEntry(null)
        Taro.showToast({ title: `${entry.child.name}已签到`, icon: 'success' })
        await reload()
      } catch (e) {
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
      try {
        await call('checkin', 'checkOut', { bookingId: e.bookingId, pickupName: pickup.name })
        Taro.showToast({ title: `已交给${pickup.name}`, icon: 'success' })
        await reload()
      } catch (err) {
        setFailure(toApiError(err))
      }
    })

  return {
    entry, sheetError, failure, lookup, open, checkIn, checkOut,
    close: () => setEntry(null),
    /** The server's threshold (from the roster or the lookup). */
    feverFrom: (rosterValue?: number) => fever ?? rosterValue ?? null,
  }
}
