import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { BookingStatus } from '../../../cloudfunctions/shared/contract'
import { ApiError, toApiError } from '../../api/errors'
import { call } from '../../api/gateway'
import { useAction, usePageData } from '../../hooks/useAsync'
import { sessionEndMs } from '../../lib/time'
import { loadRoster, saveRoster, withQueued } from '../offline/roster-cache'
import { taroKV } from '../offline/store'
import { useOffline } from '../offline/useOffline'
import { useCheckin } from './useCheckin'

export type Filter = 'all' | 'confirmed' | 'checked_in' | 'checked_out' | 'no_show'
export const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'confirmed', label: '待签到' },
  { value: 'checked_in', label: '在园' },
  { value: 'checked_out', label: '已离园' },
  { value: 'no_show', label: '未到' },
]
export const COUNTED: BookingStatus[] = ['confirmed', 'checked_in', 'checked_out', 'no_show', 'waitlisted']
/** The "still inside" list is shown this long before the session ends (and after). */
const STILL_INSIDE_BEFORE_END_MS = 30 * 60 * 1000

/**
 * One session's roster: loaded from the server and saved on the phone (offline: the copy saved today, with
 * queued check-ins applied), counts by status, search and filter, and the door (code / scan → card → health check).
 */
export function useRoster() {
  const { params } = useRouter()
  const sessionId = params.sessionId || ''
  const reloadRef = useRef<() => unknown>(() => undefined)
  const net = useOffline(() => reloadRef.current())
  // online: the roster from the server, saved on the phone; offline (or no answer): the copy saved today
  const page = usePageData(async () => {
    if (!net.isOffline()) {
      try {
        const data = await call('checkin', 'roster', { sessionId })
        saveRoster(taroKV, sessionId, data)
        return { ...data, savedAt: null as string | null }
      } catch (e) {
        if (toApiError(e).code !== 'NETWORK') throw e
        net.markOffline()
      }
    }
    const saved = loadRoster(taroKV, sessionId)
    if (!saved) throw new ApiError('NETWORK', '没有网络，这一场的名单还没有存到手机上。请在有信号的地方先打开一次名单')
    return { roster: saved.roster, session: saved.session, feverCelsius: saved.feverCelsius, savedAt: saved.savedAt }
  })
  reloadRef.current = page.reload
  const wasOffline = useRef(false)
  useEffect(() => {
    if (wasOffline.current && !net.offline) page.reload() // back online: the server's roster again
    wasOffline.current = net.offline
  }, [net.offline]) // eslint-disable-line react-hooks/exhaustive-deps
  const queuedHere = net.queued.filter((a) => a.sessionId === sessionId)
  const roster = withQueued(page.data?.roster || [], queuedHere)
  const action = useAction()
  const door = useCheckin(sessionId, action, page.reload, net, () => roster)
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<Filter>('all')
  const [code, setCode] = useState('')

  usePullDownRefresh(async () => {
    await page.reload()
    Taro.stopPullDownRefresh()
  })

  // before the roster answers (or without one), the session as the link that opened the page describes it
  const session =
    page.data?.session ||
    (params.date && params.start && params.end
      ? { date: params.date, start: params.start, end: params.end, siteName: params.site ? decodeURIComponent(params.site) : undefined }
      : undefined)

  const counts = COUNTED.reduce(
    (acc, s) => ({ ...acc, [s]: roster.filter((r) => r.status === s).length }),
    {} as Record<BookingStatus, number>,
  )
  const stillInside = roster.filter((r) => r.status === 'checked_in')
  const nearEnd = !!session && Date.now() >= sessionEndMs(session) - STILL_INSIDE_BEFORE_END_MS
  const q = query.trim()
  const visible = roster.filter(
    (r) =>
      (filter === 'all' ? r.status !== 'waitlisted' : r.status === filter) &&
      (!q || r.child.name.includes(q) || r.guardian.name.includes(q) || r.guardian.phoneMasked.slice(-4).includes(q)),
  )

  const openScan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      if ((res.result || '').trim()) door.lookup(res.result)
    } catch (e) {
      // cancelled
    }
  }
  const findByCode = async () => {
    if (await door.lookup(code)) setCode('')
  }

  return {
    page,
    net,
    busy: action.busy,
    door,
    session,
    roster,
    counts,
    stillInside: nearEnd ? stillInside : [],
    visible,
    query,
    setQuery,
    filter,
    setFilter,
    code,
    setCode,
    openScan,
    findByCode,
    feverCelsius: door.feverFrom(page.data?.feverCelsius),
  }
}

export type RosterState = ReturnType<typeof useRoster>
