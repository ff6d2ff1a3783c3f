import { Picker, Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { useState } from 'react'
import { call } from '../../api/gateway'
import { Page } from '../../components/Page'
import { Empty, PageState } from '../../components/States'
import { usePageData } from '../../hooks/useAsync'
import { go, ROUTES, withQuery } from '../../lib/nav'
import { addDays, formatDay, sessionStartMs, shanghaiToday } from '../../lib/time'
import { SessionKindLine } from '../../components/SessionKindLine'

/** Worker: the day's sessions of the worker's communities (today by default). */
export default function WorkerSessions() {
  const today = shanghaiToday()
  /** null = the server's today (its clock decides, as for every rule). */
  const [date, setDate] = useState<string | null>(null)
  const page = usePageData(() => call('checkin', 'sessions', date ? { date } : {}), [date])

  const sessions = [...(page.data?.sessions || [])].sort((a, b) => sessionStartMs(a) - sessionStartMs(b))
  const shownDate = date || sessions[0]?.date || today

  return (
    <Page>
      <View className='row'>
        <Text className='t-title'>{date ? formatDay(date) : `今天 ${formatDay(shownDate)}`}</Text>
        <Picker
          mode='date'
          value={shownDate}
          start={addDays(today, -30)}
          end={addDays(today, 30)}
          onChange={(e) => setDate(String(e.detail.value))}
        >
          <View className='btn btn--small'>
            <Text>换一天</Text>
          </View>
        </Picker>
      </View>
      {date && (
        <Btn className='btn' onClick={() => setDate(null)}>
          回到今天
        </Btn>
      )}
      <PageState page={page} />
      {page.data && sessions.length === 0 && <Empty text='这一天没有场次' />}
      {sessions.map((s) => (
        <View
          className='card'
          key={s.id}
          data-testid={`worker-session-${s.id}`}
          onClick={() =>
            go(withQuery(ROUTES.workerRoster, { sessionId: s.id, date: s.date, start: s.start, end: s.end, site: s.siteName }))
          }
        >
          <View className='row'>
            <Text className='t-title'>
              {s.start} – {s.end}
            </Text>
            <Text className={`badge ${s.status === 'cancelled' ? 'badge--full' : 'badge--open'}`}>
              {s.status === 'cancelled' ? '已取消' : '开放'}
            </Text>
          </View>
          <SessionKindLine session={s} />
          {s.siteName && <Text className='t-body'>{s.siteName}</Text>}
          <Text className='t-body'>
            已约 {s.booked} / {s.capacity} 人{s.waitlisted ? `，候补 ${s.waitlisted} 人` : ''}
          </Text>
          <Text className='t-small link'>查看名单、签到 ›</Text>
        </View>
      ))}
    </Page>
  )
}
