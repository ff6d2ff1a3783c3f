import { Input, Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { Tabs } from '../../components/Choice'
import { SessionKindLine } from '../../components/SessionKindLine'
import { Empty } from '../../components/States'
import { STATUS_SHORT } from '../../lib/labels'
import { formatDay } from '../../lib/time'
import { RosterCard } from './RosterCard'
import { COUNTED, FILTERS, type RosterState } from './useRoster'

type Props = { roster: RosterState }

/** When and where the session is; its kind once the roster has answered. */
export function SessionHead({ roster: { session, page } }: Props) {
  if (!session) return null
  return (
    <View className='card'>
      <Text className='t-title'>
        {formatDay(session.date)} {session.start} – {session.end}
      </Text>
      {page.data?.session && <SessionKindLine session={page.data.session} />}
      {session.siteName && <Text className='t-body'>{session.siteName}</Text>}
    </View>
  )
}

/** The door: scan the family's QR (weapp) or type its 6-digit code. */
export function CodeEntry({ roster: { busy, code, setCode, openScan, findByCode } }: Props) {
  return (
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
  )
}

/** How many children are in each status. */
export function StatusCounts({ roster: { counts } }: Props) {
  return (
    <View className='chips' data-testid='counts'>
      {COUNTED.map((s) => (
        <Text key={s} className='chip'>
          {STATUS_SHORT[s]} {counts[s]}
        </Text>
      ))}
    </View>
  )
}

/** Near the session's end: the children still inside, each with its check-out. */
export function StillInside({ roster: { stillInside, busy, door } }: Props) {
  if (stillInside.length === 0) return null
  return (
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
  )
}

/** Search, the status tabs and the children they leave. */
export function RosterList({ roster: { roster, visible, query, setQuery, filter, setFilter, busy, door } }: Props) {
  return (
    <>
      <Input
        className='input search'
        value={query}
        placeholder='搜索孩子或家长姓名、手机尾号'
        aria-label='搜索'
        nativeProps={{ 'aria-label': '搜索' }}
        onInput={(e) => setQuery(e.detail.value)}
      />
      <Tabs options={FILTERS} value={filter} onChange={setFilter} wrap />
      {roster.length === 0 && <Empty text='这一场还没有孩子预约' />}
      {roster.length > 0 && visible.length === 0 && <Empty text='没有符合条件的孩子' />}
      {visible.map((r) => (
        <RosterCard key={r.bookingId} entry={r} busy={busy} onCheckIn={() => door.open(r)} onCheckOut={() => door.checkOut(r)} />
      ))}
    </>
  )
}
