import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { OfflineAction } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { watchNetwork } from './network'
import type { QueuedAction, SyncIssue, SyncReport } from './queue'
import { newActionId } from './queue'
import { offlineQueue } from './store'

/**
 * The worker's offline state on a page: whether the phone is offline, the queued actions, recording a new
 * one, syncing (when the network returns, when the page shows, and on demand) and the sync result.
 */
export function useOffline(onSynced: () => void) {
  const [offline, setOffline] = useState(false)
  const offlineRef = useRef(false)
  const [queued, setQueued] = useState<QueuedAction[]>(() => offlineQueue.list())
  const [issues, setIssues] = useState<SyncIssue[]>(() => offlineQueue.issues())
  const [report, setReport] = useState<SyncReport | null>(null)
  const [syncing, setSyncing] = useState(false)
  const onSyncedRef = useRef(onSynced)
  onSyncedRef.current = onSynced

  const refresh = useCallback(() => {
    setQueued(offlineQueue.list())
    setIssues(offlineQueue.issues())
  }, [])

  const mark = useCallback((isOffline: boolean) => {
    offlineRef.current = isOffline
    setOffline(isOffline)
  }, [])

  const sync = useCallback(
    async (manual: boolean) => {
      if (offlineQueue.list().length === 0) {
        if (manual) Taro.showToast({ title: '没有待同步的记录', icon: 'none' })
        return
      }
      setSyncing(true)
      try {
        const r = await offlineQueue.sync(async (actions: OfflineAction[]) => (await call('checkin', 'sync', { actions })).results)
        mark(r.offline)
        refresh()
        if (r.answered > 0 || manual) setReport(r)
        if (r.answered > 0) onSyncedRef.current()
      } finally {
        setSyncing(false)
      }
    },
    [mark, refresh],
  )

  useEffect(
    () =>
      watchNetwork((online) => {
        mark(!online)
        if (online) sync(false)
      }),
    [mark, sync],
  )

  useDidShow(() => {
    refresh()
    if (!offlineRef.current && offlineQueue.list().length) sync(false)
  })

  /** Records an action on the phone at once, with the phone's time. */
  const record = (a: Omit<QueuedAction, 'id' | 'at' | 'attempts'>) => {
    const added = offlineQueue.add({ ...a, id: newActionId(), at: new Date(Date.now()).toISOString() })
    refresh()
    return added
  }

  return {
    offline,
    /** Known offline right now (a ref: usable inside async handlers). */
    isOffline: () => offlineRef.current,
    markOffline: () => mark(true),
    markOnline: () => mark(false),
    queued,
    issues,
    report,
    syncing,
    record,
    hasPending: (bookingId: string) => offlineQueue.hasPending(bookingId),
    sync: () => sync(true),
    closeReport: () => setReport(null),
    dismissIssues: () => {
      offlineQueue.dismissIssues()
      setReport(null)
      refresh()
    },
    openIssues: () =>
      setReport({
        answered: 0,
        applied: 0,
        duplicates: [],
        conflicts: [],
        remaining: offlineQueue.list().length,
        offline: offlineRef.current,
      }),
  }
}
