import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { KindStats, ServiceKind, Stats } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { Empty, Notice, Refreshing } from '../../components/States'
import { useAction } from '../../hooks/useAsync'
import { KIND_TEXT, SERVICE_KINDS } from '../../lib/kinds'
import { formatMonthDay } from '../../lib/time'
import { CommunityPage } from '../components/CommunityBar'
import { Kpi, RangePicker } from '../components/Figures'
import { monthRange, weekRange, yearRange, type Range } from '../lib/dates'
import { percent } from '../lib/labels'
import { saveCsv } from '../lib/save'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

const PRESETS: Array<() => Range> = [() => weekRange(0), () => weekRange(1), () => monthRange(0), () => monthRange(-1), () => yearRange()]

/** Daily bars: the track is the day's capacity; the light fill the seats taken, the dark fill the children who came. */
function DailyChart({ daily }: { daily: NonNullable<Stats['daily']> }) {
  const max = Math.max(1, ...daily.map((d) => d.capacity))
  return (
    <View className='bars' data-testid='daily-chart'>
      {/* legend in the order of the numbers on the right: 实到 / 预约 / 名额 */}
      <View className='legend' data-testid='legend'>
        <View className='legend__item'>
          <Text className='legend__swatch bar__fill--attended' />
          实到
        </View>
        <View className='legend__item'>
          <Text className='legend__swatch bar__fill--booked' />
          预约
        </View>
        <View className='legend__item'>
          <Text className='legend__swatch' style={{ background: '#F3E8DE' }} />
          名额
        </View>
      </View>
      {daily.map((d) => (
        <View className='bar' key={d.date}>
          <Text className='bar__label'>{formatMonthDay(d.date)}</Text>
          <View className='bar__track' style={{ background: 'transparent' }}>
            <View className='bar__fill' style={{ width: `${(d.capacity / max) * 100}%`, background: '#F3E8DE' }} />
            <View className='bar__fill bar__fill--booked' style={{ width: `${(d.booked / max) * 100}%` }} />
            <View className='bar__fill bar__fill--attended' style={{ width: `${(d.attended / max) * 100}%` }} />
          </View>
          <Text className='bar__value'>
            {d.attended}/{d.booked}/{d.capacity}
          </Text>
        </View>
      ))}
      <Text className='t-small muted'>右侧数字：实到/预约/名额</Text>
    </View>
  )
}

function QuotaChart({ quotaUse }: { quotaUse: NonNullable<Stats['quotaUse']> }) {
  const max = Math.max(1, ...quotaUse.map((q) => q.children))
  return (
    <View className='bars' data-testid='quota-chart'>
      {quotaUse.map((q) => (
        <View className='bar' key={q.used}>
          <Text className='bar__label'>用了 {q.used} 次</Text>
          <View className='bar__track' style={{ background: 'transparent' }}>
            <View className='bar__fill bar__fill--attended' style={{ width: `${(q.children / max) * 100}%` }} />
          </View>
          <Text className='bar__value'>{q.children} 人</Text>
        </View>
      ))}
    </View>
  )
}

/** One row per service kind, by the same definitions as the figures above (they add up to them). */
function KindTable({ byKind }: { byKind: Partial<Record<ServiceKind, KindStats>> }) {
  return (
    <View data-testid='kind-stats'>
      {SERVICE_KINDS.map((kind) => {
        const k = byKind[kind]
        if (!k) return null
        return (
          <View className='list-row kind-row' key={kind} data-testid={`kind-stats-${kind}`}>
            <Text className='t-body field__label'>{KIND_TEXT[kind]}</Text>
            <Text className='t-body'>
              开展 {k.sessions} 场 · 已排期 {k.scheduledSessions ?? 0} 场 · 预约 {k.bookings} 人次
            </Text>
            <Text className='t-body'>
              实到 {k.attended} · 未到 {k.noShows} · 名额利用率 {percent(k.utilisation)}
            </Text>
          </View>
        )
      })}
    </View>
  )
}

/** Statistics of one community over a date range, a chart, and the CSV export (same numbers). */
export default function StatsPage() {
  const [range, setRange] = useState<Range>(() => monthRange(0))
  const page = useCommunityData(
    (c) => call('admin', 'stats', { communityId: c.id, from: range.from, to: range.to }),
    [range.from, range.to],
  )
  const { busy, run } = useAction()
  const [failure, setFailure] = useState<ApiError | null>(null)

  return (
    <CommunityPage page={page}>
      {(community, data) => {
        const s = data.stats

        const exportCsv = () =>
          run('export', async () => {
            setFailure(null)
            try {
              const { filename, csv } = await call('admin', 'exportCsv', { communityId: community.id, from: range.from, to: range.to })
              Taro.showToast({ title: await saveCsv(filename, csv), icon: 'none' })
            } catch (e) {
              setFailure(toApiError(e))
            }
          })

        return (
          <>
            <RangePicker presets={PRESETS} range={range} onChange={setRange} />
            <Refreshing page={page} />

            <View className='kpis section'>
              <Kpi label='开展场次' value={s.sessions} testid='kpi-sessions' />
              <Kpi label='已排期' value={s.scheduledSessions ?? 0} testid='kpi-scheduled' />
              <Kpi label='实到人次' value={s.attended} testid='kpi-attended' />
              <Kpi label='预约人次' value={s.bookings} />
              <Kpi label='服务儿童' value={s.uniqueChildren ?? 0} />
              <Kpi label='名额利用率' value={percent(s.utilisation)} />
              <Kpi label='到场率' value={percent(s.attendanceRate)} />
              <Kpi label='未到率' value={percent(s.noShowRate)} />
              <Kpi label='取消场次' value={s.cancelledSessions ?? 0} />
              {typeof s.courseViews === 'number' && <Kpi label='微课程观看' value={s.courseViews} />}
              {typeof s.courseCompletions === 'number' && <Kpi label='微课程完成' value={s.courseCompletions} />}
            </View>
            <Text className='t-small muted' data-testid='rates-note'>
              开展场次、利用率和到场率只算已经结束的场次；还没结束的 {s.scheduledSessions ?? 0} 场算作“已排期”（已有{' '}
              {s.scheduledBookings ?? 0} 人预约）。
            </Text>
            <Text className='t-small muted'>
              未到 {s.noShows} 人次 · 迟取消 {s.lateCancelled ?? 0} · 按时取消 {s.cancelled ?? 0} · 场次取消 {s.sessionCancelled ?? 0} ·
              消耗临时托免费次数 {s.quotaUsed ?? 0}
            </Text>

            {s.byKind && (
              <View className='card section'>
                <Text className='t-title'>按服务类型</Text>
                <Text className='t-small muted'>临时托、科学育儿指导、家长课堂、节日活动各自的场次和人次，合起来就是上面的数字</Text>
                <KindTable byKind={s.byKind} />
              </View>
            )}

            <View className='card section'>
              <Text className='t-title'>每日情况</Text>
              {s.daily && s.daily.length > 0 ? <DailyChart daily={s.daily} /> : <Empty text='这段时间还没有结束的场次' />}
            </View>

            <View className='card section'>
              <Text className='t-title'>免费次数使用分布</Text>
              <Text className='t-small muted'>这段时间内，每个孩子用了几次免费临时托</Text>
              {s.quotaUse && s.quotaUse.length > 0 ? <QuotaChart quotaUse={s.quotaUse} /> : <Empty text='暂无数据' />}
            </View>

            {s.suggestions && (
              <View className='card section' data-testid='voice-stats'>
                <Text className='t-title'>居民建议与评价</Text>
                <Text className='t-body' data-testid='suggestion-stats'>
                  收到建议 {s.suggestions.received} 条 · 已回复 {s.suggestions.replied} 条
                  {s.suggestions.medianReplyHours !== null ? ` · 回复用时中位数 ${s.suggestions.medianReplyHours} 小时` : ''}
                </Text>
                {(s.ratings || []).map((r) => (
                  <Text key={r.siteId} className='t-body' data-testid={`rating-stats-${r.siteId}`}>
                    {r.siteName}：
                    {r.count ? `${r.count} 条评价${r.average !== null ? `，平均 ${r.average} 星` : '（满 3 条后计算平均分）'}` : '暂无评价'}
                  </Text>
                ))}
              </View>
            )}

            {failure && <Notice error={failure} />}
            <Btn className='btn btn--primary' loading={busy === 'export'} disabled={busy !== null} onClick={exportCsv}>
              导出表格（CSV）
            </Btn>
            <Text className='t-small muted'>表格中的数字与本页一致，导出操作会记入操作日志。</Text>
          </>
        )
      }}
    </CommunityPage>
  )
}
