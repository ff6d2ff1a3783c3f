import { Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { BookingStatus } from '../../../cloudfunctions/shared/contract'
import { ApiError, toApiError } from '../../api/errors'
import { call } from '../../api/gateway'
import { Btn } from '../../components/Btn'
import { Tabs } from '../../components/Choice'
import { Page } from '../../components/Page'
import { Empty, Notice, PageState } from '../../components/States'
import { useAction, usePageData } from '../../hooks/useAsync'
import { STATUS_SHORT } from '../../lib/labels'
import { clockTime, formatDay, sessionEndMs } from '../../lib/time'
import { HealthSheet } from '../components/HealthSheet'
import { SessionKindLine } from '../../components/SessionKindLine'
import { OfflineBanner } from '../offline/OfflineBanner'
import { loadRoster, saveRoster, withQueued } from '../offline/roster-cache'
import { taroKV } from '../offline/store'
import { SyncSheet } from '../offline/SyncSheet'
import { useOffline } from '../offline/useOffline'
import { RosterCard } from './RosterCard'
import { useCheckin } from './useCheckin'

type Filter = 'all' | 'confirmed' | 'checked_in' | 'checked_out' | 'no_show'
const FILTERS: Array<{ key: Filter; label: string }> = [
  { key: 'all', label: '全部' },
  { key: 'confirmed', label: '待签到' },
  { key: 'checked_in', label: '在园' },
  { key: 'checked_out', label: '已离园' },
  { key: 'no_show', label: '未到' },
]
const COUNTED: BookingStatus[] = ['confirmed', 'checked_in', 'checked_out', 'no_show', 'waitlisted']
/** The "still inside" list is shown this long before the session ends (and after). */
const STILL_INSIDE_BEFORE_END_MS = 30 * 60 * 1000

/** Worker: roster of one session: search, counts by status, check-in (code / scan / tap → child card → health check), check-out. */
export default function Roster() {
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
  const { busy } = action
  const door = useCheckin(sessionId, action, page.reload, net, () => roster)
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<Filter>('all')
  const [code, setCode] = useState('')

  usePullDownRefresh(async () => {
    await page.reload()
    Taro.stopPullDownRefresh()
  })

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
  const feverCelsius = door.feverFrom(page.data?.feverCelsius)

  return (
    <Page>
      {session && (
        <View className='card'>
          <Text className='t-title'>
            {formatDay(session.date)} {session.start} – {session.end}
          </Text>
          {page.data?.session && <SessionKindLine session={page.data.session} />}
          {session.siteName && <Text className='t-body'>{session.siteName}</Text>}
        </View>
      )}

      <View className='card'>
        {process.env.TARO_ENV === 'weapp' && (
          <Btn className='btn btn--primary' disabled={busy !== null} onClick={openScan}>
            扫码签到
          </Btn>
        )}
        <Text className='t-body'>或输入家长出示的 6 位签到码</Text>
        <Input
          className='input input--code'
          type='number'
          maxlength={6}
          value={code}
          placeholder='例如 428615'
          aria-label='签到码'
          nativeProps={{ 'aria-label': '签到码' }}
          onInput={(e) => setCode(e.detail.value)}
          onConfirm={findByCode}
        />
        <Btn className='btn btn--primary' disabled={busy !== null} loading={busy === 'lookup'} onClick={findByCode}>
          查找孩子
        </Btn>
      </View>

      <OfflineBanner
        offline={net.offline}
        pending={net.queued.length}
        syncing={net.syncing}
        issues={net.issues.length}
        savedAt={page.data?.savedAt ? clockTime(page.data.savedAt) : null}
        onSync={net.sync}
        onIssues={net.openIssues}
      />

      {door.failure && <Notice error={door.failure} />}

      <PageState page={page} />

      {page.data && (
        <View>
          <View className='chips' data-testid='counts'>
            {COUNTED.map((s) => (
              <Text key={s} className='chip'>
                {STATUS_SHORT[s]} {counts[s]}
              </Text>
            ))}
          </View>

          {nearEnd && stillInside.length > 0 && (
            <View className='card notice--error' data-testid='still-inside'>
              <Text className='t-title'>仍在园内 {stillInside.length} 人</Text>
              <Text className='t-small muted'>场次即将结束，请逐一交给授权接送人</Text>
              {stillInside.map((r) => (
                <View className='row' key={r.bookingId}>
                  <Text className='t-body'>{r.child.name}</Text>
                  <Btn className='btn btn--small' disabled={busy !== null} onClick={() => door.checkOut(r)}>
                    离园
                  </Btn>
                </View>
              ))}
            </View>
          )}

          <Input
            className='input search'
            value={query}
            placeholder='搜索孩子或家长姓名、手机尾号'
            aria-label='搜索'
            nativeProps={{ 'aria-label': '搜索' }}
            onInput={(e) => setQuery(e.detail.value)}
          />
          <Tabs options={FILTERS.map((f) => ({ value: f.key, label: f.label }))} value={filter} onChange={setFilter} />
          {roster.length === 0 && <Empty text='这一场还没有孩子预约' />}
          {roster.length > 0 && visible.length === 0 && <Empty text='没有符合条件的孩子' />}
          {visible.map((r) => (
            <RosterCard key={r.bookingId} entry={r} busy={busy} onCheckIn={() => door.open(r)} onCheckOut={() => door.checkOut(r)} />
          ))}
        </View>
      )}

      {door.entry && feverCelsius !== null && (
        <HealthSheet
          entry={door.entry}
          feverCelsius={feverCelsius}
          busy={busy === 'checkin'}
          error={door.sheetError}
          onSubmit={door.checkIn}
          onClose={door.close}
        />
      )}
      {net.report && !door.entry && (
        <SyncSheet report={net.report} issues={net.issues} onClose={net.closeReport} onDone={net.dismissIssues} />
      )}
    </Page>
  )
}
