import { Input, Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { BookingStatus, RosterEntry } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Page } from '../../components/Page'
import { Empty, ErrorBlock, Loading, Notice } from '../../components/States'
import { useAction, useAsync } from '../../hooks/useAsync'
import { STATUS_SHORT, STATUS_TEXT } from '../../lib/labels'
import { ageText, formatDay, sessionEndMs } from '../../lib/time'
import { HealthSheet, type HealthInput } from '../components/HealthSheet'
import { pickupChoices } from '../components/pickups'

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

type Sheet = { kind: 'code'; code: string } | { kind: 'row'; entry: RosterEntry }

/** Worker: roster of one session: search, counts by status, check-in (scan / code / tap) with health check, check-out. */
export default function Roster() {
  const { params } = useRouter()
  const sessionId = params.sessionId || ''
  const page = useAsync(() => call('checkin', 'roster', { sessionId }))
  const { busy, run } = useAction()
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<Filter>('all')
  const [code, setCode] = useState('')
  const [sheet, setSheet] = useState<Sheet | null>(null)
  const [sheetError, setSheetError] = useState<ApiError | null>(null)
  const [failure, setFailure] = useState<ApiError | null>(null)

  useDidShow(() => {
    page.reload()
  })
  usePullDownRefresh(async () => {
    await page.reload()
    Taro.stopPullDownRefresh()
  })

  const session = page.data?.session || (params.date && params.start && params.end
    ? { date: params.date, start: params.start, end: params.end, siteName: params.site ? decodeURIComponent(params.site) : undefined }
    : undefined)

  const roster = page.data?.roster || []
  const counts = COUNTED.reduce((acc, s) => ({ ...acc, [s]: roster.filter((r) => r.status === s).length }), {} as Record<BookingStatus, number>)
  const stillInside = roster.filter((r) => r.status === 'checked_in')
  const nearEnd = !!session && Date.now() >= sessionEndMs(session) - STILL_INSIDE_BEFORE_END_MS
  const q = query.trim()
  const visible = roster.filter(
    (r) => (filter === 'all' ? r.status !== 'waitlisted' : r.status === filter)
      && (!q || r.child.name.includes(q) || r.guardian.name.includes(q) || r.guardian.phoneMasked.slice(-4).includes(q)),
  )

  const openScan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      const scanned = (res.result || '').trim()
      if (scanned) {
        setSheetError(null)
        setSheet({ kind: 'code', code: scanned })
      }
    } catch (e) {
      // cancelled
    }
  }

  const openCode = () => {
    const c = code.trim()
    if (!c) {
      setFailure(new ApiError('INVALID_CODE', '请输入家长出示的签到码'))
      return
    }
    setFailure(null)
    setSheetError(null)
    setSheet({ kind: 'code', code: c })
  }

  const checkIn = (health: HealthInput) => {
    if (!sheet) return
    run('checkin', async () => {
      setSheetError(null)
      if (health.temperature !== undefined && health.temperature >= 37.3) {
        const answer = await Taro.showModal({ title: '体温偏高', content: `体温 ${health.temperature}℃，确认仍要签到入园吗？`, confirmText: '仍要签到', cancelText: '再看看' })
        if (!answer.confirm) return
      }
      try {
        const target = sheet.kind === 'code' ? { code: sheet.code } : { bookingId: sheet.entry.bookingId }
        const res = await call('checkin', 'checkIn', { ...target, ...(Object.keys(health).length ? { health } : {}) })
        const name = res.booking.childName || (sheet.kind === 'row' ? sheet.entry.child.name : roster.find((r) => r.bookingId === res.booking.id)?.child.name) || ''
        setSheet(null)
        setCode('')
        Taro.showToast({ title: `${name}已签到`, icon: 'success' })
        await page.reload()
      } catch (e) {
        setSheetError(toApiError(e))
      }
    })
  }

  const checkOut = (entry: RosterEntry) =>
    run(`out:${entry.bookingId}`, async () => {
      setFailure(null)
      const choices = pickupChoices(entry).slice(0, 6)
      let index: number
      try {
        const res = await Taro.showActionSheet({ itemList: choices.map((c) => c.label) })
        index = res.tapIndex
      } catch (e) {
        return // cancelled
      }
      const pickup = choices[index]
      if (!pickup) return
      try {
        await call('checkin', 'checkOut', { bookingId: entry.bookingId, pickupName: pickup.name })
        Taro.showToast({ title: `已交给${pickup.name}`, icon: 'success' })
        await page.reload()
      } catch (e) {
        setFailure(toApiError(e))
      }
    })

  const renderEntry = (r: RosterEntry) => (
    <View className='card' key={r.bookingId} data-testid={`roster-${r.bookingId}`}>
      <View className='row'>
        <Text className='t-title'>{r.child.name}</Text>
        <Text className={`badge badge--${r.status}`}>{STATUS_TEXT[r.status]}</Text>
      </View>
      <Text className='t-body'>{ageText(r.child.ageMonths)} · 家长 {r.guardian.name} {r.guardian.phoneMasked}</Text>
      {r.status === 'confirmed' && (
        <Btn className='btn btn--primary' disabled={busy !== null} onClick={() => { setSheetError(null); setSheet({ kind: 'row', entry: r }) }}>
          签到
        </Btn>
      )}
      {r.status === 'checked_in' && (
        <Btn className='btn' disabled={busy !== null} loading={busy === `out:${r.bookingId}`} onClick={() => checkOut(r)}>
          离园（选择接送人）
        </Btn>
      )}
    </View>
  )

  return (
    <Page>
      {session && (
        <View className='card'>
          <Text className='t-title'>{formatDay(session.date)} {session.start} – {session.end}</Text>
          {session.siteName && <Text className='t-body'>{session.siteName}</Text>}
        </View>
      )}

      <View className='card'>
        {process.env.TARO_ENV === 'weapp' ? (
          <Btn className='btn btn--primary' disabled={busy !== null} onClick={openScan}>扫码签到</Btn>
        ) : (
          <View>
            <Text className='t-body'>输入签到码</Text>
            <View className='row'>
              <Input className='input' value={code} placeholder='家长出示的签到码' aria-label='签到码' onInput={(e) => setCode(e.detail.value)} onConfirm={openCode} />
            </View>
            <Btn className='btn btn--primary' disabled={busy !== null} onClick={openCode}>用签到码签到</Btn>
          </View>
        )}
      </View>

      {failure && <Notice error={failure} />}

      {!page.data && page.loading && <Loading />}
      {!page.data && page.error && <ErrorBlock error={page.error} onRetry={page.reload} />}

      {page.data && (
        <View>
          <View className='chips' data-testid='counts'>
            {COUNTED.map((s) => (
              <Text key={s} className='chip'>{STATUS_SHORT[s]} {counts[s]}</Text>
            ))}
          </View>

          {nearEnd && stillInside.length > 0 && (
            <View className='card notice--error' data-testid='still-inside'>
              <Text className='t-title'>仍在园内 {stillInside.length} 人</Text>
              <Text className='t-small muted'>场次即将结束，请逐一交给授权接送人</Text>
              {stillInside.map((r) => (
                <View className='row' key={r.bookingId}>
                  <Text className='t-body'>{r.child.name}</Text>
                  <Btn className='btn btn--small' disabled={busy !== null} onClick={() => checkOut(r)}>离园</Btn>
                </View>
              ))}
            </View>
          )}

          <Input className='input search' value={query} placeholder='搜索孩子或家长姓名、手机尾号' aria-label='搜索' onInput={(e) => setQuery(e.detail.value)} />
          <View className='tabs' role='tablist'>
            {FILTERS.map((f) => (
              <View key={f.key} className={`tab${filter === f.key ? ' tab--on' : ''}`} role='tab' aria-selected={filter === f.key} onClick={() => setFilter(f.key)}>
                <Text>{f.label}</Text>
              </View>
            ))}
          </View>
          {roster.length === 0 && <Empty text='这一场还没有孩子预约' />}
          {roster.length > 0 && visible.length === 0 && <Empty text='没有符合条件的孩子' />}
          {visible.map(renderEntry)}
        </View>
      )}

      {sheet && (
        <HealthSheet
          title={sheet.kind === 'row' ? `${sheet.entry.child.name} 签到` : `签到码 ${sheet.code}`}
          busy={busy === 'checkin'}
          error={sheetError}
          onSubmit={checkIn}
          onClose={() => setSheet(null)}
        />
      )}
    </Page>
  )
}
