import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { Session } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { Tabs } from '../../components/Choice'
import { SessionKindLine } from '../../components/SessionKindLine'
import { Empty, Notice } from '../../components/States'
import { useAction } from '../../hooks/useAsync'
import { go, ROUTES, withQuery } from '../../lib/nav'
import { formatDay, formatMonthDay, sessionStartMs } from '../../lib/time'
import { CommunityPage } from '../components/CommunityBar'
import { ConfirmSheet } from '../components/ConfirmSheet'
import { weekRange } from '../lib/dates'
import { ADMIN_ROUTES } from '../lib/routes'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

const WEEKS = ['本周', '下周', '第三周', '第四周']
const REASONS = ['天气原因', '场地维修', '工作人员不足', '社区活动占用']

/** Sessions of the community by week: occupancy, roster, and cancelling a session (everyone refunded and notified). */
export default function Sessions() {
  const [week, setWeek] = useState(0)
  const range = weekRange(week)
  const page = useCommunityData((c) => call('booking', 'listSessions', { communityId: c.id, from: range.from, to: range.to }), [week])
  const { busy, run } = useAction()
  const [cancelling, setCancelling] = useState<Session | null>(null)
  const [result, setResult] = useState<{ session: Session; refunded: number } | null>(null)
  const [failure, setFailure] = useState<ApiError | null>(null)

  const cancel = (s: Session, reason: string) =>
    run('cancel', async () => {
      setFailure(null)
      try {
        const res = await call('admin', 'cancelSession', { sessionId: s.id, reason })
        setResult(res)
        setCancelling(null)
        page.reload()
      } catch (e) {
        setFailure(toApiError(e))
        setCancelling(null)
      }
    })

  return (
    <CommunityPage page={page}>
      {(_community, data) => {
        const sessions = [...data.sessions].sort((a, b) => sessionStartMs(a) - sessionStartMs(b))
        const now = Date.now()

        return (
          <>
            <Tabs
              options={WEEKS.map((label, i) => ({ value: i, label }))}
              value={week}
              disabled={busy !== null}
              onChange={(i) => {
                setWeek(i)
                setResult(null)
              }}
            />
            <Text className='t-small muted'>
              {formatMonthDay(range.from)} – {formatMonthDay(range.to)}
              {page.loading ? ' · 正在刷新…' : ''}
            </Text>

            {result && (
              <View className='notice notice--ok' role='status' data-testid='cancel-result'>
                <Text className='t-body ok'>
                  已取消 {formatDay(result.session.date)} {result.session.start} 的场次，{result.refunded}{' '}
                  位孩子的免费次数已退回，家长会收到通知。
                </Text>
              </View>
            )}
            {failure && <Notice error={failure} />}

            {sessions.length === 0 && (
              <Empty text='这一周还没有场次'>
                <Btn className='btn btn--primary' onClick={() => go(ADMIN_ROUTES.schedule)}>
                  去排班
                </Btn>
              </Empty>
            )}
            {sessions.map((s) => {
              const started = sessionStartMs(s) <= now
              return (
                <View
                  className={`card${s.status === 'cancelled' ? ' card--muted' : ''}`}
                  key={s.id}
                  data-testid={`admin-session-${s.date}-${s.start}`}
                >
                  <View className='row'>
                    <Text className='t-title'>{formatDay(s.date)}</Text>
                    {s.status === 'cancelled' ? (
                      <Text className='badge badge--full'>已取消</Text>
                    ) : (
                      <Text className='badge badge--open'>
                        {s.booked}/{s.capacity}
                      </Text>
                    )}
                  </View>
                  <SessionKindLine session={s} />
                  <Text className='t-body'>
                    {s.start} – {s.end}
                    {s.siteName ? ` · ${s.siteName}` : ''}
                  </Text>
                  {s.status === 'cancelled' ? (
                    <Text className='t-body'>取消原因：{s.cancelReason || '—'}</Text>
                  ) : (
                    <Text className='t-body'>
                      已约 {s.booked} 人，剩余 {s.remaining} 个名额{s.waitlisted ? `，候补 ${s.waitlisted} 人` : ''}
                    </Text>
                  )}
                  {s.status === 'cancelled' && s.cancellation?.status === 'running' && (
                    <View className='notice' role='alert' data-testid='cancel-unfinished'>
                      <Text className='t-body'>取消还没有做完：还有 {s.booked + s.waitlisted} 位孩子的预约未退回、家长未通知。</Text>
                      <Btn
                        className='btn btn--danger'
                        disabled={busy !== null}
                        onClick={() => {
                          setResult(null)
                          cancel(s, s.cancelReason || '场次取消')
                        }}
                      >
                        继续完成取消
                      </Btn>
                    </View>
                  )}
                  {s.status === 'open' && (
                    <View className='btn-row'>
                      <Btn className='btn' onClick={() => go(withQuery(ROUTES.workerRoster, { sessionId: s.id }))}>
                        查看名单
                      </Btn>
                      {!started && (
                        <Btn
                          className='btn btn--danger'
                          disabled={busy !== null}
                          onClick={() => {
                            setResult(null)
                            setCancelling(s)
                          }}
                        >
                          取消场次
                        </Btn>
                      )}
                    </View>
                  )}
                </View>
              )
            })}

            {cancelling && (
              <ConfirmSheet
                title='确定取消这个场次吗？'
                message={`${formatDay(cancelling.date)} ${cancelling.start}–${cancelling.end}${cancelling.siteName ? ` ${cancelling.siteName}` : ''}。已预约的 ${cancelling.booked} 位孩子和候补的 ${cancelling.waitlisted} 位将全部取消，免费次数退回，并通知家长。此操作不能撤销。`}
                confirmText='确认取消场次'
                danger
                reason={{ label: '取消原因（家长会看到）', placeholder: '例如：天气原因', presets: REASONS }}
                busy={busy === 'cancel'}
                onConfirm={(reason) => cancel(cancelling, reason)}
                onCancel={() => setCancelling(null)}
              />
            )}
          </>
        )
      }}
    </CommunityPage>
  )
}
